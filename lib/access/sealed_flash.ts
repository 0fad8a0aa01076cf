/**
 * Sealed one-time values: a secret shown once after a redirect (a new API key) is kept in KV only as AES-GCM
 * ciphertext under the SHA-256 of a random token; the token itself travels only in the redirect address. Whoever
 * reads KV (CLI, KV editor, a backup) sees neither the secret nor the token that opens it.
 */

const encoder = new TextEncoder();

async function digest(label: string, token: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(`${label}:${token}`)));
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function aesKey(token: string): Promise<CryptoKey> {
  return await crypto.subtle.importKey("raw", await digest("key", token), "AES-GCM", false, [
    "encrypt",
    "decrypt",
  ]);
}

/** A new random token (URL-safe, 32 hex characters). */
export function newFlashToken(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

/** Stores `value` sealed under `token` below `prefix` for `ttlMs`. */
export async function sealFlash(
  kv: Deno.Kv,
  prefix: Deno.KvKey,
  token: string,
  value: unknown,
  ttlMs: number,
): Promise<void> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = encoder.encode(JSON.stringify(value));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await aesKey(token), plain),
  );
  await kv.set([...prefix, hex(await digest("id", token))], { iv, sealed }, { expireIn: ttlMs });
}

/** Opens and deletes the value sealed under `token`; null when absent, expired or not openable. */
export async function openFlash<T>(kv: Deno.Kv, prefix: Deno.KvKey, token: string): Promise<T | null> {
  const key = [...prefix, hex(await digest("id", token))];
  const entry = await kv.get<{ iv: Uint8Array<ArrayBuffer>; sealed: Uint8Array<ArrayBuffer> }>(key);
  if (!entry.value) return null;
  await kv.delete(key);
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: entry.value.iv },
      await aesKey(token),
      entry.value.sealed,
    );
    return JSON.parse(new TextDecoder().decode(plain)) as T;
  } catch {
    return null;
  }
}
