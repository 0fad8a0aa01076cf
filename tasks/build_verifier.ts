/**
 * `deno task build:verifier [--out FILE]`
 *
 * An experiment (nothing ships from it): fits a pair verifier for the semantic cache (tasks/verifier_features.ts)
 * and prints its validation and grouped cross-validation figures; `--out FILE` also writes the model's JSON.
 * Environment: `VERIFIER_FLOOR` (cosine floor, default 0.4), `VERIFIER_TARGET` (precision the threshold is
 * chosen for, 0.97), `VERIFIER_CROSS_EVERY` (one in N cross-group pairs, 16), `VERIFIER_CROSS_TRAIN=0` (measure
 * the cross-group pairs without learning from them). Pairs: the labelled pairs of eval/similarity/ that the shipped projection
 * was NOT fitted on (validation.jsonl, test.jsonl, test2.jsonl: all seen by now; train.jsonl is left out
 * because the projection was fitted on it, so its cosines are not what an unseen pair gets), and only those
 * the cache would verify (same scale and competitor, cosine ≥ {@link FLOOR}).
 *
 * Method: the intent groups are split once, seeded, into train (75 %) and validation (25 %), no group in both.
 * A logistic regression over the standardized features (L2 {@link L2}, negatives weighted ×2: a wrong answer
 * is worse than none; Newton's method, deterministic) is fitted on train, and the threshold is the lowest
 * probability with precision ≥ 0.97 on validation. Generalization is estimated by grouped cross-validation
 * over all the pool's groups (5 folds × 5 seeded shuffles): recall at precision ≥ 0.95 / 0.97 of the
 * out-of-fold scores, and precision / recall at the chosen threshold, with 95 % Wilson intervals, beside the
 * cosine alone on the same pairs, and the share of cross-group pairs ({@link crossGroupPairs}) accepted.
 */
import {
  areCandidates,
  type LabelledPair,
  metricsAt,
  parsePairs,
  recallAtPrecision,
  type ScoredPair,
  wilson,
} from "./eval_similarity.ts";
import { cosine, embeddingTextOf, SentenceEmbedder, thresholdFor } from "../lib/semantic/embeddings/mod.ts";
import { LocalEmbedder } from "../lib/semantic/embeddings/local.ts";
import {
  pairFeatures,
  pairSides,
  VERIFIER_FEATURES,
  type VerifierModel,
  verifierScore,
  workloadEvidence,
} from "./verifier_features.ts";
import { seededRandom } from "../lib/platform/seeded_random.ts";

/** The pairs files the verifier learns from (never train.jsonl: the projection was fitted on it). */
export const VERIFIER_PAIRS = [
  "eval/similarity/validation.jsonl",
  "eval/similarity/test.jsonl",
  "eval/similarity/test2.jsonl",
];
/** Cosine floor of the retrieval (chosen by the grouped cross-validation: 0.35 / 0.40 / 0.45 / 0.50). */
export const FLOOR = Number(Deno.env.get("VERIFIER_FLOOR") ?? 0.4);
/** Whether the cross-group pairs are learned from (else only measured). */
const CROSS_TRAIN = Deno.env.get("VERIFIER_CROSS_TRAIN") !== "0";
/** L2 penalty on the standardized weights (0.1 / 1 / 10: 1 was best). */
export const L2 = 1;
const NEGATIVE_WEIGHT = 2;
const SEED = 11;
const FOLDS = 5;
/** One in how many cross-group pairs is used (all of them would make every fit slow). */
const CROSS_EVERY = Number(Deno.env.get("VERIFIER_CROSS_EVERY") ?? 16);
/**
 * What the embedder's default threshold is: the cache applies it with the plan-agreement gate, which these
 * cosine-alone figures leave out (`deno task eval:similarity` measures the shipped decision).
 */
