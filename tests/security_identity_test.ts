/**
 * Issue 15, item 1: client identity cannot be multiplied — one address written many ways is one client, an
 * IPv6 /64 is one client, and X-Forwarded-For is read only as far as TRUST_PROXY allows.
 */
import assert from "node:assert/strict";
import { clientIp } from "../lib/access/client_identity.ts";
import {
  canonicalIp,
  formatIp,
  parseTrustProxy,
  resolveClientAddress,
  type TrustedProxies,
} from "../lib/platform/ip_address.ts";
import { ConfigError, loadConfig } from "../lib/platform/config.ts";
import { makeTestApp, readEvents } from "./helpers.ts";

const V6_SPELLINGS = [
  "2001:db8:5:6::7",
  "2001:0db8:0005:0006:0000:0000:0000:0007",
  "2001:DB8:5:6::7",
  "[2001:db8:5:6::7]",
  "2001:db8:5:6:0:0:0:7",
  "2001:db8:5:6:0::7",
  "[2001:db8:5:6::7]:443",
  "2001:db8:5:6::7%eth0",
];
const V4_SPELLINGS = [
  "198.51.100.7",
  "::ffff:198.51.100.7",
  "::ffff:c633:6407",
  "0:0:0:0:0:ffff:c633:6407",
  "[::ffff:198.51.100.7]",
  "198.51.100.7:1234",
  "0000:0000:0000:0000:0000:FFFF:C633:6407",
];

Deno.test("identity: one IPv6 address written 8 ways is one canonical address", () => {
  for (const s of V6_SPELLINGS) assert.equal(canonicalIp(s), "2001:db8:5:6::7", s);
});

Deno.test("identity: one IPv4 address written 7 ways (v4-mapped dotted and hex too) is one address", () => {
  for (const s of V4_SPELLINGS) assert.equal(canonicalIp(s), "198.51.100.7", s);
});

Deno.test("identity: non-addresses and ambiguous forms are refused", () => {
  for (
    const s of [
      "unknown",
      "",
      "1.2.3",
      "1.2.3.4.5",
      "256.1.1.1",
      "010.1.1.1",
      "0x7f.0.0.1",
      "1::2::3",
      "2001:db8::g",
      "1:2:3:4:5:6:7:8:9",
      "[::1",
      "example.com",
      "::ffff:1.2.3.256",
    ]
  ) assert.equal(canonicalIp(s), null, s);
  assert.equal(canonicalIp("::"), "::");
  assert.equal(canonicalIp("1:0:0:2:0:0:0:3"), "1:0:0:2::3", "longest zero run compressed");
});

Deno.test("identity: IPv6 clients are grouped by /64 (configurable), IPv4 by address", () => {
  const trust: TrustedProxies = { kind: "none" };
  const a = clientIp({ trustProxy: trust, remoteAddress: "2001:db8:1:2::1" });
  const b = clientIp({ trustProxy: trust, remoteAddress: "2001:db8:1:2:ffff:ffff:ffff:ffff" });
  const other = clientIp({ trustProxy: trust, remoteAddress: "2001:db8:1:3::1" });
  assert.equal(a, "2001:db8:1:2::/64");
  assert.equal(a, b);
  assert.notEqual(a, other);
  assert.equal(
    clientIp({ trustProxy: trust, remoteAddress: "2001:db8:1:2::1", ipv6Prefix: 128 }),
    "2001:db8:1:2::1",
  );
  assert.equal(
    clientIp({ trustProxy: trust, remoteAddress: "2001:db8:1:2::1", ipv6Prefix: 48 }),
    "2001:db8:1::/48",
  );
  assert.equal(clientIp({ trustProxy: trust, remoteAddress: "::ffff:198.51.100.7" }), "198.51.100.7");
});

Deno.test("identity: TRUST_PROXY hops — the hop the first trusted proxy appended, never one the client wrote", () => {
  const one = parseTrustProxy("true") as TrustedProxies;
  const two = parseTrustProxy("2") as TrustedProxies;
  const walk = (t: TrustedProxies, xff: string) => resolveClientAddress(t, "10.0.0.1", xff);
  assert.equal(canonicalIp(fmt(walk(one, "6.6.6.6, 203.0.113.9"))), "203.0.113.9");
  assert.equal(fmt(walk(two, "6.6.6.6, 203.0.113.9, 10.0.0.2")), "203.0.113.9");
  // A malformed last hop ends the walk: keyed by the last trusted peer (the socket), never by 9.8.7.x.
  assert.equal(fmt(walk(one, "9.8.7.1, unknown")), "10.0.0.1");
  assert.equal(walk(one, "9.8.7.1, unknown").via, "last-trusted");
  assert.equal(fmt(walk(two, "9.8.7.1, garbage, 10.0.0.2")), "10.0.0.2");
  assert.equal(fmt(resolveClientAddress({ kind: "none" }, "10.0.0.1", "203.0.113.9")), "10.0.0.1");
});

