/**
 * `deno task cv:projection [--epochs N] [--lambda L] [--neg-weight W] [--neg-per K] [--hold FILE]…`
 *
 * Leave-one-file-out cross-validation of a refit of the learned projection on the labelled files of
 * eval/similarity/ with cross-group negatives in the loss: for each held-out file, the projection is fitted on
 * the other files' candidate pairs plus, per request, `K` sampled requests of a different intent group of the
 * same file with the same scale and competitor, labelled not similar (weight `W`). The threshold is the lowest
 * one at which the training pairs (labelled + sampled negatives) reach precision ≥ 0.97. Prints, per held-out
 * file, precision and recall (Wilson) at that threshold, recall@p≥0.97 and the cross-group share accepted, next
 * to the shipped projection (fitted on train only) at its shipped threshold. Writes nothing.
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
import { fitProjection, TRAINING, type TrainingPair } from "./build_projection.ts";
import { cosine, DEFAULT_THRESHOLDS, embeddingTextOf } from "../lib/semantic/embeddings/mod.ts";
import { loadProjection, project } from "../lib/semantic/embeddings/projection.ts";
import {
  FEATURE_DIMENSIONS,
  SENTENCE_EMBEDDER_DIMENSIONS,
  SENTENCE_EMBEDDER_ID,
  sentenceFeatures,
} from "../lib/semantic/embeddings/sentence_embedder.ts";
import { seededRandom } from "../lib/platform/seeded_random.ts";

const FILES = ["train", "validation", "test", "test2", "test3"].map((f) => `eval/similarity/${f}.jsonl`);

/** Sampled cross-group negatives: per request, `k` requests of another group of the same file and partition. */
function crossGroupNegatives(pairs: LabelledPair[], k: number, seed: number): LabelledPair[] {
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
      out.push({ file: x.file, line: 0, a: x.r, b: y.r, similar: false, group: undefined } as LabelledPair);
    }
  }
  return out;
}

function lowestThreshold(scored: ScoredPair[], minPrecision: number): number {
  return recallAtPrecision(scored, minPrecision)?.threshold ?? 1;
}

const f3 = (n: number) => n.toFixed(3);

async function main(args: string[]): Promise<void> {
  const settings = { ...TRAINING };
  let negWeight = 2, negPer = 2;
  const hold: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--epochs") settings.epochs = Number(args[++i]);
    else if (args[i] === "--lambda") settings.lambda = Number(args[++i]);
    else if (args[i] === "--lr") settings.learningRate = Number(args[++i]);
    else if (args[i] === "--neg-weight") negWeight = Number(args[++i]);
    else if (args[i] === "--neg-per") negPer = Number(args[++i]);
    else if (args[i] === "--hold") hold.push(args[++i]);
    else throw new Error(`unknown option ${args[i]}`);
  }
  settings.negativeWeight = negWeight;
  const byFile = new Map<string, LabelledPair[]>();
  for (const f of FILES) byFile.set(f, parsePairs(await Deno.readTextFile(f), f));
  const all = [...byFile.values()].flat();
  const texts = [...new Set(all.flatMap((p) => [embeddingTextOf(p.a), embeddingTextOf(p.b)]))];
  const features = await sentenceFeatures(texts);
  const row = new Map(texts.map((t, i) => [t, i]));
  const x = new Float64Array(texts.length * FEATURE_DIMENSIONS);
  features.forEach((f, r) => x.set(f, r * FEATURE_DIMENSIONS));
  const shipped = await loadProjection();
  const shippedThreshold = DEFAULT_THRESHOLDS[SENTENCE_EMBEDDER_ID] ?? 0.64;
  console.log(`${texts.length} texts; settings ${JSON.stringify({ ...settings, negPer })}`);
  const scoreWith = (vec: (t: string) => Float32Array, pairs: LabelledPair[]): ScoredPair[] =>
    pairs.map((p) => ({
      ...p,
      score: areCandidates(p.a, p.b) ? cosine(vec(embeddingTextOf(p.a)), vec(embeddingTextOf(p.b))) : null,
    }));
  const line = (name: string, scored: ScoredPair[], cross: number[], t: number) => {
    const m = metricsAt(scored, t);
    const r = recallAtPrecision(scored, 0.97);
    const p = wilson(m.tp, m.tp + m.fp), rc = wilson(m.tp, m.tp + m.fn);
    const acc = cross.filter((s) => s >= t).length;
    console.log(
      `  ${name} t=${f3(t)}: precision ${f3(m.precision)} [${f3(p.low)},${f3(p.high)}] recall ${
        f3(m.recall)
      } ` +
        `[${f3(rc.low)},${f3(rc.high)}]  recall@p≥0.97 ${
          r ? f3(r.recall) + " (t " + f3(r.threshold) + ")" : "—"
        }  ` +
        `cross-group ${acc}/${cross.length} = ${f3(cross.length ? acc / cross.length : 0)}`,
    );
  };
  for (const held of hold.length ? hold : FILES.slice(1)) {
    const began = performance.now();
    const trainPairs = FILES.filter((f) => f !== held).flatMap((f) => byFile.get(f)!)
      .filter((p) => areCandidates(p.a, p.b));
    const negatives = crossGroupNegatives(trainPairs, negPer, settings.seed);
    const fitPairs: TrainingPair[] = [...trainPairs, ...negatives].map((p) => ({
      a: row.get(embeddingTextOf(p.a))!,
      b: row.get(embeddingTextOf(p.b))!,
      similar: p.similar,
    }));
    const matrix = fitProjection(x, FEATURE_DIMENSIONS, fitPairs, SENTENCE_EMBEDDER_DIMENSIONS, settings);
    const proj = { header: { ...shipped.header }, matrix };
    const refit = new Map<string, Float32Array>();
    const vecRefit = (t: string) => {
      if (!refit.has(t)) refit.set(t, project(proj, features[row.get(t)!]));
      return refit.get(t)!;
    };
    const vecShipped = (t: string) => project(shipped, features[row.get(t)!]);
    const threshold = lowestThreshold(scoreWith(vecRefit, [...trainPairs, ...negatives]), 0.97);
    const heldPairs = byFile.get(held)!;
    const mapOf = (vec: (t: string) => Float32Array) =>
      new Map(heldPairs.flatMap((p) => [p.a, p.b]).map((r) => [embeddingTextOf(r), vec(embeddingTextOf(r))]));
    console.log(
      `held out ${held} (${trainPairs.length} pairs + ${negatives.length} negatives; ` +
        `${((performance.now() - began) / 1000).toFixed(0)} s)`,
    );
    line(
      "shipped v3",
      scoreWith(vecShipped, heldPairs),
      crossGroupScores(heldPairs, mapOf(vecShipped)),
      shippedThreshold,
    );
    line(
      "refit     ",
      scoreWith(vecRefit, heldPairs),
      crossGroupScores(heldPairs, mapOf(vecRefit)),
      threshold,
    );
  }
}

if (import.meta.main) await main(Deno.args);
