/**
 * `deno run -A tasks/eval_plan_agreement.ts <pairs.jsonl|folder>…`
 *
 * Evaluates gating a cosine candidate of the semantic cache on PLAN AGREEMENT (issue 11; not shipped, see
 * eval/README.md): the offline planner plans both descriptions — the asker's request, and the matched
 * description with the asker's priorities and region (what lib/semantic/answer_for_asker.ts would plan) —
 * and the candidate is kept only when the two plans agree: the same primary workload shape
 * (`classifyWorkload`), and/or a Jaccard overlap of node names of at least J on both platforms. Per file it
 * prints, for the cosine alone and each gate, precision and recall at the shipped threshold (95 % Wilson),
 * recall at precision ≥ 0.97, and the share of cross-group pairs accepted; then the agreement rate of
 * similar pairs by kind (the ceiling of the gate's recall) and the time the gate costs per candidate.
 * Uses the planner's public functions only (`planArchitecture`, `classifyWorkload`).
 */
import { crossGroupScores, type LabelledPair, parsePairs, wilson } from "./eval_similarity.ts";
import { cosine, embeddingTextOf, SentenceEmbedder, thresholdFor } from "../lib/semantic/embeddings/mod.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import { classifyWorkload } from "../lib/planner/workload_shapes.ts";
import type { NormalizedRequest } from "../lib/protocol/request_schema.ts";

/** What the gate compares of one plan. */
interface PlanView {
  primary: string;
  names: Record<"cloudflare" | "competitor", Set<string>>;
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
  view = {
    primary: classifyWorkload(request.appDescription).primary,
    names: { cloudflare: new Set(), competitor: new Set() },
  };
  for (const e of planArchitecture(request).elements) {
    if (e.type === "node") view.names[e.platform].add(e.data.name.toLowerCase());
  }
  plans.set(key, view);
  return view;
}

const jaccard = (a: Set<string>, b: Set<string>) => {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return a.size + b.size === 0 ? 1 : shared / (a.size + b.size - shared);
};

/** Agreement of the asker's plan with the matched description's plan for the asker's settings. */
function agreement(
  matched: NormalizedRequest,
  asker: NormalizedRequest,
): { samePrimary: boolean; names: number } {
  const a = viewOf({ ...matched, constraints: [...asker.constraints], region: asker.region });
  const b = viewOf(asker);
  const result = {
    samePrimary: a.primary === b.primary,
    names: Math.min(
      jaccard(a.names.cloudflare, b.names.cloudflare),
      jaccard(a.names.competitor, b.names.competitor),
    ),
  };
  return result;
}

type Agreement = ReturnType<typeof agreement>;
const GATES: Record<string, (g: Agreement) => boolean> = {
  "cosine alone": () => true,
  "same primary shape": (g) => g.samePrimary,
  "node names J≥0.3": (g) => g.names >= 0.3,
  "node names J≥0.5": (g) => g.names >= 0.5,
  "primary + J≥0.5": (g) => g.samePrimary && g.names >= 0.5,
};

interface Row {
  similar: boolean;
  kind?: string;
  score: number | null;
  agree?: Agreement;
}

const f3 = (n: number) => n.toFixed(3);

/** Precision/recall at `t` and recall at precision ≥ 0.97 of rows under a gate. */
function figures(rows: Row[], gate: (g: Agreement) => boolean, t: number): string {
  const kept = (r: Row, at: number) => r.score !== null && r.score >= at && gate(r.agree!);
  const positives = rows.filter((r) => r.similar).length;
  const tp = rows.filter((r) => r.similar && kept(r, t)).length;
  const fp = rows.filter((r) => !r.similar && kept(r, t)).length;
  const p = wilson(tp, tp + fp), rc = wilson(tp, positives);
  const ranked = rows.filter((r) => r.score !== null && gate(r.agree!)).sort((x, y) => y.score! - x.score!);
  let hits = 0, misses = 0, best = 0;
  for (const r of ranked) {
    r.similar ? hits++ : misses++;
    if (hits / (hits + misses) >= 0.97) best = Math.max(best, hits / positives);
  }
  return `P ${f3(tp + fp ? tp / (tp + fp) : 1)} [${f3(p.low)}, ${f3(p.high)}]  R ${f3(tp / positives)} [${
    f3(rc.low)
  }, ${f3(rc.high)}]  R@p≥0.97 ${f3(best)}`;
}

