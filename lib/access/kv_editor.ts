/**
 * The KV editor's domain logic (no HTTP): browse, read, write and delete any KV entry by hand, the way the
 * old Deno Deploy dashboard's data browser did, but checked.
 *
 * - Values travel as JSON with their Deno KV type kept: `{ type, value }` where `type` is one of
 *   {@link KV_VALUE_TYPES}. Inside objects and arrays, values JSON cannot hold are tagged
 *   `{ "$kv": "bigint" | "KvU64" | "Uint8Array" | "Date" | "undefined" | "number", "value": … }`.
 * - Key parts travel as JSON too: strings, numbers and booleans as they are, `{ "bigint": "12" }` and
 *   `{ "bytes": "<base64>" }` for the other two part types.
 * - Known keys are checked with the schemas the app reads them with (`budgetCountSchema` for the budget
 *   counters, `generationRecordSchema` for generation headers); derived or secret-bearing entries (generation
 *   chunks and indexes, vectors, leases, API keys, the audit log) are shown but never edited here. Any other
 *   key is edited as a raw value with a warning.
 * - Every write checks the versionstamp the editor read (`atomic().check()`): a concurrent change fails with
 *   {@link KvEditorConflictError} carrying the new entry, never a lost update. Every change is recorded in the
 *   audit log with interface `kv-editor`, the key and the old and new values, secrets redacted.
 */
import { BUDGET_KEYS, budgetCountSchema } from "../guards/budget.ts";
import {
  GENERATION_KEYS,
  type GenerationRecord,
  generationRecordSchema,
  type GenerationStore,
} from "../store/generation_store.ts";
import { API_KEY_KEYS } from "./api_keys.ts";
import { AUDIT_PREFIX, recordAudit } from "./audit_log.ts";
import { RATE_LIMIT_PREFIX } from "../guards/rate_limit.ts";
import { VECTOR_PREFIX } from "../semantic/vector_index.ts";
import type { z } from "zod";

/** The Deno KV value types the editor shows and writes. */
export const KV_VALUE_TYPES = [
  "string",
  "number",
  "bigint",
  "boolean",
  "null",
  "object",
  "array",
  "KvU64",
  "Uint8Array",
  "Date",
] as const;

/** One Deno KV value type. */
export type KvValueType = typeof KV_VALUE_TYPES[number];

/** A value as JSON with its type; `unsupported` (Map, RegExp, …) is shown but never written. */
export type EncodedValue = { type: KvValueType; value: unknown } | { type: "unsupported"; value: string };

/** A key part as JSON. */
export type EncodedKeyPart = string | number | boolean | { bigint: string } | { bytes: string };

/** How the editor treats an entry. */
export type EntryKind =
  | "budget_counter"
  | "generation"
  | "generation_chunk"
  | "derived"
  | "secret"
  | "audit"
  | "lease"
  | "raw";

/** An entry as the editor shows it. */
export interface EditorEntry {
  key: EncodedKeyPart[];
  /** The key as text, e.g. `["budget","limit"]` (secret parts redacted). */
  keyText: string;
  versionstamp: string | null;
  /** Absent entries have no value. */
  value?: EncodedValue;
  kind: EntryKind;
  /** Whether the editor writes or deletes it. */
  editable: boolean;
  /** Why it is not editable, or the raw-value warning. */
  note?: string;
  /** For generation headers and chunks: the logical generation. */
  generation?: {
    id: string;
    permalink: string;
    headerKey: EncodedKeyPart[];
    part?: number;
    chunkCount?: number;
    elementCount?: number;
    byteLength?: number;
    createdAt?: string;
    description?: string;
  };
}

/** Bad input; `field` names what is wrong (`key`, `value`, `value.type`, `expireInMs`, `cursor`, …). */
export class KvEditorInputError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = "KvEditorInputError";
  }
}

/** The entry changed since it was read; `current` is what is there now. */
export class KvEditorConflictError extends Error {
  constructor(readonly current: EditorEntry) {
    super("The entry changed since it was read; review the current value and retry.");
    this.name = "KvEditorConflictError";
  }
}

const RAW_WARNING = "The app does not know this key: the value is saved as given, without any check.";
const REDACTED = "[redacted]";
/** Object fields whose values are secrets wherever they appear. */
const SECRET_FIELD = /^(hash|secret|token|password|apiKey|adminKey|accessToken)$/i;
/** Largest encoded value copied into an audit entry (KV values are capped at 64 KiB). */
const AUDIT_VALUE_CHARS = 8 * 1024;

