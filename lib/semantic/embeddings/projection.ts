/**
 * The learned projection of the local embedder: a matrix that maps a description's joined features (the
 * sentence encoder's vector and the lexicon + word-vector vector, see ./sentence_embedder.ts) to the 256
 * dimensions that are stored and compared. It is fitted once on the train split of eval/similarity/ by
 * `deno task build:projection` (tasks/build_projection.ts) so that the cosine of paraphrases rises and that of
 * hard negatives (pairs that share words but not the workload) falls, and committed beside this module as
 * `projection.bin`; it is read lazily on the first embedding.
 *
 * File layout (little endian): `PRJ1`, u32 header length, UTF-8 JSON {@link ProjectionHeader} padded with
 * spaces to a multiple of 4 bytes, then `outputDims × inputDims` float32 (row after row).
 */

/** The projection's self-description (JSON header of the file). */
export interface ProjectionHeader {
  /** What the input features are made of, and where the training pairs came from. */
  source: string;
  inputDims: number;
  outputDims: number;
  /** Training settings, for the record (see tasks/build_projection.ts). */
  training: Record<string, number | string | boolean>;
}

/** A loaded projection: `matrix` holds `outputDims × inputDims` floats, row after row. */
export interface Projection {
  header: ProjectionHeader;
  matrix: Float32Array;
}

const MAGIC = "PRJ1";

/** Encodes a projection (used by the build task). */
export function encodeProjection(header: ProjectionHeader, matrix: Float32Array): Uint8Array {
  if (matrix.length !== header.inputDims * header.outputDims) {
    throw new Error("matrix does not match its dims");
  }
  let json = JSON.stringify(header);
  while ((8 + new TextEncoder().encode(json).length) % 4) json += " ";
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + matrix.length * 4);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(4, head.length, true);
  out.set(head, 8);
  for (let i = 0; i < matrix.length; i++) view.setFloat32(8 + head.length + 4 * i, matrix[i], true);
  return out;
}

/** Decodes a projection; throws on bytes that are not one. */
export function decodeProjection(bytes: Uint8Array): Projection {
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) {
    throw new Error("not a projection file");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headLength = view.getUint32(4, true);
  if (8 + headLength > bytes.length) throw new Error("projection file: size mismatch");
  let header: ProjectionHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headLength)));
  } catch {
    throw new Error("projection file: unreadable header");
  }
  const count = header.inputDims * header.outputDims;
  const at = 8 + headLength;
  if (!(count > 0) || bytes.length !== at + 4 * count) throw new Error("projection file: size mismatch");
  const matrix = new Float32Array(count);
  for (let i = 0; i < count; i++) matrix[i] = view.getFloat32(at + 4 * i, true);
  return { header, matrix };
}

/** `matrix × input` (not normalized). */
export function project(projection: Projection, input: Float32Array): Float32Array {
  const { inputDims, outputDims } = projection.header;
  if (input.length !== inputDims) {
    throw new Error(`projection expects ${inputDims} inputs, got ${input.length}`);
  }
  const out = new Float32Array(outputDims);
  const m = projection.matrix;
  for (let r = 0; r < outputDims; r++) {
    let s = 0;
    const base = r * inputDims;
    for (let c = 0; c < inputDims; c++) s += m[base + c] * input[c];
    out[r] = s;
  }
  return out;
}

/** Where the shipped projection lives. */
export const PROJECTION_URL = new URL("./projection.bin", import.meta.url);

let shipped: Promise<Projection> | undefined;

/** The shipped projection, read once on first use. */
export function loadProjection(): Promise<Projection> {
  return shipped ??= Deno.readFile(PROJECTION_URL).then(decodeProjection).catch((err) => {
    shipped = undefined;
    throw err;
  });
}
