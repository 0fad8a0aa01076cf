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
  /** Weight of the pair's loss (default: 1 for similar pairs, `negativeWeight` for the others). */
  weight?: number;
  /**
   * For a not-similar pair: a hinge instead of the logistic loss, `weight · α · max(0, cos − margin)` — the
   * pair costs nothing once its cosine is below the margin (used for sampled cross-group negatives).
   */
  margin?: number;
}

/** `y = W·x` for every row (`rows × outDims`), four outputs at a time; returns the rows' norms. */
function forward(
  w: Float64Array,
  x: Float64Array,
  dims: number,
  outDims: number,
  y: Float64Array,
): Float64Array {
  const rows = x.length / dims;
  const norms = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const xb = r * dims, yb = r * outDims;
    for (let o = 0; o < outDims; o += 4) {
      const w0 = o * dims, w1 = w0 + dims, w2 = w1 + dims, w3 = w2 + dims;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let d = 0; d < dims; d++) {
        const v = x[xb + d];
        s0 += w[w0 + d] * v;
        s1 += w[w1 + d] * v;
        s2 += w[w2 + d] * v;
        s3 += w[w3 + d] * v;
      }
      y[yb + o] = s0, y[yb + o + 1] = s1, y[yb + o + 2] = s2, y[yb + o + 3] = s3;
    }
    let n = 0;
    for (let o = 0; o < outDims; o++) n += y[yb + o] * y[yb + o];
    norms[r] = Math.sqrt(n) || 1;
  }
  return norms;
}

/** Adds each pair's loss gradient wrt the projections to `gy`; returns the mean loss. */
function pairGradients(
  pairs: TrainingPair[],
  y: Float64Array,
  norms: Float64Array,
  outDims: number,
  settings: typeof TRAINING,
  gy: Float64Array,
): number {
  const { alpha, beta, negativeWeight } = settings;
  let loss = 0;
  for (const p of pairs) {
    const ua = p.a * outDims, ub = p.b * outDims, na = norms[p.a], nb = norms[p.b];
    let dot = 0;
    for (let o = 0; o < outDims; o++) dot += y[ua + o] * y[ub + o];
    const c = dot / (na * nb);
    const weight = p.weight ?? (p.similar ? 1 : negativeWeight);
    let dLoss: number; // d loss / d cos, before the 1 / pairs.length
    if (!p.similar && p.margin !== undefined) {
      loss += weight * alpha * Math.max(0, c - p.margin);
      dLoss = c > p.margin ? weight * alpha : 0;
    } else {
      const prob = 1 / (1 + Math.exp(-alpha * (c - beta)));
      const label = p.similar ? 1 : 0;
      loss -= weight * (label ? Math.log(prob + 1e-12) : Math.log(1 - prob + 1e-12));
      dLoss = weight * (prob - label) * alpha;
    }
    if (dLoss === 0) continue;
    const g = dLoss / pairs.length;
    for (let o = 0; o < outDims; o++) {
      const ya = y[ua + o], yb = y[ub + o];
      gy[ua + o] += g * (yb / (na * nb) - (c * ya) / (na * na));
      gy[ub + o] += g * (ya / (na * nb) - (c * yb) / (nb * nb));
    }
  }
  return loss / pairs.length;
}

