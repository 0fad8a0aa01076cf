/**
 * Who is calling: an API key (`Authorization: Bearer vtp_…`) identifies a client and its plan; without one,
 * the client is its address group on the anonymous plan.
 *
 * Addresses are canonical (lib/platform/ip_address.ts): one address written many ways is one client, and an
 * IPv6 client is its /64 (`IPV6_CLIENT_PREFIX`), so rotating through a subscriber's block does not multiply
 * it. `X-Forwarded-For` is read only as far as `TRUST_PROXY` allows: the client is the right-most hop that is
 * not a trusted proxy, never a hop the client wrote; a malformed hop ends the walk and the request is keyed
 * by the last trusted peer.
 *
 * Ownership (tenancy): a client with an API key owns its generations as `key:<apiKeyId>`; an anonymous
 * browser is `anon:<clientId>` from its signed client cookie (lib/access/client_cookie.ts).
 */
import { verifyApiKey } from "./api_keys.ts";
import type { ClientPlan } from "../platform/plans.ts";
import { clientGroupOf, resolveClientAddress, type TrustedProxies } from "../platform/ip_address.ts";
import { type KvCall, kvCall, KvUnavailableError } from "../platform/kv/bounded_kv.ts";

export type { ClientPlan } from "../platform/plans.ts";

/** Who is asking (filled by the client identification middleware). */
export interface ClientIdentity {
  /** Stable key for per-client limits, e.g. `ip:203.0.113.7`, `ip:2001:db8:1:2::/64` or `key:<id>`. */
  key: string;
  plan: ClientPlan;
  apiKeyId?: string;
  /**
   * Who owns what this client generates: `key:<apiKeyId>` (private to that key) or `anon:<clientId>` from
   * the anonymous client cookie (the public pool). Unset: anonymous without a cookie.
   */
  owner?: string;
}

/** What identification looks at. */
export interface ClientSignals {
  authorization?: string | null;
  forwardedFor?: string | null;
  /** The socket peer address (null when not available, e.g. in-process tests). */
  remoteAddress?: string | null;
  /** `TRUST_PROXY`; a boolean means none or one hop. */
  trustProxy: TrustedProxies | boolean;
  /** Bits of an IPv6 address that make one client (`IPV6_CLIENT_PREFIX`, default 64). */
  ipv6Prefix?: number;
  /** The verified anonymous client id from the client cookie, if any. */
  anonymousId?: string | null;
}

/** Identification result: an identity, or the reason the credentials were refused. */
export type IdentifyResult =
  | { ok: true; client: ClientIdentity }
  | { ok: false; code: "invalid_api_key"; message: string; ipKey: string }
  | { ok: false; code: "kv_unavailable"; message: string; ipKey: string };

/** Normalizes `TRUST_PROXY` given as a boolean (old form) or parsed value. */
export function trustedProxiesOf(trust: TrustedProxies | boolean | undefined): TrustedProxies {
  if (trust === true) return { kind: "hops", hops: 1 };
  if (trust === false || trust === undefined) return { kind: "none" };
  return trust;
}

/**
 * The client's address group per the trust setting: a canonical IPv4 address or an IPv6 /64 such as
 * `2001:db8:1:2::/64`; "unknown" when none can be determined.
 */
export function clientIp(signals: Omit<ClientSignals, "authorization">): string {
  const found = resolveClientAddress(
    trustedProxiesOf(signals.trustProxy),
    signals.remoteAddress,
    signals.forwardedFor,
  );
  return found.ip ? clientGroupOf(found.ip, signals.ipv6Prefix ?? 64) : "unknown";
}

/**
 * Identifies a caller. A bearer token that looks like one of our keys (`vtp_…`) must be valid and unrevoked,
 * else the request is refused (`invalid_api_key`, with the sender's address key so the caller can limit
 * guessing). The key lookup is bounded by `bounded` (`kv_unavailable` past it). Other `Authorization`
 * values are not ours (e.g. an admin key) and are ignored here.
 */
export async function identifyClient(
  kv: Deno.Kv,
  signals: ClientSignals,
  bounded: KvCall = kvCall(),
): Promise<IdentifyResult> {
  const ipKey = `ip:${clientIp(signals)}`;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(signals.authorization ?? "");
  const token = match?.[1];
  if (token && token.startsWith("vtp_")) {
    let record;
    try {
      // Bounded like every KV call on the request path: a hung store answers kv_unavailable, not a hang.
      record = await bounded("api_keys.verify", () => verifyApiKey(kv, token));
    } catch (err) {
      if (!(err instanceof KvUnavailableError)) throw err;
      return {
        ok: false,
        code: "kv_unavailable",
        message: "The data store is unavailable right now; try again shortly.",
        ipKey,
      };
    }
    if (!record) {
      return {
        ok: false,
        code: "invalid_api_key",
        message: "The API key is unknown or has been revoked.",
        ipKey,
      };
    }
    return {
      ok: true,
      client: { key: `key:${record.id}`, plan: record.plan, apiKeyId: record.id, owner: `key:${record.id}` },
    };
  }
  return {
    ok: true,
    client: {
      key: ipKey,
      plan: "anonymous",
      ...(signals.anonymousId ? { owner: `anon:${signals.anonymousId}` } : {}),
    },
  };
}
