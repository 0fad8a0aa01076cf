/**
 * The generation store: every completed generation, kept in Deno KV with its request, the full event
 * sequence, provider, model, usage, engine version and time; indexed by time and by request hash; split
 * into chunks past KV's 64 KiB value limit (never truncated); deleted with every trace.
 *
 * KV keys (every key of a generation gets the same `expireIn` when `GENERATION_TTL_DAYS` is set):
 *  - `["generations", id]` → {@link GenerationRecord}: the header (request, hashes, start and complete events,
 *    provider, model, usage, cost, engine version, created time, chunk count). The id is the run's ULID, so
 *    this prefix is also the time index: listing it in reverse is newest first.
 *  - `["generation_chunks", id, n]` → `Uint8Array`: part `n` (0-based) of the UTF-8 JSON array of the plan
 *    elements, at most {@link CHUNK_BYTES} bytes each.
 *  - `["generations_by_request", requestHash, id]` → {@link RequestIndexEntry}: the request-hash index; listing
 *    a hash in reverse gives its generations newest first, with the engine version and cache key needed to
 *    decide an exact hit without reading the header. When header and payload together are small (the usual
 *    case) the entry also carries a copy of both, so an exact-cache hit (or a stale fallback) is a single KV
 *    read; the copy is written and deleted with the header and never changes after.
 *  - `["generations_by_owner", owner, id]` → id: the owner index (`key:<apiKeyId>` or `anon:<clientId>`),
 *    listing one owner's generations newest first.
 *  - `["generation_vector_pending", id]` → true: written in the same commit as the header and removed once
 *    the generation's vector is indexed, so a crash in between leaves a marker that start-up drains.
 *
 * Reads: every value read from KV is parsed with its zod schema. A value that does not parse (hand edit,
 * partial write, old bug) is a corrupt entry: listings skip it and count it (`corrupt`, `corruptIds`, with a
 * warning log), `read` reports it (`status: "corrupt"`) so routes answer 409 `corrupt_entry`, the caches
 * treat it as absent, and `delete` removes every key it can find for its id.
 *
 * Writes: header, chunks and index in one atomic operation (header checked absent) when they fit KV's atomic
 * limits; otherwise the chunks are written first in batches and the header + index committed last, so a
 * reader never sees a header whose chunks are missing (a crash in between leaves unreferenced chunks, which
 * expire with the TTL when one is set). Deletion calls the registered delete listeners first (the semantic
 * helper's vector index), then removes header, index entry and chunks atomically.
 */
import { z } from "zod";
import {
  type CompleteEvent,
  elementSchema,
  type GenerationEvent,
  type PlanElement,
  type StartEvent,
} from "../protocol/events.ts";
import { COMPETITORS, CONSTRAINTS, PERSONAS, REGIONS, SCALES } from "../protocol/request_schema.ts";
import { log } from "../platform/logger.ts";
import { decodeCursor, encodeCursor, InvalidCursorError } from "../platform/kv/paginate.ts";
import { GroupCommit, ItemFailure } from "../platform/kv/group_commit.ts";
import type { GenerationOutcome } from "./generation_outcome.ts";
import type { TokenUsage } from "../providers/types.ts";
import type { NormalizedRequest } from "../protocol/request_schema.ts";

/** Bytes per chunk: under KV's 65,536-byte value limit with room for the serialization header. */
export const CHUNK_BYTES = 60 * 1024;
/** Largest payload written in the same atomic operation as its header (KV allows 800 KiB per commit). */
export const ATOMIC_PAYLOAD_BYTES = 600 * 1024;
/** Chunks per atomic operation when a large payload is written in batches. */
const CHUNKS_PER_BATCH = 8;
/** Index entries scanned per request hash when looking for an exact hit. */
const INDEX_SCAN = 10;
/** Keys per `getMany` (KV's limit). */
const GET_MANY_KEYS = 10;
/** Largest estimated size of an index entry carrying the header and payload copy (KV allows 65,536). */
const INLINE_ENTRY_BYTES = 60 * 1024;

