/**
 * `deno task cv:projection [--cache FILE] [--out FILE] [--summary] [--features-only]`
 *
 * Leave-one-file-out sweep of a refit of the learned projection over the six labelled files of
 * eval/similarity/ (train, validation, test, test2, test3, test4; never test5) with cross-group negatives in
 * the loss. For each held-out file and each point of {@link GRID}, the projection is fitted on the other five
 * files' candidate pairs (labelled negatives weighted ×2 as in the shipped fit) plus, per request, `K` sampled
 * requests of a different intent group of the same file with the same scale and competitor as not similar, of
 * weight `W` and hinge margin `m` (they cost nothing below cosine `m`); the matrix is read after 150 and after
 * 300 epochs. Each threshold is the lowest at which the training pairs (labelled + sampled) reach precision ≥
 * 0.97. The held-out file gives precision, recall (at that threshold), recall@p≥0.97 and the share of its
 * cross-group pairs accepted; the shipped v3 (fitted on train only) is measured on the same files at the
 * embedder's default threshold (`DEFAULT_THRESHOLDS`), by its cosine alone: the semantic cache applies that
 * threshold together with the plan-agreement gate (lib/semantic/plan_agreement.ts), which this sweep of
 * embedder variants does not apply. The selection rule ({@link selectSetting}) was fixed before the sweep ran.
 *
 * `--cache FILE` keeps the encoder's features between runs (the encoder is the slow part); `--out FILE`
 * appends each fold's figures as JSON lines and skips the folds already there (resumable); `--summary` only
 * prints the table of `--out`. The fit is 72 runs of 300 epochs over ~2,700 descriptions: hours of one core.
 */
import {
  areCandidates,
  crossGroupScores,
  type LabelledPair,
  metricsAt,
  parsePairs,
  recallAtPrecision,
  type ScoredPair,
  wilson,
} from "./eval_similarity.ts";
import { crossGroupNegatives, fitProjection, TRAINING, type TrainingPair } from "./build_projection.ts";
import { cosine, DEFAULT_THRESHOLDS, embeddingTextOf } from "../lib/semantic/embeddings/mod.ts";
import { loadProjection, project, type Projection } from "../lib/semantic/embeddings/projection.ts";
import {
  FEATURE_DIMENSIONS,
  SENTENCE_EMBEDDER_DIMENSIONS,
  SENTENCE_EMBEDDER_ID,
  sentenceFeatures,
} from "../lib/semantic/embeddings/sentence_embedder.ts";

const FILES = ["train", "validation", "test", "test2", "test3", "test4"].map((f) =>
  `eval/similarity/${f}.jsonl`
);

const f3 = (n: number) => n.toFixed(3);

/**
 * The joined features of `texts` (the sentence encoder is the slow part): read from `file` when it holds
 * them all (same texts, same feature length), else computed and written there. No file: computed.
 */
async function cachedFeatures(texts: string[], file?: string): Promise<Float32Array[]> {
  if (file) {
    try {
      const bytes = await Deno.readFile(file);
      const view = new DataView(bytes.buffer);
      const head = view.getUint32(0, true);
      const cached: string[] = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + head)));
      const at = new Map(cached.map((t, i) => [t, i]));
      const data = new Float32Array(bytes.buffer.slice(4 + head));
      if (data.length === cached.length * FEATURE_DIMENSIONS && texts.every((t) => at.has(t))) {
        return texts.map((t) =>
          data.slice(at.get(t)! * FEATURE_DIMENSIONS, (at.get(t)! + 1) * FEATURE_DIMENSIONS)
        );
      }
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
  }
  const began = performance.now();
  const features = await sentenceFeatures(texts);
  console.log(`features of ${texts.length} texts in ${((performance.now() - began) / 1000).toFixed(0)} s`);
  if (file) {
    let json = JSON.stringify(texts);
    while ((4 + new TextEncoder().encode(json).length) % 4) json += " ";
    const head = new TextEncoder().encode(json);
    const out = new Uint8Array(4 + head.length + texts.length * FEATURE_DIMENSIONS * 4);
    new DataView(out.buffer).setUint32(0, head.length, true);
    out.set(head, 4);
    features.forEach((f, i) =>
      out.set(
        new Uint8Array(f.buffer, f.byteOffset, f.byteLength),
        4 + head.length + i * FEATURE_DIMENSIONS * 4,
      )
    );
    await Deno.writeFile(file, out);
  }
  return features;
}

