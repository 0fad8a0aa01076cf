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
 *
 * Writes: header, chunks and index in one atomic operation (header checked absent) when they fit KV's atomic
 * limits; otherwise the chunks are written first in batches and the header + index committed last, so a
 * reader never sees a header whose chunks are missing (a crash in between leaves unreferenced chunks, which
 * expire with the TTL when one is set). Deletion calls the registered delete listeners first (the semantic
 * helper's vector index), then removes header, index entry and chunks atomically.
 */
import { z } from "zod";
import type { CompleteEvent, GenerationEvent, PlanElement, StartEvent } from "../protocol/events.ts";
import { ULID_PATTERN } from "../platform/ids.ts";
import type { GenerationOutcome } from "../generation/run.ts";
import type { TokenUsage } from "../providers/types.ts";
import type { NormalizedRequest } from "../protocol/request_schema.ts";
import { InvalidCursorError, paginate } from "../platform/kv/paginate.ts";
import {
  generationChunkKey,
  generationKey,
  generationPrefix,
  generationsByRequestKey,
  generationsByRequestPrefix,
} from "../platform/kv/keys.ts";

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

const DAY_MS = 86_400_000;

/** KV key prefixes of the store. */
export const GENERATION_KEYS = {
  record: "generations",
  chunks: "generation_chunks",
  byRequest: "generations_by_request",
} as const;

/** A ULID: 26 Crockford base-32 characters (defined with the id maker, lib/platform/ids.ts). */
export { ULID_PATTERN };

/**
 * What a stored header must look like to be read (`get`, `getRecord`); the KV editor validates hand edits
 * with it. Nested events and the request are checked for their identifying fields only.
 */
export const generationRecordSchema = z.object({
  id: z.string().regex(ULID_PATTERN, "must be a ULID"),
  createdAt: z.number().int().min(0),
  request: z.looseObject({ appDescription: z.string(), competitor: z.string() }),
  requestHash: z.string().min(1),
  cacheKey: z.string().min(1),
  engineVersion: z.string().min(1),
  provider: z.string().min(1),
  model: z.string(),
  usage: z.looseObject({}).nullable(),
  costUsd: z.number().min(0).nullable(),
  start: z.looseObject({ type: z.literal("start"), id: z.string() }),
  complete: z.looseObject({ type: z.literal("complete"), id: z.string() }),
  elementCount: z.number().int().min(0),
  chunkCount: z.number().int().min(1),
  byteLength: z.number().int().min(0),
});

/** A header read from KV, or null when absent or malformed (a bad hand edit reads as "not there"). */
function recordOf(value: unknown): GenerationRecord | null {
  if (value === null || value === undefined) return null;
  return generationRecordSchema.safeParse(value).success ? value as GenerationRecord : null;
}

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
}

/** Value of `["generations_by_request", requestHash, id]`. */
export interface RequestIndexEntry {
  id: string;
  createdAt: number;
  engineVersion: string;
  cacheKey: string;
  chunkCount: number;
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
}

/** What the caller knows beyond the outcome when storing. */
export interface SaveMeta {
  requestHash: string;
  cacheKey: string;
  engineVersion: string;
  /** Defaults to now. */
  createdAt?: number;
  costUsd?: number | null;
}

