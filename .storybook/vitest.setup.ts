import { setProjectAnnotations } from '@storybook/web-components-vite';
import * as a11yAddonAnnotations from '@storybook/addon-a11y/preview';
import * as projectAnnotations from './preview';

// Applies the a11y addon (axe after every story) and our preview to the stories run as Vitest tests.
setProjectAnnotations([a11yAddonAnnotations, projectAnnotations]);
