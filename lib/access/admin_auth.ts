/**
 * Admin authentication primitives (no HTTP here): checking a presented admin key in constant time, signed
 * session tokens for the dashboard cookie, and CSRF tokens bound to a session.
 *
 * - Admin key: `ADMIN_API_KEY`, at least {@link MIN_ADMIN_KEY_LENGTH} characters; there is no default. Both the
 *   configured and the presented key are hashed with SHA-256 and the digests compared byte by byte without an
 *   early exit, so timing reveals neither the key nor its length.
 * - Session token: `v1.<expiresAtMs>.<nonce>.<signature>`, the signature being HMAC-SHA256 over
 *   `v1.<expiresAtMs>.<nonce>` with a key derived from the admin key. Changing the admin key signs everyone out.
 * - CSRF token: HMAC-SHA256 over `csrf.<nonce>` with another derived key, so it is tied to one session and
 *   cannot be computed without the admin key.
 */

import { adminKeyUsable, MIN_ADMIN_KEY_LENGTH } from "../platform/config.ts";

export { adminKeyUsable, MIN_ADMIN_KEY_LENGTH };

/** Default lifetime of a dashboard session. */
export const DEFAULT_SESSION_TTL_MS = 8 * 60 * 60 * 1000;

const encoder = new TextEncoder();

/** Compares two byte arrays of equal length without an early exit. */
function constantTimeBytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  let diff = 0;
  for (let i = 0; i < a.byteLength; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

/**
 * Whether `presented` equals `expected`, in constant time: both sides are hashed first, so the comparison
 * always covers 32 bytes whatever the lengths. Used for every secret a request presents (admin key, metrics
 * token).
 */
export async function secretMatches(
  expected: string,
  presented: string | undefined | null,
): Promise<boolean> {
  const [a, b] = await Promise.all([sha256(expected), sha256(presented ?? "")]);
  return constantTimeBytesEqual(a, b) && typeof presented === "string";
}

/**
 * Whether `presented` equals the configured admin key, in constant time (both sides hashed first, so the
 * comparison always covers 32 bytes whatever the lengths). False when admin access is disabled.
 */
export async function adminKeyMatches(
  configured: string | undefined,
  presented: string | undefined | null,
): Promise<boolean> {
  if (!adminKeyUsable(configured)) return false;
  return await secretMatches(configured, presented);
}

const keyCache = new Map<string, Promise<CryptoKey>>();

/** An HMAC-SHA256 key derived from the admin key for one purpose (`session` or `csrf`). */
function derivedKey(adminKey: string, purpose: "session" | "csrf"): Promise<CryptoKey> {
  const cacheId = `${purpose}\0${adminKey}`;
  let key = keyCache.get(cacheId);
  if (!key) {
    key = (async () => {
      const master = await crypto.subtle.importKey(
        "raw",
        encoder.encode(adminKey),
        { name: "HMAC", hash: "SHA-256" },
        false,
        ["sign"],
      );
      const raw = await crypto.subtle.sign("HMAC", master, encoder.encode(`vibetoprod-admin-${purpose}-v1`));
      return await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, [
        "sign",
        "verify",
      ]);
    })();
    if (keyCache.size > 16) keyCache.clear();
    keyCache.set(cacheId, key);
  }
  return key;
}

function toBase64Url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const bin = atob(text.replaceAll("-", "+").replaceAll("_", "/") + "===".slice((text.length + 3) % 4));
    return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

async function sign(adminKey: string, purpose: "session" | "csrf", data: string): Promise<string> {
  const key = await derivedKey(adminKey, purpose);
  return toBase64Url(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(data))));
}

async function verify(adminKey: string, purpose: "session" | "csrf", data: string, sig: string) {
  const bytes = fromBase64Url(sig);
  if (!bytes || bytes.byteLength !== 32) return false;
  const key = await derivedKey(adminKey, purpose);
  // WebCrypto's HMAC verify compares in constant time.
  return await crypto.subtle.verify("HMAC", key, bytes, encoder.encode(data));
}

