/** The embed screen's words (en-GB), and the snippet's no-JavaScript fallbacks. `{x}` placeholders are filled by `fill`. */
export const embedStrings = {
  title: 'Embed',
  intro: 'Put a widget on your own site: choose it, see it, copy the snippet and paste it into your page.',
  widgetTitle: 'Widget',
  widget: 'Widget',
  widgets: {
    'booking-calendar': 'Booking calendar',
    'newsletter-signup': 'Newsletter signup',
    'comment-box': 'Comment box',
    'share-buttons': 'Share buttons',
    'link-card': 'Link card',
    'booking-manage': 'Manage a booking',
  },
  service: 'Treatment',
  anyService: 'Visitors choose',
  mode: 'Shown',
  modes: { inline: 'In the page', popup: 'As a button that opens it' },
  layout: 'Layout',
  layouts: {
    row: 'All in a row',
    compact: 'Compact',
    horizontal: 'Image beside the text',
    vertical: 'Image above the text',
  },
  list: 'Newsletter list',
  thread: 'Name of this page’s comments',
  threadHint: 'Like marathon-preparation: one per post.',
  href: 'Address the card links to',
  lang: 'Language',
  langs: {
    '': 'Your page’s language',
    'en-GB': 'English (UK)',
    'en-US': 'English (US)',
    de: 'Deutsch',
    fr: 'Français',
    es: 'Español',
  },
  theme: 'Colours',
  themes: {
    auto: 'As my page (light, unless the page has a dark mode)',
    light: 'Light (for a light page)',
    dark: 'Dark (for a dark page)',
  },
  accent: 'Accent colour',
  accentHint: 'The default is the widgets’ own teal; another adds a <style> line to the snippet.',
  previewTitle: 'Preview',
  phone: 'Phone',
  laptop: 'Laptop',
  previewName: 'Live preview at {width} width',
  noScript: 'The widgets’ script (/soleus.js) could not be loaded: build the widgets and reload.',
  snippetTitle: 'Snippet',
  snippetHint: 'Paste all of it into your page. The lines inside the element show when JavaScript does not run.',
  copy: 'Copy snippet',
  copied: 'Copied.',
  selected: 'Selected: press Ctrl+C (⌘C on a Mac) to copy.',
  siteTitle: 'Your site',
  site: 'Your site’s address',
  siteHint: 'The page you paste the snippet into, like https://www.example.com/book.',
  siteMissing: 'Enter the address of your page, like https://www.example.com/book.',
  check: 'Check my site',
  checking: 'Checking…',
  howTitle: 'How to add it',
  yourOrigin: 'your site’s origin (like https://www.example.com)',
  hosts: {
    WordPress: [
      'Edit the page, press + (Add block) and choose Custom HTML.',
      'Paste the snippet into the block.',
      'Update the page and open it.',
    ],
    Squarespace: [
      'Edit the page, press Add block and choose Code.',
      'Paste the snippet, leave Display Source off, and save.',
      'Publish: scripts run on the live site only, not in the editor.',
    ],
    Wix: [
      'In the editor press Add (+), then Embed code, then Embed HTML (a custom element).',
      'Choose Code, paste the snippet, press Update, then Publish.',
      'Wix shows it in a frame on an address of its own ending in filesusr.com: allow that origin too (your browser’s console names it). Settings → Custom code puts it on your own page instead.',
    ],
    'Plain HTML': ['Paste the snippet inside <body>, where the widget should appear.', 'Upload the page.'],
  },
  allow: 'Allow your site: add {origin} to SOLEUS_ALLOWED_ORIGINS on this server (comma-separated), then restart it.',
  csp: 'If your site sends a Content-Security-Policy, add these to it:',
  fallback: {
    'booking-calendar': '<p>To book, email <a href="mailto:{email}">{email}</a>.</p>',
    'newsletter-signup': `<form method="post" action="{api}/api/v1/subscriptions">
    <input type="hidden" name="list" value="{list}">
    <input type="hidden" name="consentText" value="{consent}">
    <p><label>Email address <input type="email" name="email" autocomplete="email" required></label></p>
    <p><label><input type="checkbox" name="consent" required> {consent}</label></p>
    <div hidden><label>Leave this field empty <input type="text" name="hp" tabindex="-1" autocomplete="off"></label></div>
    <p><button type="submit">Subscribe</button></p>
  </form>`,
    'comment-box': `<form method="post" action="{api}/api/v1/comments">
    <input type="hidden" name="thread" value="{thread}">
    <p><label>Name <input type="text" name="name" autocomplete="name" required maxlength="80"></label></p>
    <p><label>Email (optional, never shown) <input type="email" name="email" autocomplete="email"></label></p>
    <p><label>Comment <textarea name="body" rows="5" required maxlength="5000"></textarea></label></p>
    <div hidden><label>Leave this field empty <input type="text" name="hp" tabindex="-1" autocomplete="off"></label></div>
    <p><button type="submit">Post comment</button></p>
  </form>`,
    'link-card': '<a href="{href}">{href}</a>',
  } as Record<string, string>,
  consent: 'I agree to receive this newsletter by email and know I can unsubscribe at any time.',
} as const;