// ---- codec ------------------------------------------------------------------------------------------------

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string, field: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new KvEditorInputError(field, "must be base64");
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    throw new KvEditorInputError(field, "must be base64");
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

class Unsupported extends Error {}

/** A nested value as JSON (special values tagged with `$kv`). */
function encodeNested(v: unknown): unknown {
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : { $kv: "number", value: String(v) };
  if (typeof v === "bigint") return { $kv: "bigint", value: v.toString() };
  if (v === undefined) return { $kv: "undefined", value: null };
  if (v instanceof Deno.KvU64) return { $kv: "KvU64", value: v.value.toString() };
  if (v instanceof Uint8Array) return { $kv: "Uint8Array", value: toBase64(v) };
  if (v instanceof Date) return { $kv: "Date", value: v.toISOString() };
  if (Array.isArray(v)) return v.map(encodeNested);
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = encodeNested(x);
    return out;
  }
  throw new Unsupported();
}

/** A stored value as `{ type, value }` JSON. */
export function encodeValue(v: unknown): EncodedValue {
  try {
    if (v === null) return { type: "null", value: null };
    if (typeof v === "string") return { type: "string", value: v };
    if (typeof v === "boolean") return { type: "boolean", value: v };
    if (typeof v === "number") return { type: "number", value: Number.isFinite(v) ? v : String(v) };
    if (typeof v === "bigint") return { type: "bigint", value: v.toString() };
    if (v instanceof Deno.KvU64) return { type: "KvU64", value: v.value.toString() };
    if (v instanceof Uint8Array) return { type: "Uint8Array", value: toBase64(v) };
    if (v instanceof Date) return { type: "Date", value: v.toISOString() };
    if (Array.isArray(v)) return { type: "array", value: v.map(encodeNested) };
    if (isPlainObject(v)) return { type: "object", value: encodeNested(v) };
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err;
  }
  const name = (v as object)?.constructor?.name ?? typeof v;
  return { type: "unsupported", value: `<${name}>` };
}

function decodeNumber(v: unknown, field: string): number {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (v === "NaN") return NaN;
  if (v === "Infinity") return Infinity;
  if (v === "-Infinity") return -Infinity;
  throw new KvEditorInputError(field, "must be a number");
}

function decodeBigint(v: unknown, field: string): bigint {
  if (typeof v === "string" && /^-?\d{1,400}$/.test(v.trim())) return BigInt(v.trim());
  if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
  throw new KvEditorInputError(field, 'must be an integer written as a string, e.g. "12"');
}

function decodeU64(v: unknown, field: string): Deno.KvU64 {
  const n = decodeBigint(v, field);
  if (n < 0n || n > 0xffff_ffff_ffff_ffffn) throw new KvEditorInputError(field, "must be 0 to 2^64−1");
  return new Deno.KvU64(n);
}

function decodeDate(v: unknown, field: string): Date {
  const d = typeof v === "string" || typeof v === "number" ? new Date(v) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new KvEditorInputError(field, "must be an ISO 8601 date");
  return d;
}

function decodeNested(v: unknown, field: string, depth = 0): unknown {
  if (depth > 64) throw new KvEditorInputError(field, "is nested too deeply");
  if (v === null || typeof v === "string" || typeof v === "boolean" || typeof v === "number") return v;
  if (Array.isArray(v)) return v.map((x, i) => decodeNested(x, `${field}[${i}]`, depth + 1));
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 2 && "$kv" in v && "value" in v) {
      switch (v.$kv) {
        case "bigint":
          return decodeBigint(v.value, field);
        case "KvU64":
          return decodeU64(v.value, field);
        case "Uint8Array":
          return fromBase64(String(v.value), field);
        case "Date":
          return decodeDate(v.value, field);
        case "number":
          return decodeNumber(v.value, field);
        case "undefined":
          return undefined;
        default:
          throw new KvEditorInputError(field, `unknown $kv tag ${JSON.stringify(v.$kv)}`);
      }
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = decodeNested(x, `${field}.${k}`, depth + 1);
    return out;
  }
  throw new KvEditorInputError(field, "is not a JSON value");
}