/** Saves per grouped commit (each checks one key; KV allows 100 checks per atomic operation). */
const SAVES_PER_COMMIT = 32;
/** Bytes of values per grouped commit, under KV's 800 KiB per atomic operation with headroom. */
const SAVE_COMMIT_BYTES = 640 * 1024;
/** Mutations per atomic operation KV allows. */
const MAX_MUTATIONS = 1000;

/** One save's writes for a grouped commit, with what it adds to the transaction's size. */
interface SaveWrite {
  write: (op: Deno.AtomicOperation) => void;
  bytes: number;
  mutations: number;
}

const DAY_MS = 86_400_000;

/** KV key prefixes of the store. */
export const GENERATION_KEYS = {
  record: "generations",
  chunks: "generation_chunks",
  byRequest: "generations_by_request",
  byOwner: "generations_by_owner",
  vectorPending: "generation_vector_pending",
} as const;

/** A ULID: 26 Crockford base-32 characters. */
export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The stored header of one generation (value of `["generations", id]`). */
export interface GenerationRecord {
  id: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  request: NormalizedRequest;
  /** SHA-256 of the canonical request (lib/protocol/request_hash.ts). */
  requestHash: string;
  /** SHA-256 of the canonical request and the engine version. */
  cacheKey: string;
  engineVersion: string;
  provider: string;
  model: string;
  usage: TokenUsage | null;
  /** Cost in USD from the price table when the provider reported token usage and the model has a price. */
  costUsd: number | null;
  start: StartEvent;
  complete: CompleteEvent;
  elementCount: number;
  chunkCount: number;
  /** Size of the elements payload in bytes. */
  byteLength: number;
  /**
   * Who made it: `key:<apiKeyId>` (private to that key) or `anon:<clientId>` (the public pool). Unset on
   * generations stored before ownership was recorded (public).
   */
  owner?: string;
}

/** Value of `["generations_by_request", requestHash, id]`. */
export interface RequestIndexEntry {
  id: string;
  createdAt: number;
  engineVersion: string;
  cacheKey: string;
  chunkCount: number;
  /** The generation's owner (as in the header), so an exact hit can be checked without the header. */
  owner?: string;
  /** Copy of the header, present with `payload` when both fit in one value. */
  record?: GenerationRecord;
  /** Copy of the elements payload (UTF-8 JSON), present with `record`. */
  payload?: Uint8Array;
}

/** A stored generation with its elements. */
export interface StoredGeneration {
  record: GenerationRecord;
  elements: PlanElement[];
}

/** A listing row (no elements). */
export type GenerationSummary = Omit<GenerationRecord, "start" | "complete" | "cacheKey">;

/** One page of the listing. */
export interface GenerationPage {
  generations: GenerationSummary[];
  /** Pass back as `cursor` for the next page; null on the last page (lib/platform/kv/paginate.ts). */
  cursor: string | null;
  /** Entries on this page that could not be parsed (skipped). */
  corrupt: number;
  /** Their ids, for the admin to delete them. */
  corruptIds: string[];
}

/** The answer of {@link GenerationStore.read}. */
export type ReadResult =
  | { status: "ok"; stored: StoredGeneration }
  | { status: "missing" }
  | { status: "corrupt"; id: string; reason: string };

/** Thrown for a stored value that does not parse. */
export class CorruptEntryError extends Error {
  constructor(readonly id: string, readonly reason: string) {
    super(`generation ${id} is corrupt: ${reason}`);
    this.name = "CorruptEntryError";
  }
}

const requestSchema = z.object({
  appDescription: z.string(),
  persona: z.enum(PERSONAS),
  scale: z.enum(SCALES),
  constraints: z.array(z.enum(CONSTRAINTS)),
  competitor: z.enum(COMPETITORS),
  region: z.enum(REGIONS),
});

const startSchema = z.object({
  type: z.literal("start"),
  id: z.string(),
  source: z.enum(["generated", "cache", "similar"]),
  provider: z.string(),
  model: z.string(),
  request: requestSchema,
}).loose();