/** One point of the grid: sampled negatives per request, their weight and margin, and the epoch counts. */
export interface GridPoint {
  negPer: number;
  negWeight: number;
  margin: number;
  epochs: number;
}

/**
 * The grid, fixed before any result was seen, in the order it runs (a point is dropped from the end when time
 * runs short): margin 0.5 before 0.3, weight 0.5, 0.25, 1, one negative per request before two. Each (K, W, m)
 * is one fit of 300 epochs whose matrix is also taken after 150.
 */
export const GRID: Omit<GridPoint, "epochs">[] = [0.5, 0.3].flatMap((margin) =>
  [0.5, 0.25, 1].flatMap((negWeight) => [1, 2].map((negPer) => ({ negPer, negWeight, margin })))
);
/** Epoch counts read from each fit. */
export const EPOCHS = [150, 300];

/** One held-out file's figures for one decision rule. */
export interface FoldResult {
  setting: string;
  held: string;
  threshold: number;
  precision: number;
  recall: number;
  tp: number;
  fp: number;
  fn: number;
  recallAt97: number;
  crossAccepted: number;
  crossTotal: number;
}

/** The name of a grid point in the results (`v3` for the shipped projection). */
export function settingName(p: GridPoint): string {
  return `K${p.negPer} W${p.negWeight} m${p.margin} e${p.epochs}`;
}

/** The figures of scored held-out pairs and their cross-group scores at `threshold`. */
function foldResult(
  setting: string,
  held: string,
  scored: ScoredPair[],
  cross: number[],
  threshold: number,
): FoldResult {
  const m = metricsAt(scored, threshold);
  return {
    setting,
    held,
    threshold,
    precision: m.precision,
    recall: m.recall,
    tp: m.tp,
    fp: m.fp,
    fn: m.fn,
    recallAt97: recallAtPrecision(scored, 0.97)?.recall ?? 0,
    crossAccepted: cross.filter((s) => s >= threshold).length,
    crossTotal: cross.length,
  };
}

/** Per-setting means over the held-out files: recall, precision, cross-group share, recall@p≥0.97. */
export function summarize(results: FoldResult[]): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const setting of new Set(results.map((r) => r.setting))) {
    const rows = results.filter((r) => r.setting === setting);
    const mean = (f: (r: FoldResult) => number) => rows.reduce((s, r) => s + f(r), 0) / rows.length;
    out.set(setting, {
      folds: rows.length,
      recall: mean((r) => r.recall),
      precision: mean((r) => r.precision),
      cross: mean((r) => (r.crossTotal ? r.crossAccepted / r.crossTotal : 0)),
      recallAt97: mean((r) => r.recallAt97),
    });
  }
  return out;
}

/**
 * The selection rule, fixed before the sweep: the setting with the highest mean held-out recall among those
 * with every fold measured, mean held-out precision ≥ 0.90 and mean cross-group share ≤ 5 %.
 */
export function selectSetting(
  summary: Map<string, Record<string, number>>,
  folds: number,
): string | undefined {
  let best: string | undefined;
  for (const [setting, s] of summary) {
    if (setting === "v3" || s.folds < folds || s.precision < 0.9 || s.cross > 0.05) continue;
    if (!best || s.recall > summary.get(best)!.recall) best = setting;
  }
  return best;
}

/** What a fold needs: the labelled pairs by file, the features by text. */
interface Data {
  byFile: Map<string, LabelledPair[]>;
  features: Map<string, Float32Array>;
}

/** Scores pairs with a text → vector function (null: never candidates). */
function scoreWith(vec: (t: string) => Float32Array, pairs: LabelledPair[]): ScoredPair[] {
  return pairs.map((p) => ({
    ...p,
    score: areCandidates(p.a, p.b) ? cosine(vec(embeddingTextOf(p.a)), vec(embeddingTextOf(p.b))) : null,
  }));
}

