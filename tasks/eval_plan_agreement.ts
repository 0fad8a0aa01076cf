/**
 * `deno run -A tasks/eval_plan_agreement.ts <pairs.jsonl|folder>…` (a folder is read whole: to leave out the
 * projection's train file and held-out files, name the six selection files)
 *
 * Evaluates gating a cosine candidate of the semantic cache on PLAN AGREEMENT (issue 11; see eval/README.md,
 * "Plan agreement re-measured with planner 13"): the offline planner plans both descriptions — the asker's
 * request, and the matched description with the asker's priorities and region (what
 * lib/semantic/answer_for_asker.ts would plan) — and the candidate is kept only when the two plans agree: the
 * same primary workload shape or shape set (`classifyWorkload`), and/or a Jaccard overlap of node names of at
 * least J on both platforms. Sweeps the grid of tasks/plan_agreement_grid.ts: per setting the pooled and
 * per-file precision and recall; the rule's pick (highest pooled recall at pooled precision ≥ 0.97) against
 * cosine alone at the shipped threshold, per file with 95 % Wilson intervals; leave-one-file-out; the share
 * of cross-group pairs accepted; the agreement of similar pairs by kind; and the time of the gate. Plans are
 * cached per distinct request. Uses the planner's public functions only (`planArchitecture`,
 * `classifyWorkload`).
 */
import { crossGroupScores, type LabelledPair, parsePairs, wilson } from "./eval_similarity.ts";
import { cosine, embeddingTextOf, SentenceEmbedder, thresholdFor } from "../lib/semantic/embeddings/mod.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import { classifyWorkload } from "../lib/planner/workload_shapes.ts";
import type { NormalizedRequest } from "../lib/protocol/request_schema.ts";
import {
  matchedForAsker,
  PLAN_AGREEMENT_MIN_JACCARD,
  type PlanNames,
  planNamesOf,
  planOverlap,
} from "../lib/semantic/plan_agreement.ts";
import {
  type Agreement,
  type Counts,
  countsOf,
  GRID_GATES,
  GRID_THRESHOLDS,
  type GridRow,
  leaveOneFileOut,
  pool,
  precisionOf,
  recallOf,
  select,
  type Setting,
  settingsOf,
} from "./plan_agreement_grid.ts";

/** What the gate compares of one plan. */
interface PlanView {
  primary: string;
  shapes: string;
  names: PlanNames;
}

const plans = new Map<string, PlanView>();

/** The plan of `request` (cached by the fields that change it). */
function viewOf(request: NormalizedRequest): PlanView {
  const key = JSON.stringify([
    request.appDescription,
    request.scale,
    request.competitor,
    request.constraints,
    request.region,
    request.persona,
  ]);
  let view = plans.get(key);
  if (view) return view;
  const workload = classifyWorkload(request.appDescription);
  view = {
    primary: workload.primary,
    shapes: [...new Set(workload.shapes)].sort().join(","),
    names: planNamesOf(planArchitecture(request).elements),
  };
  plans.set(key, view);
  return view;
}

/** Agreement of the asker's plan with the matched description's plan for the asker's settings. */
function agreement(matched: NormalizedRequest, asker: NormalizedRequest): Agreement {
  const a = viewOf(matchedForAsker(matched, asker));
  const b = viewOf(asker);
  return {
    samePrimary: a.primary === b.primary,
    sameShapes: a.shapes === b.shapes,
    names: planOverlap(a.names, b.names),
  };
}

interface Row extends GridRow {
  kind?: string;
}

