import { expect } from '@open-wc/testing';
import {
  NETWORK_IDS,
  parseNetworks,
  shareHref,
  mastodonHref,
} from '../../../src/components/share-buttons/internal/networks.js';
import { normaliseServer } from '../../../src/components/share-buttons/internal/mastodon-server.js';

const d = { url: 'https://example.com/a b?x=1&y=2', title: 'Tea & cake', text: '' };

describe('share networks (pure)', () => {
  it('builds every share URL with encoded values', () => {
    const u = encodeURIComponent(d.url);
    const t = encodeURIComponent(d.title);
    const m = encodeURIComponent(`${d.title} ${d.url}`);
    expect(shareHref('email', d)).to.equal(`mailto:?subject=${t}&body=${u}`);
    expect(shareHref('whatsapp', d)).to.equal(`https://wa.me/?text=${m}`);
    expect(shareHref('facebook', d)).to.equal(`https://www.facebook.com/sharer/sharer.php?u=${u}`);
    expect(shareHref('x', d)).to.equal(`https://x.com/intent/post?text=${t}&url=${u}`);
    expect(shareHref('linkedin', d)).to.equal(`https://www.linkedin.com/sharing/share-offsite/?url=${u}`);
    expect(shareHref('bluesky', d)).to.equal(`https://bsky.app/intent/compose?text=${m}`);
    expect(shareHref('mastodon', d)).to.equal(`https://mastodonshare.com/?text=${t}&url=${u}`);
    expect(shareHref('threads', d)).to.equal(`https://www.threads.net/intent/post?text=${m}`);
    expect(shareHref('reddit', d)).to.equal(`https://www.reddit.com/submit?url=${u}&title=${t}`);
    expect(mastodonHref('mastodon.social', d)).to.equal(`https://mastodon.social/share?text=${m}`);
    expect(shareHref('copy', d)).to.equal(undefined);
    expect(shareHref('native', d)).to.equal(undefined);
  });

  it('puts extra text in the email body before a blank line and the URL', () => {
    expect(shareHref('email', { ...d, text: 'Look' })).to.equal(
      `mailto:?subject=${encodeURIComponent(d.title)}&body=Look%0A%0A${encodeURIComponent(d.url)}`,
    );
    expect(shareHref('x', { ...d, text: 'Look' })).to.contain(`text=${encodeURIComponent('Tea & cake Look')}&`);
  });

  it('parses networks in the owner order, ignoring unknown names and repeats', () => {
    expect(parseNetworks('')).to.deep.equal([...NETWORK_IDS]);
    expect(parseNetworks('Reddit, email  myspace email,x')).to.deep.equal(['reddit', 'email', 'x']);
  });

  it('accepts host names the way visitors type them and rejects the rest', () => {
    expect(normaliseServer('mastodon.social')).to.equal('mastodon.social');
    expect(normaliseServer(' https://Mastodon.Social/@me ')).to.equal('mastodon.social');
    expect(normaliseServer('@me@fosstodon.org')).to.equal('fosstodon.org');
    expect(normaliseServer('toot.café')).to.equal('toot.xn--caf-dma');
    for (const bad of ['', 'mastodon', 'not a server', 'javascript:alert(1)', 'exa mple.com', '-bad-.com']) {
      expect(normaliseServer(bad), bad).to.equal(null);
    }
  });
});
