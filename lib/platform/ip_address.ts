/**
 * IP addresses as values: parsing every way an address can be written (IPv4, IPv6 with or without `::`,
 * leading zeros, upper case, brackets, a port, a zone id, IPv4-mapped IPv6 in dotted or hex form) to one
 * canonical form, CIDR ranges, and the `TRUST_PROXY` setting (how many proxy hops, or which proxy ranges,
 * are trusted to append to `X-Forwarded-For`).
 */

/** A parsed address: 4 bytes for IPv4 (IPv4-mapped IPv6 included), 16 for IPv6. */
export interface IpAddress {
  version: 4 | 6;
  bytes: Uint8Array;
}

/** A CIDR range. */
export interface Cidr {
  version: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
}

/** Which proxies may append to `X-Forwarded-For`: none, a number of hops, or proxy address ranges. */
export type TrustedProxies =
  | { kind: "none" }
  | { kind: "hops"; hops: number }
  | { kind: "cidrs"; cidrs: Cidr[] };

function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    // Decimal only, at most 3 digits: `010.1.1.1` (octal in some parsers) and `0x7f.1.1.1` are refused.
    if (!/^\d{1,3}$/.test(parts[i])) return null;
    if (parts[i].length > 1 && parts[i][0] === "0") return null;
    const n = Number(parts[i]);
    if (n > 255) return null;
    bytes[i] = n;
  }
  return bytes;
}

function parseIpv6(text: string): Uint8Array | null {
  if (!/^[0-9a-f:.]+$/i.test(text) || text.length > 45) return null;
  let tail: Uint8Array | null = null;
  let body = text;
  // An embedded IPv4 in the last 32 bits (`::ffff:1.2.3.4`).
  const lastColon = body.lastIndexOf(":");
  if (body.slice(lastColon + 1).includes(".")) {
    tail = parseIpv4(body.slice(lastColon + 1));
    if (!tail) return null;
    body = body.slice(0, lastColon + 1) + "0:0";
  }
  const halves = body.split("::");
  if (halves.length > 2) return null;
  const groupsOf = (s: string) => s === "" ? [] : s.split(":");
  const head = groupsOf(halves[0]);
  const rest = halves.length === 2 ? groupsOf(halves[1]) : [];
  const total = head.length + rest.length;
  if (halves.length === 1 ? total !== 8 : total > 7) return null;
  const groups = [...head, ...Array(8 - total).fill("0"), ...rest];
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    if (!/^[0-9a-f]{1,4}$/i.test(groups[i])) return null;
    const n = parseInt(groups[i], 16);
    bytes[2 * i] = n >> 8;
    bytes[2 * i + 1] = n & 0xff;
  }
  if (tail) bytes.set(tail, 12);
  return bytes;
}

const V4_MAPPED = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/**
 * Parses an address as a client or proxy may write it: `1.2.3.4`, `1.2.3.4:80`, `2001:DB8::1`,
 * `[2001:db8::1]`, `[2001:db8::1]:443`, `fe80::1%eth0`, `::ffff:1.2.3.4`, `::ffff:102:304`. IPv4-mapped IPv6
 * becomes IPv4. Null when the text is not an address (`unknown`, a host name, garbage).
 */
export function parseIp(raw: string | null | undefined): IpAddress | null {
  if (typeof raw !== "string") return null;
  let text = raw.trim();
  if (text.length === 0 || text.length > 64) return null;
  if (text.startsWith("[")) {
    const end = text.indexOf("]");
    if (end < 0) return null;
    const after = text.slice(end + 1);
    if (after !== "" && !/^:\d{1,5}$/.test(after)) return null;
    text = text.slice(1, end);
  } else if (/^[\d.]+:\d{1,5}$/.test(text)) {
    text = text.slice(0, text.lastIndexOf(":"));
  }
  const zone = text.indexOf("%");
  if (zone >= 0) {
    if (!/^%[\w.-]{1,32}$/.test(text.slice(zone))) return null;
    text = text.slice(0, zone);
  }
  if (!text.includes(":")) {
    const v4 = parseIpv4(text);
    return v4 ? { version: 4, bytes: v4 } : null;
  }
  const v6 = parseIpv6(text);
  if (!v6) return null;
  if (V4_MAPPED.every((b, i) => v6[i] === b)) return { version: 4, bytes: v6.slice(12) };
  return { version: 6, bytes: v6 };
}

/** The canonical text of an address: dotted IPv4, or RFC 5952 IPv6 (lower case, longest zero run as `::`). */
export function formatIp(ip: IpAddress): string {
  if (ip.version === 4) return Array.from(ip.bytes).join(".");
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((ip.bytes[2 * i] << 8) | ip.bytes[2 * i + 1]);
  let bestStart = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return hex.slice(0, bestStart).join(":") + "::" + hex.slice(bestStart + bestLen).join(":");
}

/** The canonical text of an address written any way, or null when it is not one. */
export function canonicalIp(raw: string | null | undefined): string | null {
  const ip = parseIp(raw);
  return ip ? formatIp(ip) : null;
}

/** The address with every bit past `prefix` cleared. */
export function maskIp(ip: IpAddress, prefix: number): IpAddress {
  const bytes = new Uint8Array(ip.bytes);
  for (let bit = prefix; bit < bytes.length * 8; bit++) bytes[bit >> 3] &= ~(0x80 >> (bit & 7));
  return { version: ip.version, bytes };
}

