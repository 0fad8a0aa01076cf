/**
 * `deno task build:projection [--pairs FILE]… [--epochs N] [--lambda L] [--out FILE] [--cv]`
 *
 * Fits the learned projection of the local embedder (lib/semantic/embeddings/projection.ts) and writes
 * lib/semantic/embeddings/projection.bin. Training data: the labelled pairs of the train split of
 * eval/similarity/ (default `eval/similarity/train.jsonl`; never the validation or test split), only the pairs
 * the semantic cache would compare (same scale and competitor).
 *
 * The model: each description's joined features x (768-d, `sentenceFeatures`) are mapped to W·x (256-d); the
 * score of a pair is the cosine of the two. W starts as a seeded random Gaussian projection W₀ and is fitted by
 * Adam on a logistic loss of `α (cos − β)` against the label (similar = 1), negatives weighted ×2 (a wrong
 * answer is worse than none), plus `λ ‖W − W₀‖²`. Settings were chosen by 4-fold cross-validation by intent
 * group inside the train split (see eval/README.md). Deterministic: the same pairs and settings give the same
 * bytes. Changing the file changes the embedder's vectors: bump SENTENCE_EMBEDDER_VERSION. `--cv` writes
 * nothing: it prints the 4-fold cross-validation by intent group of the given settings ({@link crossValidate}).
 */
import {
  areCandidates,
  type LabelledPair,
  parsePairs,
  recallAtPrecision,
  type ScoredPair,
} from "./eval_similarity.ts";
import { cosine, embeddingTextOf } from "../lib/semantic/embeddings/mod.ts";
import { encodeProjection, project } from "../lib/semantic/embeddings/projection.ts";
import {
  FEATURE_DIMENSIONS,
  LEXICON_SHARE,
  SENTENCE_EMBEDDER_DIMENSIONS,
  sentenceFeatures,
} from "../lib/semantic/embeddings/sentence_embedder.ts";
import { SENTENCE_MODEL_SOURCE } from "../lib/semantic/embeddings/sentence_encoder.ts";
import { seededRandom } from "../lib/platform/seeded_random.ts";

/** Training settings (the ones that ship). */
export const TRAINING = {
  seed: 7,
  epochs: 300,
  learningRate: 0.01,
  /** Logistic slope and offset on the cosine. */
  alpha: 10,
  beta: 0.6,
  negativeWeight: 2,
  /** Pull towards the random start (keeps directions the pairs say nothing about). */
  lambda: 0.001,
};

