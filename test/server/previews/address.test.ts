/** Address rules (issue 13 §3): one row per refused class, plus the public ones that must stay allowed. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkAddress,
  isNonCanonicalIPv4Host,
  isPublicAddress,
  rawUrlHost,
} from '../../../src/server/previews/address.js';

// [test name, address, expected class, embedded IPv4 class when the form carries one]
const REFUSED: Array<[string, string, string, string?]> = [
  ['IPv4 loopback 127.0.0.0/8', '127.0.0.1', 'loopback'],
  ['IPv4 loopback, not only .1', '127.255.0.9', 'loopback'],
  ['RFC 1918 10/8', '10.0.0.1', 'private'],
  ['RFC 1918 172.16/12', '172.31.255.254', 'private'],
  ['RFC 1918 192.168/16', '192.168.1.1', 'private'],
  ['CGNAT 100.64/10', '100.64.0.1', 'carrierGradeNat'],
  ['CGNAT 100.64/10 top', '100.127.255.254', 'carrierGradeNat'],
  ['IPv4 link-local 169.254/16', '169.254.1.1', 'linkLocal'],
  ['cloud metadata 169.254.169.254', '169.254.169.254', 'linkLocal'],
  ['IPv4 multicast 224/4', '224.0.0.1', 'multicast'],
  ['IPv4 multicast 239.255.255.250', '239.255.255.250', 'multicast'],
  ['limited broadcast', '255.255.255.255', 'broadcast'],
  ['"this network" 0.0.0.0/8', '0.0.0.0', 'unspecified'],
  ['"this network" 0.1.2.3', '0.1.2.3', 'unspecified'],
  ['documentation TEST-NET-1 192.0.2/24', '192.0.2.1', 'documentation'],
  ['documentation TEST-NET-2 198.51.100/24', '198.51.100.7', 'documentation'],
  ['documentation TEST-NET-3 203.0.113/24', '203.0.113.9', 'documentation'],
  ['benchmarking 198.18/15', '198.19.255.1', 'benchmarking'],
  ['IETF protocol assignments 192.0.0/24', '192.0.0.8', 'reserved'],
  ['6to4 relay anycast 192.88.99/24', '192.88.99.1', 'reserved'],
  ['reserved 240/4', '240.0.0.1', 'reserved'],
  ['AS112 192.175.48/24', '192.175.48.1', 'as112'],
  ['AMT 192.52.193/24', '192.52.193.1', 'amt'],
  ['IPv6 loopback ::1', '::1', 'loopback'],
  ['IPv6 unspecified ::', '::', 'unspecified'],
  ['IPv6 ULA fc00::/7 (fd)', 'fd00::1', 'uniqueLocal'],
  ['IPv6 ULA fc00::/7 (fc)', 'fc12:3456::1', 'uniqueLocal'],
  ['IPv6 link-local fe80::/10', 'fe80::1', 'linkLocal'],
  ['IPv6 link-local fe80::/10 top', 'febf::1', 'linkLocal'],
  ['IPv6 site-local fec0::/10', 'fec0::1', 'siteLocal'],
  ['IPv6 multicast ff00::/8', 'ff02::1', 'multicast'],
  ['IPv6 documentation 2001:db8::/32', '2001:db8::1', 'documentation'],
  ['IPv6 documentation 3fff::/20', '3fff::1', 'documentation'],
  ['IPv6 benchmarking 2001:2::/48', '2001:2::1', 'benchmarking'],
  ['IPv6 discard 100::/64', '100::1', 'discard'],
  ['IPv6 ORCHIDv2 2001:20::/28', '2001:20::1', 'orchid'],
  ['IPv6 outside 2000::/3', '4000::1', 'notGlobalUnicast'],
  ['IPv6 segment routing 5f00::/16', '5f00::1', 'segmentRouting'],
  ['IPv4-mapped loopback ::ffff:127.0.0.1', '::ffff:127.0.0.1', 'ipv4Mapped', 'loopback'],
  ['IPv4-mapped in hex ::ffff:7f00:1', '::ffff:7f00:1', 'ipv4Mapped', 'loopback'],
  ['IPv4-mapped private ::ffff:10.0.0.1', '::ffff:10.0.0.1', 'ipv4Mapped', 'private'],
  ['IPv4-mapped metadata ::ffff:169.254.169.254', '::ffff:a9fe:a9fe', 'ipv4Mapped', 'linkLocal'],
  ['IPv4-mapped even of a public address', '::ffff:93.184.216.34', 'ipv4Mapped', 'public'],
  ['IPv4-translated ::ffff:0:a.b.c.d', '::ffff:0:7f00:1', 'ipv4Translated', 'loopback'],
  ['IPv4-compatible ::a.b.c.d (dotted)', '::127.0.0.1', 'ipv4Compatible', 'loopback'],
  ['IPv4-compatible ::a.b.c.d (hex)', '::a00:1', 'ipv4Compatible', 'private'],
  ['IPv4-compatible of a public address', '::5db8:d822', 'ipv4Compatible', 'public'],
  ['NAT64 64:ff9b::/96 of loopback', '64:ff9b::127.0.0.1', 'nat64', 'loopback'],
  ['NAT64 64:ff9b::/96 of private', '64:ff9b::a00:1', 'nat64', 'private'],
  ['NAT64 64:ff9b::/96 of metadata', '64:ff9b::a9fe:a9fe', 'nat64', 'linkLocal'],
  ['NAT64 local-use 64:ff9b:1::/48', '64:ff9b:1::a00:1', 'nat64Local'],
  ['NAT64 local-use 64:ff9b:1::/48 of public', '64:ff9b:1::5db8:d822', 'nat64Local'],
  ['6to4 2002::/16 of loopback', '2002:7f00:1::1', '6to4', 'loopback'],
  ['6to4 2002::/16 of private', '2002:c0a8:101::1', '6to4', 'private'],
  ['6to4 2002::/16 of CGNAT', '2002:6440:1::', '6to4', 'carrierGradeNat'],
  ['Teredo 2001::/32 (client 10.0.0.1)', '2001:0:4136:e378:8000:63bf:f5ff:fffe', 'teredo', 'private'],
  ['Teredo 2001::/32 (client public)', '2001:0:4136:e378:8000:63bf:a247:27dd', 'teredo', 'public'],
  ['not an address: a name', 'example.com', 'invalid'],
  ['not an address: bracketed', '[::1]', 'invalid'],
  ['not an address: zone id', 'fe80::1%lo', 'invalid'],
  ['not an address: decimal IPv4', '2130706433', 'invalid'],
  ['not an address: hex IPv4', '0x7f.0.0.1', 'invalid'],
  ['not an address: octal IPv4', '0177.0.0.1', 'invalid'],
  ['not an address: short IPv4', '127.1', 'invalid'],
];

const ALLOWED: Array<[string, string]> = [
  ['public IPv4', '93.184.216.34'],
  ['public IPv4 next to 100.64/10', '100.128.0.1'],
  ['public IPv4 next to 172.16/12', '172.32.0.1'],
  ['public IPv4 next to 198.18/15', '198.20.0.1'],
  ['public IPv4 1.1.1.1', '1.1.1.1'],
  ['public IPv6', '2606:2800:220:1::1'],
  ['public IPv6 2a00::', '2a00:1450:4001:82a::200e'],
  ['NAT64 of a public IPv4 (DNS64 on an IPv6-only server)', '64:ff9b::5db8:d822'],
  ['6to4 of a public IPv4', '2002:5db8:d822::1'],
];

describe('address rules', () => {
  for (const [name, address, cls, embedded] of REFUSED) {
    test(`refuses ${name}`, () => {
      const v = checkAddress(address);
      assert.equal(v.allowed, false);
      assert.equal(v.class, cls);
      assert.equal(isPublicAddress(address), false);
      if (embedded) assert.equal(v.embedded?.class, embedded);
    });
  }
  for (const [name, address] of ALLOWED) {
    test(`allows ${name}`, () => {
      const v = checkAddress(address);
      assert.equal(v.allowed, true, JSON.stringify(v));
      assert.equal(v.class, 'public');
    });
  }
});

describe('IPv4 spellings in URLs', () => {
  // What new URL() yields: the parser rewrites them all to dotted form …
  const SPELLED: Array<[string, string]> = [
    ['http://2130706433/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://017700000001/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://127.0.1/', '127.0.0.1'],
    ['http://127.0.0.1./', '127.0.0.1'],
    ['http://%31%32%37.0.0.1/', '127.0.0.1'],
    ['http://１２７.０.０.１/', '127.0.0.1'],
    ['http://0xa9.0xfe.0xa9.0xfe/', '169.254.169.254'],
    ['http://1572395042/', '93.184.216.34'],
    ['HTTP://user:pw@0x7F.1:80/x', '127.0.0.1'],
    ['http:\\\\0x7f.1\\x', '127.0.0.1'],
  ];
  for (const [raw, dotted] of SPELLED) {
    test(`new URL(${JSON.stringify(raw)}) yields ${dotted}, and the raw spelling is refused`, () => {
      const u = new URL(raw);
      assert.equal(u.hostname, dotted);
      assert.equal(isNonCanonicalIPv4Host(raw, u), true);
    });
  }
  for (const raw of [
    'http://127.0.0.1/',
    'http://93.184.216.34:80/',
    'http://u:p@10.0.0.1/',
    'http://[::1]/',
    'http://example.com/',
    'http://0x7f.example/',
  ]) {
    test(`canonical or not IPv4: ${raw}`, () => {
      assert.equal(isNonCanonicalIPv4Host(raw, new URL(raw)), false);
    });
  }
  test('rawUrlHost reads the host as written', () => {
    assert.equal(rawUrlHost('http://u:p@0x7F.1:8080/a'), '0x7f.1');
    assert.equal(rawUrlHost('https://[::ffff:127.0.0.1]:443/'), '[::ffff:127.0.0.1]');
    assert.equal(rawUrlHost('not a url'), null);
  });
});
