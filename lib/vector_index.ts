/**
 * The vector index of the semantic cache, in Deno KV, scanned by cosine similarity.
 *
 * Vectors are partitioned by (embedder id, scale, competitor): a search reads only the partition of its query,
 * so vectors of another embedder, scale or competitor are never compared. Inside a partition, vectors are
 * packed into blocks of int8-quantized entries (up to ~60 KiB per KV value), so a cold search of 10,000
 * 256-d vectors is ~50 `kv.list` values instead of 10,000 keys. Blocks are streamed (bounded memory: one list
 * batch at a time, top-k kept) and the best few candidates are rescored exactly with their float32 vectors.
 *
 * KV keys:
 *  - `["vectors", "item", id]` → {@link VectorItem}: the source of truth for one generation's vector (embedder
 *    id, partition, block number, exact float32 vector). One vector per generation id: re-embedding with
 *    another embedder moves it to that embedder's partition.
 *  - `["vectors", "block", embedderId, scale, competitor, n]` → `Uint8Array` (see {@link encodeBlock}): ids,
 *    per-vector scales and int8 components of up to {@link blockCapacity} vectors, packed as raw bytes so a
 *    scan reads them without deserializing an object or allocating a string per vector; a scan accelerator
 *    (one value holds ~200 vectors of 256 dims). A search only returns an id
 *    whose item still exists in the same partition, so a stray block entry can never produce a wrong match.
 *  - `["vectors", "meta", embedderId, scale, competitor]` → {@link PartitionMeta}: the block new vectors are
 *    appended to and the next free block number.
 *
 * Writes are atomic and checked (optimistic concurrency with versionstamps, retried): an add appends to the
 * open block and writes the item in one commit that checks the item, the meta and every block it rewrites; a
 * remove swap-deletes the entry from its block (deleting an emptied block) and deletes the item in one checked
 * commit. So adds and deletes from several processes interleave safely. There is no in-process state: every
 * search reads KV, so what another process added or deleted is seen at once.
 */

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
  /** `kv.list` batch size in blocks (bounds memory: ~60 KiB per block), default 100. */
  batchSize?: number;
}

/** Statistics of a partition (for admin output and benchmarks). */
export interface PartitionStats {
  blocks: number;
  vectors: number;
  bytes: number;
}

/** Budget of one block value (KV allows 65,536 bytes; room left for the serialization overhead). */
const BLOCK_BYTES = 60 * 1024;
/** Approximate scores may be this far below the exact ones (int8 rounding): candidates within it are rescored. */
const QUANTIZATION_MARGIN = 0.05;
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

function itemKey(id: string): Deno.KvKey {
  return [VECTOR_PREFIX, "item", id];
}
function metaKey(p: Partition): Deno.KvKey {
  return [VECTOR_PREFIX, "meta", p.embedderId, p.scale, p.competitor];
}
function blockPrefix(p: Partition): Deno.KvKey {
  return [VECTOR_PREFIX, "block", p.embedderId, p.scale, p.competitor];
}
function blockKey(p: Partition, n: number): Deno.KvKey {
  return [...blockPrefix(p), n];
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

/** Keeps the `k` best (highest score) candidates seen. */
class TopK {
  readonly ids: string[] = [];
  readonly scores: number[] = [];
  constructor(readonly k: number) {}
  get floor(): number {
    return this.ids.length < this.k ? -Infinity : this.scores[this.scores.length - 1];
  }
  offer(id: string, score: number): void {
    if (this.ids.length >= this.k && score <= this.floor) return;
    let i = this.ids.length;
    while (i > 0 && this.scores[i - 1] < score) i--;
    this.ids.splice(i, 0, id);
    this.scores.splice(i, 0, score);
    if (this.ids.length > this.k) {
      this.ids.pop();
      this.scores.pop();
    }
  }
}

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
    return (await this.kv.get<VectorItem>(itemKey(id))).value;
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
        itemKey(entry.id),
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
        itemKey(entry.id),
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
          const res = await this.kv.getMany(slice.slice(i, i + 10).map((e) => itemKey(e.id)));
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
        if (!assumeNew) op.check({ key: itemKey(entry.id), versionstamp: null });
        op.set(
          itemKey(entry.id),
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
      const item = await this.kv.get<VectorItem>(itemKey(id));
      if (!item.value) return false;
      const key = blockKey(item.value, item.value.block);
      const block = await this.kv.get<Uint8Array>(key);
      const op = this.kv.atomic().check(item).check(block).delete(itemKey(id));
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
   * blocks from KV. Only ids whose item still exists in the same partition are returned.
   */
  async search(
    query: Float32Array,
    partition: Partition,
    options: SearchOptions = {},
  ): Promise<VectorMatch[]> {
    const limit = Math.max(1, options.limit ?? 5);
    const minScore = options.minScore ?? -Infinity;
    const q = unitCopy(query);
    const dims = q.length;
    const nz: number[] = [];
    for (let j = 0; j < dims; j++) if (q[j] !== 0) nz.push(j);
    if (!nz.length) return [];
    const nzIndex = Int32Array.from(nz);
    const nzValue = Float32Array.from(nz.map((j) => q[j]));
    const sparse = nz.length * 2 < dims;
    const top = new TopK(Math.max(8, limit * 3));
    const approxFloor = minScore - QUANTIZATION_MARGIN;

    const iter = this.kv.list<Uint8Array>({ prefix: blockPrefix(partition) }, {
      batchSize: options.batchSize ?? 100,
    });
    for await (const entry of iter) {
      const block = viewBlock(entry.value);
      if (!block || block.dims !== dims) continue;
      const { data, scales, count } = block;
      for (let v = 0; v < count; v++) {
        const s = scales[v];
        if (s === 0) continue;
        const o = v * dims;
        let dot = 0;
        if (sparse) {
          for (let k = 0; k < nzIndex.length; k++) dot += nzValue[k] * data[o + nzIndex[k]];
        } else {
          for (let j = 0; j < dims; j++) dot += q[j] * data[o + j];
        }
        const approx = dot * s;
        if (approx >= approxFloor && approx > top.floor) top.offer(idAt(block, v), approx);
      }
    }
    if (!top.ids.length) return [];
    // Rescore exactly from the items (10 keys per read), and keep only ids still indexed in this partition.
    const candidates = [...new Set(top.ids)];
    const matches: VectorMatch[] = [];
    for (let i = 0; i < candidates.length; i += 10) {
      const items = await this.kv.getMany<VectorItem[]>(candidates.slice(i, i + 10).map(itemKey));
      for (const res of items) {
        const item = res.value;
        if (!item || !samePartition(item, partition) || item.vector.length !== dims) continue;
        let dot = 0;
        for (let j = 0; j < dims; j++) dot += q[j] * item.vector[j];
        if (dot >= minScore) matches.push({ id: item.id, score: dot });
      }
    }
    matches.sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : -1));
    return matches.slice(0, limit);
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
