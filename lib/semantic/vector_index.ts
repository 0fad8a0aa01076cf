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
 *  - `["vectors", "item", id]` → {@link VectorItem}: the source of truth for one generation's vector (embedder
 *    id, partition, block number, exact float32 vector). One vector per generation id: re-embedding with
 *    another embedder moves it to that embedder's partition.
 *  - `["vectors", "block", embedderId, scale, competitor, n]` → `Uint8Array` (see {@link encodeBlock}): ids,
 *    per-vector scales and int8 components of up to {@link blockCapacity} vectors, packed as raw bytes so a
 *    scan reads them without deserializing an object or allocating a string per vector; a scan accelerator
 *    (one value holds ~220 vectors of 256 dims). A search only returns an id
 *    whose item still exists in the same partition, so a stray block entry can never produce a wrong match.
 *  - `["vectors", "meta", embedderId, scale, competitor]` → {@link PartitionMeta}: the block new vectors are
 *    appended to and the next free block number.
 *
 * Writes are atomic and checked (optimistic concurrency with versionstamps, retried): an add appends to the
 * open block and writes the item in one commit that checks the item, the meta and every block it rewrites; a
 * remove swap-deletes the entry from its block (deleting an emptied block) and deletes the item in one checked
 * commit. So adds and deletes from several processes interleave safely. There is no in-process state: every
 * search reads KV, so what another process added or deleted is seen at once (the only module state is the
 * compiled scoring kernel).
 */
import { vectorBlockKey, vectorBlockPrefix, vectorItemKey, vectorMetaKey } from "../platform/kv/keys.ts";

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

/** A block, decoded (the value of a block key is its {@link encodeBlock} bytes). */
export interface VectorBlock {
  dims: number;
  ids: string[];
  /** Per vector: the factor turning its int8 components back into floats. */
  scales: Float32Array;
  /** `ids.length × dims` int8 components, vector after vector. */
  data: Int8Array;
}