/** One Adam step on W from the projections' gradients `gy` (four output rows at a time). */
function adamStep(
  state: { w: Float64Array; w0: Float64Array; m: Float64Array; v: Float64Array },
  x: Float64Array,
  dims: number,
  outDims: number,
  gy: Float64Array,
  epoch: number,
  settings: typeof TRAINING,
): void {
  const { w, w0, m, v } = state;
  const rows = x.length / dims;
  const b1 = 1 - 0.9 ** epoch, b2 = 1 - 0.999 ** epoch;
  const grads = [0, 1, 2, 3].map(() => new Float64Array(dims));
  for (let o = 0; o < outDims; o += 4) {
    grads.forEach((g) => g.fill(0));
    const [g0, g1, g2, g3] = grads;
    for (let r = 0; r < rows; r++) {
      const gb = r * outDims + o;
      const a0 = gy[gb], a1 = gy[gb + 1], a2 = gy[gb + 2], a3 = gy[gb + 3];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
      const xb = r * dims;
      for (let d = 0; d < dims; d++) {
        const xv = x[xb + d];
        g0[d] += a0 * xv, g1[d] += a1 * xv, g2[d] += a2 * xv, g3[d] += a3 * xv;
      }
    }
    for (let k = 0; k < 4; k++) {
      const grad = grads[k], wb = (o + k) * dims;
      for (let d = 0; d < dims; d++) {
        const i = wb + d;
        const gi = grad[d] + settings.lambda * (w[i] - w0[i]);
        m[i] = 0.9 * m[i] + 0.1 * gi;
        v[i] = 0.999 * v[i] + 0.001 * gi * gi;
        w[i] -= (settings.learningRate * (m[i] / b1)) / (Math.sqrt(v[i] / b2) + 1e-8);
      }
    }
  }
}

/**
 * Fits W (`outDims × dims`, row after row; `outDims` a multiple of 4) on feature rows `x` (`rows × dims`) and
 * pairs; see the module comment for the model. `onEpoch` sees each epoch's loss (before its step) and can take
 * the matrix after the step (for several epoch counts from one run: the schedule does not depend on the total).
 */
export function fitProjection(
  x: Float64Array,
  dims: number,
  pairs: TrainingPair[],
  outDims: number,
  settings = TRAINING,
  onEpoch?: (epoch: number, loss: number, matrix: () => Float32Array) => void,
): Float32Array {
  if (outDims % 4) throw new Error("outDims must be a multiple of 4");
  const rows = x.length / dims;
  const normal = gaussian(settings.seed);
  const w0 = new Float64Array(outDims * dims).map(() => normal() / Math.sqrt(outDims));
  const state = {
    w: Float64Array.from(w0),
    w0,
    m: new Float64Array(w0.length),
    v: new Float64Array(w0.length),
  };
  const y = new Float64Array(rows * outDims); // projections of every row
  const gy = new Float64Array(rows * outDims); // gradient of the loss wrt them
  for (let epoch = 1; epoch <= settings.epochs; epoch++) {
    const norms = forward(state.w, x, dims, outDims, y);
    gy.fill(0);
    const loss = pairGradients(pairs, y, norms, outDims, settings, gy);
    adamStep(state, x, dims, outDims, gy, epoch, settings);
    onEpoch?.(epoch, loss, () => Float32Array.from(state.w));
  }
  return Float32Array.from(state.w);
}

/**
 * Sampled cross-group negatives: per request, `k` requests of another intent group of the same file and
 * partition (scale and competitor), as not-similar pairs. Requests of pairs without a group are skipped.
 */
export function crossGroupNegatives(pairs: LabelledPair[], k: number, seed: number): LabelledPair[] {
  const random = seededRandom(seed);
  const byKey = new Map<string, { r: LabelledPair["a"]; group: string; file: string }>();
  for (const p of pairs) {
    if (!p.group) continue;
    for (const r of [p.a, p.b]) {
      const key = `${p.file}|${r.scale}|${r.competitor}|${embeddingTextOf(r)}`;
      if (!byKey.has(key)) byKey.set(key, { r, group: p.group, file: p.file });
    }
  }
  const list = [...byKey.values()];
  const out: LabelledPair[] = [];
  for (const x of list) {
    const others = list.filter((y) =>
      y.file === x.file && y.group !== x.group && areCandidates(x.r, y.r) &&
      embeddingTextOf(x.r) !== embeddingTextOf(y.r)
    );
    for (let i = 0; i < k && others.length; i++) {
      const y = others[Math.floor(random() * others.length)];
      out.push({ file: x.file, line: 0, a: x.r, b: y.r, similar: false });
    }
  }
  return out;
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