/** A seeded standard normal generator (mulberry32 + Box–Muller). */
function gaussian(seed: number): () => number {
  const uniform = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** A labelled pair as indexes into the feature rows. */
export interface TrainingPair {
  a: number;
  b: number;
  similar: boolean;
}

/**
 * Fits W (`outDims × dims`, row after row) on feature rows `x` (`rows × dims`) and pairs; see the module
 * comment for the model.
 */
export function fitProjection(
  x: Float64Array,
  dims: number,
  pairs: TrainingPair[],
  outDims: number,
  settings = TRAINING,
  onEpoch?: (epoch: number, loss: number) => void,
): Float32Array {
  const rows = x.length / dims;
  const normal = gaussian(settings.seed);
  const w0 = new Float64Array(outDims * dims).map(() => normal() / Math.sqrt(outDims));
  const w = Float64Array.from(w0);
  const m = new Float64Array(w.length), v = new Float64Array(w.length);
  const y = new Float64Array(rows * outDims); // projections of every row
  const gy = new Float64Array(rows * outDims); // gradient of the loss wrt them
  const norms = new Float64Array(rows);
  const { alpha, beta, negativeWeight, lambda, learningRate } = settings;
  for (let epoch = 1; epoch <= settings.epochs; epoch++) {
    for (let r = 0; r < rows; r++) {
      let n = 0;
      for (let o = 0; o < outDims; o++) {
        let s = 0;
        const wb = o * dims, xb = r * dims;
        for (let d = 0; d < dims; d++) s += w[wb + d] * x[xb + d];
        y[r * outDims + o] = s;
        n += s * s;
      }
      norms[r] = Math.sqrt(n) || 1;
    }
    gy.fill(0);
    let loss = 0;
    for (const p of pairs) {
      const ua = p.a * outDims, ub = p.b * outDims, na = norms[p.a], nb = norms[p.b];
      let dot = 0;
      for (let o = 0; o < outDims; o++) dot += y[ua + o] * y[ub + o];
      const c = dot / (na * nb);
      const prob = 1 / (1 + Math.exp(-alpha * (c - beta)));
      const label = p.similar ? 1 : 0;
      const weight = p.similar ? 1 : negativeWeight;
      loss -= weight * (label ? Math.log(prob + 1e-12) : Math.log(1 - prob + 1e-12));
      const g = (weight * (prob - label) * alpha) / pairs.length;
      for (let o = 0; o < outDims; o++) {
        const ya = y[ua + o], yb = y[ub + o];
        gy[ua + o] += g * (yb / (na * nb) - (c * ya) / (na * na));
        gy[ub + o] += g * (ya / (na * nb) - (c * yb) / (nb * nb));
      }
    }
    onEpoch?.(epoch, loss / pairs.length);
    const b1 = 1 - 0.9 ** epoch, b2 = 1 - 0.999 ** epoch;
    for (let o = 0; o < outDims; o++) {
      const wb = o * dims;
      const grad = new Float64Array(dims);
      for (let r = 0; r < rows; r++) {
        const g = gy[r * outDims + o];
        if (g === 0) continue;
        const xb = r * dims;
        for (let d = 0; d < dims; d++) grad[d] += g * x[xb + d];
      }
      for (let d = 0; d < dims; d++) {
        const i = wb + d;
        const gi = grad[d] + lambda * (w[i] - w0[i]);
        m[i] = 0.9 * m[i] + 0.1 * gi;
        v[i] = 0.999 * v[i] + 0.001 * gi * gi;
        w[i] -= (learningRate * (m[i] / b1)) / (Math.sqrt(v[i] / b2) + 1e-8);
      }
    }
  }
  return Float32Array.from(w);
}

/** Feature rows of the pairs' distinct descriptions and the pairs as row indexes. */
async function trainingSet(pairs: LabelledPair[]): Promise<{ x: Float64Array; pairs: TrainingPair[] }> {
  const texts = [...new Set(pairs.flatMap((p) => [embeddingTextOf(p.a), embeddingTextOf(p.b)]))];
  const row = new Map(texts.map((t, i) => [t, i]));
  const features = await sentenceFeatures(texts);
  const x = new Float64Array(texts.length * FEATURE_DIMENSIONS);
  features.forEach((f, r) => x.set(f, r * FEATURE_DIMENSIONS));
  return {
    x,
    pairs: pairs.map((p) => ({
      a: row.get(embeddingTextOf(p.a))!,
      b: row.get(embeddingTextOf(p.b))!,
      similar: p.similar,
    })),
  };
}

/** The cosine of every pair after projecting its features with `matrix`. */
async function projectedScores(matrix: Float32Array, pairs: LabelledPair[]): Promise<ScoredPair[]> {
  const projection = {
    header: {
      source: "",
      inputDims: FEATURE_DIMENSIONS,
      outputDims: SENTENCE_EMBEDDER_DIMENSIONS,
      training: {},
    },
    matrix,
  };
  const texts = [...new Set(pairs.flatMap((p) => [embeddingTextOf(p.a), embeddingTextOf(p.b)]))];
  const features = await sentenceFeatures(texts);
  const byText = new Map(texts.map((t, i) => [t, project(projection, features[i])]));
  return pairs.map((p) => ({
    ...p,
    score: areCandidates(p.a, p.b)
      ? cosine(byText.get(embeddingTextOf(p.a))!, byText.get(embeddingTextOf(p.b))!)
      : null,
  }));
}

/**
 * K-fold cross-validation by intent group inside the training pairs (the method the settings were chosen
 * by): groups in name order, fold = index mod `folds`; each fold's labelled pairs are scored with a projection
 * fitted on the other folds. Returns each fold's recall at precision ≥ 0.97 (0 when unreachable).
 */
export async function crossValidate(
  pairs: LabelledPair[],
  settings = TRAINING,
  folds = 4,
): Promise<number[]> {
  const groups = [...new Set(pairs.map((p) => p.group ?? `${p.file}:${p.line}`))].sort();
  const foldOf = (p: LabelledPair) => groups.indexOf(p.group ?? `${p.file}:${p.line}`) % folds;
  const recalls: number[] = [];
  for (let k = 0; k < folds; k++) {
    const inner = await trainingSet(pairs.filter((p) => foldOf(p) !== k && areCandidates(p.a, p.b)));
    const matrix = fitProjection(
      inner.x,
      FEATURE_DIMENSIONS,
      inner.pairs,
      SENTENCE_EMBEDDER_DIMENSIONS,
      settings,
    );
    const held = await projectedScores(matrix, pairs.filter((p) => foldOf(p) === k));
    recalls.push(recallAtPrecision(held, 0.97)?.recall ?? 0);
    console.log(`fold ${k + 1}/${folds}: recall@p≥0.97 ${recalls[k].toFixed(3)}`);
  }
  return recalls;
}

async function main(args: string[]): Promise<void> {
  const files: string[] = [];
  let out = new URL("../lib/semantic/embeddings/projection.bin", import.meta.url).pathname;
  let cv = false;
  const settings = { ...TRAINING };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--pairs") files.push(args[++i]);
    else if (args[i] === "--epochs") settings.epochs = Number(args[++i]);
    else if (args[i] === "--lambda") settings.lambda = Number(args[++i]);
    else if (args[i] === "--out") out = args[++i];
    else if (args[i] === "--cv") cv = true;
    else throw new Error(`unknown option ${args[i]}`);
  }
  if (!files.length) files.push("eval/similarity/train.jsonl");
  if (files.some((f) => /validation|test/.test(f))) throw new Error("train on the train split only");
  const all: LabelledPair[] = [];
  for (const f of files) all.push(...parsePairs(await Deno.readTextFile(f), f));
  const train = all.filter((p) => p.split === undefined || p.split === "train");
  if (cv) {
    const recalls = await crossValidate(train, settings);
    const mean = recalls.reduce((s, r) => s + r, 0) / recalls.length;
    console.log(`cross-validation by intent group: mean recall@p≥0.97 ${mean.toFixed(3)}`);
    return;
  }
  const pairs = train.filter((p) => areCandidates(p.a, p.b));
  console.log(`${pairs.length} pairs; features…`);
  const set = await trainingSet(pairs);
  const began = performance.now();
  const matrix = fitProjection(
    set.x,
    FEATURE_DIMENSIONS,
    set.pairs,
    SENTENCE_EMBEDDER_DIMENSIONS,
    settings,
    (e, l) => {
      if (e % 50 === 0 || e === 1) console.log(`epoch ${e}: loss ${l.toFixed(4)}`);
    },
  );
  const bytes = encodeProjection({
    source: `${SENTENCE_MODEL_SOURCE} + local:lexicon-glove:256:v2, lexicon share ${LEXICON_SHARE}; ` +
      `pairs: ${files.join(", ")} (${pairs.length})`,
    inputDims: FEATURE_DIMENSIONS,
    outputDims: SENTENCE_EMBEDDER_DIMENSIONS,
    training: settings,
  }, matrix);
  await Deno.writeFile(out, bytes);
  console.log(`wrote ${out} (${bytes.length} bytes) in ${((performance.now() - began) / 1000).toFixed(1)} s`);
}

if (import.meta.main) await main(Deno.args);