const completeSchema = z.object({
  type: z.literal("complete"),
  id: z.string(),
  cached: z.boolean(),
  elapsedMs: z.number(),
  counts: z.object({ nodes: z.number(), edges: z.number() }),
}).loose();

const count = z.number().int().min(0);

/** Schema of a stored header. */
export const generationRecordSchema = z.object({
  id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/),
  createdAt: z.number().finite().min(0).max(8.64e15),
  request: requestSchema,
  requestHash: z.string().min(1),
  cacheKey: z.string().min(1),
  engineVersion: z.string(),
  provider: z.string(),
  model: z.string(),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }).loose().nullable(),
  costUsd: z.number().nullable(),
  start: startSchema,
  complete: completeSchema,
  elementCount: count,
  chunkCount: z.number().int().min(1).max(100_000),
  byteLength: count,
  owner: z.string().min(1).max(200).optional(),
});

/** Schema of a request-hash index entry. */
export const requestIndexEntrySchema = z.object({
  id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/),
  createdAt: z.number().finite(),
  engineVersion: z.string(),
  cacheKey: z.string(),
  chunkCount: z.number().int().min(1),
  owner: z.string().optional(),
  record: generationRecordSchema.optional(),
  payload: z.instanceof(Uint8Array).optional(),
});

const elementsSchema = z.array(elementSchema);

/** Why a value does not parse, in a few words (the first issue's path and message). */
function reasonOf(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join(".");
  return `${path ? `${path}: ` : ""}${issue?.message ?? "invalid"}`.slice(0, 200);
}

/** Parses a stored header; throws CorruptEntryError when it does not parse. */
function parseRecord(id: string, value: unknown): GenerationRecord {
  const parsed = generationRecordSchema.safeParse(value);
  if (!parsed.success) throw new CorruptEntryError(id, reasonOf(parsed.error));
  if (parsed.data.id !== id) throw new CorruptEntryError(id, "id: does not match its key");
  // The value as stored (the schema only checks it), so nothing is dropped or reshaped on the way out.
  return value as GenerationRecord;
}

/** What the caller knows beyond the outcome when storing. */
export interface SaveMeta {
  requestHash: string;
  cacheKey: string;
  engineVersion: string;
  /** Defaults to now. */
  createdAt?: number;
  costUsd?: number | null;
  /** The owner (`key:<apiKeyId>` or `anon:<clientId>`); unset = public, unlisted. */
  owner?: string;
  /**
   * Adds the caller's own writes to the transaction that stores the header (e.g. the budget unit's commit),
   * so they land with the generation or not at all.
   */
  alsoCommit?: (op: Deno.AtomicOperation) => void;
}

/**
 * Called before a generation is deleted (e.g. to drop its vector); for a corrupt entry only the id is known.
 * Throwing aborts the deletion.
 */
export type DeleteListener = (record: Pick<GenerationRecord, "id">) => Promise<void> | void;

/** Who asks, for the cache lookups: an owner id, `"admin"`, or undefined (anonymous without a cookie). */
export type Viewer = string | "admin" | undefined;

/**
 * Whether a generation owned by `owner` may be served to `viewer`: the public pool (anonymous owners, and
 * entries stored before ownership was recorded) to anyone; an API key's generations to that key (and admin).
 */
export function servableTo(owner: string | undefined, viewer: Viewer): boolean {
  if (viewer === "admin" || owner === undefined || !owner.startsWith("key:")) return true;
  return owner === viewer;
}

/** Thrown for a cursor that was not produced by a listing (lib/platform/kv/paginate.ts). */
export { InvalidCursorError };

/** Options of the store. */
export interface GenerationStoreOptions {
  /** Retention (`GENERATION_TTL_DAYS`): every key of a generation expires after it. Unset: kept forever. */
  ttlDays?: number;
  /** Freshness limit of exact-cache hits (`CACHE_MAX_AGE_DAYS`), default 7. */
  maxAgeDays?: number;
  /** Clock (tests). */
  now?: () => number;
}

