/**
 * The scoring kernels of the vector index: exact integer dot products of an int16 query with a block's int8
 * components, by WebAssembly SIMD where the runtime has it (compiled once per process; the only module state
 * of the index), else a plain JS loop; and the quantization of a query for them.
 */

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