/** Value of a partition's meta key. */
export interface PartitionMeta {
  /** Block new vectors are appended to. */
  open: number;
  /** Next unused block number. */
  next: number;
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

/** A search hit: exact cosine similarity. */
export interface VectorMatch {
  id: string;
  score: number;
}

/** Options of a search. */
export interface SearchOptions {
  /** Hits returned at most (best first), default 5. */
  limit?: number;
  /** Only hits scoring at least this much (exact cosine). */
  minScore?: number;
  /**
   * Blocks per `kv.list` batch, default 64: at most two batches are held at once (the one being scored and the
   * next one being read), so memory stays under 2 × 64 × 64 KiB whatever the corpus size.
   */
  batchSize?: number;
  /** Scoring kernel: `"wasm-simd"` (default; falls back to `"js"` where unavailable) or `"js"`. */
  kernel?: Int8DotKernelName;
  /** Receives the figures of the search once it is done (benchmarks, diagnostics). */
  onStats?: (stats: SearchStats) => void;
}

/** What a search did. */
export interface SearchStats {
  /** Kernel that scored the blocks. */
  kernel: Int8DotKernelName;
  /** Blocks and vectors scored. */
  blocks: number;
  vectors: number;
  /** Entries whose upper bound could reach the top (rescoring candidates). */
  candidates: number;
  /** Items read and scored exactly. */
  rescored: number;
  /** Rescored entries whose item was gone or elsewhere (skipped). */
  missing: number;
}

/** Statistics of a partition (for admin output and benchmarks). */
export interface PartitionStats {
  blocks: number;
  vectors: number;
  bytes: number;
}

/**
 * Budget of one block value: KV allows 65,536 bytes for a `Uint8Array` value (stored as raw bytes); a little is
 * left spare. Blocks written with the older 60 KiB budget stay valid (they are just filled further).
 */
const BLOCK_BYTES = 65_536 - 64;
/** Blocks read by the first `kv.list` batch of a search (small, so scoring starts early). */
const FIRST_BATCH_BLOCKS = 8;
/** Default blocks per later `kv.list` batch. */
const BATCH_BLOCKS = 64;
/** Items read per `kv.getMany` when rescoring candidates (KV's limit is 10 keys). */
const GET_MANY_KEYS = 10;
/** `kv.getMany` calls made at once by a later rescoring round (the first round makes one). */
const RESCORE_READS = 3;
/** Absolute slack added to every error bound (float64 rounding of the bound's own arithmetic, ‖q‖ ≠ 1 by ulps). */
const BOUND_SLACK = 1e-6;
/** Attempts of an optimistic write before giving up. */
const MAX_ATTEMPTS = 30;
/** KV's per-commit limits, with headroom. */
const MAX_CHECKS = 95;
const MAX_COMMIT_BYTES = 700 * 1024;

/** Vectors per block for a dimension count. */
export function blockCapacity(dims: number): number {
  return Math.max(1, Math.floor((BLOCK_BYTES - BLOCK_HEADER) / (dims + 4 + ID_BYTES)));
}

/** Bytes reserved per id in a block (ASCII, zero-padded): generation ids are 26-character ULIDs. */
export const ID_BYTES = 32;
const BLOCK_HEADER = 8;
const BLOCK_FORMAT = 1;

/**
 * Packs a block: `[format u8, 0, dims u16, count u16, 0, 0]`, then `count` float32 scales, `count` ids of
 * {@link ID_BYTES} ASCII bytes, and `count × dims` int8 components (little-endian).
 */
export function encodeBlock(block: VectorBlock): Uint8Array {
  const count = block.ids.length;
  const out = new Uint8Array(BLOCK_HEADER + count * (4 + ID_BYTES + block.dims));
  const view = new DataView(out.buffer);
  view.setUint8(0, BLOCK_FORMAT);
  view.setUint16(2, block.dims, true);
  view.setUint16(4, count, true);
  for (let i = 0; i < count; i++) view.setFloat32(BLOCK_HEADER + 4 * i, block.scales[i], true);
  const idsAt = BLOCK_HEADER + 4 * count;
  for (let i = 0; i < count; i++) {
    const id = block.ids[i];
    for (let k = 0; k < id.length; k++) out[idsAt + i * ID_BYTES + k] = id.charCodeAt(k);
  }
  out.set(
    new Uint8Array(block.data.buffer, block.data.byteOffset, count * block.dims),
    idsAt + count * ID_BYTES,
  );
  return out;
}

/** Raw views over a packed block (no copies). */
interface BlockView {
  dims: number;
  count: number;
  scales: Float32Array;
  data: Int8Array;
  bytes: Uint8Array;
  idsAt: number;
}

function viewBlock(bytes: Uint8Array): BlockView | null {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength < BLOCK_HEADER || bytes[0] !== BLOCK_FORMAT) {
    return null;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = view.getUint16(2, true);
  const count = view.getUint16(4, true);
  if (bytes.byteLength !== BLOCK_HEADER + count * (4 + ID_BYTES + dims)) return null;
  // Float32Array views need 4-byte alignment; copy the (small) scales when the value is not aligned.
  const scalesAt = bytes.byteOffset + BLOCK_HEADER;
  const scales = scalesAt % 4 === 0
    ? new Float32Array(bytes.buffer, scalesAt, count)
    : new Float32Array(bytes.slice(BLOCK_HEADER, BLOCK_HEADER + 4 * count).buffer);
  const idsAt = BLOCK_HEADER + 4 * count;
  const data = new Int8Array(bytes.buffer, bytes.byteOffset + idsAt + count * ID_BYTES, count * dims);
  return { dims, count, scales, data, bytes, idsAt };
}

function idAt(v: BlockView, i: number): string {
  const start = v.idsAt + i * ID_BYTES;
  let end = start;
  while (end < start + ID_BYTES && v.bytes[end] !== 0) end++;
  return String.fromCharCode(...v.bytes.subarray(start, end));
}

/** Unpacks a block written by {@link encodeBlock}; null for bytes that are not one. */
export function decodeBlock(bytes: Uint8Array): VectorBlock | null {
  const v = viewBlock(bytes);
  if (!v) return null;
  const ids = Array.from({ length: v.count }, (_, i) => idAt(v, i));
  return { dims: v.dims, ids, scales: Float32Array.from(v.scales), data: Int8Array.from(v.data) };
}

/** Thrown when a write keeps conflicting with other writers. */
export class VectorIndexConflictError extends Error {
  constructor(what: string) {
    super(`vector index: ${what} kept conflicting with concurrent writes`);
    this.name = "VectorIndexConflictError";
  }
}

/** KV key of a generation id's {@link VectorItem}. */
export { vectorItemKey };
function metaKey(p: Partition): Deno.KvKey {
  return vectorMetaKey(p.embedderId, p.scale, p.competitor);
}
function blockPrefix(p: Partition): Deno.KvKey {
  return vectorBlockPrefix(p.embedderId, p.scale, p.competitor);
}
function blockKey(p: Partition, n: number): Deno.KvKey {
  return vectorBlockKey(p.embedderId, p.scale, p.competitor, n);
}

/** int8 quantization of a vector: components and the factor to undo it. */
export function quantize(vector: Float32Array): { q: Int8Array; scale: number } {
  let max = 0;
  for (let i = 0; i < vector.length; i++) max = Math.max(max, Math.abs(vector[i]));
  const q = new Int8Array(vector.length);
  if (max === 0) return { q, scale: 0 };
  const scale = max / 127;
  for (let i = 0; i < vector.length; i++) q[i] = Math.round(vector[i] / scale);
  return { q, scale };
}

/** Names of the int8 scoring kernels. */
export type Int8DotKernelName = "wasm-simd" | "js";

/**
 * Scores the entries of a block in exact integer arithmetic: `out[v] = Σ_j q[j] · data[v·dims + j]` for
 * `v < count`, where `dims = q.length`, `q` is an int16 query from {@link quantizeQuery} (its range keeps every
 * partial sum inside int32) and `data` holds `count × dims` int8 components.
 */
export interface Int8DotKernel {
  readonly name: Int8DotKernelName;
  score(q: Int16Array, data: Int8Array, count: number, out: Int32Array): void;
}

/**
 * WebAssembly text of the SIMD kernel (`scores(data, count, dims, q, out)` over its own 4-page memory): each
 * step sign-extends 16 int8 components to int16 and multiply-adds them with 16 query components into four
 * int32 lanes (`i32x4.dot_i16x8_s`); a scalar loop takes the last `dims % 16`. {@link INT8_DOT_WASM} is this
 * text assembled (wabt `parseWat` + `toBinary`; tests/vector_index_test.ts checks they match).
 */
export const INT8_DOT_WAT = `(module
  (memory (export "memory") 4)
  (func (export "scores") (param $data i32) (param $count i32) (param $dims i32) (param $q i32) (param $out i32)
    (local $v i32) (local $j i32) (local $p i32) (local $end i32) (local $s i32) (local $acc v128) (local $d v128)
    (local.set $end (i32.and (local.get $dims) (i32.const -16)))
    (local.set $p (local.get $data))
    (block $done
      (loop $vector
        (br_if $done (i32.ge_u (local.get $v) (local.get $count)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (block $simd_done
          (loop $simd
            (br_if $simd_done (i32.ge_u (local.get $j) (local.get $end)))
            (local.set $d (v128.load (i32.add (local.get $p) (local.get $j))))
            (local.set $acc (i32x4.add (local.get $acc)
              (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $d))
                (v128.load (i32.add (local.get $q) (i32.shl (local.get $j) (i32.const 1)))))))
            (local.set $acc (i32x4.add (local.get $acc)
              (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $d))
                (v128.load offset=16 (i32.add (local.get $q) (i32.shl (local.get $j) (i32.const 1)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $simd)))
        (local.set $s (i32.add
          (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
          (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
        (block $tail_done
          (loop $tail
            (br_if $tail_done (i32.ge_u (local.get $j) (local.get $dims)))
            (local.set $s (i32.add (local.get $s)
              (i32.mul (i32.load8_s (i32.add (local.get $p) (local.get $j)))
                (i32.load16_s (i32.add (local.get $q) (i32.shl (local.get $j) (i32.const 1)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $v) (i32.const 2))) (local.get $s))
        (local.set $p (i32.add (local.get $p) (local.get $dims)))
        (local.set $v (i32.add (local.get $v) (i32.const 1)))
        (br $vector)))))
`;

/** {@link INT8_DOT_WAT} assembled (297 bytes). */
export const INT8_DOT_WASM: Uint8Array<ArrayBuffer> = Uint8Array.from(
  atob(
    "AGFzbQEAAAABCQFgBX9/f39/AAMCAQAFAwEABAcTAgZtZW1vcnkCAAZzY29yZXMAAAr1AQHyAQIFfwJ7IAJBcHEhCCAAIQcCQANAIAUg" +
      "AU8NAf0MAAAAAAAAAAAAAAAAAAAAACEKQQAhBgJAA0AgBiAITw0BIAcgBmr9AAQAIQsgCiAL/YcBIAMgBkEBdGr9AAQA/boB/a4B" +
      "IQogCiAL/YgBIAMgBkEBdGr9AAQQ/boB/a4BIQogBkEQaiEGDAALCyAK/RsAIAr9GwFqIAr9GwIgCv0bA2pqIQkCQANAIAYgAk8N" +
      "ASAJIAcgBmosAAAgAyAGQQF0ai4BAGxqIQkgBkEBaiEGDAALCyAEIAVBAnRqIAk2AgAgByACaiEHIAVBAWohBQwACwsL",
  ),
  (c) => c.charCodeAt(0),
);

/** Memory layout of the SIMD kernel: query (≤ 65,535 int16), results (≤ 4,096 int32), one block's data. */
const WASM_Q_AT = 0;
const WASM_OUT_AT = 131_072;
const WASM_DATA_AT = 147_456;
const WASM_DATA_BYTES = 65_536;
const WASM_MAX_COUNT = (WASM_DATA_AT - WASM_OUT_AT) / 4;

/** The plain JS kernel: four int32 accumulators, unrolled by four. */
const jsKernel: Int8DotKernel = {
  name: "js",
  score(q, data, count, out) {
    const dims = q.length;
    const end = dims & ~3;
    for (let v = 0, o = 0; v < count; v++, o += dims) {
      let a = 0, b = 0, c = 0, d = 0, j = 0;
      for (; j < end; j += 4) {
        a = (a + q[j] * data[o + j]) | 0;
        b = (b + q[j + 1] * data[o + j + 1]) | 0;
        c = (c + q[j + 2] * data[o + j + 2]) | 0;
        d = (d + q[j + 3] * data[o + j + 3]) | 0;
      }
      for (; j < dims; j++) a = (a + q[j] * data[o + j]) | 0;
      out[v] = (a + b + c + d) | 0;
    }
  },
};

function compileWasmKernel(): Int8DotKernel | null {
  try {
    if (typeof WebAssembly !== "object" || !WebAssembly.validate(INT8_DOT_WASM)) return null;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(INT8_DOT_WASM));
    const exports = instance.exports as {
      memory: WebAssembly.Memory;
      scores: (data: number, count: number, dims: number, q: number, out: number) => void;
    };
    // The memory never grows, so these views stay valid. Calls are synchronous: concurrent searches of the
    // process cannot interleave inside one.
    const bytes = new Int8Array(exports.memory.buffer);
    const query = new Int16Array(exports.memory.buffer, WASM_Q_AT, (WASM_OUT_AT - WASM_Q_AT) / 2);
    const results = new Int32Array(exports.memory.buffer, WASM_OUT_AT, WASM_MAX_COUNT);
    return {
      name: "wasm-simd",
      score(q, data, count, out) {
        const dims = q.length;
        if (count > WASM_MAX_COUNT || count * dims > WASM_DATA_BYTES || dims > query.length) {
          return jsKernel.score(q, data, count, out);
        }
        query.set(q);
        bytes.set(data.subarray(0, count * dims), WASM_DATA_AT);
        exports.scores(WASM_DATA_AT, count, dims, WASM_Q_AT, WASM_OUT_AT);
        out.set(results.subarray(0, count));
      },
    };
  } catch {
    return null;
  }
}