const GATE_NOTE = "shipped with the plan-agreement gate, not applied here";
const labelled = <T extends LabelledPair>(xs: T[]) => xs.filter((p) => p.kind !== CROSS_GROUP);
const crossOnly = <T extends LabelledPair>(xs: T[]) => xs.filter((p) => p.kind === CROSS_GROUP);
/** Share of the cross-group pairs accepted at `threshold` (score null: rejected). */
function crossAccepted(scored: ScoredPair[], threshold: number): string {
  const cross = crossOnly(scored);
  const k = cross.filter((p) => p.score !== null && p.score >= threshold).length;
  return `cross-group pairs accepted ${f3(k / Math.max(1, cross.length))} (${k}/${cross.length})`;
}
/** Precision the threshold is chosen for (on out-of-fold scores). */
export const TARGET = Number(Deno.env.get("VERIFIER_TARGET") ?? 0.97);

/** A pair with its features (null: never verified: not candidates, or cosine below the floor). */
export interface FeaturedPair extends LabelledPair {
  cosine: number | null;
  features: number[] | null;
}

/** Computes every pair's cosine (shipped embedder) and features. */
export async function featurePairs(pairs: LabelledPair[], floor = FLOOR): Promise<FeaturedPair[]> {
  const texts = [...new Set(pairs.flatMap((p) => [embeddingTextOf(p.a), embeddingTextOf(p.b)]))];
  const [vectors, sides] = await Promise.all([
    new SentenceEmbedder().embed(texts),
    pairSides(texts, workloadEvidence, new LocalEmbedder()),
  ]);
  const row = new Map(texts.map((t, i) => [t, i]));
  return pairs.map((p) => {
    if (!areCandidates(p.a, p.b)) return { ...p, cosine: null, features: null };
    const a = row.get(embeddingTextOf(p.a))!, b = row.get(embeddingTextOf(p.b))!;
    const c = cosine(vectors[a], vectors[b]);
    return { ...p, cosine: c, features: c >= floor ? pairFeatures(c, sides[a], sides[b]) : null };
  });
}

/** Solves `A x = b` (Gaussian elimination with partial pivoting; A is n × n, row after row). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
    [m[c], m[pivot]] = [m[pivot], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

/** Fits the logistic model on the verified pairs (those with features); returns it without floor/threshold. */
export function fitVerifier(
  pairs: FeaturedPair[],
  embedderId: string,
): Omit<VerifierModel, "floor" | "threshold" | "source"> {
  const rows = pairs.filter((p) =>
    p.features && (CROSS_TRAIN || p.kind !== CROSS_GROUP)
  ) as (FeaturedPair & { features: number[] })[];
  const d = VERIFIER_FEATURES.length;
  const mean = new Array(d).fill(0), scale = new Array(d).fill(0);
  for (const p of rows) p.features.forEach((x, i) => mean[i] += x / rows.length);
  for (const p of rows) p.features.forEach((x, i) => scale[i] += (x - mean[i]) ** 2 / rows.length);
  for (let i = 0; i < d; i++) scale[i] = Math.sqrt(scale[i]) || 1;
  const z = rows.map((p) => [...p.features.map((x, i) => (x - mean[i]) / scale[i]), 1]);
  let beta = new Array(d + 1).fill(0);
  for (let iter = 0; iter < 50; iter++) {
    const g = new Array(d + 1).fill(0);
    const h = Array.from({ length: d + 1 }, () => new Array(d + 1).fill(0));
    rows.forEach((p, r) => {
      const w = p.similar ? 1 : NEGATIVE_WEIGHT;
      const pr = 1 / (1 + Math.exp(-z[r].reduce((s, x, i) => s + x * beta[i], 0)));
      const e = (pr - (p.similar ? 1 : 0)) * w, v = pr * (1 - pr) * w;
      for (let i = 0; i <= d; i++) {
        g[i] += e * z[r][i];
        for (let j = 0; j <= d; j++) h[i][j] += v * z[r][i] * z[r][j];
      }
    });
    for (let i = 0; i < d; i++) {
      g[i] += L2 * beta[i];
      h[i][i] += L2;
    }
    const step = solve(h, g);
    beta = beta.map((b, i) => b - step[i]);
    if (Math.max(...step.map(Math.abs)) < 1e-10) break;
  }
  return {
    embedderId,
    features: [...VERIFIER_FEATURES],
    mean,
    scale,
    weights: beta.slice(0, d),
    bias: beta[d],
  };
}

