/**
 * A learned shape classifier: multinomial naive Bayes over word stems and stem bigrams (the features of
 * `shapeFeatures`), trained by `deno task build:shape-model` on the labelled requests of the planner's eval
 * files and the seed requests (shape_seeds.ts), and committed as counts in `shape_model_data.ts`. It gives
 * a probability per shape that workload_shapes.ts weighs beside the decisive phrasings and word families:
 * phrasings nobody wrote a pattern for still land near the labelled requests they resemble.
 *
 * Synchronous and deterministic: the same text and counts always give the same probabilities.
 */
import { stems } from "./shape_neighbours.ts";
import type { WorkloadShape } from "./workload_shapes.ts";
import { SHAPE_MODEL_DATA } from "./shape_model_data.ts";

/** The counts a model is made of (what the build task writes). */
export interface ShapeModelData {
  /** The shapes the model tells apart, in a fixed order (indices below refer to it). */
  classes: WorkloadShape[];
  /** Additive smoothing of the feature counts. */
  alpha: number;
  /** Sharpness of the probabilities: log-likelihoods are divided by it before they are normalised. */
  temperature: number;
  /** Training requests per class. */
  docs: number[];
  /** Per feature: the classes it occurs in and how many requests of each, as `[class, count, …]`. */
  counts: Record<string, number[]>;
}

/** One labelled request to train on, as its features (workload_shapes.ts `classificationFeatures`). */
export interface ShapeTrainingExample {
  features: string[];
  shape: WorkloadShape;
}

/** The word features of a text: its distinct word stems and bigrams of neighbouring stems (`a_b`). */
export function wordFeatures(text: string): string[] {
  const s = stems(text);
  const out = new Set(s);
  for (let i = 1; i < s.length; i++) out.add(`${s[i - 1]}_${s[i]}`);
  return [...out];
}

/** How the model is trained: smoothing, sharpness, and how often a feature must occur to be kept. */
export interface ShapeModelOptions {
  alpha: number;
  temperature: number;
  /** Features seen in fewer training requests than this are left out (a smaller data file). */
  minCount: number;
}

/**
 * Counts the features of labelled requests per shape (each feature once per request). Classes are sorted,
 * features in first-seen order, so the same examples always give the same data.
 */
export function trainShapeModel(
  examples: ShapeTrainingExample[],
  options: ShapeModelOptions,
): ShapeModelData {
  if (!examples.length) throw new Error("no examples to train the shape model on");
  const classes = [...new Set(examples.map((e) => e.shape))].sort();
  const docs = classes.map(() => 0);
  const perFeature = new Map<string, number[]>();
  for (const e of examples) {
    const k = classes.indexOf(e.shape);
    docs[k]++;
    for (const f of new Set(e.features)) {
      const row = perFeature.get(f) ?? classes.map(() => 0);
      row[k]++;
      perFeature.set(f, row);
    }
  }
  const counts: Record<string, number[]> = {};
  for (const [f, row] of perFeature) {
    if (row.reduce((a, b) => a + b, 0) >= options.minCount) {
      counts[f] = row.flatMap((n, k) => n ? [k, n] : []);
    }
  }
  return { classes, alpha: options.alpha, temperature: options.temperature, docs, counts };
}

/** A model ready to score: per feature and class the log-probability, and the log-priors. */
interface CompiledModel {
  classes: WorkloadShape[];
  temperature: number;
  logPrior: number[];
  /** Per feature: per class log-probability. */
  logLike: Map<string, Float64Array>;
}

function compileModel(data: ShapeModelData): CompiledModel {
  const K = data.classes.length;
  const vocab = Object.keys(data.counts).length;
  const tokens = new Array<number>(K).fill(0);
  for (const row of Object.values(data.counts)) {
    for (let i = 0; i < row.length; i += 2) tokens[row[i]] += row[i + 1];
  }
  const denom = tokens.map((t) => Math.log(t + data.alpha * vocab));
  const unseen = denom.map((d) => Math.log(data.alpha) - d);
  const logLike = new Map<string, Float64Array>();
  for (const [f, row] of Object.entries(data.counts)) {
    const v = Float64Array.from(unseen);
    for (let i = 0; i < row.length; i += 2) v[row[i]] = Math.log(row[i + 1] + data.alpha) - denom[row[i]];
    logLike.set(f, v);
  }
  const n = data.docs.reduce((a, b) => a + b, 0);
  return {
    classes: data.classes,
    temperature: data.temperature,
    logPrior: data.docs.map((d) => Math.log(d / n)),
    logLike,
  };
}

let active = compileModel(SHAPE_MODEL_DATA);

/**
 * Probability per shape (summing to 1) of a request with these features, by the active model; features it
 * never saw count for nothing.
 */
export function shapeProbabilities(features: string[]): Map<WorkloadShape, number> {
  const m = active;
  const score = Float64Array.from(m.logPrior);
  for (const f of new Set(features)) {
    const v = m.logLike.get(f);
    if (!v) continue;
    for (let k = 0; k < score.length; k++) score[k] += v[k];
  }
  const top = Math.max(...score);
  const exp = [...score].map((s) => Math.exp((s - top) / m.temperature));
  const z = exp.reduce((a, b) => a + b, 0);
  return new Map(m.classes.map((c, k) => [c, exp[k] / z]));
}

/**
 * Runs `fn` with another model active and restores the shipped one afterwards (the eval's
 * leave-one-file-out runs score each file with a model that never saw it). Synchronous only.
 */
export function withShapeModel<T>(data: ShapeModelData, fn: () => T): T {
  const previous = active;
  active = compileModel(data);
  try {
    return fn();
  } finally {
    active = previous;
  }
}
