import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import '../src/components/comment-box/comment-box.define.js';
import type { SoleusCommentBox } from '../src/components/comment-box/comment-box.js';
import { fill } from '../src/core/i18n.js';
import type { Comment, CommentRoot } from '../src/core/schemas/comments.js';
import { markdownToTree, toPlainText } from '../src/server/comments/markdown.js';
import { cleanBody } from '../src/server/comments/text.js';
import { hostilePage, widgetIn, wrap } from './support/story-helpers.js';
// Expected strings come from the catalogues; only en-GB (bundled in the widget anyway) is imported statically.
import en, { type CommentMessages } from '../src/components/comment-box/messages/en-GB.js';

/** The attributes a site owner writes; controls and docs for them come from custom-elements.json. */
interface Args {
  thread: string;
  sort: 'oldest' | 'newest';
  'owner-name': string;
  api: string;
  theme: 'light' | 'dark' | 'auto';
  lang: string;
}

const attr = (value: string | undefined) => (value === '' || value === undefined ? nothing : value);
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const text = (value: string): CommentRoot => ({
  type: 'root',
  children: [{ type: 'paragraph', children: [{ type: 'text', value }] }],
});
const c = (
  id: string,
  name: string,
  body: CommentRoot | string,
  minutes: number,
  more: Partial<Comment> = {},
): Comment => ({
  id,
  parentId: null,
  author: { name, owner: false },
  createdAt: ago(minutes),
  body: typeof body == 'string' ? text(body) : body,
  text: typeof body == 'string' ? body : '',
  ...more,
});

/** The demo's thread: a question, the owner's answer, two more comments with a list, code and a link. */
const THREAD: Comment[] = [
  c('c1', 'Priya N.', 'Is it better to book the massage before or after the taper starts?', 8640),
  c('c2', 'Jim', 'Early in the taper, about a week before race day, and nothing deep in the last three days.', 8600, {
    parentId: 'c1',
    author: { name: 'Jim', owner: true },
  }),
  c(
    'c3',
    'Tom Reilly',
    {
      type: 'root',
      children: [
        { type: 'paragraph', children: [{ type: 'text', value: 'Two things that helped my IT band:' }] },
        {
          type: 'list',
          ordered: true,
          children: [
            {
              type: 'listItem',
              children: [{ type: 'paragraph', children: [{ type: 'text', value: 'rolling slowly' }] }],
            },
            {
              type: 'listItem',
              children: [
                {
                  type: 'paragraph',
                  children: [
                    { type: 'text', value: 'stopping at the knee, ' },
                    { type: 'strong', children: [{ type: 'text', value: 'never on it' }] },
                  ],
                },
              ],
            },
          ],
        },
        {
          type: 'blockquote',
          children: [
            {
              type: 'paragraph',
              children: [{ type: 'emphasis', children: [{ type: 'text', value: 'Slow is smooth.' }] }],
            },
          ],
        },
      ],
    },
    4320,
  ),
  c(
    'c4',
    'Aisha',
    {
      type: 'root',
      children: [
        {
          type: 'paragraph',
          children: [
            { type: 'text', value: 'My plan is on the ' },
            {
              type: 'link',
              href: 'https://www.tcslondonmarathon.com/training',
              children: [{ type: 'text', value: 'training hub' }],
            },
            { type: 'text', value: '; pace with ' },
            { type: 'inlineCode', value: '5:40/km' },
            { type: 'text', value: '.' },
          ],
        },
      ],
    },
    30,
  ),
];

/** A conversation seven replies deep: nested to depth 3, flat below with "replying to". */
const DEEP: Comment[] = ['Ana', 'Ben', 'Cleo', 'Dev', 'Eli', 'Fay', 'Gus'].map((name, i, all) =>
  c(`d${i}`, name, `Reply number ${i} in the conversation.`, 600 - i * 10, {
    parentId: i ? `d${i - 1}` : null,
    author: { name: all[i]!, owner: i == 3 },
  }),
);

type Answer = { status: number; body: unknown } | 'hold' | 'offline';

/**
 * Stands in for the Soleus server in the browser (Storybook has none): the thread's list, a form token, and `post`
 * for new comments. Restored after the story.
 */