/** The pairs scored by the full decision (cosine ≥ floor, then the model's probability; null: rejected). */
export function scoreWith(
  model: Omit<VerifierModel, "floor" | "threshold" | "source">,
  pairs: FeaturedPair[],
): ScoredPair[] {
  const full = { ...model, floor: FLOOR, threshold: 0.5, source: "" };
  return pairs.map((p) => ({ ...p, score: p.features ? verifierScore(full, p.features) : null }));
}

/** The lowest score with precision ≥ `target` (the highest score when none reaches it). */
export function lowestThreshold(scored: ScoredPair[], target: number): number {
  const scores = [...new Set(scored.map((p) => p.score).filter((s): s is number => s !== null))]
    .sort((a, b) => b - a);
  let best = scores[0] ?? 1;
  for (const t of scores) {
    const m = metricsAt(scored, t);
    if (m.tp > 0 && m.precision >= target) best = t;
  }
  return best;
}

const groupOf = (p: LabelledPair) => p.group ?? `${p.file}:${p.line}`;
/** The intent groups a pair touches (a cross-group pair touches two). */
const groupsOf = (p: LabelledPair) => p.kind === CROSS_GROUP ? groupOf(p).split("|") : [groupOf(p)];
/** Whether every group of the pair is in `fold` (inside) or none is (outside). */
const inside = (p: LabelledPair, fold: Map<string, number>, k: number) =>
  groupsOf(p).every((g) => fold.get(g) === k);
const outside = (p: LabelledPair, fold: Map<string, number>, k: number) =>
  groupsOf(p).every((g) => fold.get(g) !== k);

/** Kind of the generated pairs of two requests of different intent groups (not similar). */
export const CROSS_GROUP = "cross-group";

/**
 * Pairs of requests from different intent groups that the cache would compare (same scale and competitor),
 * labelled not similar: what a search meets most among the stored generations, and what the labelled pairs
 * (all inside one group) never show. Every `every`-th such pair, in a fixed order.
 */
export function crossGroupPairs(pairs: LabelledPair[], every: number): LabelledPair[] {
  const requests = new Map<string, { request: LabelledPair["a"]; group: string }>();
  for (const p of pairs) {
    for (const r of [p.a, p.b]) requests.set(embeddingTextOf(r), { request: r, group: groupOf(p) });
  }
  const list = [...requests.values()];
  const out: LabelledPair[] = [];
  let n = 0;
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const a = list[i], b = list[j];
      if (a.group === b.group || !areCandidates(a.request, b.request) || n++ % every) continue;
      out.push({
        file: "cross-group",
        line: out.length + 1,
        a: a.request,
        b: b.request,
        similar: false,
        group: `${a.group}|${b.group}`,
        kind: CROSS_GROUP,
      });
    }
  }
  return out;
}

/** Seeded shuffle of the distinct groups. */
function shuffledGroups(pairs: LabelledPair[], seed: number): string[] {
  const groups = [...new Set(pairs.flatMap(groupsOf))].sort();
  const random = seededRandom(seed);
  for (let i = groups.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [groups[i], groups[j]] = [groups[j], groups[i]];
  }
  return groups;
}

/** The train / validation split by intent group (25 % of the groups to validation). */
export function splitByGroup(pairs: FeaturedPair[]): { train: FeaturedPair[]; validation: FeaturedPair[] } {
  const groups = shuffledGroups(pairs, SEED);
  const held = new Set(groups.slice(0, Math.round(groups.length / 4)));
  return {
    train: pairs.filter((p) => groupsOf(p).every((g) => !held.has(g))),
    validation: pairs.filter((p) => groupsOf(p).every((g) => held.has(g))),
  };
}

const f3 = (n: number) => n.toFixed(3);
const ci = (k: number, n: number) => {
  const i = wilson(k, n);
  return `[${f3(i.low)}, ${f3(i.high)}]`;
};

/** One line of precision / recall with Wilson intervals. */
function figures(name: string, scored: ScoredPair[], threshold: number): string {
  const m = metricsAt(scored, threshold);
  return `${name}: precision ${f3(m.precision)} ${ci(m.tp, m.tp + m.fp)}  recall ${f3(m.recall)} ${
    ci(m.tp, m.tp + m.fn)
  }  (tp ${m.tp}, fp ${m.fp}, fn ${m.fn}, tn ${m.tn})`;
}