/**
 * The rate-limit group of an address: an IPv4 address itself; an IPv6 address by its first `ipv6Prefix` bits
 * (default /64, the block one subscriber usually gets), written as `2001:db8:1:2::/64`.
 */
export function clientGroupOf(ip: IpAddress, ipv6Prefix = 64): string {
  if (ip.version === 4 || ipv6Prefix >= 128) return formatIp(ip);
  return `${formatIp(maskIp(ip, ipv6Prefix))}/${ipv6Prefix}`;
}

/** Parses `10.0.0.0/8`, `2001:db8::/32`, or a bare address (a /32 or /128). Null when malformed. */
export function parseCidr(raw: string): Cidr | null {
  const [addr, bits, extra] = raw.trim().split("/");
  if (extra !== undefined) return null;
  const ip = parseIp(addr);
  if (!ip || addr.includes("[")) return null;
  const max = ip.version === 4 ? 32 : 128;
  let prefix = max;
  if (bits !== undefined) {
    if (!/^\d{1,3}$/.test(bits)) return null;
    prefix = Number(bits);
    // An IPv4-mapped range (`::ffff:10.0.0.0/104`) is the IPv4 range it maps.
    if (ip.version === 4 && addr.includes(":")) prefix -= 96;
    if (prefix < 0 || prefix > max) return null;
  }
  return { version: ip.version, bytes: maskIp(ip, prefix).bytes, prefix };
}

/** Whether `ip` lies in `cidr`. */
export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  if (cidr.version !== ip.version) return false;
  const masked = maskIp(ip, cidr.prefix).bytes;
  return masked.every((b, i) => b === cidr.bytes[i]);
}

/**
 * Parses `TRUST_PROXY`: `false`/`0`/`no` (ignore `X-Forwarded-For`), `true`/`yes` (one proxy hop), a hop
 * count (`2`), or a comma-separated list of trusted proxy addresses or ranges
 * (`10.0.0.0/8, 2001:db8::/32`). Returns an error message for anything else.
 */
export function parseTrustProxy(raw: string): TrustedProxies | { error: string } {
  const text = raw.trim().toLowerCase();
  if (["false", "0", "no", "off", ""].includes(text)) return { kind: "none" };
  if (["true", "yes", "on"].includes(text)) return { kind: "hops", hops: 1 };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) return { error: "a hop count must be at most 10" };
    return { kind: "hops", hops };
  }
  const cidrs: Cidr[] = [];
  for (const part of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    const cidr = parseCidr(part);
    if (!cidr) {
      return {
        error: `"${part.slice(0, 50)}" is not an address or CIDR range; expected false, true, ` +
          `a hop count, or a list such as "10.0.0.0/8,2001:db8::/32"`,
      };
    }
    cidrs.push(cidr);
  }
  if (cidrs.length === 0) return { error: "expected false, true, a hop count, or a list of CIDR ranges" };
  return { kind: "cidrs", cidrs };
}

/** What the walk over the forwarding chain found: the client's address, or null when none is known. */
export interface ClientAddress {
  ip: IpAddress | null;
  /** How it was found: the socket peer, a forwarded hop, or the last trusted peer before a malformed hop. */
  via: "socket" | "forwarded" | "last-trusted";
}

/**
 * The client's address: the right-most hop of `X-Forwarded-For` + socket peer that is not a trusted proxy.
 *  - `none`: the socket peer; `X-Forwarded-For` is ignored.
 *  - `hops: n`: the socket peer and the `n - 1` right-most forwarded hops are the proxies; the hop before
 *    them is the client (what the first proxy appended). With fewer hops than that, the left-most one.
 *  - `cidrs`: walk right to left while the address is in a trusted range; the first one that is not is the
 *    client. A socket peer outside the ranges is the client itself.
 * A hop that is not an address ends the walk: the request is keyed by the last trusted peer passed, never
 * by anything to the left of the malformed hop (which the client could have written).
 */
export function resolveClientAddress(
  trusted: TrustedProxies,
  socketPeer: string | null | undefined,
  forwardedFor: string | null | undefined,
): ClientAddress {
  const peer = parseIp(socketPeer);
  if (trusted.kind === "none" || !forwardedFor) return { ip: peer, via: "socket" };
  if (trusted.kind === "hops" && trusted.hops === 0) return { ip: peer, via: "socket" };
  const hops = forwardedFor.split(",").map((s) => s.trim()).filter((s) => s.length > 0).slice(-32);
  if (trusted.kind === "hops") {
    let last: IpAddress | null = peer;
    // Hops appended by trusted proxies, right to left; the `hops`-th one (counting the socket as 1) is the client.
    const take = Math.min(trusted.hops, hops.length);
    for (let k = 1; k <= take; k++) {
      const ip = parseIp(hops[hops.length - k]);
      if (!ip) return { ip: last, via: "last-trusted" };
      if (k === take) return { ip, via: "forwarded" };
      last = ip;
    }
    return { ip: peer, via: "socket" };
  }
  if (!peer || !trusted.cidrs.some((c) => cidrContains(c, peer))) return { ip: peer, via: "socket" };
  let last: IpAddress = peer;
  for (let k = hops.length - 1; k >= 0; k--) {
    const ip = parseIp(hops[k]);
    if (!ip) return { ip: last, via: "last-trusted" };
    if (!trusted.cidrs.some((c) => cidrContains(c, ip))) return { ip, via: "forwarded" };
    last = ip;
  }
  return { ip: last, via: "forwarded" };
}