Deno.test("identity: TRUST_PROXY CIDRs — right-most hop outside the trusted ranges", () => {
  const t = parseTrustProxy("10.0.0.0/8, 2001:db8:ffff::/48") as TrustedProxies;
  assert.equal(t.kind, "cidrs");
  const walk = (peer: string, xff: string) => fmt(resolveClientAddress(t, peer, xff));
  assert.equal(walk("10.1.1.1", "6.6.6.6, 203.0.113.9, 10.2.2.2"), "203.0.113.9");
  assert.equal(walk("2001:db8:ffff::1", "203.0.113.9"), "203.0.113.9");
  // A socket peer outside the ranges is the client itself: its X-Forwarded-For is the client's own writing.
  assert.equal(walk("198.51.100.1", "203.0.113.9"), "198.51.100.1");
  assert.equal(walk("10.1.1.1", "9.8.7.1, unknown"), "10.1.1.1");
  assert.equal(walk("10.1.1.1", "9.8.7.1, unknown, 10.3.3.3"), "10.3.3.3");
});

Deno.test("identity: TRUST_PROXY is validated at start-up and named in the error", () => {
  for (const bad of ["maybe", "10.0.0.0/33", "11", "10.0.0.0/8, nope"]) {
    assert.throws(() => loadConfig({ TRUST_PROXY: bad }), (err) => {
      assert.ok(err instanceof ConfigError);
      assert.ok("TRUST_PROXY" in err.variables, bad);
      return true;
    });
  }
  assert.equal(loadConfig({ TRUST_PROXY: "true" }).TRUST_PROXY, true);
  assert.equal(loadConfig({ TRUST_PROXY: "false" }).TRUST_PROXY, false);
  assert.deepEqual(loadConfig({ TRUST_PROXY: "2" }).trustedProxies, { kind: "hops", hops: 2 });
  assert.equal(loadConfig({ TRUST_PROXY: "10.0.0.0/8" }).trustedProxies.kind, "cidrs");
});

function fmt(found: ReturnType<typeof resolveClientAddress>): string {
  return found.ip ? formatIp(found.ip) : "none";
}

async function admitted(t: Awaited<ReturnType<typeof makeTestApp>>, xff: string, n: number) {
  const events = await readEvents(
    await t.generate({ appDescription: `A ticket booking app for theatre number ${n} with seat maps` }, {
      "x-forwarded-for": xff,
    }),
  );
  return events[0]?.type === "start" && (events[0] as { source: string }).source === "generated";
}

async function countAdmitted(xffs: string[]): Promise<number> {
  const t = await makeTestApp({
    TRUST_PROXY: "true",
    RATE_LIMIT_ANONYMOUS: "5/10m",
    SIMILARITY_THRESHOLD: "1",
    LOG_LEVEL: "error",
  });
  try {
    let count = 0;
    for (const [n, xff] of xffs.entries()) if (await admitted(t, xff, n)) count++;
    return count;
  } finally {
    await t.close();
  }
}

Deno.test("identity http: 20 addresses of one IPv6 /64 get 5 generations against a 5/10m limit", async () => {
  const xffs = Array.from({ length: 20 }, (_, i) => `2001:db8:1:2::${(i + 1).toString(16)}`);
  assert.equal(await countAdmitted(xffs), 5);
});

Deno.test("identity http: one IPv6 written 8 ways twice, one IPv4 written 7 ways twice: 5 each", async () => {
  assert.equal(await countAdmitted([...V6_SPELLINGS, ...V6_SPELLINGS]), 5);
  assert.equal(await countAdmitted([...V4_SPELLINGS, ...V4_SPELLINGS]), 5);
});

Deno.test("identity http: `X-Forwarded-For: 9.8.7.<i>, unknown` never keys by the client-written hop", async () => {
  // In-process there is no socket peer: every request is keyed by that same (unknown) last trusted peer.
  assert.equal(await countAdmitted(Array.from({ length: 8 }, (_, i) => `9.8.7.${i + 1}, unknown`)), 5);
});
