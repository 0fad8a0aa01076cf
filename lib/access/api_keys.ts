/**
 * API keys for per-client plans. A key (`vtp_` + 32 random bytes, base64url) is shown once at creation; only
 * its SHA-256 hash is stored. Revoked keys stay listed (with `revokedAt`) but no longer verify.
 *
 * KV keys:
 * | key                              | value                                              |
 * |----------------------------------|----------------------------------------------------|
 * | `["api_keys","by_id",<id>]`      | `ApiKeyRecord` + `hash` (hex SHA-256 of the key)   |
 * | `["api_keys","by_hash",<hash>]`  | `<id>` — lookup index used by `verifyApiKey`       |
 */
import { z } from "zod";
import { newId } from "../platform/ids.ts";
import { apiKeyHashKey, apiKeyHashPrefix, apiKeyKey, apiKeyPrefix } from "../platform/kv/keys.ts";
import { InvalidCursorError, paginate } from "../platform/kv/paginate.ts";
import { type Plan, PLANS } from "../platform/plans.ts";

export { type Plan, PLANS } from "../platform/plans.ts";

/** A stored API key, without its secret. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  plan: Plan;
  /** The first characters of the key (`vtp_` + 8), to recognise it in lists. */
  prefix: string;
  createdAt: string;
  revokedAt?: string;
}

/** KV key prefixes of the API key store. */
export const API_KEY_KEYS = {
  byId: apiKeyPrefix(),
  byHash: apiKeyHashPrefix(),
};

/** Bad input to an API key function; `field` names the input at fault. */
export class ApiKeyInputError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = "ApiKeyInputError";
  }
}

/** Input of `createApiKey`. */
export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, "name is required").max(100, "name is at most 100 characters"),
  plan: z.enum(PLANS, { message: `plan must be one of ${PLANS.join(", ")}` }),
});

const listSchema = z.object({
  cursor: z.string().max(1000).optional(),
  limit: z.number().int().min(1).max(1000).default(50),
});

/** The shape of every key we issue. */
export const API_KEY_PATTERN = /^vtp_[A-Za-z0-9_-]{43}$/;

interface StoredKey extends ApiKeyRecord {
  hash: string;
}

function toRecord(stored: StoredKey): ApiKeyRecord {
  const { hash: _hash, ...record } = stored;
  return record;
}

function firstIssue(err: z.ZodError): ApiKeyInputError {
  const issue = err.issues[0];
  return new ApiKeyInputError(String(issue?.path[0] ?? "input"), issue?.message ?? "invalid input");
}

/** Hex SHA-256 of a key. */
export async function hashApiKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return "vtp_" + btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Creates a key; the returned `key` is the only time the secret is available. */
export async function createApiKey(
  kv: Deno.Kv,
  input: { name: string; plan: Plan },
): Promise<{ key: string; record: ApiKeyRecord }> {
  const parsed = createApiKeySchema.safeParse(input);
  if (!parsed.success) throw firstIssue(parsed.error);
  for (let attempt = 0; attempt < 5; attempt++) {
    const key = randomKey();
    const hash = await hashApiKey(key);
    const stored: StoredKey = {
      id: newId(),
      name: parsed.data.name,
      plan: parsed.data.plan,
      prefix: key.slice(0, 12),
      createdAt: new Date().toISOString(),
      hash,
    };
    const idKey = apiKeyKey(stored.id);
    const hashKey = apiKeyHashKey(hash);
    const res = await kv.atomic()
      .check({ key: idKey, versionstamp: null })
      .check({ key: hashKey, versionstamp: null })
      .set(idKey, stored)
      .set(hashKey, stored.id)
      .commit();
    if (res.ok) return { key, record: toRecord(stored) };
  }
  throw new Error("could not store a new API key");
}

/** Lists keys oldest first, `limit` per page (default 50); pass the returned cursor for the next page. */
export async function listApiKeys(
  kv: Deno.Kv,
  options: { cursor?: string; limit?: number } = {},
): Promise<{ keys: ApiKeyRecord[]; cursor: string | null }> {
  const parsed = listSchema.safeParse(options);
  if (!parsed.success) throw firstIssue(parsed.error);
  const { cursor, limit } = parsed.data;
  try {
    const page = await paginate<StoredKey>(kv, {
      prefix: apiKeyPrefix(),
      limit,
      cursor: cursor || undefined,
    });
    return { keys: page.entries.map((e) => toRecord(e.value)), cursor: page.cursor };
  } catch (err) {
    if (err instanceof InvalidCursorError) throw new ApiKeyInputError("cursor", err.message);
    throw err;
  }
}

/** Revokes a key (idempotent); null when no key has this id. */
export async function revokeApiKey(kv: Deno.Kv, id: string): Promise<ApiKeyRecord | null> {
  if (typeof id !== "string" || id.length === 0 || id.length > 100) {
    throw new ApiKeyInputError("id", "The key id is not valid.");
  }
  const idKey = apiKeyKey(id);
  while (true) {
    const entry = await kv.get<StoredKey>(idKey);
    if (entry.versionstamp === null) return null;
    if (entry.value.revokedAt) return toRecord(entry.value);
    const updated: StoredKey = { ...entry.value, revokedAt: new Date().toISOString() };
    const res = await kv.atomic().check(entry).set(idKey, updated).commit();
    if (res.ok) return toRecord(updated);
  }
}

/** The record of a valid, unrevoked key; null for anything else. */
export async function verifyApiKey(kv: Deno.Kv, key: string): Promise<ApiKeyRecord | null> {
  if (typeof key !== "string" || !API_KEY_PATTERN.test(key)) return null;
  const hash = await hashApiKey(key);
  const index = await kv.get<string>(apiKeyHashKey(hash));
  if (index.versionstamp === null) return null;
  const entry = await kv.get<StoredKey>(apiKeyKey(index.value));
  if (entry.versionstamp === null || entry.value.hash !== hash || entry.value.revokedAt) return null;
  return toRecord(entry.value);
}