/** A verified dashboard session. */
export interface AdminSession {
  /** Random id of the session; CSRF tokens are bound to it. */
  nonce: string;
  /** When the session ends (ms since the epoch). */
  expiresAt: number;
}

/** Creates a signed session token valid for `ttlMs`. */
export async function createSessionToken(
  adminKey: string,
  options: { ttlMs?: number; now?: number } = {},
): Promise<{ token: string; session: AdminSession }> {
  if (!adminKeyUsable(adminKey)) throw new Error("admin access is disabled");
  const expiresAt = (options.now ?? Date.now()) + (options.ttlMs ?? DEFAULT_SESSION_TTL_MS);
  const nonce = toBase64Url(crypto.getRandomValues(new Uint8Array(18)));
  const body = `v1.${expiresAt}.${nonce}`;
  return { token: `${body}.${await sign(adminKey, "session", body)}`, session: { nonce, expiresAt } };
}

/** Verifies a session token: signature, shape and expiry. Null when anything is off. */
export async function verifySessionToken(
  adminKey: string | undefined,
  token: string | undefined | null,
  now = Date.now(),
): Promise<AdminSession | null> {
  if (!adminKeyUsable(adminKey) || typeof token !== "string" || token.length > 512) return null;
  const parts = token.split(".");
  if (parts.length !== 4 || parts[0] !== "v1" || !/^\d{1,16}$/.test(parts[1])) return null;
  const [, exp, nonce, sig] = parts;
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) return null;
  if (!(await verify(adminKey, "session", `v1.${exp}.${nonce}`, sig))) return null;
  const expiresAt = Number(exp);
  if (!(expiresAt > now)) return null;
  return { nonce, expiresAt };
}

/** The CSRF token for a session (deterministic, so every form of the session carries the same one). */
export function csrfTokenFor(adminKey: string, session: AdminSession): Promise<string> {
  return sign(adminKey, "csrf", `csrf.${session.nonce}`);
}

/** Whether `token` is the CSRF token of `session` (constant-time). */
export async function verifyCsrfToken(
  adminKey: string | undefined,
  session: AdminSession,
  token: string | undefined | null,
): Promise<boolean> {
  if (!adminKeyUsable(adminKey) || typeof token !== "string" || token.length > 128) return false;
  return await verify(adminKey, "csrf", `csrf.${session.nonce}`, token);
}

/** KV prefix of the server-side session records: `["admin_sessions", nonce]` → `{ expiresAt }`. */
export const ADMIN_SESSION_PREFIX: Deno.KvKey = ["admin_sessions"];

/**
 * Records a session server-side (expiring with it). A signed token is valid only while its record exists, so
 * signing out (or `revokeSession`) ends it everywhere, before its expiry.
 */
export async function storeSession(kv: Deno.Kv, session: AdminSession, now = Date.now()): Promise<void> {
  await kv.set([...ADMIN_SESSION_PREFIX, session.nonce], { expiresAt: session.expiresAt }, {
    expireIn: Math.max(1000, session.expiresAt - now),
  });
}

/** Whether a verified token's session is still recorded (not signed out, not expired). */
export async function sessionActive(kv: Deno.Kv, session: AdminSession, now = Date.now()): Promise<boolean> {
  const entry = await kv.get<{ expiresAt?: unknown }>([...ADMIN_SESSION_PREFIX, session.nonce]);
  const expiresAt = entry.value?.expiresAt;
  return typeof expiresAt === "number" && expiresAt === session.expiresAt && expiresAt > now;
}

/** Ends a session server-side. */
export async function revokeSession(kv: Deno.Kv, session: Pick<AdminSession, "nonce">): Promise<void> {
  await kv.delete([...ADMIN_SESSION_PREFIX, session.nonce]);
}