let wasmKernel: Int8DotKernel | null | undefined;

/** The scoring kernel: WebAssembly SIMD when the runtime has it (compiled once per process), else plain JS. */
export function int8DotKernel(prefer: Int8DotKernelName = "wasm-simd"): Int8DotKernel {
  if (prefer === "js") return jsKernel;
  if (wasmKernel === undefined) wasmKernel = compileWasmKernel();
  return wasmKernel ?? jsKernel;
}

/** A unit query quantized for the kernels: `q ≈ scale × q16`, `error` = ‖q − scale × q16‖. */
export interface QuantizedQuery {
  q16: Int16Array;
  scale: number;
  error: number;
}

/**
 * Quantizes a query to integers as large as the dimension count allows while Σ|q16|·127 fits int32 (±32,767
 * up to 528 dims, ±11,008 at 1,536), so kernel sums are exact; null for a zero vector.
 */
export function quantizeQuery(q: Float32Array): QuantizedQuery | null {
  const range = Math.min(32_767, Math.floor(0x7fff_ffff / (127 * Math.max(1, q.length))));
  let max = 0;
  for (let j = 0; j < q.length; j++) max = Math.max(max, Math.abs(q[j]));
  if (max === 0 || range < 1) return null;
  const scale = max / range;
  const q16 = new Int16Array(q.length);
  let error = 0;
  for (let j = 0; j < q.length; j++) {
    q16[j] = Math.max(-range, Math.min(range, Math.round(q[j] / scale)));
    error += (q[j] - q16[j] * scale) ** 2;
  }
  return { q16, scale, error: Math.sqrt(error) };
}