function atFloors(name: string, scored: ScoredPair[]): string {
  return `${name}: ` + [0.95, 0.97].map((t) => {
    const m = recallAtPrecision(scored, t);
    return `recall@p≥${t} ${m ? `${f3(m.recall)} (t ${f3(m.threshold)})` : "n/a"}`;
  }).join("  ");
}

/** Out-of-fold scores of `pairs` by grouped k-fold cross-validation, pooled over `shuffles` seeded shuffles. */
export function outOfFold(
  pairs: FeaturedPair[],
  embedderId: string,
  shuffles: number,
  seed: number,
): ScoredPair[] {
  const out: ScoredPair[] = [];
  for (let shuffle = 0; shuffle < shuffles; shuffle++) {
    const fold = new Map(shuffledGroups(pairs, seed + shuffle).map((g, i) => [g, i % FOLDS]));
    for (let k = 0; k < FOLDS; k++) {
      const model = fitVerifier(pairs.filter((p) => outside(p, fold, k)), embedderId);
      out.push(...scoreWith(model, pairs.filter((p) => inside(p, fold, k))));
    }
  }
  return out;
}

/**
 * The threshold for a model fitted on `pairs`: the lowest probability with precision ≥ {@link TARGET} on their
 * own out-of-fold scores (grouped 5-fold, 3 shuffles), so that it is chosen on pairs the model did not see.
 */
export function chooseThreshold(pairs: FeaturedPair[], embedderId: string): number {
  return Math.floor(
    lowestThreshold(
      CROSS_TRAIN ? outOfFold(pairs, embedderId, 3, 500) : labelled(outOfFold(pairs, embedderId, 3, 500)),
      TARGET,
    ) * 1000,
  ) / 1000;
}

/**
 * Grouped cross-validation over the whole pool: 5 folds × 5 shuffles. Prints recall at the precision floors
 * of the out-of-fold scores (mean over shuffles) beside the cosine alone, and the pooled precision / recall
 * of the full procedure: each outer fold's threshold chosen by {@link chooseThreshold} on the other folds.
 */
export function crossValidate(pairs: FeaturedPair[], embedderId: string): void {
  const r95: number[] = [], r97: number[] = [];
  let tp = 0, fp = 0, fn = 0, crossHit = 0, crossN = 0;
  const cosineScored: ScoredPair[] = pairs.map((p) => ({ ...p, score: p.cosine }));
  const thresholds: number[] = [];
  const kinds = new Map<string, { hit: number; n: number }>();
  for (let shuffle = 0; shuffle < 5; shuffle++) {
    const fold = new Map(shuffledGroups(pairs, 100 + shuffle).map((g, i) => [g, i % FOLDS]));
    const out: ScoredPair[] = [];
    for (let k = 0; k < FOLDS; k++) {
      const inner = pairs.filter((p) => outside(p, fold, k));
      const scored = scoreWith(fitVerifier(inner, embedderId), pairs.filter((p) => inside(p, fold, k)));
      const threshold = chooseThreshold(inner, embedderId);
      thresholds.push(threshold);
      const m = metricsAt(labelled(scored), threshold);
      tp += m.tp, fp += m.fp, fn += m.fn;
      crossHit += crossOnly(scored).filter((p) => p.score !== null && p.score >= threshold).length;
      crossN += crossOnly(scored).length;
      out.push(...scored);
      for (const p of scored) {
        const kind = kinds.get(p.kind ?? "?") ?? { hit: 0, n: 0 };
        const predicted = p.score !== null && p.score >= threshold;
        kind.n++;
        if (predicted === p.similar) kind.hit++;
        kinds.set(p.kind ?? "?", kind);
      }
    }
    r95.push(recallAtPrecision(labelled(out), 0.95)?.recall ?? 0);
    r97.push(recallAtPrecision(labelled(out), 0.97)?.recall ?? 0);
  }
  const mean = (xs: number[]) => f3(xs.reduce((s, x) => s + x, 0) / xs.length);
  const range = (xs: number[]) => `${f3(Math.min(...xs))}–${f3(Math.max(...xs))}`;
  console.log(
    `grouped CV (${FOLDS} folds × 5 shuffles, ${labelled(pairs).length} labelled pairs + ` +
      `${crossOnly(pairs).length} cross-group; figures on the labelled pairs unless named):`,
  );
  console.log(
    `  verifier: recall@p≥0.95 ${mean(r95)} (${range(r95)})  recall@p≥0.97 ${mean(r97)} (${range(r97)})`,
  );
  console.log(
    `  cosine alone: recall@p≥0.95 ${f3(recallAtPrecision(labelled(cosineScored), 0.95)?.recall ?? 0)}  ` +
      `recall@p≥0.97 ${f3(recallAtPrecision(labelled(cosineScored), 0.97)?.recall ?? 0)}`,
  );
  console.log(
    `  each fold's threshold chosen inside its training folds (${range(thresholds)}), 5 shuffles pooled ` +
      `(intervals over one shuffle's counts): precision ${f3(tp / (tp + fp))} ${
        ci(tp / 5, (tp + fp) / 5)
      }  ` +
      `recall ${f3(tp / (tp + fn))} ${ci(tp / 5, (tp + fn) / 5)}; cross-group pairs accepted ` +
      `${f3(crossHit / Math.max(1, crossN))}`,
  );
  const atDefault = metricsAt(labelled(cosineScored), thresholdFor(embedderId));
  console.log(
    `  cosine alone at the embedder's default threshold ${thresholdFor(embedderId)} (${GATE_NOTE}): ` +
      `precision ${f3(atDefault.precision)} ${ci(atDefault.tp, atDefault.tp + atDefault.fp)}  recall ${
        f3(atDefault.recall)
      } ${ci(atDefault.tp, atDefault.tp + atDefault.fn)}; ${
        crossAccepted(cosineScored, thresholdFor(embedderId))
      }`,
  );
  console.log("  per kind (similar: found; not similar: kept apart), 5 shuffles pooled:");
  for (const [kind, k] of [...kinds].sort()) {
    console.log(`    ${kind.padEnd(20)} ${f3(k.hit / k.n)} (${k.hit / 5}/${k.n / 5})`);
  }
}