const server =
  (list: Comment[] | Answer = THREAD, post: 'published' | 'pending' | Answer = 'published') =>
  () => {
    const real = window.fetch;
    let n = 0;
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), location.href);
      const json = (status: number, body: unknown) =>
        new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
      const answer = (a: Answer) => {
        if (a === 'hold') return new Promise<Response>(() => {});
        if (a === 'offline') throw new TypeError('Failed to fetch');
        return json(a.status, a.body);
      };
      if (url.pathname.endsWith('/api/v1/form-token')) return json(200, { token: 'story-token' });
      // The Preview tab: the server's own parser and cleaning, run here.
      if (url.pathname.endsWith('/api/v1/comments/preview')) {
        const tree = markdownToTree(cleanBody(String((JSON.parse(String(init?.body)) as { body: string }).body)));
        return json(200, { body: tree, text: toPlainText(tree) });
      }
      if (url.pathname.endsWith('/api/v1/comments') && (init?.method ?? 'GET') == 'GET')
        return Array.isArray(list)
          ? json(200, { thread: url.searchParams.get('thread'), count: list.length, comments: list })
          : answer(list);
      if (url.pathname.endsWith('/api/v1/comments') && init?.method == 'POST') {
        if (typeof post != 'string' || (post != 'published' && post != 'pending')) return answer(post as Answer);
        const b = JSON.parse(String(init.body)) as { name: string; body: string; parentId?: string };
        const made = c(`s${++n}`, b.name, b.body, 0, { parentId: b.parentId ?? null });
        return json(201, { comment: { ...made, status: post }, editToken: `edit-s${n}` });
      }
      return real(input, init);
    };
    return () => {
      window.fetch = real;
      localStorage.removeItem('soleus-comments');
    };
  };

const meta = {
  title: 'Widgets/Comment box',
  component: 'soleus-comment-box',
  args: { thread: 'marathon-preparation', sort: 'oldest', 'owner-name': 'Jim', api: '', theme: 'light', lang: 'en-GB' },
  argTypes: {
    sort: { control: 'inline-radio', options: ['oldest', 'newest'] },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    lang: { control: 'select', options: ['en-GB', 'en-US', 'de', 'fr', 'es'] },
  },
  beforeEach: server(),
  decorators: [wrap('max-inline-size: 44em')],
  render: (a) =>
    html`<soleus-comment-box
      thread=${attr(a.thread)}
      sort=${attr(a.sort)}
      owner-name=${attr(a['owner-name'])}
      api=${attr(a.api)}
      theme=${attr(a.theme)}
      lang=${attr(a.lang)}
    ></soleus-comment-box>`,
} satisfies Meta<Args>;

export default meta;
type Story = StoryObj<Args>;

async function widget(canvasElement: HTMLElement) {
  const w = await widgetIn<SoleusCommentBox>(canvasElement, 'soleus-comment-box');
  await waitFor(() => expect(w.root.querySelector('[part="skeleton"]')).toBeNull());
  return w;
}
const status = (root: ShadowRoot) => root.querySelector('[role="status"]')!;

/** Fills the main form and posts it (the widget waits until its token is 3 s old). */
async function write(canvasElement: HTMLElement, body = 'Does a pre-event massage help with *taper* nerves?') {
  const w = await widget(canvasElement);
  await userEvent.type(w.shadow.getByRole('textbox', { name: en.name }), 'Sam');
  await userEvent.type(w.shadow.getByRole('textbox', { name: en.body }), body);
  await userEvent.click(w.shadow.getByRole('button', { name: en.post }));
  return w;
}

/** The demo's thread: the count, an owner reply with its badge, a list, a quote, a link and inline code. */
export const Threads: Story = {
  play: async ({ canvasElement }) => {
    const { shadow, root } = await widget(canvasElement);
    await expect(shadow.getByRole('heading', { name: '4 comments' })).toBeVisible();
    await expect(shadow.getAllByRole('article')).toHaveLength(4);
    await expect(root.querySelector('[part~="owner"] [part="badge"]')).toHaveTextContent(en.owner);
    await expect(shadow.getByRole('link', { name: 'training hub' })).toHaveAttribute('rel', 'ugc nofollow noopener');
  },
};