async function main(args: string[]) {
  const files: string[] = [];
  for (const arg of args) {
    if ((await Deno.stat(arg)).isDirectory) {
      for await (const e of Deno.readDir(arg)) if (e.name.endsWith(".jsonl")) files.push(`${arg}/${e.name}`);
    } else files.push(arg);
  }
  files.sort();
  const byFile = new Map<string, LabelledPair[]>();
  for (const f of files) byFile.set(f, parsePairs(await Deno.readTextFile(f), f));
  const all = [...byFile.values()].flat();
  const embedder = new SentenceEmbedder();
  const texts = [...new Set(all.flatMap((p) => [embeddingTextOf(p.a), embeddingTextOf(p.b)]))];
  const vectors = new Map((await embedder.embed(texts)).map((v, i) => [texts[i], v]));
  const t = thresholdFor(embedder.id);
  const rowsOf = (pairs: LabelledPair[]): Row[] =>
    pairs.map((p) => {
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
  const allRows: Row[] = [];
  for (const [file, pairs] of byFile) {
    const rows = rowsOf(pairs);
    allRows.push(...rows);
    console.log(`${file} (${pairs.length} pairs) at threshold ${t}`);
    for (const [name, gate] of Object.entries(GATES)) {
      console.log(`  ${name.padEnd(20)} ${figures(rows, gate, t)}`);
    }
  }
  console.log(
    "cross-group pairs (different intent groups, same scale and competitor) accepted at the threshold:",
  );
  const cross = crossGroupPairs(all, vectors, t);
  for (const [name, gate] of Object.entries(GATES)) {
    const accepted = cross.kept.filter(([a, b]) => gate(agreement(a, b))).length;
    console.log(`  ${name.padEnd(20)} ${accepted}/${cross.n} (${f3(accepted / cross.n)})`);
  }
  console.log("similar candidate pairs whose plans agree, by kind (the gate's recall ceiling):");
  const kinds = [...new Set(allRows.filter((r) => r.similar && r.agree).map((r) => r.kind ?? "-"))].sort();
  for (const kind of kinds) {
    const part = allRows.filter((r) => r.similar && r.agree && (r.kind ?? "-") === kind);
    const prim = part.filter((r) => r.agree!.samePrimary).length;
    const j3 = part.filter((r) => r.agree!.names >= 0.3).length;
    console.log(`  ${kind.padEnd(20)} same primary ${prim}/${part.length}  J≥0.3 ${j3}/${part.length}`);
  }
  // Time of the gate per candidate, nothing cached: plan and classify the matched description for the
  // asker's settings, compare with the asker's plan (planned once per lookup, timed apart).
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
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)];
  console.log(`asker's plan per lookup: median ${f3(median(askerTimings))} ms`);
  const sorted = [...timings].sort((x, y) => x - y);
  const q = (p: number) => sorted[Math.floor(p * (sorted.length - 1))];
  console.log(
    `gate time per candidate (matched plan + compare, uncached): median ${f3(q(0.5))} ms, p95 ${
      f3(q(0.95))
    } ms`,
  );
}

/** Cross-group request pairs above the threshold (to gate), and how many there are in all. */
function crossGroupPairs(pairs: LabelledPair[], vectors: Map<string, Float32Array>, t: number) {
  const requests = new Map<string, { r: NormalizedRequest; group: string }>();
  for (const p of pairs) {
    for (const r of [p.a, p.b]) {
      if (p.group) requests.set(`${r.scale}|${r.competitor}|${embeddingTextOf(r)}`, { r, group: p.group });
    }
  }
  const list = [...requests.values()];
  const kept: [NormalizedRequest, NormalizedRequest][] = [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const [x, y] = [list[i], list[j]];
      if (x.group === y.group || x.r.scale !== y.r.scale || x.r.competitor !== y.r.competitor) continue;
      const [tx, ty] = [embeddingTextOf(x.r), embeddingTextOf(y.r)];
      if (tx !== ty && cosine(vectors.get(tx)!, vectors.get(ty)!) >= t) kept.push([x.r, y.r]);
    }
  }
  return { kept, n: crossGroupScores(pairs, vectors).length };
}

if (import.meta.main) {
  await main(Deno.args);
  Deno.exit(0);
}