async function main(args: string[]): Promise<void> {
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--out") out = args[++i];
    else throw new Error(`unknown option ${args[i]}`);
  }
  const pairs: LabelledPair[] = [];
  for (const f of VERIFIER_PAIRS) pairs.push(...parsePairs(await Deno.readTextFile(f), f));
  console.log(`${pairs.length} pairs; features…`);
  const embedderId = new SentenceEmbedder().id;
  const featured = await featurePairs([...pairs, ...crossGroupPairs(pairs, CROSS_EVERY)]);
  const { train, validation } = splitByGroup(featured);
  const model = fitVerifier(train, embedderId);
  const onValidation = scoreWith(model, validation);
  const threshold = chooseThreshold(train, embedderId);
  const cosineValidation = validation.map((p) => ({ ...p, score: p.cosine }));
  console.log(`train ${train.length} pairs, validation ${validation.length} (split by intent group)`);
  console.log(
    figures(`validation, verifier at ${threshold}`, labelled(onValidation), threshold) + "; " +
      crossAccepted(onValidation, threshold),
  );
  console.log(atFloors("validation, verifier", labelled(onValidation)));
  console.log(atFloors("validation, cosine alone", labelled(cosineValidation)));
  console.log(
    figures(
      `validation, cosine alone at the default ${thresholdFor(embedderId)} (${GATE_NOTE})`,
      labelled(cosineValidation),
      thresholdFor(embedderId),
    ) +
      "; " + crossAccepted(cosineValidation, thresholdFor(embedderId)),
  );
  crossValidate(featured, embedderId);
  if (!out) return;
  const model_: VerifierModel = {
    ...model,
    floor: FLOOR,
    threshold,
    source: `logistic regression (L2 ${L2}, negatives ×${NEGATIVE_WEIGHT}) on ${train.length} pairs of ` +
      `${VERIFIER_PAIRS.join(", ")} (75 % of the intent groups, seed ${SEED}); threshold: lowest with ` +
      `precision ≥ ${TARGET} on train's own out-of-fold scores; validation: the other 25 %`,
  };
  await Deno.writeTextFile(out, JSON.stringify(model_, null, 2) + "\n");
  console.log(`wrote ${out}`);
}

if (import.meta.main) await main(Deno.args);
