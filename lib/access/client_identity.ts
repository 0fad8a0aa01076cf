/**
 * Who is calling: an API key (`Authorization: Bearer vtp_…`) identifies a client and its plan; without one,
 * the client is its IP address on the anonymous plan. `X-Forwarded-For` is honoured only when the deployment
 * sits behind a trusted proxy (`TRUST_PROXY=true`); then the right-most valid address is used — the one the
 * proxy itself appended, which a client cannot forge.
 */
import { z } from "zod";
import { type Plan, verifyApiKey } from "./api_keys.ts";
import { type KvCall, kvCall } from "../platform/kv/bounded_kv.ts";

/** Plans a client can be on: an API key's plan, or `anonymous` without one. */
export type ClientPlan = "anonymous" | Plan;

/** Who is asking (filled by the client identification middleware). */
export interface ClientIdentity {
  /** Stable key for per-client limits, e.g. `ip:203.0.113.7` or `key:<id>`. */
  key: string;
  plan: ClientPlan;
  apiKeyId?: string;
}

/** What identification looks at. */
export interface ClientSignals {
  authorization?: string | null;
  forwardedFor?: string | null;
  /** The socket peer address ("unknown" when not available, e.g. in-process tests). */
  remoteAddress?: string | null;
  trustProxy: boolean;
}

/** Identification result: an identity, or the reason the credentials were refused. */
export type IdentifyResult =
  | { ok: true; client: ClientIdentity }
  | { ok: false; code: "invalid_api_key"; message: string };

const ipSchema = z.union([z.ipv4(), z.ipv6()]);

/** Normalises an address: strips IPv6 brackets/zone and the IPv4-mapped prefix; null when not an IP. */
export function normalizeIp(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let ip = raw.trim();
  if (ip.startsWith("[") && ip.includes("]")) ip = ip.slice(1, ip.indexOf("]"));
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(ip)) ip = ip.slice(0, ip.lastIndexOf(":"));
  ip = ip.replace(/%.*$/, "").toLowerCase();
  if (ip.startsWith("::ffff:") && z.ipv4().safeParse(ip.slice(7)).success) ip = ip.slice(7);
  return ipSchema.safeParse(ip).success ? ip : null;
}

/** The client's IP per the trust setting; "unknown" when none can be determined. */
export function clientIp(signals: Omit<ClientSignals, "authorization">): string {
  if (signals.trustProxy && signals.forwardedFor) {
    const hops = signals.forwardedFor.split(",").map((s) => s.trim()).filter(Boolean);
    for (let i = hops.length - 1; i >= 0; i--) {
      const ip = normalizeIp(hops[i]);
      if (ip) return ip;
    }
  }
  return normalizeIp(signals.remoteAddress) ?? "unknown";
}

/**
 * Identifies a caller; throws KvUnavailableError when the key lookup fails or takes longer than its bound.
 * A bearer token that looks like one of our keys (`vtp_…`) must be valid and unrevoked,
 * else the request is refused (`invalid_api_key`). Other `Authorization` values are not ours (e.g. an admin
 * key) and are ignored here.
 */
export async function identifyClient(
  kv: Deno.Kv,
  signals: ClientSignals,
  bounded: KvCall = kvCall(),
): Promise<IdentifyResult> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(signals.authorization ?? "");
  const token = match?.[1];
  if (token && token.startsWith("vtp_")) {
    // Bounded like every KV call on the request path: a hung store answers kv_unavailable, not a hang.
    const record = await bounded("api_keys.verify", () => verifyApiKey(kv, token));
    if (!record) {
      return { ok: false, code: "invalid_api_key", message: "The API key is unknown or has been revoked." };
    }
    return { ok: true, client: { key: `key:${record.id}`, plan: record.plan, apiKeyId: record.id } };
  }
  return { ok: true, client: { key: `ip:${clientIp(signals)}`, plan: "anonymous" } };
}