/** While the list loads: a skeleton of the final height. */
export const Loading: Story = {
  beforeEach: server('hold'),
  play: async ({ canvasElement }) => {
    const { root } = await widgetIn<SoleusCommentBox>(canvasElement, 'soleus-comment-box');
    await waitFor(() => expect(root.querySelector('[part="skeleton"]')).not.toBeNull());
    await expect(status(root)).toHaveTextContent(en.loading);
  },
};

/** No comments yet. */
export const Empty: Story = {
  beforeEach: server([]),
  play: async ({ canvasElement }) => {
    const { shadow } = await widget(canvasElement);
    await expect(shadow.getByText(en.empty)).toBeVisible();
  },
};

/** Seven replies deep: nested to depth 3, then flat with "replying to". */
export const DeepThread: Story = {
  name: 'Deep thread',
  beforeEach: server(DEEP),
  play: async ({ canvasElement }) => {
    const { shadow, root } = await widget(canvasElement);
    await expect(root.querySelectorAll('ol.d3 > li')).toHaveLength(5);
    await expect(shadow.getByText(fill(en.replyingTo, { name: 'Fay' }))).toBeVisible();
  },
};

/** The first comment of an address waits for approval: the notice names Jim, and the visitor sees theirs, marked. */
export const Pending: Story = {
  name: 'Pending (awaiting approval)',
  beforeEach: server(THREAD, 'pending'),
  play: async ({ canvasElement }) => {
    const { root, shadow } = await write(canvasElement);
    const notice = fill(en.pending, { owner: 'Jim' });
    await waitFor(() => expect(root.activeElement).toHaveTextContent(notice), { timeout: 6000 });
    await expect(shadow.getByText(en.held)).toBeVisible();
  },
};

/** No connection while posting: the reason, a Retry, and everything typed still there. */
export const PostError: Story = {
  name: 'Error (offline while posting)',
  beforeEach: server(THREAD, 'offline'),
  play: async ({ canvasElement }) => {
    const { shadow } = await write(canvasElement, 'Keep me');
    await waitFor(() => expect(shadow.getByRole('button', { name: en.retry })).toBeVisible(), { timeout: 6000 });
    await expect(shadow.getByRole('textbox', { name: en.body })).toHaveValue('Keep me');
  },
};

/** The list could not be loaded: said, with Retry. */
export const LoadError: Story = {
  name: 'Error (list not loaded)',
  beforeEach: server('offline'),
  play: async ({ canvasElement }) => {
    const { shadow, root } = await widgetIn<SoleusCommentBox>(canvasElement, 'soleus-comment-box');
    await waitFor(() => expect(root.querySelector('.failed')).toHaveTextContent(en.loadFailed));
    await expect(shadow.getByRole('button', { name: en.retry })).toBeVisible();
  },
};

/** Invalid fields: the reason beside each, focus on the first; nothing is sent. */
export const InvalidFields: Story = {
  name: 'Error (invalid fields)',
  play: async ({ canvasElement }) => {
    const { shadow, root } = await widget(canvasElement);
    await userEvent.click(shadow.getByRole('button', { name: en.post }));
    const name = shadow.getByRole('textbox', { name: en.name });
    await waitFor(() => expect(root.activeElement).toBe(name));
    await expect(name).toHaveAccessibleDescription(en.nameRequired);
  },
};

/** The Preview tab shows the server's reading of the draft, rendered with the same templates as published comments. */
export const Preview: Story = {
  play: async ({ canvasElement }) => {
    const { shadow, root } = await widget(canvasElement);
    await userEvent.type(
      shadow.getByRole('textbox', { name: en.body }),
      'A **bold** idea with `code`{enter}{enter}> a quote{enter}{enter}- one{enter}- two',
    );
    await userEvent.click(shadow.getByRole('tab', { name: en.tabPreview }));
    await waitFor(() => expect(root.querySelector('#mpp strong')).toHaveTextContent('bold'));
    await expect(root.querySelectorAll('#mpp li')).toHaveLength(2);
  },
};

