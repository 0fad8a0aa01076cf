/**
 * The vector index of the semantic cache, in Deno KV, scanned by cosine similarity.
 *
 * Vectors are partitioned by (embedder id, scale, competitor): a search reads only the partition of its query,
 * so vectors of another embedder, scale or competitor are never compared. Inside a partition, vectors are
 * packed into blocks of int8-quantized entries (up to ~64 KiB per KV value, KV's limit), so a cold search of
 * 10,000 256-d vectors is ~45 block values read in a few `kv.list` batches instead of 10,000 keys.
 *
 * A search streams the blocks (bounded memory: at most two list batches held, the next one is read while the
 * current one is scored) and scores every entry exactly in integers: the query is quantized to int16, each
 * block's int8 components are multiplied with it by a WebAssembly SIMD kernel ({@link int8DotKernel}; a plain
 * JS loop where WebAssembly SIMD is missing), with no allocation per vector. Each integer score comes with a
 * proven bound of its quantization error, so only the entries whose upper bound can still reach the top k are
 * kept, and those are rescored exactly from their float32 items: the result is exactly the top k of a float
 * scan (no recall loss), whatever the data.
 *
 * KV keys:
 *  - `["vectors", "item", id]` → a small pointer record (embedder id, partition, block and page numbers, when
 *    it was indexed): which generation ids are indexed, and where. One vector per generation id: re-embedding
 *    with another embedder moves it to that embedder's partition. (Items written before pages existed hold
 *    their float32 vector themselves and stay readable.)
 *  - `["vectors", "page", embedderId, scale, competitor, m]` → `Uint8Array` (see {@link encodePage}): the
 *    exact float32 vectors of up to {@link pageCapacity} slots, read only to rescore candidates and
 *    by {@link VectorIndex.get}. Packing them (instead of one ~1.2 KB value per vector, which SQLite stores
 *    with a mostly empty 4 KiB overflow page) keeps ~1.4 KB on disk per 256-d vector; pages are sized so
 *    their SQLite overflow pages are filled (see {@link pageCapacity}).
 *  - `["vectors", "block", embedderId, scale, competitor, n]` → `Uint8Array` (see {@link encodeBlock}): ids,
 *    per-vector scales and int8 components of up to {@link blockCapacity} vectors, packed as raw bytes so a
 *    scan reads them without deserializing an object or allocating a string per vector; a scan accelerator
 *    (one value holds ~220 vectors of 256 dims). A search only returns an id
 *    whose item still exists in the same partition, so a stray block entry can never produce a wrong match.
 *  - `["vectors", "meta", embedderId, scale, competitor]` → {@link PartitionMeta}: the block and page new
 *    vectors are appended to and the next free block and page numbers.
 *
 * Writes are atomic and checked (optimistic concurrency with versionstamps, retried): an add appends to the
 * open block and page and writes the item in one commit that checks the item, the meta and every block and
 * page it rewrites; a remove swap-deletes the entry from its block and its page (deleting emptied ones) and
 * deletes the item in one checked commit. So adds and deletes from several processes interleave safely. There is no in-process state: every
 * search reads KV, so what another process added or deleted is seen at once (the only module state is the
 * compiled scoring kernel).
 */
import { vectorInPage } from "./vectors/page_codec.ts";
import {
  pageKey,
  type Partition,
  placeOf,
  type VectorEntry,
  type VectorItem,
  vectorItemKey,
} from "./vectors/records.ts";
import {
  type PartitionStats,
  partitionStats,
  type SearchOptions,
  searchVectors,
  type VectorMatch,
} from "./vectors/search.ts";
import { addVector, addVectors, removeVector } from "./vectors/writes.ts";

export {
  blockCapacity,
  decodeBlock,
  encodeBlock,
  ID_BYTES,
  quantize,
  type VectorBlock,
} from "./vectors/block_codec.ts";
export { decodePage, encodePage, pageCapacity, type VectorPage } from "./vectors/page_codec.ts";
export {
  INT8_DOT_WASM,
  INT8_DOT_WAT,
  type Int8DotKernel,
  int8DotKernel,
  type Int8DotKernelName,
  type QuantizedQuery,
  quantizeQuery,
} from "./vectors/int8_kernel.ts";
export {
  indexedEmbedderOf,
  type Partition,
  type PartitionMeta,
  VECTOR_PREFIX,
  type VectorEntry,
  type VectorItem,
  vectorItemKey,
} from "./vectors/records.ts";
export type { PartitionStats, SearchOptions, SearchStats, VectorMatch } from "./vectors/search.ts";
export { VectorIndexConflictError } from "./vectors/writes.ts";

/** The KV-backed vector index: one handle over the modules under vectors/. */
export class VectorIndex {
  constructor(readonly kv: Deno.Kv) {}

  /** The stored item of a generation id (with its exact vector), or null. */
  async get(id: string): Promise<VectorItem | null> {
    const item = placeOf((await this.kv.get<unknown>(vectorItemKey(id))).value);
    if (!item) return null;
    let vector = item.vector ?? null;
    if (!vector && item.page !== undefined) {
      const page = await this.kv.get<Uint8Array>(pageKey(item, item.page));
      vector = page.value ? vectorInPage(page.value, item.slot ?? -1) : null;
    }
    if (!vector) return null;
    return {
      id,
      embedderId: item.embedderId,
      scale: item.scale,
      competitor: item.competitor,
      block: item.block,
      vector,
      indexedAt: item.indexedAt,
    };
  }

  /**
   * Indexes (or re-indexes) one vector. An existing vector of the same id is replaced in the same atomic
   * commit, also when it lives in another partition (other embedder, scale or competitor).
   */
  add(entry: VectorEntry): Promise<void> {
    return addVector(this.kv, entry);
  }

  /**
   * Indexes many vectors of new ids fast: whole blocks per commit. Each item is checked absent unless
   * `assumeNew` is set (the caller guarantees the ids are not indexed, e.g. a freshly built corpus); an id that
   * turns out to exist falls back to {@link add}. `onProgress` gets the number written so far.
   */
  addMany(
    entries: VectorEntry[],
    options: { assumeNew?: boolean; onProgress?: (written: number) => void } = {},
  ): Promise<void> {
    return addVectors(this.kv, entries, options);
  }

  /** Removes the vector of a generation id; false when there was none. */
  remove(id: string): Promise<boolean> {
    return removeVector(this.kv, id);
  }

  /**
   * The vectors of `partition` most similar to `query` (exact cosine, best first), reading the partition's
   * blocks from KV. The result is exactly the best `limit` of a float scan: every entry is scored in integers
   * with a proven error bound (int8 rounding of the entry: ≤ ½·scale per component, so ‖e‖ ≤ ½·√dims·scale;
   * int16 rounding of the query: measured), entries whose upper bound falls below the `limit`-th best lower
   * bound (or below `minScore`) are dropped, and the rest are rescored from their float32 items, best upper
   * bound first, until no remaining one can enter the top. Only ids whose item still exists in the same
   * partition are returned. Block lists use eventual consistency (a replica may lag a moment behind a
   * write; items are then read strongly, so a removed vector is never returned).
   */
  search(query: Float32Array, partition: Partition, options: SearchOptions = {}): Promise<VectorMatch[]> {
    return searchVectors(this.kv, query, partition, options);
  }

  /** Block and vector counts of a partition. */
  stats(partition: Partition): Promise<PartitionStats> {
    return partitionStats(this.kv, partition);
  }
}
