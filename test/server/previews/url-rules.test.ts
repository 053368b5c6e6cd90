import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkRedirect, checkUrl } from '../../../src/server/previews/url-rules.js';

const refusedBecause = (input: string, opts = {}) => {
  const r = checkUrl(input, opts);
  return r.ok ? 'ok' : r.reason;
};

describe('URL rules', () => {
  test('http and https only', () => {
    assert.equal(refusedBecause('https://example.com/a'), 'ok');
    assert.equal(refusedBecause('http://example.com/a'), 'ok');
    for (const u of [
      'ftp://example.com/',
      'file:///etc/passwd',
      'gopher://example.com/',
      'data:text/html,x',
      'javascript:alert(1)',
      'ws://example.com/',
    ]) {
      assert.equal(refusedBecause(u), 'scheme', u);
    }
  });
  test('malformed input', () => {
    assert.equal(refusedBecause('example.com'), 'malformed');
    assert.equal(refusedBecause('http://'), 'malformed');
    assert.equal(refusedBecause(`http://example.com/${'a'.repeat(3000)}`), 'malformed');
    assert.equal(refusedBecause('http://[fe80::1%25lo]/'), 'malformed');
  });
  test('no credentials', () => {
    assert.equal(refusedBecause('http://user@example.com/'), 'credentials');
    assert.equal(refusedBecause('http://user:pass@example.com/'), 'credentials');
    assert.equal(refusedBecause('http://:pass@example.com/'), 'credentials');
  });
  test('ports 80 and 443 only, configurable', () => {
    assert.equal(refusedBecause('http://example.com:80/'), 'ok');
    assert.equal(refusedBecause('https://example.com:443/'), 'ok');
    assert.equal(refusedBecause('http://example.com:443/'), 'ok');
    assert.equal(refusedBecause('http://example.com:8080/'), 'port');
    assert.equal(refusedBecause('https://example.com:22/'), 'port');
    assert.equal(refusedBecause('http://example.com:8080/', { allowedPorts: [8080] }), 'ok');
    assert.equal(refusedBecause('http://example.com/', { allowedPorts: [8080] }), 'port');
  });
  test('IP literals are checked before any lookup; odd IPv4 spellings refused', () => {
    assert.equal(refusedBecause('http://127.0.0.1/'), 'address');
    assert.equal(refusedBecause('http://[::ffff:127.0.0.1]/'), 'address');
    assert.equal(refusedBecause('http://[64:ff9b::a00:1]/'), 'address');
    assert.equal(refusedBecause('http://93.184.216.34/'), 'ok');
    assert.equal(refusedBecause('http://2130706433/'), 'ipv4_spelling');
    assert.equal(refusedBecause('http://1572395042/'), 'ipv4_spelling');
    assert.equal(refusedBecause('http://0x7f.1/'), 'ipv4_spelling');
  });
  test('local names refused', () => {
    assert.equal(refusedBecause('http://localhost/'), 'local_name');
    assert.equal(refusedBecause('http://a.localhost/'), 'local_name');
    assert.equal(refusedBecause('http://intranet/'), 'local_name');
  });
  test('allowedHosts: exact and *.suffix', () => {
    const opts = { allowedHosts: ['example.com', '*.blog.example'] };
    assert.equal(refusedBecause('https://example.com/', opts), 'ok');
    assert.equal(refusedBecause('https://EXAMPLE.com./', opts), 'ok');
    assert.equal(refusedBecause('https://www.example.com/', opts), 'host_not_allowed');
    assert.equal(refusedBecause('https://a.blog.example/', opts), 'ok');
    assert.equal(refusedBecause('https://blog.example/', opts), 'host_not_allowed');
    assert.equal(refusedBecause('https://evilblog.example/', opts), 'host_not_allowed');
  });
  test('the fragment is dropped', () => {
    const r = checkUrl('https://example.com/a?b=1#c');
    assert.ok(r.ok);
    assert.equal(r.url.href, 'https://example.com/a?b=1');
  });
  test('redirects: resolved, checked like the first, at most 5', () => {
    const from = new URL('https://example.com/a/b');
    const rel = checkRedirect(from, '../c', 1);
    assert.ok(rel.ok);
    assert.equal(rel.url.href, 'https://example.com/c');
    const proto = checkRedirect(from, '//other.example/x', 2);
    assert.ok(proto.ok);
    assert.equal(proto.url.href, 'https://other.example/x');
    const bad = (loc: string) => {
      const r = checkRedirect(from, loc, 1);
      return r.ok ? 'ok' : r.reason;
    };
    assert.equal(bad('http://127.0.0.1/'), 'address');
    assert.equal(bad('http://0x7f.1/'), 'ipv4_spelling');
    assert.equal(bad('//2130706433/'), 'ipv4_spelling');
    assert.equal(bad('file:///etc/passwd'), 'scheme');
    assert.equal(bad('http://u:p@example.com/'), 'credentials');
    assert.equal(bad('http://example.com:8080/'), 'port');
    assert.equal(checkRedirect(from, '/x', 5).ok, true);
    const six = checkRedirect(from, '/x', 6);
    assert.equal(six.ok, false);
    assert.equal(!six.ok && six.reason, 'too_many_redirects');
    const r = checkRedirect(from, 'https://other.example/', 1, { allowedHosts: ['example.com'] });
    assert.equal(!r.ok && r.reason, 'host_not_allowed');
  });
});