/** Just posted: Edit and Delete for the author while the 15-minute window lasts. */
export const EditWindow: Story = {
  name: 'Edit window',
  play: async ({ canvasElement }) => {
    const { shadow } = await write(canvasElement);
    await waitFor(() => expect(shadow.getByRole('button', { name: en.edit })).toBeVisible(), { timeout: 6000 });
    await expect(shadow.getByRole('button', { name: en.delete })).toBeVisible();
    await userEvent.click(shadow.getByRole('button', { name: en.edit }));
    await expect(shadow.getByRole('button', { name: en.save })).toBeVisible();
  },
};

/** `theme="dark"` on a dark page. */
export const Dark: Story = {
  args: { theme: 'dark' },
  globals: { backgrounds: { value: 'dark' } },
  decorators: [wrap('background: #1b1d21; padding: 1.5em')],
  play: async ({ canvasElement }) => {
    const { root } = await widget(canvasElement);
    const [r, g, b] = getComputedStyle(root.querySelector('[part="heading"]')!).color.match(/\d+/g)!.map(Number);
    await expect(r! + g! + b!).toBeGreaterThan(600);
  },
};

/** A 360 px phone: replies indent less, the buttons fill the width, nothing overflows. */
export const Phone: Story = {
  name: 'Phone (360 px)',
  globals: { viewport: { value: 'phone360', isRotated: false } },
  decorators: [wrap('inline-size: 360px; max-inline-size: 100%; padding: 0 16px; box-sizing: border-box')],
  play: async ({ canvasElement }) => {
    const { el } = await widget(canvasElement);
    await expect(el.scrollWidth).toBeLessThanOrEqual(Math.ceil(el.getBoundingClientRect().width));
  },
};

const hostileCss = `
  html { font-size: 62.5% }
  .hostile-page * { line-height: 3; font-family: serif }
  .hostile-page button, .hostile-page input, .hostile-page textarea { background: red !important; border: 5px dotted lime !important }
  .hostile-page article, .hostile-page ol { display: inline; color: red }
  .hostile-page form { display: flex }
`;

/** Aggressive host CSS and the widget inside the page's own `<form>`: none of it reaches in, posting never submits it. */
export const HostilePage: Story = {
  name: 'Hostile host page',
  parameters: { docs: { story: { inline: false, iframeHeight: 700 } } },
  render: (a) => hostilePage(hostileCss, meta.render(a)),
  play: async ({ canvasElement }) => {
    const { root, shadow } = await write(canvasElement);
    for (const control of root.querySelectorAll<HTMLElement>('input:not([id$=hp]), button, textarea'))
      await expect(getComputedStyle(control).backgroundColor).not.toBe('rgb(255, 0, 0)');
    await expect(parseFloat(getComputedStyle(root.querySelector('[part="heading"]')!).fontSize)).toBeGreaterThanOrEqual(
      16,
    );
    await waitFor(() => expect(shadow.getAllByRole('article')).toHaveLength(5), { timeout: 6000 });
    await expect(canvasElement.querySelector('form')!.dataset.submits).toBe('0');
  },
};

/** Each shipped language: the catalogue loads on demand, then every label switches. */
const localeStory = (lang: string, load: () => Promise<{ default: CommentMessages }>): Story => ({
  name: `Locale: ${lang}`,
  args: { lang },
  play: async ({ canvasElement }) => {
    const { default: m } = await load();
    const { shadow } = await widget(canvasElement);
    await waitFor(() => expect(shadow.getByRole('heading', { name: fill(m.count[1], { n: 4 }) })).toBeVisible());
    await waitFor(() => expect(shadow.getByRole('button', { name: m.post })).toBeVisible());
    await expect(shadow.getByRole('textbox', { name: m.name })).toBeVisible();
    await expect(shadow.getByRole('tab', { name: m.tabPreview })).toBeVisible();
  },
});

export const LocaleEnGB = localeStory('en-GB', async () => ({ default: en }));
export const LocaleEnUS = localeStory('en-US', () => import('../src/components/comment-box/messages/en-US.js'));
export const LocaleDe = localeStory('de', () => import('../src/components/comment-box/messages/de.js'));
export const LocaleFr = localeStory('fr', () => import('../src/components/comment-box/messages/fr.js'));
export const LocaleEs = localeStory('es', () => import('../src/components/comment-box/messages/es.js'));