/** Turns `{ type, value }` JSON back into the value to store. Throws {@link KvEditorInputError}. */
export function decodeValue(input: unknown): unknown {
  if (!isPlainObject(input)) {
    throw new KvEditorInputError("value", 'must be an object { "type": …, "value": … }');
  }
  const type = input.type;
  if (typeof type !== "string" || !(KV_VALUE_TYPES as readonly string[]).includes(type)) {
    throw new KvEditorInputError("value.type", `must be one of ${KV_VALUE_TYPES.join(", ")}`);
  }
  const v = input.value;
  const field = "value.value";
  switch (type as KvValueType) {
    case "string":
      if (typeof v !== "string") throw new KvEditorInputError(field, "must be a string");
      return v;
    case "number":
      return decodeNumber(v, field);
    case "bigint":
      return decodeBigint(v, field);
    case "boolean":
      if (typeof v !== "boolean") throw new KvEditorInputError(field, "must be true or false");
      return v;
    case "null":
      if (v !== null && v !== undefined) throw new KvEditorInputError(field, "must be null");
      return null;
    case "object":
      if (!isPlainObject(v)) throw new KvEditorInputError(field, "must be a JSON object");
      return decodeNested(v, field);
    case "array":
      if (!Array.isArray(v)) throw new KvEditorInputError(field, "must be a JSON array");
      return decodeNested(v, field);
    case "KvU64":
      return decodeU64(v, field);
    case "Uint8Array":
      if (typeof v !== "string") throw new KvEditorInputError(field, "must be a base64 string");
      return fromBase64(v, field);
    case "Date":
      return decodeDate(v, field);
  }
}

/** A key part as JSON. */
export function encodeKeyPart(part: Deno.KvKeyPart): EncodedKeyPart {
  if (typeof part === "bigint") return { bigint: part.toString() };
  if (part instanceof Uint8Array) return { bytes: toBase64(part) };
  return part as string | number | boolean;
}

/** Most parts a key may have here (Deno KV keys are at most 2 KiB anyway). */
const MAX_KEY_PARTS = 20;

/** Parses a key given as JSON (an array of parts, or its text). Throws {@link KvEditorInputError}. */
export function decodeKey(input: unknown, field = "key"): Deno.KvKey {
  let parts = input;
  if (typeof input === "string") {
    try {
      parts = JSON.parse(input);
    } catch {
      throw new KvEditorInputError(field, 'must be a JSON array of key parts, e.g. ["budget","limit"]');
    }
  }
  if (!Array.isArray(parts) || parts.length === 0 || parts.length > MAX_KEY_PARTS) {
    throw new KvEditorInputError(field, `must be an array of 1–${MAX_KEY_PARTS} key parts`);
  }
  return parts.map((p, i): Deno.KvKeyPart => {
    if (typeof p === "string" || typeof p === "boolean") return p;
    if (typeof p === "number" && Number.isFinite(p)) return p;
    if (isPlainObject(p) && Object.keys(p).length === 1 && "bigint" in p) {
      return decodeBigint(p.bigint, `${field}[${i}]`);
    }
    if (isPlainObject(p) && Object.keys(p).length === 1 && typeof p.bytes === "string") {
      return fromBase64(p.bytes, `${field}[${i}]`);
    }
    throw new KvEditorInputError(
      `${field}[${i}]`,
      'must be a string, number, boolean, {"bigint":"…"} or {"bytes":"<base64>"}',
    );
  });
}

// ---- known keys -------------------------------------------------------------------------------------------

const sameKey = (a: Deno.KvKey, b: Deno.KvKey) => a.length === b.length && a.every((p, i) => p === b[i]);
const startsWith = (key: Deno.KvKey, prefix: Deno.KvKey) =>
  key.length >= prefix.length && prefix.every((p, i) => key[i] === p);

const BUDGET_COUNTERS: Deno.KvKey[] = [BUDGET_KEYS.used, BUDGET_KEYS.limit, BUDGET_KEYS.periodStart];

