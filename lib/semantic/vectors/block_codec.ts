/**
 * The block codec of the vector index: a block packs the int8-quantized copies of up to {@link blockCapacity}
 * vectors (ids, per-vector scales, components) into one KV value of at most ~64 KiB, which a scan reads
 * without deserializing an object or allocating a string per vector. Also the copy-on-write edits of a
 * decoded block (append, swap-remove) and the int8 quantization of one vector.
 */

/** A block, decoded (the value of a block key is its {@link encodeBlock} bytes). */
export interface VectorBlock {
  dims: number;
  ids: string[];
  /** Per vector: the factor turning its int8 components back into floats. */
  scales: Float32Array;
  /** `ids.length × dims` int8 components, vector after vector. */
  data: Int8Array;
}

/**
 * Budget of one block value: KV allows 65,536 bytes for a `Uint8Array` value (stored as raw bytes); a little is
 * left spare. Blocks written with the older 60 KiB budget stay valid (they are just filled further).
 */
export const BLOCK_BYTES = 65_536 - 64;

/** Vectors per block for a dimension count, with ids of `idLength` characters (default: the longest). */
export function blockCapacity(dims: number, idLength = ID_BYTES): number {
  return Math.max(1, Math.floor((BLOCK_BYTES - BLOCK_HEADER) / (dims + 4 + idLength)));
}

/** Longest id in bytes: generation ids are 26-character ULIDs. */
export const ID_BYTES = 32;
const BLOCK_HEADER = 8;
/** Format 2 stores ids in slots as wide as the block's longest id; format 1 (still read) always used 32. */
const BLOCK_FORMAT = 2;
const BLOCK_FORMAT_1 = 1;

/** Width 0 in a format-2 header: every id is a ULID, packed in {@link ULID_BYTES} bytes. */
const ULID_PACKED = 0;
const ULID_BYTES = 16;
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CROCKFORD_VALUE = new Map([...CROCKFORD].map((c, i) => [c.charCodeAt(0), i]));
const ULID_RE = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

/** Header width of a block's id slots: 0 when all are ULIDs (packed), else the longest id. */
function idWidth(ids: readonly string[]): number {
  if (ids.length && ids.every((id) => ULID_RE.test(id))) return ULID_PACKED;
  let w = 1;
  for (const id of ids) w = Math.max(w, id.length);
  return w;
}
const slotBytes = (width: number) => width === ULID_PACKED ? ULID_BYTES : width;