const f3 = (n: number) => n.toFixed(3);
/** The default threshold of the cosine alone before the gate shipped: the baseline the grid is measured on. */
const COSINE_ALONE = 0.885;
const nameOf = (s: Setting | null) => s ? `${GRID_GATES[s.gate].name} @ ${s.threshold}` : "none qualifies";
const short = (file: string) => file.replace(/^.*\//, "").replace(/\.jsonl$/, "");

/** "P 0.975 [l, h] / R 0.812 [l, h]" of counts. */
function pr(c: Counts): string {
  const p = wilson(c.tp, c.tp + c.fp), r = wilson(c.tp, c.positives);
  return `${f3(precisionOf(c))} [${f3(p.low)}, ${f3(p.high)}] / ${f3(recallOf(c))} [${f3(r.low)}, ${
    f3(r.high)
  }] (${c.tp} of ${c.tp + c.fp} accepted, ${c.positives} similar)`;
}

/** Reads the pairs files (a folder: its `*.jsonl`), sorted. */
async function readFiles(args: string[]): Promise<Map<string, LabelledPair[]>> {
  const files: string[] = [];
  for (const arg of args) {
    if ((await Deno.stat(arg)).isDirectory) {
      for await (const e of Deno.readDir(arg)) if (e.name.endsWith(".jsonl")) files.push(`${arg}/${e.name}`);
    } else files.push(arg);
  }
  files.sort();
  const byFile = new Map<string, LabelledPair[]>();
  for (const f of files) byFile.set(short(f), parsePairs(await Deno.readTextFile(f), f));
  return byFile;
}

/** Scores and plans every pair: cosine for candidates (same scale and competitor), then the plans' agreement. */
function rowsOf(pairs: LabelledPair[], vectors: Map<string, Float32Array>): Row[] {
  return pairs.map((p) => {
    const candidate = p.a.scale === p.b.scale && p.a.competitor === p.b.competitor;
    const score = candidate
      ? cosine(vectors.get(embeddingTextOf(p.a))!, vectors.get(embeddingTextOf(p.b))!)
      : null;
    return {
      similar: p.similar,
      kind: p.kind,
      score,
      agree: score === null ? undefined : agreement(p.a, p.b),
    };
  });
}

/** The grid table: per setting, pooled and per-file precision / recall. */
function printGrid(byFile: Map<string, Row[]>): void {
  const files = [...byFile.keys()];
  console.log(`grid: setting | pooled P / R | ${files.map((f) => `${f} P/R`).join(" | ")}`);
  for (const setting of settingsOf()) {
    const per = files.map((f) => countsOf(byFile.get(f)!, setting));
    const all = pool(per);
    const cells = per.map((c) => `${f3(precisionOf(c))}/${f3(recallOf(c))}`).join(" | ");
    console.log(`  ${nameOf(setting).padEnd(24)} ${f3(precisionOf(all))} / ${f3(recallOf(all))} | ${cells}`);
  }
}

/** The rule's pick against cosine alone at the shipped threshold, pooled and per file; then the folds. */
function printChoice(byFile: Map<string, Row[]>, shipped: number): Setting | null {
  const files = [...byFile.keys()];
  const baseline: Setting = { threshold: shipped, gate: 0 };
  const pick = select(byFile, files, settingsOf());
  console.log(
    `\nrule's pick (pooled precision ≥ 0.97, highest pooled recall): ${nameOf(pick?.setting ?? null)}`,
  );
  console.log(`| file | cosine alone @ ${shipped}: P / R | ${nameOf(pick?.setting ?? null)}: P / R |`);
  for (const f of [...files, "pooled"]) {
    const rowsOfF = f === "pooled" ? [...byFile.values()].flat() : byFile.get(f)!;
    const chosen = pick ? pr(countsOf(rowsOfF, pick.setting)) : "-";
    console.log(`| ${f} | ${pr(countsOf(rowsOfF, baseline))} | ${chosen} |`);
  }
  const cosineOnly = settingsOf([...GRID_THRESHOLDS, shipped], [0]);
  for (const [label, settings] of [["grid", settingsOf()], ["cosine alone", cosineOnly]] as const) {
    const folds = leaveOneFileOut(byFile, settings);
    console.log(`\nleave-one-file-out, ${label} (pick on five, measured on the sixth):`);
    for (const fold of folds) {
      console.log(`  ${fold.heldOut.padEnd(11)} ${nameOf(fold.pick).padEnd(24)} ${pr(fold.counts)}`);
    }
    const meanRecall = folds.reduce((s, f) => s + recallOf(f.counts), 0) / folds.length;
    console.log(
      `  mean held-out recall ${f3(meanRecall)}, held-out pooled ${pr(pool(folds.map((f) => f.counts)))}`,
    );
  }
  return pick?.setting ?? null;
}

async function main(args: string[]) {
  const byPairs = await readFiles(args);
  const all = [...byPairs.values()].flat();
  const embedder = new SentenceEmbedder();
  const texts = [...new Set(all.flatMap((p) => [embeddingTextOf(p.a), embeddingTextOf(p.b)]))];
  const vectors = new Map((await embedder.embed(texts)).map((v, i) => [texts[i], v]));
  const shipped = thresholdFor(embedder.id);
  console.log(
    `shipped: node names J≥${PLAN_AGREEMENT_MIN_JACCARD} @ ${shipped}; the baseline: cosine alone @ ${COSINE_ALONE}`,
  );
  const byFile = new Map([...byPairs].map(([f, pairs]) => [f, rowsOf(pairs, vectors)]));
  console.log(`${plans.size} distinct plans for ${all.length} pairs in ${byFile.size} files`);
  printGrid(byFile);
  const pick = printChoice(byFile, COSINE_ALONE);
  printCrossGroup(all, vectors, COSINE_ALONE, pick);
  printKinds([...byFile.values()].flat());
  printTimes(all);
}

/** Share of cross-group pairs accepted by cosine alone at the shipped threshold, and by the pick. */
function printCrossGroup(
  all: LabelledPair[],
  vectors: Map<string, Float32Array>,
  shipped: number,
  pick: Setting | null,
): void {
  const lowest = Math.min(shipped, pick?.threshold ?? 1);
  const cross = crossGroupPairs(all, vectors, lowest);
  const share = (n: number) => `${n}/${cross.n} (${(100 * n / cross.n).toFixed(1)} %)`;
  console.log("\ncross-group pairs (different intent groups, same scale and competitor) accepted:");
  console.log(`  cosine alone @ ${shipped}: ${share(cross.kept.filter((k) => k.score >= shipped).length)}`);
  if (!pick) return;
  const above = cross.kept.filter((k) => k.score >= pick.threshold);
  console.log(`  cosine alone @ ${pick.threshold}: ${share(above.length)}`);
  const gated = above.filter((k) => GRID_GATES[pick.gate].keep(agreement(k.a, k.b))).length;
  console.log(`  ${nameOf(pick)}: ${share(gated)}`);
}

/** Agreement rate of similar candidate pairs by kind (the gate's recall ceiling). */
function printKinds(rows: Row[]): void {
  console.log("\nsimilar candidate pairs whose plans agree, by kind (the gate's recall ceiling):");
  const kinds = [...new Set(rows.filter((r) => r.similar && r.agree).map((r) => r.kind ?? "-"))].sort();
  for (const kind of kinds) {
    const part = rows.filter((r) => r.similar && r.agree && (r.kind ?? "-") === kind);
    const n = (f: (g: Agreement) => boolean) => `${part.filter((r) => f(r.agree!)).length}/${part.length}`;
    console.log(
      `  ${kind.padEnd(20)} same primary ${n((g) => g.samePrimary)}  same shapes ${
        n((g) => g.sameShapes)
      }  ` +
        `J≥0.3 ${n((g) => g.names >= 0.3)}  J≥0.5 ${n((g) => g.names >= 0.5)}  J≥0.7 ${
          n((g) => g.names >= 0.7)
        }`,
    );
  }
}

/**
 * Time of the gate, nothing cached: the asker's plan (once per search) and, per candidate, the matched
 * description's plan for the asker's settings and the comparison.
 */
function printTimes(all: LabelledPair[]): void {
  const timings: number[] = [], askerTimings: number[] = [];
  for (
    const p of all.filter((p) => p.a.scale === p.b.scale && p.a.competitor === p.b.competitor).slice(0, 300)
  ) {
    plans.clear();
    let began = performance.now();
    viewOf(p.b);
    askerTimings.push(performance.now() - began);
    began = performance.now();
    agreement(p.a, p.b);
    timings.push(performance.now() - began);
  }
  const q = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.floor(p * (xs.length - 1))];
  console.log(
    `\nasker's plan per search (uncached): median ${f3(q(askerTimings, 0.5))} ms, p95 ${
      f3(q(askerTimings, 0.95))
    } ms; matched plan + compare per candidate: median ${f3(q(timings, 0.5))} ms, p95 ${
      f3(q(timings, 0.95))
    } ms`,
  );
}