/** What the editor knows about a key. */
export function classifyKey(key: Deno.KvKey): { kind: EntryKind; note?: string } {
  if (BUDGET_COUNTERS.some((k) => sameKey(k, key))) return { kind: "budget_counter" };
  if (startsWith(key, BUDGET_KEYS.leasePrefix)) {
    return {
      kind: "lease",
      note: "An in-flight budget reservation, managed by the budget; not edited here.",
    };
  }
  if (key.length === 2 && key[0] === GENERATION_KEYS.record && typeof key[1] === "string") {
    return { kind: "generation" };
  }
  if (key[0] === GENERATION_KEYS.chunks) {
    return {
      kind: "generation_chunk",
      note: "Part of a chunked generation: edit or delete the generation header instead, never its chunks.",
    };
  }
  if (key[0] === GENERATION_KEYS.byRequest || key[0] === VECTOR_PREFIX) {
    return { kind: "derived", note: "A derived index kept in step with the generations; not edited here." };
  }
  if (startsWith(key, ["api_keys"])) {
    return {
      kind: "secret",
      note: "API keys hold secret hashes: use the dashboard's API keys section (create, revoke).",
    };
  }
  if (startsWith(key, AUDIT_PREFIX)) {
    return { kind: "audit", note: "The audit log is append-only." };
  }
  if (startsWith(key, RATE_LIMIT_PREFIX)) {
    return { kind: "raw", note: `${RAW_WARNING} (Rate-limit windows expire by themselves.)` };
  }
  return { kind: "raw", note: RAW_WARNING };
}

const EDITABLE: ReadonlySet<EntryKind> = new Set(["budget_counter", "generation", "raw"]);

/** Replaces secret fields (and API-key hashes in keys) with a marker, for display and the audit log. */
export function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_FIELD.test(k) && k !== "$kv" && v !== null ? REDACTED : redactValue(v);
    }
    return out;
  }
  return value;
}

function redactedKey(key: Deno.KvKey): EncodedKeyPart[] {
  const encoded = key.map(encodeKeyPart);
  if (startsWith(key, API_KEY_KEYS.byHash) && encoded.length > 2) encoded[2] = REDACTED;
  return encoded;
}

/** The key as text, secrets redacted. */
export function keyText(key: Deno.KvKey): string {
  return JSON.stringify(redactedKey(key));
}

const zodMessage = (error: z.ZodError) => {
  const issue = error.issues[0];
  const path = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  return `${path}${issue?.message ?? "is not valid"}`;
};

/** An entry as shown: typed value (secrets redacted), kind, editability and the logical generation. */
export function viewEntry(entry: Deno.KvEntryMaybe<unknown>): EditorEntry {
  const { kind, note } = classifyKey(entry.key);
  const out: EditorEntry = {
    key: redactedKey(entry.key),
    keyText: keyText(entry.key),
    versionstamp: entry.versionstamp,
    kind,
    editable: EDITABLE.has(kind),
    ...(note ? { note } : {}),
  };
  if (entry.versionstamp !== null) {
    const encoded = encodeValue(entry.value);
    out.value = kind === "secret"
      ? { ...encoded, value: redactValue(encoded.value) } as EncodedValue
      : encoded;
    if (encoded.type === "unsupported") {
      out.editable = false;
      out.note = "This value's type cannot be shown as JSON; it is not edited here.";
    }
  }
  if (kind === "generation") {
    const id = String(entry.key[1]);
    const rec = generationRecordSchema.safeParse(entry.value);
    out.generation = {
      id,
      permalink: `/generations/${encodeURIComponent(id)}`,
      headerKey: [GENERATION_KEYS.record, id],
      ...(rec.success
        ? {
          chunkCount: rec.data.chunkCount,
          elementCount: rec.data.elementCount,
          byteLength: rec.data.byteLength,
          createdAt: new Date(rec.data.createdAt).toISOString(),
          description: rec.data.request.appDescription.slice(0, 120),
        }
        : {}),
    };
  }
  if (kind === "generation_chunk" && typeof entry.key[1] === "string") {
    const id = entry.key[1];
    delete out.value; // raw chunk bytes are never shown: the logical generation is
    out.generation = {
      id,
      permalink: `/generations/${encodeURIComponent(id)}`,
      headerKey: [GENERATION_KEYS.record, id],
      ...(typeof entry.key[2] === "number" ? { part: entry.key[2] } : {}),
    };
  }
  return out;
}

/**
 * Checks a new value for a known key with the app's own schema; returns a warning for raw keys. Throws
 * {@link KvEditorInputError} (field `value…`) or refuses non-editable kinds (field `key`).
 */
