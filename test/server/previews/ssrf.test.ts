/**
 * THE SSRF SUITE (issue 13 §3). Its body runs in a network namespace of its own (`unshare --net --mount`, as root):
 * ssrf-runner.ts puts the private and link-local addresses on that namespace's `lo`, a canary listener on each,
 * and a fixture "public" site on 93.184.216.34 / 2606:2800:220:1::1, then fetches through the real fetcher with the
 * defence on. No packet leaves the namespace. If the namespace cannot be made, this suite FAILS (it never skips).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
// Type only: importing the runner's code here would run it outside the namespace.
import type { CaseReport } from './ssrf-runner.js';

interface Report {
  fatal?: string;
  reports: CaseReport[];
  controls: Array<{ target: string; reachable: boolean }>;
  /** Connections per canary after all cases, before the control pass. */
  canaries: Record<string, number>;
  publicPort8080Hits: number;
}

const here = dirname(fileURLToPath(import.meta.url));

function runInNamespace(): Report {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    assert.fail('The SSRF suite must run as root: it makes its own network namespace with `unshare --net`.');
  }
  const probe = spawnSync('unshare', ['--net', '--mount', 'true'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    assert.fail(
      `\`unshare --net --mount true\` failed (${probe.error?.message ?? probe.stderr.trim()}): the SSRF suite cannot run here.`,
    );
  }
  const run = spawnSync(
    'unshare',
    ['--net', '--mount', process.execPath, '--import', 'tsx', join(here, 'ssrf-runner.ts')],
    { encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024 },
  );
  let parsed: Report | undefined;
  try {
    parsed = JSON.parse(run.stdout) as Report;
  } catch {
    // reported below
  }
  if (run.status !== 0 || !parsed || parsed.fatal) {
    assert.fail(`SSRF runner failed (status ${run.status}): ${parsed?.fatal ?? ''}\n${run.stderr.slice(-4000)}`);
  }
  return parsed;
}

const report = runInNamespace();
const by = (pred: (r: CaseReport) => boolean) => report.reports.filter(pred);
const find = (name: string): CaseReport => {
  const r = report.reports.find((x) => x.name === name);
  assert.ok(r, `case ${name} ran`);
  return r;
};