/** The held-out file's pairs scored, and its cross-group scores, under a projection. */
function heldScores(data: Data, held: string, projection: Projection) {
  const pairs = data.byFile.get(held)!;
  const vectors = new Map<string, Float32Array>();
  for (const p of pairs) {
    for (const t of [embeddingTextOf(p.a), embeddingTextOf(p.b)]) {
      if (!vectors.has(t)) vectors.set(t, project(projection, data.features.get(t)!));
    }
  }
  return { scored: scoreWith((t) => vectors.get(t)!, pairs), cross: crossGroupScores(pairs, vectors) };
}

/**
 * Fits one (K, W, m) on every file but `held` (their candidate pairs, plus sampled cross-group negatives of
 * weight W and margin m) and returns the held-out figures after each of {@link EPOCHS}; each threshold is
 * the lowest at which the training pairs (labelled + sampled) reach precision ≥ 0.97.
 */
function runFold(
  data: Data,
  held: string,
  point: Omit<GridPoint, "epochs">,
  shipped: Projection,
): FoldResult[] {
  const trainPairs = FILES.filter((f) => f !== held).flatMap((f) => data.byFile.get(f)!)
    .filter((p) => areCandidates(p.a, p.b));
  const negatives = crossGroupNegatives(trainPairs, point.negPer, TRAINING.seed);
  const both = [...trainPairs, ...negatives];
  const texts = [...new Set(both.flatMap((p) => [embeddingTextOf(p.a), embeddingTextOf(p.b)]))];
  const row = new Map(texts.map((t, i) => [t, i]));
  const x = new Float64Array(texts.length * FEATURE_DIMENSIONS);
  texts.forEach((t, i) => x.set(data.features.get(t)!, i * FEATURE_DIMENSIONS));
  const fitPairs: TrainingPair[] = [
    ...trainPairs.map((p) => ({
      a: row.get(embeddingTextOf(p.a))!,
      b: row.get(embeddingTextOf(p.b))!,
      similar: p.similar,
    })),
    ...negatives.map((p) => ({
      a: row.get(embeddingTextOf(p.a))!,
      b: row.get(embeddingTextOf(p.b))!,
      similar: false,
      weight: point.negWeight,
      margin: point.margin,
    })),
  ];
  const snapshots = new Map<number, Float32Array>();
  const settings = { ...TRAINING, epochs: Math.max(...EPOCHS) };
  fitProjection(
    x,
    FEATURE_DIMENSIONS,
    fitPairs,
    SENTENCE_EMBEDDER_DIMENSIONS,
    settings,
    (e, _loss, matrix) => {
      if (EPOCHS.includes(e)) snapshots.set(e, matrix());
    },
  );
  return EPOCHS.map((epochs) => {
    const projection = { header: { ...shipped.header }, matrix: snapshots.get(epochs)! };
    const vec = (t: string) => project(projection, data.features.get(t)!);
    const threshold = recallAtPrecision(scoreWith(vec, both), 0.97)?.threshold ?? 1;
    const { scored, cross } = heldScores(data, held, projection);
    return foldResult(settingName({ ...point, epochs }), held, scored, cross, threshold);
  });
}

/**
 * Whether a setting beats v3 by the shipping rule (fixed before the sweep): higher mean held-out precision,
 * lower mean cross-group share, and mean recall no more than 0.1 below v3's, on the same held-out files.
 */
export function beatsShipped(setting: Record<string, number>, shipped: Record<string, number>): boolean {
  return setting.precision > shipped.precision && setting.cross < shipped.cross &&
    setting.recall >= shipped.recall - 0.1;
}

/** The table rows of a summary (means over the held-out files). */
function summaryLines(summary: Map<string, Record<string, number>>): string[] {
  return [...summary].map(([setting, s]) =>
    `${setting.padEnd(18)} ${String(s.folds).padStart(5)}  ${f3(s.recall)}   ${f3(s.precision)}      ` +
    `${f3(s.cross)}        ${f3(s.recallAt97)}`
  );
}

/**
 * Prints the grid table (means over the six held-out files, then over the five other than train, which v3 was
 * fitted on), the chosen setting, whether it beats v3, and the per-file rows of v3 and the chosen setting.
 */