export function validateWrite(
  key: Deno.KvKey,
  value: unknown,
  current: Deno.KvEntryMaybe<unknown>,
): { warning?: string } {
  const { kind, note } = classifyKey(key);
  if (!EDITABLE.has(kind)) {
    throw new KvEditorInputError("key", `${keyText(key)} cannot be edited here. ${note}`);
  }
  if (kind === "budget_counter") {
    const parsed = budgetCountSchema.safeParse(value);
    if (!parsed.success) {
      throw new KvEditorInputError("value.value", `${keyText(key)} ${zodMessage(parsed.error)}`);
    }
    return {};
  }
  if (kind === "generation") {
    const parsed = generationRecordSchema.safeParse(value);
    if (!parsed.success) {
      throw new KvEditorInputError("value.value", `not a generation header (${zodMessage(parsed.error)})`);
    }
    const rec = parsed.data;
    if (rec.id !== key[1]) throw new KvEditorInputError("value.value.id", "must equal the id in the key");
    const old = generationRecordSchema.safeParse(current.value);
    if (current.versionstamp === null) {
      throw new KvEditorInputError("key", "generations are created by the app, not by hand");
    }
    if (old.success) {
      for (const f of ["chunkCount", "byteLength", "requestHash"] as const) {
        if (rec[f] !== old.data[f]) {
          throw new KvEditorInputError(
            `value.value.${f}`,
            `must stay ${JSON.stringify(old.data[f])}: it ties the header to its chunks and index`,
          );
        }
      }
    }
    return {};
  }
  return { warning: RAW_WARNING };
}

// ---- operations -------------------------------------------------------------------------------------------

/** What the operations need. */
export interface KvEditorDeps {
  kv: Deno.Kv;
  /** The app's generation store: deleting a generation header deletes the whole generation through it. */
  store: GenerationStore;
}

/** One page of a listing. */
export interface KvListPage {
  entries: EditorEntry[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  cursor: string | null;
}

/** Largest page. */
export const MAX_LIST_PAGE = 100;

/**
 * Lists entries under a prefix (key order), `limit` 1–100 (default 50). Consecutive chunks of one generation
 * are folded into one row for that generation. Throws {@link KvEditorInputError} (field `cursor`) for a cursor
 * KV does not accept.
 */
export async function listEntries(
  deps: Pick<KvEditorDeps, "kv">,
  prefix: Deno.KvKey,
  options: { cursor?: string; limit?: number } = {},
): Promise<KvListPage> {
  const limit = Math.min(MAX_LIST_PAGE, Math.max(1, Math.trunc(options.limit ?? 50)));
  if (options.cursor !== undefined && !/^[A-Za-z0-9_=+/-]{1,2000}$/.test(options.cursor)) {
    throw new KvEditorInputError("cursor", "is not a cursor this editor produced");
  }
  const entries: EditorEntry[] = [];
  let cursor: string | null = null;
  let seen = 0;
  try {
    const iter = deps.kv.list({ prefix }, { limit: limit + 1, cursor: options.cursor });
    let lastCursor = options.cursor ?? "";
    for await (const entry of iter) {
      if (seen === limit) {
        cursor = lastCursor;
        break;
      }
      seen++;
      lastCursor = iter.cursor;
      const view = viewEntry(entry);
      const prev = entries.at(-1);
      if (
        view.kind === "generation_chunk" && prev?.kind === "generation_chunk" &&
        prev.generation?.id === view.generation?.id
      ) {
        continue; // one row per generation, not per chunk
      }
      entries.push(view);
    }
  } catch (err) {
    if (err instanceof KvEditorInputError) throw err;
    if (options.cursor !== undefined && err instanceof TypeError) {
      throw new KvEditorInputError("cursor", "is not a cursor this editor produced");
    }
    throw err;
  }
  return { entries, cursor };
}

/** One entry as shown (absent entries have `versionstamp: null` and no value). */
export async function getEntry(deps: Pick<KvEditorDeps, "kv">, key: Deno.KvKey): Promise<EditorEntry> {
  return viewEntry(await deps.kv.get(key));
}

/** Input of {@link setEntry}. */
export interface SetInput {
  key: Deno.KvKey;
  /** The decoded value to store. */
  value: unknown;
  /** The versionstamp the editor read; null when the key was absent. */
  versionstamp: string | null;
  /** Sets an expiry; absent clears any expiry (KV cannot keep one across a write without restating it). */
  expireInMs?: number;
}

/** Longest expiry accepted (10 years). */
export const MAX_EXPIRE_IN_MS = 10 * 365 * 86_400_000;

/** Checks an `expireInMs` input (undefined passes). */
export function checkExpireIn(v: unknown): number | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1 || v > MAX_EXPIRE_IN_MS) {
    throw new KvEditorInputError(
      "expireInMs",
      `must be a whole number of milliseconds, 1 to ${MAX_EXPIRE_IN_MS}`,
    );
  }
  return v;
}