/** Called before a generation is deleted (e.g. to drop its vector). Throwing aborts the deletion. */
export type DeleteListener = (record: GenerationRecord) => Promise<void> | void;

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
    };
    const index: RequestIndexEntry = {
      id,
      createdAt: record.createdAt,
      engineVersion: record.engineVersion,
      cacheKey: record.cacheKey,
      chunkCount,
    };
    // Strings serialize to at most 2 bytes per UTF-16 unit; bytes as they are.
    if (payload.byteLength + 2 * JSON.stringify(record).length + 1024 <= INLINE_ENTRY_BYTES) {
      index.record = record;
      index.payload = payload;
    }
    const opts = this.expireInMs === undefined ? undefined : { expireIn: this.expireInMs };
    const chunk = (n: number) => payload.subarray(n * CHUNK_BYTES, (n + 1) * CHUNK_BYTES);
    const headerKey = generationKey(id);

    const commitHeader = (op: Deno.AtomicOperation) =>
      op.check({ key: headerKey, versionstamp: null })
        .set(headerKey, record, opts)
        .set(generationsByRequestKey(record.requestHash, id), index, opts);

    if (payload.byteLength <= ATOMIC_PAYLOAD_BYTES) {
      const op = commitHeader(this.kv.atomic());
      for (let n = 0; n < chunkCount; n++) op.set(generationChunkKey(id, n), chunk(n), opts);
      const res = await op.commit();
      if (!res.ok) throw new Error(`generation ${id} is already stored`);
      return record;
    }
    // Too large for one commit: chunks first, header last (readers only ever start from the header).
    for (let first = 0; first < chunkCount; first += CHUNKS_PER_BATCH) {
      const op = this.kv.atomic();
      for (let n = first; n < Math.min(chunkCount, first + CHUNKS_PER_BATCH); n++) {
        op.set(generationChunkKey(id, n), chunk(n), opts);
      }
      await op.commit();
    }
    const res = await commitHeader(this.kv.atomic()).commit();
    if (!res.ok) throw new Error(`generation ${id} is already stored`);
    return record;
  }

  /** The header of a generation, or null. */
  async getRecord(id: string): Promise<GenerationRecord | null> {
    const entry = await this.kv.get<GenerationRecord>(generationKey(id));
    return recordOf(entry.value);
  }

  /** A generation with its elements, or null when it does not exist (or is only partly there). */
  async get(id: string): Promise<StoredGeneration | null> {
    // Header and the first chunks in one read; most generations fit in one chunk.
    const first = await this.kv.getMany<unknown[]>([
      generationKey(id),
      ...Array.from({ length: GET_MANY_KEYS - 1 }, (_, n) => generationChunkKey(id, n)),
    ]);
    const record = recordOf(first[0].value);
    if (!record) return null;
    const parts: Uint8Array[] = [];
    for (const entry of first.slice(1, 1 + record.chunkCount)) {
      if (!(entry.value instanceof Uint8Array)) return null;
      parts.push(entry.value);
    }
    for (let n = GET_MANY_KEYS - 1; n < record.chunkCount; n += GET_MANY_KEYS) {
      const keys = [];
      for (let k = n; k < Math.min(record.chunkCount, n + GET_MANY_KEYS); k++) {
        keys.push(generationChunkKey(id, k));
      }
      for (const entry of await this.kv.getMany<Uint8Array[]>(keys)) {
        if (!(entry.value instanceof Uint8Array)) return null;
        parts.push(entry.value);
      }
    }
    const bytes = parts.length === 1 ? parts[0] : concat(parts);
    if (bytes.byteLength !== record.byteLength) return null;
    return { record, elements: JSON.parse(decoder.decode(bytes)) as PlanElement[] };
  }

  /**
   * Newest first. `limit` 1–100; `cursor` is the `cursor` of the previous page (opaque). Throws
   * InvalidCursorError for a cursor this store did not produce.
   */
  async list(options: { limit?: number; cursor?: string } = {}): Promise<GenerationPage> {
    const limit = Math.min(100, Math.max(1, options.limit ?? 20));
    const page = await paginate<GenerationRecord>(this.kv, {
      prefix: generationPrefix(),
      limit,
      cursor: options.cursor,
      reverse: true,
    });
    return { generations: page.entries.map((e) => summaryOf(e.value)), cursor: page.cursor };
  }

  /** Index entries of a request hash, newest first (at most `limit`). */
  async entriesFor(requestHash: string, limit = INDEX_SCAN): Promise<RequestIndexEntry[]> {
    const out: RequestIndexEntry[] = [];
    for await (
      const entry of this.kv.list<RequestIndexEntry>({ prefix: generationsByRequestPrefix(requestHash) }, {
        reverse: true,
        limit,
      })
    ) out.push(entry.value);
    return out;
  }

  /**
   * The exact-cache hit for a request: the newest generation with this request hash made by `engineVersion`,
   * if it is still fresh. Stale entries are never returned here (see {@link findStaleFallback}).
   */
  async findFresh(requestHash: string, engineVersion: string): Promise<StoredGeneration | null> {
    for (const entry of await this.entriesFor(requestHash)) {
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
   * engine version, with whether it is stale for `engineVersion`. Null when none is stored.
   */
  async findStaleFallback(
    requestHash: string,
    engineVersion: string,
  ): Promise<{ stored: StoredGeneration; stale: boolean } | null> {
    for (const entry of await this.entriesFor(requestHash)) {
      const stored = await this.#storedOf(entry);
      if (stored) return { stored, stale: !this.isFresh(entry, engineVersion) };
    }
    return null;
  }

  /** The generation of an index entry: from the entry's inline copy when it has one (no read), else KV. */
  #storedOf(entry: RequestIndexEntry): Promise<StoredGeneration | null> | StoredGeneration {
    return entry.record && entry.payload ? lazyStored(entry.record, entry.payload) : this.get(entry.id);
  }

  /** Every key this generation occupies (header, index entry, chunks). */
  keysOf(record: GenerationRecord): Deno.KvKey[] {
    return [
      generationKey(record.id),
      generationsByRequestKey(record.requestHash, record.id),
      ...Array.from({ length: record.chunkCount }, (_, n) => generationChunkKey(record.id, n)),
    ];
  }

  /**
   * Deletes a generation and every trace of it: delete listeners first (vector index), then header, index
   * entry and chunks. Returns false when it does not exist. A listener error aborts before anything is
   * removed from the store, so the deletion can be retried.
   */
  async delete(id: string): Promise<boolean> {
    const headerKey = generationKey(id);
    for (let attempt = 0; attempt < 5; attempt++) {
      const header = await this.kv.get<GenerationRecord>(headerKey);
      if (!header.value) return false;
      const record = header.value;
      for (const listener of this.#listeners) await listener(record);
      const [, indexKey, ...chunkKeys] = this.keysOf(record);
      // Header and index first, checked; the chunks follow in the same commit when they fit.
      const op = this.kv.atomic().check(header).delete(headerKey).delete(indexKey);
      const inline = chunkKeys.splice(0, 500);
      for (const key of inline) op.delete(key);
      const res = await op.commit();
      if (!res.ok) continue; // changed meanwhile: read again
      for (let i = 0; i < chunkKeys.length; i += 500) {
        const batch = this.kv.atomic();
        for (const key of chunkKeys.slice(i, i + 500)) batch.delete(key);
        await batch.commit();
      }
      return true;
    }
    throw new Error(`generation ${id} kept changing while being deleted`);
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
