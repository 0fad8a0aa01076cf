/**
 * The anonymous client cookie (`vtp_client`): a random client id signed with HMAC-SHA256, so an anonymous
 * browser can find its own generations (`anon:<clientId>`) without an account, and nobody can claim another
 * browser's id. The signing secret is 32 random bytes created once in KV (`["secrets","client_cookie"]`),
 * so it works with no keys configured and is shared by every process on the same KV.
 *
 * Cookie value: `<clientId>.<signature>`, the id 22 base64url characters (128 bits), the signature 43.
 */
import { boundedKv, KV_TIMEOUT_MS } from "../platform/kv/bounded_kv.ts";
import { clientCookieSecretKey } from "../platform/kv/keys.ts";

/** Name of the anonymous client cookie. */
export const CLIENT_COOKIE = "vtp_client";

/** Lifetime of the cookie: one year. */
export const CLIENT_COOKIE_MAX_AGE_S = 365 * 86_400;

/** KV key of the signing secret. */
export const CLIENT_COOKIE_SECRET_KEY: Deno.KvKey = clientCookieSecretKey();

const encoder = new TextEncoder();
const secrets = new WeakMap<Deno.Kv, Promise<CryptoKey>>();

function toBase64Url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    const bin = atob(text.replaceAll("-", "+").replaceAll("_", "/") + "===".slice((text.length + 3) % 4));
    return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

async function loadSecret(kv: Deno.Kv, kvTimeoutMs: number): Promise<CryptoKey> {
  const raw = await boundedKv("client_cookie.secret", async () => {
    const existing = await kv.get<Uint8Array>(CLIENT_COOKIE_SECRET_KEY);
    if (existing.value instanceof Uint8Array && existing.value.byteLength === 32) return existing.value;
    const fresh = crypto.getRandomValues(new Uint8Array(32));
    // First writer wins; everyone then uses the stored one.
    await kv.atomic().check(existing).set(CLIENT_COOKIE_SECRET_KEY, fresh).commit();
    const stored = await kv.get<Uint8Array>(CLIENT_COOKIE_SECRET_KEY);
    if (!(stored.value instanceof Uint8Array)) throw new Error("client cookie secret missing");
    return stored.value;
  }, { ms: kvTimeoutMs });
  return await crypto.subtle.importKey("raw", new Uint8Array(raw), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
}

/** The signing key for `kv` (read or created once per KV handle; a failed read is retried next time). */
function secretOf(kv: Deno.Kv, kvTimeoutMs = KV_TIMEOUT_MS): Promise<CryptoKey> {
  let key = secrets.get(kv);
  if (!key) {
    key = loadSecret(kv, kvTimeoutMs);
    key.catch(() => secrets.delete(kv));
    secrets.set(kv, key);
  }
  return key;
}

/** A new client id and its signed cookie value. */
export async function newClientCookie(
  kv: Deno.Kv,
  kvTimeoutMs?: number,
): Promise<{ clientId: string; value: string }> {
  const clientId = toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
  const key = await secretOf(kv, kvTimeoutMs);
  const sig = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`client.${clientId}`)));
  return { clientId, value: `${clientId}.${toBase64Url(sig)}` };
}

/** The client id of a genuine cookie value; null for a missing, malformed or forged one. */
export async function verifyClientCookie(
  kv: Deno.Kv,
  value: string | undefined | null,
  kvTimeoutMs?: number,
): Promise<string | null> {
  if (typeof value !== "string") return null;
  const m = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!m) return null;
  const sig = fromBase64Url(m[2]);
  if (!sig || sig.byteLength !== 32) return null;
  const key = await secretOf(kv, kvTimeoutMs);
  return await crypto.subtle.verify("HMAC", key, sig, encoder.encode(`client.${m[1]}`)) ? m[1] : null;
}
