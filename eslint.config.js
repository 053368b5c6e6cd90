// ESLint for the whole code base: typescript-eslint's recommended rules (with type information for the floating-promise
// and misused-promise checks that matter in a server and in async widgets), plus the Lit and web-components rules on
// the browser code. Formatting is Prettier's job (npm test runs `prettier --check`), so no style rules here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { configs as lit } from 'eslint-plugin-lit';
import { configs as wc } from 'eslint-plugin-wc';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'storybook-static/**',
      'test-results/**',
      'coverage/**',
      'data/**',
      'custom-elements.json',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['.storybook/*.ts', 'vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Input hygiene matches control characters on purpose: NUL that PostgreSQL cannot store, C0 controls in
      // names and mail headers, iCalendar text.
      'no-control-regex': 'off',
    },
  },
  {
    files: [
      'src/components/**/*.ts',
      'src/core/**/*.ts',
      'src/console/**/*.ts',
      'src/embed.ts',
      'src/define-all.ts',
      'src/index.ts',
      'stories/**/*.ts',
    ],
    ...lit['flat/recommended'],
  },
  {
    files: [
      'src/components/**/*.ts',
      'src/core/**/*.ts',
      'src/console/**/*.ts',
      'src/embed.ts',
      'src/define-all.ts',
      'src/index.ts',
    ],
    ...wc['flat/recommended'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['**/*.{js,mjs}', 'scripts/**', '.storybook/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['test/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.mocha } },
    rules: {
      // Tests fire-and-forget on purpose in places (a request left hanging to provoke a race).
      '@typescript-eslint/no-floating-promises': 'off',
      // Chai's property assertions (`expect(x).to.be.true`) are expressions.
      '@typescript-eslint/no-unused-expressions': 'off',
      // Response bodies are read as `any` and then asserted field by field (their schemas are checked separately).
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