/** The full event sequence of a stored generation, as first streamed: start, elements, complete. */
export function eventsOf(stored: StoredGeneration): GenerationEvent[] {
  return [stored.record.start, ...stored.elements, stored.record.complete];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function summaryOf(record: GenerationRecord): GenerationSummary {
  const { start: _s, complete: _c, cacheKey: _k, ...summary } = record;
  return summary;
}

/** The KV-backed generation store. */
export class GenerationStore {
  readonly #listeners = new Set<DeleteListener>();
  readonly #now: () => number;
  /** `expireIn` for every key of a generation, or undefined to keep forever. */
  readonly expireInMs: number | undefined;
  /** Age past which an entry is stale, in milliseconds. */
  readonly maxAgeMs: number;

  /**
   * Saves that arrive while one is being committed share the next transaction (group commit): on a local KV
   * file each commit waits for the disk, so concurrent generations ending together would otherwise queue
   * one commit each before their `complete` goes out. A batch whose checks fail (an id already stored) is
   * committed again one save at a time, so only that save fails.
   */
  readonly #saves = new GroupCommit<SaveWrite, boolean>({
    maxBatch: SAVES_PER_COMMIT,
    weightOf: (w) => w.bytes,
    maxWeight: SAVE_COMMIT_BYTES,
    start: "now",
    commit: (batch) => this.#commitSaves(batch),
  });

  async #commitSaves(batch: SaveWrite[]): Promise<(boolean | ItemFailure)[]> {
    const alone = async (w: SaveWrite) => {
      const op = this.kv.atomic();
      w.write(op);
      return (await op.commit()).ok;
    };
    if (batch.length === 1) return [await alone(batch[0])];
    const mutations = batch.reduce((n, w) => n + w.mutations, 0);
    if (mutations <= MAX_MUTATIONS) {
      try {
        const op = this.kv.atomic();
        for (const w of batch) w.write(op);
        if ((await op.commit()).ok) return batch.map(() => true);
      } catch (err) {
        log.warn("grouped generation save failed; saving one at a time", { error: err, saves: batch.length });
      }
    }
    const results: (boolean | ItemFailure)[] = [];
    for (const w of batch) results.push(await alone(w).catch((err) => new ItemFailure(err)));
    return results;
  }

  constructor(readonly kv: Deno.Kv, options: GenerationStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.expireInMs = options.ttlDays === undefined ? undefined : Math.round(options.ttlDays * DAY_MS);
    this.maxAgeMs = (options.maxAgeDays ?? 7) * DAY_MS;
  }

  /** Registers a function called before every deletion; returns a function that unregisters it. */
  addDeleteListener(listener: DeleteListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Whether an entry may be served as an exact hit for `engineVersion` now (young enough, same engine). */
  isFresh(entry: { createdAt: number; engineVersion: string }, engineVersion: string): boolean {
    return entry.engineVersion === engineVersion && this.#now() - entry.createdAt <= this.maxAgeMs;
  }

  /**
   * Stores a completed generation. Only `complete` outcomes are accepted (errors and aborts are never
   * stored); returns the stored header.
   */
  async save(outcome: GenerationOutcome, meta: SaveMeta): Promise<GenerationRecord> {
    if (outcome.status !== "complete" || outcome.final?.type !== "complete") {
      throw new Error("only completed generations are stored");
    }
    const { start } = outcome;
    const id = start.id;
    if (!ULID_PATTERN.test(id)) throw new Error(`generation id is not a ULID: ${id}`);
    const payload = encoder.encode(JSON.stringify(outcome.elements));
    const chunkCount = Math.max(1, Math.ceil(payload.byteLength / CHUNK_BYTES));
    const record: GenerationRecord = {
      id,
      createdAt: meta.createdAt ?? this.#now(),
      request: start.request,
      requestHash: meta.requestHash,
      cacheKey: meta.cacheKey,
      engineVersion: meta.engineVersion,
      provider: start.provider,
      model: start.model,
      usage: outcome.usage ?? null,
      costUsd: meta.costUsd ?? null,
      start,
      complete: outcome.final,
      elementCount: outcome.elements.length,
      chunkCount,
      byteLength: payload.byteLength,
      ...(meta.owner ? { owner: meta.owner } : {}),
    };
    const index: RequestIndexEntry = {
      id,
      createdAt: record.createdAt,
      engineVersion: record.engineVersion,
      cacheKey: record.cacheKey,
      chunkCount,
      ...(meta.owner ? { owner: meta.owner } : {}),
    };
    // Strings serialize to at most 2 bytes per UTF-16 unit; bytes as they are.
    const recordChars = JSON.stringify(record).length;
    if (payload.byteLength + 2 * recordChars + 1024 <= INLINE_ENTRY_BYTES) {
      index.record = record;
      index.payload = payload;
    }
    const opts = this.expireInMs === undefined ? undefined : { expireIn: this.expireInMs };
    const chunk = (n: number) => payload.subarray(n * CHUNK_BYTES, (n + 1) * CHUNK_BYTES);
    const headerKey = [GENERATION_KEYS.record, id];

    const commitHeader = (op: Deno.AtomicOperation) => {
      op.check({ key: headerKey, versionstamp: null })
        .set(headerKey, record, opts)
        .set([GENERATION_KEYS.byRequest, record.requestHash, id], index, opts)
        .set([GENERATION_KEYS.vectorPending, id], true, opts);
      if (record.owner) op.set([GENERATION_KEYS.byOwner, record.owner, id], id, opts);
      meta.alsoCommit?.(op);
      return op;
    };

    if (payload.byteLength <= ATOMIC_PAYLOAD_BYTES) {
      const ok = await this.#saves.submit({
        write: (op) => {
          commitHeader(op);
          for (let n = 0; n < chunkCount; n++) op.set([GENERATION_KEYS.chunks, id, n], chunk(n), opts);
        },
        // The payload goes in as chunks and inline in the index entry; the header too (JSON length × 2 bytes).
        bytes: 2 * payload.byteLength + 4 * recordChars + 1024,
        mutations: chunkCount + 6,
      });
      if (!ok) throw new Error(`generation ${id} is already stored`);
      return record;
    }
    // Too large for one commit: chunks first, header last (readers only ever start from the header).
    for (let first = 0; first < chunkCount; first += CHUNKS_PER_BATCH) {
      const op = this.kv.atomic();
      for (let n = first; n < Math.min(chunkCount, first + CHUNKS_PER_BATCH); n++) {
        op.set([GENERATION_KEYS.chunks, id, n], chunk(n), opts);
      }
      await op.commit();
    }
    const res = await commitHeader(this.kv.atomic()).commit();
    if (!res.ok) throw new Error(`generation ${id} is already stored`);
    return record;
  }

  /** The header of a generation, or null when it is absent or corrupt. */
  async getRecord(id: string): Promise<GenerationRecord | null> {
    const entry = await this.kv.get([GENERATION_KEYS.record, id]);
    if (entry.versionstamp === null) return null;
    try {
      return parseRecord(id, entry.value);
    } catch (err) {
      if (!(err instanceof CorruptEntryError)) throw err;
      log.warn("corrupt generation skipped", { id, reason: err.reason });
      return null;
    }
  }

  /** Whether a generation's header is stored (no chunks read). */
  async exists(id: string): Promise<boolean> {
    return (await this.kv.get([GENERATION_KEYS.record, id])).versionstamp !== null;
  }

  /**
   * A generation with its elements, or null when it does not exist or is corrupt (logged). Routes that must
   * tell the two apart use {@link read}.
   */
  async get(id: string): Promise<StoredGeneration | null> {
    const result = await this.read(id);
    if (result.status === "corrupt") log.warn("corrupt generation skipped", { id, reason: result.reason });
    return result.status === "ok" ? result.stored : null;
  }

  /**
   * A generation with its elements (`ok`), `missing`, or `corrupt` with the reason: the header does not parse,
   * a chunk is missing or has the wrong size, or the elements do not parse.
   */
  async read(id: string): Promise<ReadResult> {
    // Header and the first chunks in one read; most generations fit in one chunk.
    const first = await this.kv.getMany<unknown[]>([
      [GENERATION_KEYS.record, id],
      ...Array.from({ length: GET_MANY_KEYS - 1 }, (_, n) => [GENERATION_KEYS.chunks, id, n]),
    ]);
    if (first[0].versionstamp === null) return { status: "missing" };
    let record: GenerationRecord;
    try {
      record = parseRecord(id, first[0].value);
    } catch (err) {
      if (err instanceof CorruptEntryError) return { status: "corrupt", id, reason: err.reason };
      throw err;
    }
    const corrupt = (reason: string): ReadResult => ({ status: "corrupt", id, reason });
    const parts: Uint8Array[] = [];
    for (const entry of first.slice(1, 1 + record.chunkCount)) {
      if (!(entry.value instanceof Uint8Array)) return corrupt(`chunk ${parts.length}: missing`);
      parts.push(entry.value);
    }
    for (let n = GET_MANY_KEYS - 1; n < record.chunkCount; n += GET_MANY_KEYS) {
      const keys = [];
      for (let k = n; k < Math.min(record.chunkCount, n + GET_MANY_KEYS); k++) {
        keys.push([GENERATION_KEYS.chunks, id, k]);
      }
      for (const entry of await this.kv.getMany<Uint8Array[]>(keys)) {
        if (!(entry.value instanceof Uint8Array)) return corrupt(`chunk ${parts.length}: missing`);
        parts.push(entry.value);
      }
    }
    const bytes = parts.length === 1 ? parts[0] : concat(parts);
    if (bytes.byteLength !== record.byteLength) {
      return corrupt(`payload: ${bytes.byteLength} bytes, header says ${record.byteLength}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(decoder.decode(bytes));
    } catch {
      return corrupt("payload: not JSON");
    }
    const elements = elementsSchema.safeParse(json);
    if (!elements.success) return corrupt(`elements.${reasonOf(elements.error)}`);
    return { status: "ok", stored: { record, elements: json as PlanElement[] } };
  }

  /**
   * Newest first. `limit` 1–100; `cursor` is the `cursor` of the previous page (opaque). With `owner`,
   * only that owner's generations (the owner index). Corrupt headers are skipped and counted. Throws
   * InvalidCursorError for a cursor this store did not produce.
   */
  async list(options: { limit?: number; cursor?: string; owner?: string } = {}): Promise<GenerationPage> {
    const limit = Math.min(100, Math.max(1, options.limit ?? 20));
    const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
    const prefix: Deno.KvKey = options.owner !== undefined
      ? [GENERATION_KEYS.byOwner, options.owner]
      : [GENERATION_KEYS.record];
    const selector: Deno.KvListSelector = after ? { prefix, end: [...prefix, after] } : { prefix };
    const generations: GenerationSummary[] = [];
    const corruptIds: string[] = [];
    let more = false;
    let lastId: string | undefined;
    const rows: { id: string; value: unknown; read: boolean }[] = [];
    for await (const entry of this.kv.list(selector, { reverse: true, limit: limit + 1 })) {
      const id = String(entry.key[entry.key.length - 1]);
      rows.push({ id, value: entry.value, read: options.owner === undefined });
    }
    if (rows.length > limit) {
      more = true;
      rows.length = limit;
    }
    if (options.owner !== undefined) {
      // The owner index holds ids: read their headers (gone ones are skipped, e.g. expired).
      for (let i = 0; i < rows.length; i += GET_MANY_KEYS) {
        const batch = rows.slice(i, i + GET_MANY_KEYS);
        const headers = await this.kv.getMany(batch.map((r) => [GENERATION_KEYS.record, r.id]));
        headers.forEach((h, k) => {
          batch[k].value = h.value;
          batch[k].read = h.versionstamp !== null;
        });
      }
    }
    for (const row of rows) {
      lastId = row.id;
      if (!row.read) continue;
      try {
        generations.push(summaryOf(parseRecord(row.id, row.value)));
      } catch (err) {
        if (!(err instanceof CorruptEntryError)) throw err;
        log.warn("corrupt generation skipped in a listing", { id: row.id, reason: err.reason });
        corruptIds.push(row.id);
      }
    }
    return {
      generations,
      cursor: more && lastId ? encodeCursor(lastId) : null,
      corrupt: corruptIds.length,
      corruptIds,
    };
  }

  /** Index entries of a request hash, newest first (at most `limit`). */
  async entriesFor(requestHash: string, limit = INDEX_SCAN): Promise<RequestIndexEntry[]> {
    const out: RequestIndexEntry[] = [];
    for await (
      const entry of this.kv.list({ prefix: [GENERATION_KEYS.byRequest, requestHash] }, {
        reverse: true,
        limit,
      })
    ) {
      const parsed = requestIndexEntrySchema.safeParse(entry.value);
      if (parsed.success && parsed.data.id === entry.key[2]) out.push(entry.value as RequestIndexEntry);
      else log.warn("corrupt request index entry skipped", { key: entry.key.map(String).join("/") });
    }
    return out;
  }

  /**
   * The exact-cache hit for a request: the newest generation with this request hash made by `engineVersion`,
   * if it is still fresh. Stale entries are never returned here (see {@link findStaleFallback}).
   */
  async findFresh(
    requestHash: string,
    engineVersion: string,
    viewer?: Viewer,
  ): Promise<StoredGeneration | null> {
    for (const entry of await this.entriesFor(requestHash)) {
      if (!servableTo(entry.owner, viewer)) continue;
      if (entry.engineVersion !== engineVersion) continue;
      // The newest of this engine decides: older ones are older still.
      if (!this.isFresh(entry, engineVersion)) return null;
      const stored = await this.#storedOf(entry);
      if (stored) return stored;
    }
    return null;
  }

  /**
   * For the budget-exhausted path: the newest stored generation for this request hash, whatever its age or
   * engine version, with whether it is stale for `engineVersion`. Null when none is stored. Only entries
   * servable to `viewer` count (see {@link servableTo}).
   */
  async findStaleFallback(
    requestHash: string,
    engineVersion: string,
    viewer?: Viewer,
  ): Promise<{ stored: StoredGeneration; stale: boolean } | null> {
    for (const entry of await this.entriesFor(requestHash)) {
      if (!servableTo(entry.owner, viewer)) continue;
      const stored = await this.#storedOf(entry);
      if (stored) return { stored, stale: !this.isFresh(entry, engineVersion) };
    }
    return null;
  }

  /** The generation of an index entry: from the entry's inline copy when it has one (no read), else KV. */
  #storedOf(entry: RequestIndexEntry): Promise<StoredGeneration | null> | StoredGeneration {
    return entry.record && entry.payload ? lazyStored(entry.record, entry.payload) : this.get(entry.id);
  }

  /** Every key this generation occupies (header, index entries, vector marker, chunks). */
  keysOf(record: Pick<GenerationRecord, "id" | "requestHash" | "chunkCount" | "owner">): Deno.KvKey[] {
    return [
      [GENERATION_KEYS.record, record.id],
      [GENERATION_KEYS.byRequest, record.requestHash, record.id],
      [GENERATION_KEYS.vectorPending, record.id],
      ...(record.owner ? [[GENERATION_KEYS.byOwner, record.owner, record.id]] : []),
      ...Array.from({ length: record.chunkCount }, (_, n) => [GENERATION_KEYS.chunks, record.id, n]),
    ];
  }

  /**
   * Deletes a generation and every trace of it: delete listeners first (vector index), then header, index
   * entries and chunks. Returns false when it does not exist. A listener error aborts before anything is
   * removed from the store, so the deletion can be retried. A corrupt entry is deleted too: its keys are
   * found from whatever fields still parse, else by scanning the indexes for its id.
   */
  async delete(id: string): Promise<boolean> {
    const headerKey = [GENERATION_KEYS.record, id];
    for (let attempt = 0; attempt < 5; attempt++) {
      const header = await this.kv.get(headerKey);
      if (header.versionstamp === null) return false;
      let keys: Deno.KvKey[];
      try {
        keys = this.keysOf(parseRecord(id, header.value));
      } catch (err) {
        if (!(err instanceof CorruptEntryError)) throw err;
        keys = await this.#keysOfCorrupt(id, header.value);
      }
      for (const listener of this.#listeners) await listener({ id });
      // Header and indexes first, checked; the chunks follow in the same commit when they fit.
      const op = this.kv.atomic().check(header);
      const inline = keys.splice(0, 500);
      for (const key of inline) op.delete(key);
      const res = await op.commit();
      if (!res.ok) continue; // changed meanwhile: read again
      for (let i = 0; i < keys.length; i += 500) {
        const batch = this.kv.atomic();
        for (const key of keys.slice(i, i + 500)) batch.delete(key);
        await batch.commit();
      }
      return true;
    }
    throw new Error(`generation ${id} kept changing while being deleted`);
  }

  /** The keys of a corrupt generation: its header, its chunks (listed) and its index entries (found). */
  async #keysOfCorrupt(id: string, value: unknown): Promise<Deno.KvKey[]> {
    const keys: Deno.KvKey[] = [[GENERATION_KEYS.record, id], [GENERATION_KEYS.vectorPending, id]];
    for await (const e of this.kv.list({ prefix: [GENERATION_KEYS.chunks, id] })) keys.push(e.key);
    const raw = (value !== null && typeof value === "object" ? value : {}) as Record<string, unknown>;
    for (
      const [prefix, field] of [[GENERATION_KEYS.byRequest, "requestHash"], [
        GENERATION_KEYS.byOwner,
        "owner",
      ]]
    ) {
      const known = raw[field];
      if (typeof known === "string" && known.length > 0) {
        const key = [prefix, known, id];
        if ((await this.kv.get(key)).versionstamp !== null) {
          keys.push(key);
          continue;
        }
      }
      // The field is damaged too: find the entry by its id (a full index scan; corruption is rare).
      for await (const e of this.kv.list({ prefix: [prefix] })) if (e.key[2] === id) keys.push(e.key);
    }
    return keys;
  }

  /** Marks a generation's vector as indexed (clears the marker written with its header). */
  async markIndexed(id: string): Promise<void> {
    await this.#indexed.submit(id);
  }

  /** Marks that arrive while one is being committed are deleted together (group commit). */
  readonly #indexed = new GroupCommit<string, void>({
    maxBatch: 500,
    start: "now",
    commit: async (ids) => {
      const op = this.kv.atomic();
      for (const id of new Set(ids)) op.delete([GENERATION_KEYS.vectorPending, id]);
      await op.commit();
      return ids.map(() => undefined);
    },
  });

  /** Ids of generations whose vector may not be indexed yet (oldest first, at most `limit`). */
  async pendingVectors(limit = 100): Promise<string[]> {
    const ids: string[] = [];
    for await (const e of this.kv.list({ prefix: [GENERATION_KEYS.vectorPending] }, { limit })) {
      ids.push(String(e.key[1]));
    }
    return ids;
  }
}

/**
 * A stored generation whose elements are parsed from `payload` on first access: a replay whose element
 * frames are already encoded (lib/generation/replay.ts) never needs them.
 */
function lazyStored(record: GenerationRecord, payload: Uint8Array): StoredGeneration {
  let elements: PlanElement[] | undefined;
  return {
    record,
    get elements(): PlanElement[] {
      return elements ??= JSON.parse(decoder.decode(payload)) as PlanElement[];
    },
    set elements(value: PlanElement[]) {
      elements = value;
    },
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
