/**
 * The records of the vector index besides blocks and pages: partitions, the per-id item pointer (both its
 * current and its older format), the partition meta, their KV keys, and the checks and normalization of a
 * vector before it is indexed.
 */
import {
  vectorBlockKey,
  vectorBlockPrefix,
  vectorItemKey,
  vectorMetaKey,
  vectorPageKey,
  vectorPagePrefix,
} from "../../platform/kv/keys.ts";
import { ID_BYTES } from "./block_codec.ts";

/** Key prefix of the index. */
export const VECTOR_PREFIX = "vectors";

/** Value of `["vectors", "item", id]`. */
export interface VectorItem {
  id: string;
  embedderId: string;
  scale: string;
  competitor: string;
  /** Block of the partition holding the quantized copy. */
  block: number;
  /** Exact unit vector. */
  vector: Float32Array;
  /** When it was indexed (ms since the epoch). */
  indexedAt: number;
}

/** Value of a partition's meta key. */
export interface PartitionMeta {
  /** Block new vectors are appended to. */
  open: number;
  /** Next unused block number. */
  next: number;
  /** Page new exact vectors are appended to (0 when absent: metas written before pages existed). */
  page?: number;
  /** Next unused page number (1 when absent). */
  nextPage?: number;
}

/**
 * Value of `["vectors", "item", id]`: where the vector of an id lives, kept small since there is one per
 * vector: [embedder id, scale, competitor, block, page, slot, minute it was indexed (since the epoch)]. Items
 * written before pages existed are a {@link VectorItem} holding the vector itself; both are read.
 */
export type StoredItem = [
  embedderId: string,
  scale: string,
  competitor: string,
  block: number,
  page: number,
  slot: number,
  indexedMinute: number,
];

/** A stored item, whichever its format. */
export interface ItemPlace extends Partition {
  block: number;
  page?: number;
  slot?: number;
  vector?: Float32Array;
  indexedAt: number;
}

/** Where a raw item value says its vector lives (either format), or null for a value that is not an item. */
export function placeOf(value: unknown): ItemPlace | null {
  if (Array.isArray(value)) {
    const [embedderId, scale, competitor, block, page, slot, minute] = value as StoredItem;
    return { embedderId, scale, competitor, block, page, slot, indexedAt: minute * 60_000 };
  }
  const legacy = value as VectorItem | null;
  if (!legacy || typeof legacy !== "object" || !(legacy.vector instanceof Float32Array)) return null;
  return legacy;
}

/** The item value of a vector placed at `block`, `page` and `slot` of partition `p`, indexed now. */
export function storedItem(p: Partition, block: number, page: number, slot: number): StoredItem {
  return [p.embedderId, p.scale, p.competitor, block, page, slot, Math.floor(Date.now() / 60_000)];
}

/** The embedder id a raw `["vectors", "item", id]` value was indexed with, or null (for bulk checks). */
export function indexedEmbedderOf(value: unknown): string | null {
  return placeOf(value)?.embedderId ?? null;
}

/** Where a vector lives: only vectors of the same partition are ever compared. */
export interface Partition {
  embedderId: string;
  scale: string;
  competitor: string;
}

/** A vector to index. */
export interface VectorEntry extends Partition {
  id: string;
  vector: Float32Array;
}

/** KV key of a generation id's {@link VectorItem}. */
export { vectorItemKey };

/** KV key of a partition's meta. */
export function metaKey(p: Partition): Deno.KvKey {
  return vectorMetaKey(p.embedderId, p.scale, p.competitor);
}
/** KV key prefix of a partition's blocks. */
export function blockPrefix(p: Partition): Deno.KvKey {
  return vectorBlockPrefix(p.embedderId, p.scale, p.competitor);
}
/** KV key of block `n` of a partition. */
export function blockKey(p: Partition, n: number): Deno.KvKey {
  return vectorBlockKey(p.embedderId, p.scale, p.competitor, n);
}
/** KV key prefix of a partition's pages. */
export function pagePrefix(p: Partition): Deno.KvKey {
  return vectorPagePrefix(p.embedderId, p.scale, p.competitor);
}
/** KV key of page `n` of a partition. */
export function pageKey(p: Partition, n: number): Deno.KvKey {
  return vectorPageKey(p.embedderId, p.scale, p.competitor, n);
}

/** Whether two partitions are the same one. */
export function samePartition(a: Partition, b: Partition): boolean {
  return a.embedderId === b.embedderId && a.scale === b.scale && a.competitor === b.competitor;
}

/** Throws unless an entry has a short printable id and a non-empty Float32Array. */
export function validateEntry(entry: VectorEntry): void {
  if (!entry.id || typeof entry.id !== "string") throw new Error("vector entry needs an id");
  if (entry.id.length > ID_BYTES || !/^[\x21-\x7e]+$/.test(entry.id)) {
    throw new Error(`vector id must be 1–${ID_BYTES} printable ASCII characters: ${entry.id.slice(0, 40)}`);
  }
  if (!(entry.vector instanceof Float32Array) || entry.vector.length === 0) {
    throw new Error(`vector of ${entry.id} must be a non-empty Float32Array`);
  }
}

/** A copy of `vector` scaled to unit length (zero stays zero); throws on non-finite components. */
export function unitCopy(vector: Float32Array): Float32Array {
  const v = Float32Array.from(vector);
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i] * v[i];
  if (!Number.isFinite(n)) throw new Error("vector has non-finite components");
  if (n > 0) {
    const inv = 1 / Math.sqrt(n);
    for (let i = 0; i < v.length; i++) v[i] *= inv;
  }
  return v;
}

/** A partition meta with its page fields filled (metas written before pages existed lack them). */
export function withPages(meta: PartitionMeta | null): Required<PartitionMeta> {
  return { open: 0, next: 1, page: 0, nextPage: 1, ...meta } as Required<PartitionMeta>;
}