describe('SSRF suite in a network namespace', () => {
  test('the runner ran every case', () => {
    assert.ok(report.reports.length >= 350, `only ${report.reports.length} cases`);
  });

  test('coverage: every refused address class is tried every way', () => {
    const classes = [
      'loopback',
      'unspecified',
      'private',
      'carrierGradeNat',
      'linkLocal',
      'documentation',
      'benchmarking',
      'reserved',
      'broadcast',
      'multicast',
      'uniqueLocal',
      'siteLocal',
      'ipv4Mapped',
      'ipv4Compatible',
      'nat64',
      'nat64Local',
      '6to4',
      'teredo',
    ];
    const ways = [
      'direct',
      'direct-https',
      'redirect',
      'hostname',
      'hostname-system',
      'mixed-answers',
      'rebinding-pinned',
      'rebinding-redirect',
    ];
    for (const cls of classes) {
      for (const via of ways)
        assert.ok(
          report.reports.some((r) => r.cls === cls && r.via === via),
          `${cls} ${via}`,
        );
    }
    for (const cls of ['ipv4Decimal', 'ipv4Hex', 'ipv4Octal', 'ipv4Short']) {
      for (const via of ['direct', 'redirect'])
        assert.ok(
          report.reports.some((r) => r.cls === cls && r.via === via),
          `${cls} ${via}`,
        );
    }
  });

  test('controls: every canary with a listener is reachable by a plain connection (so 0 hits means refused)', () => {
    const mustReach = [
      '127.0.0.1',
      '127.1.2.3',
      '0.0.0.0',
      '10.0.0.1',
      '172.16.0.1',
      '192.168.1.1',
      '100.64.0.1',
      '169.254.169.254',
      '192.0.2.1',
      '198.51.100.1',
      '203.0.113.1',
      '198.18.0.1',
      '192.0.0.1',
      '240.0.0.1',
      '::1',
      '::',
      'fd00::1',
      'fc00::1',
      'fe80::1',
      'fec0::1',
      '2001:db8::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '::ffff:169.254.169.254',
      '::a00:1',
      '::7f00:1',
      '64:ff9b::a00:1',
      '64:ff9b::7f00:1',
      '64:ff9b::a9fe:a9fe',
      '64:ff9b:1::a00:1',
      '2002:a00:1::1',
      '2002:7f00:1::1',
      '2002:a9fe:a9fe::1',
      '2001:0:4136:e378:8000:63bf:f5ff:fffe',
    ];
    for (const t of mustReach) {
      const c = report.controls.find((x) => x.target === t);
      assert.ok(c?.reachable, `a plain connection to ${t}:80 reaches its canary`);
    }
  });

  test('no canary saw a single connection from the fetcher', () => {
    // Counted after every case and before the control pass.
    assert.ok(Object.keys(report.canaries).length >= 29, 'every canary listened');
    for (const [addr, hits] of Object.entries(report.canaries)) assert.equal(hits, 0, `${addr}: ${hits} connections`);
    assert.equal(by((r) => r.canaryHits !== 0).length, 0, JSON.stringify(by((r) => r.canaryHits !== 0)));
    assert.equal(report.publicPort8080Hits, 0, 'nothing connected to the public fixture on port 8080');
  });

  const classes = [...new Set(by((r) => r.expect === 'refused').map((r) => r.cls))];
  for (const cls of classes) {
    describe(`refuses ${cls}`, () => {
      for (const r of by((x) => x.cls === cls && x.expect === 'refused')) {
        test(r.name, () => {
          assert.equal(r.ok, false, 'not fetched');
          assert.equal(r.code, 'url_not_allowed', `code (reason ${r.reason})`);
          assert.equal(r.canaryHits, 0, 'no connection to any canary');
          if (
            r.via === 'direct' ||
            r.via === 'direct-https' ||
            r.via.startsWith('hostname') ||
            r.via === 'mixed-answers'
          ) {
            assert.equal(r.publicHits, 0, 'no connection at all');
          }
        });
      }
    });
  }

  describe('DNS rebinding: the connection goes to the checked address', () => {
    for (const r of by((x) => x.via === 'rebinding-pinned')) {
      test(r.name, () => {
        assert.equal(r.ok, true, `fetched from the public fixture (${r.code} ${r.reason})`);
        assert.equal(r.resolverCalls, 1, 'resolved once; the socket asked nobody else');
        assert.equal(r.publicHits, 1, 'one connection, to the public fixture');
        assert.equal(r.canaryHits, 0);
      });
    }
    test('the redirect-to-itself form re-resolves and is refused for every target', () => {
      const rs = by((x) => x.via === 'rebinding-redirect');
      assert.ok(rs.length >= 38);
      for (const r of rs) assert.equal(r.resolverCalls, 2, r.name);
    });
  });

  describe('the public fixture IS fetched (the suite can fail)', () => {
    for (const r of by((x) => x.expect === 'fetched' && x.via !== 'rebinding-pinned')) {
      test(r.name, () => {
        assert.equal(r.ok, true, `${r.code} ${r.reason}`);
        assert.equal(r.canaryHits, 0);
        assert.ok(r.publicHits >= 1);
        if (r.detail && 'title' in r.detail) assert.equal(r.detail.title, 'Marathon training hub');
      });
    }
  });

  describe('unavailable, not refused', () => {
    for (const r of by((x) => x.expect === 'unavailable')) {
      test(r.name, () => {
        assert.equal(r.ok, false);
        assert.equal(r.code, 'unavailable', `${r.reason}`);
        assert.equal(r.canaryHits, 0);
      });
    }
  });

  test('at most 5 redirects: 5 followed, the 6th is not requested', () => {
    assert.equal(find('five redirects are followed').publicHits, 6);
    const six = find('six redirects are one too many');
    assert.equal(six.reason, 'too_many_redirects');
    assert.equal(six.publicHits, 6, 'the sixth Location was never fetched');
  });

  test('requests carry the honest User-Agent and the hostname as Host, and send no cookie back', () => {
    const requests = find('headers: UA, Host, no cookie').detail?.requests as Array<Record<string, string>>;
    assert.equal(requests.length, 2, 'the Set-Cookie redirect and the echo');
    for (const h of requests) {
      assert.equal(h.host, 'public.test');
      assert.match(h['user-agent'], /^Soleus-LinkPreview\/0\.1\.0 \(\+https:\/\/soleus\.example\/\)$/);
      assert.equal(h.cookie, undefined);
    }
  });

  test('X-Robots-Tag: noindex is reported', () => {
    assert.equal(find('X-Robots-Tag noindex reported').detail?.robotsNoindex, true);
  });

  test('a huge page is read only up to its head', () => {
    const d = find('huge page: stops after </head>').detail as Record<string, number | boolean | string>;
    assert.equal(d.stoppedEarly, true);
    assert.equal(d.title, 'Marathon training hub');
    assert.ok((d.bytesRead as number) < 256 * 1024, `read ${d.bytesRead} of 5 MB`);
  });

  test('a head that never ends is cut at 1 MB', () => {
    const d = find('endless head: stops at 1 MB').detail as Record<string, number | boolean>;
    assert.equal(d.truncated, true);
    assert.equal(d.bytes, 1024 * 1024);
    assert.ok((d.bytesRead as number) < 1024 * 1024 + 256 * 1024, `read ${d.bytesRead}`);
  });

  test('compressed bodies are decoded; a gzip bomb stops at the decoded cap', () => {
    const d = find('gzip bomb as HTML: cut at 1 MB decoded').detail as Record<string, number | boolean>;
    assert.equal(d.truncated, true);
    assert.equal(d.bytes, 1024 * 1024);
    assert.ok((d.bytesRead as number) <= (d.compressed as number), `read ${d.bytesRead} compressed bytes`);
    assert.equal(find('gzip bomb as an image: refused beyond 5 MB decoded').reason, 'too_large');
  });

  test('dual stack: falls back to the other checked family only on a connect failure', () => {
    const r = find('dual stack: unreachable IPv6 first, then IPv4');
    assert.equal(r.ok, true);
    assert.equal(r.resolverCalls, 1);
    assert.equal((r.detail as { address: string }).address, '93.184.216.34');
  });

  test('images over 5 MB are refused, by Content-Length and mid-stream', () => {
    assert.equal(find('image over 5 MB (Content-Length)').reason, 'too_large');
    assert.equal(find('image over 5 MB (streamed)').reason, 'too_large');
  });

  test('connect within 3 s and finish within 8 s (the defaults, measured)', () => {
    const c = find('connect timeout (3 s default)');
    assert.equal(c.reason, 'connect_timeout');
    assert.ok(c.ms >= 2900 && c.ms < 4000, `${c.ms} ms`);
    const t = find('total timeout (8 s default)');
    assert.equal(t.reason, 'timeout');
    assert.ok(t.ms >= 7900 && t.ms < 9000, `${t.ms} ms`);
  });

  describe('previews end to end (page, metadata, images re-encoded and signed)', () => {
    type Preview = {
      status: string;
      title?: string;
      description?: string;
      siteName?: string;
      lang?: string;
      image?: { url: string; width: number; height: number; alt?: string };
      icon?: { url: string };
      fetchedAt: string;
      finalUrl: string;
    };
    const preview = (name: string) =>
      find(name).detail as { preview: Preview; imageStored: boolean | null; iconStored: boolean | null };

    test('the public card: every field, images on this server under signed IDs, stored', () => {
      const d = preview('preview: the public card');
      assert.equal(d.preview.status, 'ok');
      assert.equal(d.preview.title, 'Marathon training hub');
      assert.equal(d.preview.description, 'Sixteen weeks of plans.');
      assert.equal(d.preview.siteName, 'Kinetic Physio');
      assert.equal(d.preview.lang, 'en');
      assert.equal(d.preview.fetchedAt, '2026-12-02T00:00:00.000Z');
      assert.match(d.preview.image?.url ?? '', /^\/api\/v1\/link-preview\/image\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      assert.deepEqual(
        [d.preview.image?.width, d.preview.image?.height, d.preview.image?.alt],
        [800, 420, 'A runner at dawn'],
      );
      assert.match(d.preview.icon?.url ?? '', /^\/api\/v1\/link-preview\/image\//);
      assert.equal(d.imageStored, true);
      assert.equal(d.iconStored, true);
    });
    test('an image and icon on private addresses are left out, with no connection to them', () => {
      const r = find('preview: image and icon on private addresses are left out');
      assert.equal(r.canaryHits, 0);
      const d = preview(r.name);
      assert.equal(d.preview.status, 'ok');
      assert.equal(d.preview.image, undefined);
      assert.equal(d.preview.icon, undefined);
    });
    test('an SVG sent as image/png is left out (refused by its bytes)', () => {
      const d = preview('preview: an SVG image (sent as image/png) is left out');
      assert.equal(d.preview.image, undefined);
      assert.ok(d.preview.icon);
    });
    test('no Content-Type: sniffed as HTML; text/plain: unavailable; 404: unavailable', () => {
      assert.equal(preview('preview: no Content-Type, sniffed as HTML').preview.title, 'Marathon training hub');
      assert.equal(preview('preview: HTML served as text/plain is unavailable').preview.status, 'unavailable');
      assert.equal(preview('preview: 404 is unavailable').preview.status, 'unavailable');
    });
    test('X-Robots-Tag noindex: the title only', () => {
      const p = preview('preview: X-Robots-Tag noindex shows the title only').preview;
      assert.deepEqual(Object.keys(p).sort(), ['fetchedAt', 'finalUrl', 'status', 'title', 'url']);
    });
    test('refusals come back as url_not_allowed, not as unavailable', () => {
      assert.equal(find('preview: redirect to the metadata address is url_not_allowed').code, 'url_not_allowed');
      assert.equal(find('preview: decimal spelling is url_not_allowed').code, 'url_not_allowed');
    });
  });
});