function auditValue(entry: Deno.KvEntryMaybe<unknown>): unknown {
  if (entry.versionstamp === null) return null;
  const encoded = encodeValue(entry.value);
  const shown = { ...encoded, value: redactValue(encoded.value) };
  const text = JSON.stringify(shown);
  return text.length <= AUDIT_VALUE_CHARS ? shown : { type: encoded.type, truncated: text.slice(0, 2000) };
}

/**
 * Writes one entry if it still has the versionstamp the editor read, after the known-key checks. Returns the
 * entry as written and the raw-key warning, if any. Throws {@link KvEditorInputError} or
 * {@link KvEditorConflictError}.
 */
export async function setEntry(
  deps: KvEditorDeps,
  input: SetInput,
): Promise<{ entry: EditorEntry; warning?: string }> {
  const { kv } = deps;
  const current = await kv.get(input.key);
  if (current.versionstamp !== input.versionstamp) throw new KvEditorConflictError(viewEntry(current));
  const { warning } = validateWrite(input.key, input.value, current);
  const expireIn = checkExpireIn(input.expireInMs);
  const res = await kv.atomic()
    .check({ key: input.key, versionstamp: input.versionstamp })
    .set(input.key, input.value, expireIn === undefined ? undefined : { expireIn })
    .commit();
  if (!res.ok) throw new KvEditorConflictError(viewEntry(await kv.get(input.key)));
  const written = await kv.get(input.key);
  await recordAudit(kv, {
    action: "kv.set",
    interface: "kv-editor",
    details: {
      key: keyText(input.key),
      old: auditValue(current),
      new: auditValue(written),
      ...(expireIn !== undefined ? { expireInMs: expireIn } : {}),
    },
  });
  return { entry: viewEntry(written), ...(warning ? { warning } : {}) };
}

/**
 * Deletes one entry if it still has the versionstamp the editor read. A generation header deletes the whole
 * logical generation through the store (chunks, index, vector). Returns false when the key is absent.
 */
export async function deleteEntry(
  deps: KvEditorDeps,
  input: { key: Deno.KvKey; versionstamp: string | null },
): Promise<boolean> {
  const { kv, store } = deps;
  const { kind, note } = classifyKey(input.key);
  if (!EDITABLE.has(kind)) {
    throw new KvEditorInputError("key", `${keyText(input.key)} cannot be deleted here. ${note}`);
  }
  const current = await kv.get(input.key);
  if (current.versionstamp === null) return false;
  if (current.versionstamp !== input.versionstamp) throw new KvEditorConflictError(viewEntry(current));
  if (kind === "generation" && generationRecordSchema.safeParse(current.value).success) {
    const record = current.value as GenerationRecord;
    // The store deletes header, index entry, chunks and vector together; it re-checks the header itself.
    const latest = await kv.get(input.key);
    if (latest.versionstamp !== input.versionstamp) throw new KvEditorConflictError(viewEntry(latest));
    await store.delete(record.id);
  } else {
    const check = { key: input.key, versionstamp: input.versionstamp };
    const res = await kv.atomic().check(check).delete(input.key).commit();
    if (!res.ok) throw new KvEditorConflictError(viewEntry(await kv.get(input.key)));
    if (kind === "generation") {
      // A header too malformed for the store: its chunks (and index entry, when the hash is readable) go too.
      const id = String(input.key[1]);
      const hash = (current.value as { requestHash?: unknown } | null)?.requestHash;
      if (typeof hash === "string") await kv.delete([GENERATION_KEYS.byRequest, hash, id]);
      for await (const chunk of kv.list({ prefix: [GENERATION_KEYS.chunks, id] })) await kv.delete(chunk.key);
    }
  }
  await recordAudit(kv, {
    action: "kv.delete",
    interface: "kv-editor",
    details: {
      key: keyText(input.key),
      old: auditValue(current),
      new: null,
      ...(kind === "generation" ? { generation: String(input.key[1]) } : {}),
    },
  });
  return true;
}