/** Writes a ULID's 128 bits (3 bits for its first character, 5 for each other) at `out[at…at+16)`. */
function packUlid(id: string, out: Uint8Array, at: number): void {
  let acc = 0, bits = 0, o = at;
  for (let i = 0; i < 26; i++) {
    acc = (acc << (i === 0 ? 3 : 5)) | CROCKFORD_VALUE.get(id.charCodeAt(i))!;
    bits += i === 0 ? 3 : 5;
    while (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
    acc &= (1 << bits) - 1;
  }
}

function unpackUlid(bytes: Uint8Array, at: number): string {
  let acc = 0, bits = 0, i = at, out = "";
  for (let c = 0; c < 26; c++) {
    const need = c === 0 ? 3 : 5;
    while (bits < need) {
      acc = (acc << 8) | bytes[i++];
      bits += 8;
    }
    bits -= need;
    out += CROCKFORD[(acc >> bits) & ((1 << need) - 1)];
    acc &= (1 << bits) - 1;
  }
  return out;
}

/** Whether `block` can take one more entry of id `id` within the value budget. */
export function blockHasRoom(block: VectorBlock, id: string): boolean {
  const width = slotBytes(idWidth([...block.ids, id]));
  return BLOCK_HEADER + (block.ids.length + 1) * (4 + width + block.dims) <= BLOCK_BYTES;
}

/**
 * Packs a block: `[format u8, id width u8, dims u16, count u16, 0, 0]`, then `count` float32 scales, `count`
 * ids, and `count × dims` int8 components (little-endian). Ids are 16-byte packed ULIDs (width 0) when all
 * are ULIDs, else ASCII in slots as wide as the block's longest id (zero-padded).
 */
export function encodeBlock(block: VectorBlock): Uint8Array {
  const count = block.ids.length;
  const width = idWidth(block.ids);
  const slot = slotBytes(width);
  const out = new Uint8Array(BLOCK_HEADER + count * (4 + slot + block.dims));
  const view = new DataView(out.buffer);
  view.setUint8(0, BLOCK_FORMAT);
  view.setUint8(1, width);
  view.setUint16(2, block.dims, true);
  view.setUint16(4, count, true);
  for (let i = 0; i < count; i++) view.setFloat32(BLOCK_HEADER + 4 * i, block.scales[i], true);
  const idsAt = BLOCK_HEADER + 4 * count;
  for (let i = 0; i < count; i++) {
    const id = block.ids[i];
    if (width === ULID_PACKED) packUlid(id, out, idsAt + i * slot);
    else for (let k = 0; k < id.length; k++) out[idsAt + i * slot + k] = id.charCodeAt(k);
  }
  out.set(
    new Uint8Array(block.data.buffer, block.data.byteOffset, count * block.dims),
    idsAt + count * slot,
  );
  return out;
}

/** Raw views over a packed block (no copies). */
export interface BlockView {
  dims: number;
  count: number;
  scales: Float32Array;
  data: Int8Array;
  bytes: Uint8Array;
  idsAt: number;
  width: number;
}

/** Raw views over the bytes of a block (no copies); null for bytes that are not one. */
export function viewBlock(bytes: Uint8Array): BlockView | null {
  if (
    !(bytes instanceof Uint8Array) || bytes.byteLength < BLOCK_HEADER ||
    (bytes[0] !== BLOCK_FORMAT && bytes[0] !== BLOCK_FORMAT_1)
  ) {
    return null;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = bytes[0] === BLOCK_FORMAT_1 ? ID_BYTES : view.getUint8(1);
  const dims = view.getUint16(2, true);
  const count = view.getUint16(4, true);
  const slot = slotBytes(width);
  if (bytes.byteLength !== BLOCK_HEADER + count * (4 + slot + dims)) return null;
  // Float32Array views need 4-byte alignment; copy the (small) scales when the value is not aligned.
  const scalesAt = bytes.byteOffset + BLOCK_HEADER;
  const scales = scalesAt % 4 === 0
    ? new Float32Array(bytes.buffer, scalesAt, count)
    : new Float32Array(bytes.slice(BLOCK_HEADER, BLOCK_HEADER + 4 * count).buffer);
  const idsAt = BLOCK_HEADER + 4 * count;
  const data = new Int8Array(bytes.buffer, bytes.byteOffset + idsAt + count * slot, count * dims);
  return { dims, count, scales, data, bytes, idsAt, width };
}

/** The id of entry `i` of a viewed block. */
export function idAt(v: BlockView, i: number): string {
  if (v.width === ULID_PACKED) return unpackUlid(v.bytes, v.idsAt + i * ULID_BYTES);
  const start = v.idsAt + i * v.width;
  let end = start;
  while (end < start + v.width && v.bytes[end] !== 0) end++;
  return String.fromCharCode(...v.bytes.subarray(start, end));
}

/** Unpacks a block written by {@link encodeBlock}; null for bytes that are not one. */
export function decodeBlock(bytes: Uint8Array): VectorBlock | null {
  const v = viewBlock(bytes);
  if (!v) return null;
  const ids = Array.from({ length: v.count }, (_, i) => idAt(v, i));
  return { dims: v.dims, ids, scales: Float32Array.from(v.scales), data: Int8Array.from(v.data) };
}

/**
 * An exact-vector page, decoded (the value of a page key is its {@link encodePage} bytes). Slots are appended
 * and never move: an item points at its page and slot, and a removed vector's slot just stops being live
 * (the page is deleted once no slot is).

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

/** A block with no entry. */
export function emptyBlock(dims: number): VectorBlock {
  return { dims, ids: [], scales: new Float32Array(0), data: new Int8Array(0) };
}

/** A block with one more entry (copies; blocks read from KV are never mutated in place). */
export function appendToBlock(block: VectorBlock, id: string, vector: Float32Array): VectorBlock {
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
export function removeFromBlock(block: VectorBlock, id: string): VectorBlock {
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