function unitCopy(vector: Float32Array): Float32Array {
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

function emptyBlock(dims: number): VectorBlock {
  return { dims, ids: [], scales: new Float32Array(0), data: new Int8Array(0) };
}

/** A block with one more entry (copies; blocks read from KV are never mutated in place). */
function appendToBlock(block: VectorBlock, id: string, vector: Float32Array): VectorBlock {
  const { q, scale } = quantize(vector);
  const count = block.ids.length;
  const scales = new Float32Array(count + 1);
  scales.set(block.scales.subarray(0, count));
  scales[count] = scale;
  const data = new Int8Array((count + 1) * block.dims);
  data.set(block.data.subarray(0, count * block.dims));
  data.set(q, count * block.dims);
  return { dims: block.dims, ids: [...block.ids, id], scales, data };
}

/** A block without `id` (the last entry takes its place); unchanged when absent. */
function removeFromBlock(block: VectorBlock, id: string): VectorBlock {
  const at = block.ids.indexOf(id);
  if (at < 0) return block;
  const last = block.ids.length - 1;
  const ids = [...block.ids];
  const scales = Float32Array.from(block.scales.subarray(0, last + 1));
  const data = Int8Array.from(block.data.subarray(0, (last + 1) * block.dims));
  if (at !== last) {
    ids[at] = ids[last];
    scales[at] = scales[last];
    data.copyWithin(at * block.dims, last * block.dims, (last + 1) * block.dims);
  }
  ids.pop();
  return {
    dims: block.dims,
    ids,
    scales: scales.slice(0, last),
    data: data.slice(0, last * block.dims),
  };
}

function samePartition(a: Partition, b: Partition): boolean {
  return a.embedderId === b.embedderId && a.scale === b.scale && a.competitor === b.competitor;
}

function validateEntry(entry: VectorEntry): void {
  if (!entry.id || typeof entry.id !== "string") throw new Error("vector entry needs an id");
  if (entry.id.length > ID_BYTES || !/^[\x21-\x7e]+$/.test(entry.id)) {
    throw new Error(`vector id must be 1–${ID_BYTES} printable ASCII characters: ${entry.id.slice(0, 40)}`);
  }
  if (!(entry.vector instanceof Float32Array) || entry.vector.length === 0) {
    throw new Error(`vector of ${entry.id} must be a non-empty Float32Array`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Writes through one KV handle are queued one after another (per process and handle): concurrent writers of
 * the same process would otherwise all contend for the same partition meta key and starve each other.
 * Across processes, the versionstamp checks and retries keep writes correct.
 */
const writeQueues = new WeakMap<Deno.Kv, Promise<unknown>>();
function serialized<T>(kv: Deno.Kv, fn: () => Promise<T>): Promise<T> {
  const previous = writeQueues.get(kv) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  writeQueues.set(kv, run.catch(() => {}));
  return run;
}

/** The KV-backed vector index. */
export class VectorIndex {
  constructor(readonly kv: Deno.Kv) {}

  /** The stored item of a generation id, or null. */
  async get(id: string): Promise<VectorItem | null> {
    return (await this.kv.get<VectorItem>(vectorItemKey(id))).value;
  }

  /**
   * Indexes (or re-indexes) one vector. An existing vector of the same id is replaced in the same atomic
   * commit, also when it lives in another partition (other embedder, scale or competitor).
   */
  add(entry: VectorEntry): Promise<void> {
    try {
      validateEntry(entry);
    } catch (err) {
      return Promise.reject(err);
    }
    return serialized(this.kv, () => this.#add(entry));
  }

  async #add(entry: VectorEntry): Promise<void> {
    const vector = unitCopy(entry.vector);
    const dims = vector.length;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const [item, meta] = await this.kv.getMany<[VectorItem, PartitionMeta]>([
        vectorItemKey(entry.id),
        metaKey(entry),
      ]);
      const m: PartitionMeta = meta.value ?? { open: 0, next: 1 };
      const blocks = new Map<
        string,
        { key: Deno.KvKey; versionstamp: string | null; value: VectorBlock | null }
      >();
      const readBlock = async (p: Partition, n: number) => {
        const key = blockKey(p, n);
        const id = JSON.stringify(key);
        if (!blocks.has(id)) {
          const res = await this.kv.get<Uint8Array>(key);
          blocks.set(id, {
            key,
            versionstamp: res.versionstamp,
            value: res.value ? decodeBlock(res.value) : null,
          });
        }
        return blocks.get(id)!;
      };
      const op = this.kv.atomic().check(item).check(meta);
      if (item.value) {
        const old = await readBlock(item.value, item.value.block);
        if (old.value) old.value = removeFromBlock(old.value, entry.id);
      }
      let open = await readBlock(entry, m.open);
      let openNo = m.open;
      const current = open.value ?? emptyBlock(dims);
      if (current.dims !== dims) {
        throw new Error(`vector of ${entry.id} has ${dims} dimensions; partition has ${current.dims}`);
      }
      if (current.ids.length >= blockCapacity(dims)) {
        openNo = m.next;
        open = await readBlock(entry, openNo);
        m.open = openNo;
        m.next = openNo + 1;
      }
      open.value = appendToBlock(open.value ?? emptyBlock(dims), entry.id, vector);
      for (const b of blocks.values()) {
        op.check({ key: b.key, versionstamp: b.versionstamp });
        if (b.value && b.value.ids.length) op.set(b.key, encodeBlock(b.value));
        else op.delete(b.key);
      }
      op.set(metaKey(entry), m);
      op.set(
        vectorItemKey(entry.id),
        {
          id: entry.id,
          embedderId: entry.embedderId,
          scale: entry.scale,
          competitor: entry.competitor,
          block: openNo,
          vector,
          indexedAt: Date.now(),
        } satisfies VectorItem,
      );
      if ((await op.commit()).ok) return;
      await sleep(Math.random() * Math.min(50, 2 ** attempt));
    }
    throw new VectorIndexConflictError(`adding ${entry.id}`);
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
    return serialized(this.kv, () => this.#addMany(entries, options));
  }

  async #addMany(
    entries: VectorEntry[],
    options: { assumeNew?: boolean; onProgress?: (written: number) => void },
  ): Promise<void> {
    const groups = new Map<string, VectorEntry[]>();
    const unique = new Map<string, VectorEntry>();
    for (const entry of entries) unique.set(entry.id, entry); // the last vector of an id wins
    for (const entry of unique.values()) {
      validateEntry(entry);
      const k = JSON.stringify(metaKey(entry));
      const list = groups.get(k) ?? [];
      list.push(entry);
      groups.set(k, list);
    }
    let written = 0;
    for (const group of groups.values()) {
      let rest = group;
      while (rest.length) {
        const done = await this.#appendBatch(rest, options.assumeNew ?? false);
        written += done.written;
        for (const existing of done.existing) await this.#add(existing);
        written += done.existing.length;
        rest = rest.slice(done.consumed);
        options.onProgress?.(written);
      }
    }
  }

  /** One checked commit appending a prefix of `entries` (one partition); returns how many it consumed. */
  async #appendBatch(
    entries: VectorEntry[],
    assumeNew: boolean,
  ): Promise<{ consumed: number; written: number; existing: VectorEntry[] }> {
    const p = entries[0];
    const dims = p.vector.length;
    const capacity = blockCapacity(dims);
    const itemBytes = dims * 4 + 200;
    // As many items as fit one commit with the blocks they fill (and, when checked, KV's check limit).
    let n = 1;
    while (
      n < entries.length &&
      (n + 1) * itemBytes + (Math.ceil((n + 1) / capacity) + 1) * BLOCK_BYTES <= MAX_COMMIT_BYTES &&
      (assumeNew || (n + 1) + Math.ceil((n + 1) / capacity) + 3 <= MAX_CHECKS)
    ) n++;
    const slice = entries.slice(0, n);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      let fresh = slice;
      const existing: VectorEntry[] = [];
      if (!assumeNew) {
        const found = new Set<string>();
        for (let i = 0; i < slice.length; i += 10) {
          const res = await this.kv.getMany(slice.slice(i, i + 10).map((e) => vectorItemKey(e.id)));
          res.forEach((r, k) => r.versionstamp !== null && found.add(slice[i + k].id));
        }
        fresh = slice.filter((e) => !found.has(e.id));
        existing.push(...slice.filter((e) => found.has(e.id)));
      }
      if (!fresh.length) return { consumed: slice.length, written: 0, existing };
      const meta = await this.kv.get<PartitionMeta>(metaKey(p));
      const m: PartitionMeta = meta.value ?? { open: 0, next: 1 };
      const openRes = await this.kv.get<Uint8Array>(blockKey(p, m.open));
      let block = (openRes.value ? decodeBlock(openRes.value) : null) ?? emptyBlock(dims);
      if (block.dims !== dims) {
        throw new Error(`vector dimensions ${dims} differ from the partition's ${block.dims}`);
      }
      let blockNo = m.open;
      const op = this.kv.atomic().check(meta).check(openRes);
      const staged: { no: number; block: VectorBlock }[] = [];
      for (const entry of fresh) {
        if (entry.vector.length !== dims) {
          throw new Error(`vector of ${entry.id} has another dimension count`);
        }
        if (block.ids.length >= capacity) {
          staged.push({ no: blockNo, block });
          blockNo = m.next;
          m.open = blockNo;
          m.next = blockNo + 1;
          block = emptyBlock(dims);
          op.check({ key: blockKey(p, blockNo), versionstamp: null });
        }
        const vector = unitCopy(entry.vector);
        block = appendToBlock(block, entry.id, vector);
        if (!assumeNew) op.check({ key: vectorItemKey(entry.id), versionstamp: null });
        op.set(
          vectorItemKey(entry.id),
          {
            id: entry.id,
            embedderId: entry.embedderId,
            scale: entry.scale,
            competitor: entry.competitor,
            block: blockNo,
            vector,
            indexedAt: Date.now(),
          } satisfies VectorItem,
        );
      }
      staged.push({ no: blockNo, block });
      for (const st of staged) op.set(blockKey(p, st.no), encodeBlock(st.block));
      op.set(metaKey(p), m);
      if ((await op.commit()).ok) return { consumed: slice.length, written: fresh.length, existing };
      await sleep(Math.random() * Math.min(50, 2 ** attempt));
    }
    throw new VectorIndexConflictError("a batch add");
  }

  /** Removes the vector of a generation id; false when there was none. */
  remove(id: string): Promise<boolean> {
    return serialized(this.kv, () => this.#remove(id));
  }

  async #remove(id: string): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const item = await this.kv.get<VectorItem>(vectorItemKey(id));
      if (!item.value) return false;
      const key = blockKey(item.value, item.value.block);
      const block = await this.kv.get<Uint8Array>(key);
      const op = this.kv.atomic().check(item).check(block).delete(vectorItemKey(id));
      const decoded = block.value ? decodeBlock(block.value) : null;
      if (decoded) {
        const next = removeFromBlock(decoded, id);
        if (next.ids.length) op.set(key, encodeBlock(next));
        else op.delete(key);
      }
      if ((await op.commit()).ok) return true;
      await sleep(Math.random() * Math.min(50, 2 ** attempt));
    }
    throw new VectorIndexConflictError(`removing ${id}`);
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
  async search(
    query: Float32Array,
    partition: Partition,
    options: SearchOptions = {},
  ): Promise<VectorMatch[]> {
    const limit = Math.max(1, Math.floor(options.limit ?? 5));
    const first = await this.#search(query, partition, options, limit);
    // A block entry without its item (never left by this module's atomic writes, but possible in a damaged
    // store) may have taken a place in the pruning bound: search once more, keeping room for those entries.
    if (first.stats.missing === 0 || first.matches.length >= limit) {
      options.onStats?.(first.stats);
      return first.matches.slice(0, limit);
    }
    const again = await this.#search(query, partition, options, limit + first.stats.missing);
    options.onStats?.(again.stats);
    return again.matches.slice(0, limit);
  }

  async #search(
    query: Float32Array,
    partition: Partition,
    options: SearchOptions,
    limit: number,
  ): Promise<{ matches: VectorMatch[]; stats: SearchStats }> {
    const minScore = options.minScore ?? -Infinity;
    const q = unitCopy(query);
    const dims = q.length;
    const quantized = quantizeQuery(q);
    const kernel = int8DotKernel(options.kernel);
    const stats: SearchStats = {
      kernel: kernel.name,
      blocks: 0,
      vectors: 0,
      candidates: 0,
      rescored: 0,
      missing: 0,
    };
    if (!quantized) return { matches: [], stats };
    const { q16, scale: qScale, error: qError } = quantized;
    // ‖entry error‖ per unit of entry scale (with room for the float32 rounding of the stored scale).
    const errorPerScale = Math.sqrt(dims) * (0.5 + 1e-5);
    // The `limit` best lower bounds so far, descending: an entry whose upper bound is below the last one cannot
    // be in the top `limit`; `floor` is that bound or `minScore`, whichever is higher.
    const lowers = new Float64Array(limit).fill(-Infinity);
    let floor = minScore;
    let candidates: { id: string; upper: number }[] = [];
    let scores = new Int32Array(256);

    await this.#scanBlocks(partition, options.batchSize ?? BATCH_BLOCKS, (bytes) => {
      const block = viewBlock(bytes);
      if (!block || block.dims !== dims) return;
      const { count, scales } = block;
      stats.blocks++;
      stats.vectors += count;
      if (scores.length < count) scores = new Int32Array(count);
      kernel.score(q16, block.data, count, scores);
      for (let v = 0; v < count; v++) {
        const s = scales[v];
        const approx = scores[v] * qScale * s;
        const entryError = errorPerScale * s;
        // |q·x − approx| ≤ ‖q‖‖e_x‖ + ‖e_q‖‖x̂‖, with ‖q‖, ‖x‖ = 1 (float32) and ‖x̂‖ ≤ 1 + ‖e_x‖.
        const bound = entryError + qError * (1 + entryError) + BOUND_SLACK;
        const lower = approx - bound;
        if (lower > lowers[limit - 1]) {
          let i = limit - 1;
          while (i > 0 && lowers[i - 1] < lower) {
            lowers[i] = lowers[i - 1];
            i--;
          }
          lowers[i] = lower;
          floor = Math.max(minScore, lowers[limit - 1]);
        }
        if (approx + bound >= floor) candidates.push({ id: idAt(block, v), upper: approx + bound });
      }
      if (candidates.length > 4 * limit + 512) candidates = candidates.filter((c) => c.upper >= floor);
    });

    const pool = candidates.filter((c) => c.upper >= floor).sort((a, b) => b.upper - a.upper);
    stats.candidates = pool.length;
    const matches: VectorMatch[] = [];
    const seen = new Set<string>();
    for (let i = 0, round = 0; i < pool.length; round++) {
      // Stop once the `limit`-th exact score beats every remaining upper bound.
      if (matches.length >= limit && matches[limit - 1].score > pool[i].upper) break;
      const ids: string[] = [];
      const want = GET_MANY_KEYS * (round === 0 ? 1 : RESCORE_READS);
      for (; i < pool.length && ids.length < want; i++) {
        if (!seen.has(pool[i].id)) {
          seen.add(pool[i].id);
          ids.push(pool[i].id);
        }
      }
      const reads = [];
      for (let k = 0; k < ids.length; k += GET_MANY_KEYS) {
        reads.push(this.kv.getMany<VectorItem[]>(ids.slice(k, k + GET_MANY_KEYS).map(vectorItemKey)));
      }
      for (const items of await Promise.all(reads)) {
        for (const res of items) {
          const item = res.value;
          stats.rescored++;
          if (!item || !samePartition(item, partition) || item.vector.length !== dims) {
            stats.missing++;
            continue;
          }
          let dot = 0;
          for (let j = 0; j < dims; j++) dot += q[j] * item.vector[j];
          if (dot >= minScore) matches.push({ id: item.id, score: dot });
        }
      }
      matches.sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : -1));
    }
    return { matches, stats };
  }

  /**
   * Calls `visit` with every block value of a partition, in key order. The next `kv.list` batch is already
   * being read (off the JS thread) while the current one is visited; at most two batches are held.
   */
  async #scanBlocks(partition: Partition, batchSize: number, visit: (bytes: Uint8Array) => void) {
    const prefix = blockPrefix(partition);
    const size = Math.max(1, Math.floor(batchSize));
    const read = async (cursor: string | undefined, limit: number) => {
      const iter = this.kv.list<Uint8Array>({ prefix }, {
        limit,
        batchSize: limit,
        cursor,
        consistency: "eventual",
      });
      const values: Uint8Array[] = [];
      for await (const entry of iter) values.push(entry.value);
      return { values, cursor: values.length === limit ? iter.cursor : null };
    };
    let pending: ReturnType<typeof read> | null = read(undefined, Math.min(FIRST_BATCH_BLOCKS, size));
    while (pending) {
      const batch: Awaited<ReturnType<typeof read>> = await pending;
      pending = batch.cursor ? read(batch.cursor, size) : null;
      try {
        for (const value of batch.values) visit(value);
      } catch (err) {
        pending?.catch(() => {}); // not awaited any more: never an unhandled rejection
        throw err;
      }
    }
  }

  /** Block and vector counts of a partition. */
  async stats(partition: Partition): Promise<PartitionStats> {
    const stats: PartitionStats = { blocks: 0, vectors: 0, bytes: 0 };
    for await (
      const entry of this.kv.list<Uint8Array>({ prefix: blockPrefix(partition) }, { batchSize: 100 })
    ) {
      const block = viewBlock(entry.value);
      if (!block) continue;
      stats.blocks++;
      stats.vectors += block.count;
      stats.bytes += entry.value.byteLength;
    }
    return stats;
  }
}