function printSummary(results: FoldResult[]): void {
  const summary = summarize(results);
  console.log("setting            folds  recall  precision  cross-group  recall@p≥0.97");
  for (const l of summaryLines(summary)) console.log(l);
  console.log("without the train fold:");
  for (const l of summaryLines(summarize(results.filter((r) => !r.held.endsWith("/train.jsonl"))))) {
    console.log(l);
  }
  const chosen = selectSetting(summary, FILES.length);
  console.log(`chosen: ${chosen ?? "none (no setting meets precision ≥ 0.90 and cross-group ≤ 5 %)"}`);
  if (chosen && summary.has("v3")) {
    console.log(`beats v3 at its threshold: ${beatsShipped(summary.get(chosen)!, summary.get("v3")!)}`);
  }
  for (const r of results.filter((r) => r.setting === "v3" || r.setting === chosen)) {
    const p = wilson(r.tp, r.tp + r.fp), rc = wilson(r.tp, r.tp + r.fn);
    console.log(
      `  ${r.setting.padEnd(18)} ${r.held.padEnd(34)} t=${f3(r.threshold)} precision ${f3(r.precision)} ` +
        `[${f3(p.low)},${f3(p.high)}] recall ${f3(r.recall)} [${f3(rc.low)},${f3(rc.high)}] ` +
        `recall@p≥0.97 ${f3(r.recallAt97)} cross-group ${r.crossAccepted}/${r.crossTotal}`,
    );
  }
}

/** The fold figures already in `file` (none when it does not exist). */
async function readResults(file?: string): Promise<FoldResult[]> {
  if (!file) return [];
  try {
    return (await Deno.readTextFile(file)).split("\n").filter(Boolean).map((l) => JSON.parse(l));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return [];
    throw err;
  }
}

async function main(args: string[]): Promise<void> {
  let cache: string | undefined, out: string | undefined, featuresOnly = false, summaryOnly = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--cache") cache = args[++i];
    else if (args[i] === "--out") out = args[++i];
    else if (args[i] === "--features-only") featuresOnly = true;
    else if (args[i] === "--summary") summaryOnly = true;
    else throw new Error(`unknown option ${args[i]}`);
  }
  const results = await readResults(out);
  if (summaryOnly) return printSummary(results);
  const byFile = new Map<string, LabelledPair[]>();
  for (const f of FILES) byFile.set(f, parsePairs(await Deno.readTextFile(f), f));
  const texts = [
    ...new Set([...byFile.values()].flat().flatMap((p) => [embeddingTextOf(p.a), embeddingTextOf(p.b)])),
  ];
  const list = await cachedFeatures(texts, cache);
  if (featuresOnly) return;
  const data: Data = { byFile, features: new Map(texts.map((t, i) => [t, list[i]])) };
  const done = (setting: string, held: string) =>
    results.some((r) => r.setting === setting && r.held === held);
  const record = async (rs: FoldResult[]) => {
    results.push(...rs);
    if (out) {
      await Deno.writeTextFile(out, rs.map((r) => JSON.stringify(r) + "\n").join(""), { append: true });
    }
  };
  const shipped = await loadProjection();
  // The embedder's default threshold, calibrated with the plan-agreement gate; here v3's cosine alone at it.
  const defaultThreshold = DEFAULT_THRESHOLDS[SENTENCE_EMBEDDER_ID] ?? 0.885;
  for (const held of FILES) {
    if (done("v3", held)) continue;
    const { scored, cross } = heldScores(data, held, shipped);
    await record([foldResult("v3", held, scored, cross, defaultThreshold)]);
  }
  for (const point of GRID) {
    for (const held of FILES) {
      if (EPOCHS.every((epochs) => done(settingName({ ...point, epochs }), held))) continue;
      const began = performance.now();
      await record(runFold(data, held, point, shipped));
      const seconds = ((performance.now() - began) / 1000).toFixed(0);
      console.log(`${settingName({ ...point, epochs: 0 })} held out ${held}: ${seconds} s`);
    }
  }
  printSummary(results);
}

if (import.meta.main) await main(Deno.args);
