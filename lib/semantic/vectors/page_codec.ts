/**
 * The page codec of the vector index: a page packs the exact float32 vectors of up to {@link pageCapacity}
 * slots into one KV value, sized so that its SQLite overflow pages are filled. Also the copy-on-write edits
 * of a decoded page (append a slot, release one) and the read of one slot without a full decode.
 */
import { BLOCK_BYTES } from "./block_codec.ts";

/**
 * An exact-vector page, decoded (the value of a page key is its {@link encodePage} bytes). Slots are appended
 * and never move: an item points at its page and slot, and a removed vector's slot just stops being live
 * (the page is deleted once no slot is).
 */
export interface VectorPage {
  dims: number;
  /** Slots still pointed at by an item. */
  live: number;
  /** `slots × dims` float32 components, slot after slot. */
  vectors: Float32Array;
}

/** Bytes of a page header. */
export const PAGE_HEADER = 8;
const PAGE_FORMAT = 1;
/** SQLite page size of a Deno KV file, and the payload its b-tree cells keep in the page (index b-trees:
 * Deno KV's `kv` table is `WITHOUT ROWID`): up to X bytes stay local; a longer cell keeps M + (P − M) mod (U − 4)
 * bytes local when that is at most X, else M, and the rest goes to whole overflow pages of U − 4 bytes. */
const SQLITE_PAGE = 4096;
const SQLITE_MAX_LOCAL = Math.floor(((SQLITE_PAGE - 12) * 64) / 255) - 23;
const SQLITE_MIN_LOCAL = Math.floor(((SQLITE_PAGE - 12) * 32) / 255) - 23;
/** Bytes a KV row adds to its value: the key (~60 bytes for a page key), version, encoding, record header. */
const ROW_OVERHEAD = 90;
/** Most slots per page: a rescoring read takes a whole page, so pages stay small (~32 KB at 256 dims). */
const PAGE_MAX_SLOTS = 32;

/** SQLite bytes taken by a KV row of `payload` bytes (local part, cell pointer, overflow pages). */
function sqliteRowBytes(payload: number): number {
  if (payload <= SQLITE_MAX_LOCAL) return payload + 4;
  const k = SQLITE_MIN_LOCAL + ((payload - SQLITE_MIN_LOCAL) % (SQLITE_PAGE - 4));
  const local = k <= SQLITE_MAX_LOCAL ? k : SQLITE_MIN_LOCAL;
  return local + 4 + Math.ceil((payload - local) / (SQLITE_PAGE - 4)) * SQLITE_PAGE;
}

/**
 * Slots per exact-vector page for a dimension count: the count (≤ {@link PAGE_MAX_SLOTS}, within KV's value
 * limit) whose full page wastes the fewest SQLite bytes per slot, so its overflow pages are filled.
 */
export function pageCapacity(dims: number): number {
  const entry = 4 * dims;
  const most = Math.max(1, Math.min(PAGE_MAX_SLOTS, Math.floor((BLOCK_BYTES - PAGE_HEADER) / entry)));
  let best = 1, bestCost = Infinity;
  for (let n = 1; n <= most; n++) {
    const payload = ROW_OVERHEAD + PAGE_HEADER + n * entry;
    // Per-slot cost: SQLite bytes of the row, plus the expiration index entry every KV row has (~the key).
    const cost = (sqliteRowBytes(payload) + 80) / n;
    if (cost < bestCost) {
      best = n;
      bestCost = cost;
    }
  }
  return best;
}

/**
 * Packs a page: `[format u8, 0, dims u16, slots u16, live u16]`, then `slots × dims` float32 components
 * (little-endian, 4-byte aligned).
 */
export function encodePage(page: VectorPage): Uint8Array {
  const floats = page.vectors.length;
  const out = new Uint8Array(PAGE_HEADER + 4 * floats);
  const view = new DataView(out.buffer);
  view.setUint8(0, PAGE_FORMAT);
  view.setUint16(2, page.dims, true);
  view.setUint16(4, page.dims ? floats / page.dims : 0, true);
  view.setUint16(6, page.live, true);
  for (let i = 0; i < floats; i++) view.setFloat32(PAGE_HEADER + 4 * i, page.vectors[i], true);
  return out;
}

function pageHeader(bytes: Uint8Array): { view: DataView; dims: number; slots: number; live: number } | null {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength < PAGE_HEADER || bytes[0] !== PAGE_FORMAT) {
    return null;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = view.getUint16(2, true);
  const slots = view.getUint16(4, true);
  if (bytes.byteLength !== PAGE_HEADER + 4 * slots * dims) return null;
  return { view, dims, slots, live: view.getUint16(6, true) };
}

/** Unpacks a page written by {@link encodePage}; null for bytes that are not one. */
export function decodePage(bytes: Uint8Array): VectorPage | null {
  const h = pageHeader(bytes);
  if (!h) return null;
  const vectors = new Float32Array(h.slots * h.dims);
  for (let i = 0; i < vectors.length; i++) vectors[i] = h.view.getFloat32(PAGE_HEADER + 4 * i, true);
  return { dims: h.dims, live: h.live, vectors };
}

/** The exact vector in `slot` of a page's bytes (a copy), or null; no full decode. */
export function vectorInPage(bytes: Uint8Array, slot: number): Float32Array | null {
  const h = pageHeader(bytes);
  if (!h || slot < 0 || slot >= h.slots) return null;
  const v = new Float32Array(h.dims);
  const at = PAGE_HEADER + 4 * slot * h.dims;
  for (let j = 0; j < h.dims; j++) v[j] = h.view.getFloat32(at + 4 * j, true);
  return v;
}

/** A page with no slot. */
export function emptyPage(dims: number): VectorPage {
  return { dims, live: 0, vectors: new Float32Array(0) };
}

/** Slots of a page, live or released. */
export function pageSlots(page: VectorPage): number {
  return page.dims ? page.vectors.length / page.dims : 0;
}

/** A page with one more live slot holding `vector` (copies). */
export function appendToPage(page: VectorPage, vector: Float32Array): VectorPage {
  const vectors = new Float32Array(page.vectors.length + page.dims);
  vectors.set(page.vectors);
  vectors.set(vector, page.vectors.length);
  return { dims: page.dims, live: page.live + 1, vectors };
}

/** A page with one live slot fewer (the slot's components are zeroed; null once none is live). */
export function releaseSlot(page: VectorPage, slot: number): VectorPage | null {
  if (page.live <= 1) return null;
  const vectors = Float32Array.from(page.vectors);
  vectors.fill(0, slot * page.dims, (slot + 1) * page.dims);
  return { dims: page.dims, live: page.live - 1, vectors };
}