/** Cross-group request pairs at or above `t` with their cosine (to gate), and how many there are in all. */
function crossGroupPairs(pairs: LabelledPair[], vectors: Map<string, Float32Array>, t: number) {
  const requests = new Map<string, { r: NormalizedRequest; group: string }>();
  for (const p of pairs) {
    for (const r of [p.a, p.b]) {
      const key = `${r.scale}|${r.competitor}|${embeddingTextOf(r)}`;
      if (p.group && !requests.has(key)) requests.set(key, { r, group: p.group });
    }
  }
  const list = [...requests.values()];
  const kept: { a: NormalizedRequest; b: NormalizedRequest; score: number }[] = [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const [x, y] = [list[i], list[j]];
      if (x.group === y.group || x.r.scale !== y.r.scale || x.r.competitor !== y.r.competitor) continue;
      const [tx, ty] = [embeddingTextOf(x.r), embeddingTextOf(y.r)];
      const score = tx === ty ? 0 : cosine(vectors.get(tx)!, vectors.get(ty)!);
      if (tx !== ty && score >= t) kept.push({ a: x.r, b: y.r, score });
    }
  }
  return { kept, n: crossGroupScores(pairs, vectors).length };
}

if (import.meta.main) {
  await main(Deno.args);
  Deno.exit(0);
}
