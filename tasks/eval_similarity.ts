/**
 * `deno task eval:similarity <pairs.jsonl|folder>… [--threshold T] [--split NAME] [--embedder NAME] [--no-gate]
 * [--no-figure-gate] [--no-capability-gate] [--errors]`
 *
 * Evaluates the semantic cache's decision on labelled request pairs: by default what ships, a candidate
 * accepted when its cosine is at or above the threshold AND, in the cache's order, the stated figures agree,
 * the decisive capabilities agree (lib/semantic/capability_agreement.ts) and the plan-agreement gate passes
 * (lib/semantic/plan_agreement.ts, the functions the cache calls: the asker is `b`, the stored request `a`,
 * planned with `b`'s priorities and region, by the offline planner); `--no-gate` measures the cosine alone.
 * The embedder is the configured one (EMBEDDINGS, …; `--embedder` picks a local variant, see
 * `LOCAL_VARIANTS` in lib/semantic/embeddings/mod.ts). Each distinct request is planned once per run. Each argument is a JSONL
 * file or a folder (every `*.jsonl` in it, in name order). Each line is
 * `{"a": <request>, "b": <request>, "similar": true|false}` with requests as in the POST body of
 * /api/generate-architecture-v2; optional `"split"` (e.g. "train" / "validation"), `"group"` (intent group),
 * `"kind"` (e.g. "typo", "hard-negative") and `"note"` fields are allowed.
 * A pair whose requests differ in scale or competitor is predicted "not similar" without embedding: such
 * requests are never candidates of each other in the semantic cache.
 *
 * Prints the decision measured (embedder, threshold, gate), precision, recall and F1 at the configured
 * threshold (SIMILARITY_THRESHOLD, else the embedder's calibrated default; `--threshold` overrides; the gate
 * stays unless `--no-gate`) with 95 % Wilson intervals, the same per split and per kind, the best recall
 * reachable at precision ≥ 0.95 and ≥ 0.97 and a sweep (both over the cosine threshold, the gate applied at
 * each), the share of cross-group pairs (requests of different intent groups, same scale and competitor)
 * accepted at the threshold (gated, beside the cosine alone), and ends with one line
 * `precision=P recall=R f1=F threshold=T`. The gate's planning time goes to stderr. When nothing is predicted similar,
 * precision counts as 1 (no wrong answer was given) and F1 as 0. A missing or bad file or line exits with
 * status 1 and names the file and line; bad arguments exit with status 2.
 */
import { z } from "zod";
import { type Config, loadConfig } from "../lib/platform/config.ts";
import {
  cosine,
  createEmbedder,
  type Embedder,
  embeddingTextOf,
  LOCAL_VARIANTS,
  thresholdFor,
} from "../lib/semantic/embeddings/mod.ts";
import {
  type NormalizedRequest,
  parseGenerationBody,
  RequestValidationError,
} from "../lib/protocol/request_schema.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import type { Replan } from "../lib/semantic/answer_for_asker.ts";
import {
  PLAN_AGREEMENT_MIN_JACCARD,
  type PlanNames,
  planNamesOf,
  plansAgree,
  rememberingReplan,
} from "../lib/semantic/plan_agreement.ts";
import {
  FIGURE_AGREEMENT_MAX_RATIO,
  figuresAgree,
  type StatedFigures,
} from "../lib/semantic/figure_agreement.ts";
import { statedFigures } from "../lib/planner/stated_figures.ts";
import { capabilitiesAgree, type CapabilityStances } from "../lib/semantic/capability_agreement.ts";
import { decisiveCapabilities } from "../lib/planner/decisive_capabilities.ts";

/** One parsed, labelled pair. */
export interface LabelledPair {
  /** File it came from (empty when parsed from a string without a name). */
  file: string;
  line: number;
  a: NormalizedRequest;
  b: NormalizedRequest;
  similar: boolean;
  split?: string;
  group?: string;
  kind?: string;
  note?: string;
}

/** A pair with its score: `null` when the two are never candidates (scale or competitor differ). */
export interface ScoredPair extends LabelledPair {
  score: number | null;
  /** Whether the plans agree (the gate, `b` asking); unset when the gate is not applied. */
  agree?: boolean;
}

/**
 * Whether the cache's decision accepts a pair at `threshold`: a candidate whose cosine is at or above it and
 * whose plans agree (a pair without `agree` is judged on the cosine alone).
 */
export function acceptedAt(p: Pick<ScoredPair, "score" | "agree">, threshold: number): boolean {
  return p.score !== null && p.score >= threshold && p.agree !== false;
}

/** The plan-agreement gate of a pair: whether `matched`, stored, may answer `asker`. */
export type PairGate = (matched: NormalizedRequest, asker: NormalizedRequest) => boolean;

/**
 * The semantic cache's gates over a planner (default the offline planner) that plans each distinct request
 * once for the gate's lifetime, in the cache's order: the stated figures agree ({@link figuresAgree}, unless
 * `figures` is false), the decisive capabilities agree ({@link capabilitiesAgree}, unless `capabilities` is
 * false) and the plans agree ({@link plansAgree}); `planned()` counts the plans made.
 */
export function planGate(
  replan: Replan = planArchitecture,
  figures = true,
  capabilities = true,
): PairGate & { planned(): number } {
  let planned = 0;
  const stated = new Map<string, StatedFigures>();
  const figuresOf = (request: NormalizedRequest) => {
    let f = stated.get(request.appDescription);
    if (!f) stated.set(request.appDescription, f = statedFigures(request.appDescription));
    return f;
  };
  const read = new Map<string, CapabilityStances>();
  const capabilitiesOf = (request: NormalizedRequest) => {
    const key = JSON.stringify(request);
    let c = read.get(key);
    if (!c) read.set(key, c = decisiveCapabilities(request));
    return c;
  };
  const remembering = rememberingReplan((request) => (planned++, replan(request)));
  const names = new WeakMap<object, PlanNames>();
  const namesOf = (request: NormalizedRequest) => {
    const plan = remembering(request);
    let n = names.get(plan);
    if (!n) names.set(plan, n = planNamesOf(plan.elements));
    return n;
  };
  const gate = (matched: NormalizedRequest, asker: NormalizedRequest) =>
    (!figures || figuresAgree(figuresOf(matched), figuresOf(asker))) &&
    (!capabilities || capabilitiesAgree(capabilitiesOf(matched), capabilitiesOf(asker))) &&
    plansAgree(namesOf(asker), matched, asker, remembering);
  return Object.assign(gate, { planned: () => planned });
}

/** The pairs with `agree` set on every candidate (`a` is the stored request, `b` the asker). */
export function gatePairs(scored: ScoredPair[], gate: PairGate): ScoredPair[] {
  return scored.map((p) => p.score === null ? p : { ...p, agree: gate(p.a, p.b) });
}

/** Precision/recall/F1 with the confusion counts. */
export interface Metrics {
  threshold: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
}

/** A 95 % confidence interval. */
export interface Interval {
  low: number;
  high: number;
}

/** A problem with a pairs file; `line` is 1-based (0 for the file as a whole). */
export class PairsFileError extends Error {
  constructor(readonly line: number, message: string, readonly file = "") {
    super(`${file ? `${file}: ` : ""}${line ? `line ${line}: ` : ""}${message}`);
    this.name = "PairsFileError";
  }
}

const label = z.string().min(1).max(80);
const lineSchema = z.object({
  a: z.custom<unknown>((v) => v !== undefined, { error: "required" }),
  b: z.custom<unknown>((v) => v !== undefined, { error: "required" }),
  similar: z.boolean({ error: "similar must be true or false" }),
  split: label.optional(),
  group: label.optional(),
  kind: label.optional(),
  note: z.string().max(500).optional(),
}).strict();

/**
 * Parses a JSONL pairs text; throws PairsFileError naming `file` and the first bad line. Blank lines are
 * skipped; `allowEmpty` accepts a text without pairs (one file of several).
 */
export function parsePairs(text: string, file = "", allowEmpty = false): LabelledPair[] {
  const pairs: LabelledPair[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (!raw) continue;
    const line = i + 1;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new PairsFileError(line, "not valid JSON", file);
    }
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.code === "unrecognized_keys"
        ? issue.keys.join(", ")
        : issue.path.join(".") || "line";
      const message = issue.code === "unrecognized_keys" ? "unknown field" : issue.message;
      throw new PairsFileError(
        line,
        `${field}: ${message} (expected {"a": {...}, "b": {...}, "similar": bool})`,
        file,
      );
    }
    const request = (side: "a" | "b") => {
      try {
        return parseGenerationBody(parsed.data[side]).request;
      } catch (err) {
        if (err instanceof RequestValidationError) {
          const detail = Object.entries(err.fields).map(([k, v]) => `${side}.${k}: ${v}`).join("; ");
          throw new PairsFileError(line, `invalid request: ${detail}`, file);
        }
        throw err;
      }
    };
    const { similar, split, group, kind, note } = parsed.data;
    pairs.push({ file, line, a: request("a"), b: request("b"), similar, split, group, kind, note });
  }
  if (!pairs.length && !allowEmpty) throw new PairsFileError(0, "the file has no pairs", file);
  return pairs;
}

/** Whether two requests are ever candidates of each other in the semantic cache (same scale and competitor). */
export function areCandidates(a: NormalizedRequest, b: NormalizedRequest): boolean {
  return a.scale === b.scale && a.competitor === b.competitor;
}

/** The vectors of every distinct description of the pairs, by embedding text (one batch). */
export async function vectorsOf(
  pairs: LabelledPair[],
  embedder: Embedder,
): Promise<Map<string, Float32Array>> {
  const texts = [...new Set(pairs.flatMap((p) => [embeddingTextOf(p.a), embeddingTextOf(p.b)]))];
  const vectors = await embedder.embed(texts);
  return new Map(texts.map((t, i) => [t, vectors[i]]));
}

/**
 * Scores every pair with the embedder (one batch for all distinct descriptions; `vectors` from
 * {@link vectorsOf} skips the embedding).
 */
export async function scorePairs(
  pairs: LabelledPair[],
  embedder: Embedder,
  vectors?: Map<string, Float32Array>,
): Promise<ScoredPair[]> {
  const byText = vectors ?? await vectorsOf(pairs, embedder);
  return pairs.map((p) => {
    const score = areCandidates(p.a, p.b)
      ? cosine(byText.get(embeddingTextOf(p.a))!, byText.get(embeddingTextOf(p.b))!)
      : null;
    return { ...p, score };
  });
}

/** A cross-group pair: two requests of different intent groups that are candidates of each other. */
export interface CrossGroupPair {
  /** The earlier request (the stored one for the gate). */
  a: NormalizedRequest;
  /** The later request (the asker for the gate). */
  b: NormalizedRequest;
  score: number;
}

/**
 * The cross-group pairs: every two distinct requests of the pairs from different intent groups (`group`)
 * that are candidates of each other (same scale and competitor) and differ in description, with their cosine —
 * unrelated requests that the cache must not confuse, which the within-group labelled pairs do not measure.
 * Requests without a group are left out; a description written in two groups counts once, in the first; each
 * unordered pair is counted once.
 */
export function crossGroupPairs(pairs: LabelledPair[], vectors: Map<string, Float32Array>): CrossGroupPair[] {
  const requests = new Map<
    string,
    { r: NormalizedRequest; text: string; group: string; partition: string }
  >();
  for (const p of pairs) {
    if (!p.group) continue;
    for (const r of [p.a, p.b]) {
      const text = embeddingTextOf(r);
      const partition = `${r.scale}|${r.competitor}`;
      const key = `${partition}|${text}`;
      if (!requests.has(key)) requests.set(key, { r, text, group: p.group, partition });
    }
  }
  const list = [...requests.values()];
  const out: CrossGroupPair[] = [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const x = list[i], y = list[j];
      if (x.group === y.group || x.partition !== y.partition || x.text === y.text) continue;
      out.push({ a: x.r, b: y.r, score: cosine(vectors.get(x.text)!, vectors.get(y.text)!) });
    }
  }
  return out;
}

/** The cosines of the cross-group pairs ({@link crossGroupPairs}). */
export function crossGroupScores(pairs: LabelledPair[], vectors: Map<string, Float32Array>): number[] {
  return crossGroupPairs(pairs, vectors).map((p) => p.score);
}

/**
 * The report line of the cross-group pairs: how many, and the share accepted at `threshold` (Wilson) — with
 * `gated` (how many of those the plan-agreement gate also passes), the gated share beside the cosine alone.
 */
export function crossGroupLine(scores: number[], threshold: number, gated?: number): string {
  const share = (k: number) =>
    `${k} (share ${f3(scores.length ? k / scores.length : 0)} ${interval(wilson(k, scores.length))})`;
  const cosineAlone = scores.filter((s) => s >= threshold).length;
  const head =
    `cross-group (requests of different intent groups, same scale and competitor): n ${scores.length}  `;
  if (gated === undefined) return `${head}accepted ${share(cosineAlone)} at threshold ${threshold}`;
  return `${head}accepted ${share(gated)} at threshold ${threshold} with the plan-agreement gate; ` +
    `cosine alone ${share(cosineAlone)}`;
}

/**
 * Metrics of the predictions {@link acceptedAt} `threshold` (null scores are predicted not similar; a pair
 * whose plans disagree too).
 */
export function metricsAt(scored: ScoredPair[], threshold: number): Metrics {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (const p of scored) {
    const predicted = acceptedAt(p, threshold);
    if (predicted && p.similar) tp++;
    else if (predicted) fp++;
    else if (p.similar) fn++;
    else tn++;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 || tp === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { threshold, tp, fp, fn, tn, precision, recall, f1 };
}

/** Wilson score interval (95 %, z = 1.96) of `successes` out of `n`; [0, 1] when n is 0. */
export function wilson(successes: number, n: number, z = 1.96): Interval {
  if (n === 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: Math.max(0, center - half), high: Math.min(1, center + half) };
}

/**
 * The highest recall reachable with precision ≥ `minPrecision`, over every cosine threshold that changes a
 * prediction (the distinct scores; the gate, when set, applied at each), with the highest such threshold
 * among the best; null when no threshold
 * reaches that precision with at least one true positive.
 */
export function recallAtPrecision(
  scored: ScoredPair[],
  minPrecision: number,
): Metrics | null {
  const thresholds = [...new Set(scored.map((p) => p.score).filter((s): s is number => s !== null))]
    .sort((x, y) => y - x);
  let best: Metrics | null = null;
  for (const t of thresholds) {
    const m = metricsAt(scored, t);
    if (m.tp > 0 && m.precision >= minPrecision && (!best || m.recall > best.recall)) best = m;
  }
  return best;
}

const f3 = (n: number) => n.toFixed(3);
const interval = (i: Interval) => `[${f3(i.low)}, ${f3(i.high)}]`;

/** One line of figures for a part of the pairs, with 95 % Wilson intervals of precision and recall. */
function partLine(name: string, part: ScoredPair[], threshold: number): string {
  const m = metricsAt(part, threshold);
  const positives = m.tp + m.fn;
  return `${name}: n ${part.length} (${positives} similar)  precision ${f3(m.precision)} ${
    interval(wilson(m.tp, m.tp + m.fp))
  }  recall ${f3(m.recall)} ${interval(wilson(m.tp, positives))}  f1 ${f3(m.f1)}  ` +
    `(tp ${m.tp}, fp ${m.fp}, fn ${m.fn}, tn ${m.tn})`;
}

function atPrecisionLine(name: string, part: ScoredPair[]): string {
  const parts = [0.95, 0.97].map((target) => {
    const m = recallAtPrecision(part, target);
    return m
      ? `recall@p≥${target} ${f3(m.recall)} (threshold ${f3(m.threshold)}, precision ${f3(m.precision)})`
      : `recall@p≥${target} n/a`;
  });
  return `${name}: ${parts.join("  ")}`;
}

/** What the report shows besides the pairs. */
export interface ReportOptions {
  /** Whether the pairs carry the plan-agreement gate's verdict (`agree`): what the cache ships. */
  gated?: boolean;
  /** Whether that verdict includes the stated-figures gate (default true). */
  figures?: boolean;
  /** Whether that verdict includes the decisive-capability gate (default true). */
  capabilities?: boolean;
  /** List the misclassified pairs. */
  showErrors?: boolean;
  /** Cosines of the cross-group pairs ({@link crossGroupScores}). */
  crossGroup?: number[];
  /** How many cross-group pairs at or above the threshold the gate also passes. */
  crossGroupGated?: number;
}

/** The one line naming the decision measured: embedder, threshold and gate. */
export function decisionLine(
  embedderId: string,
  threshold: number,
  gated: boolean,
  figures = true,
  capabilities = true,
): string {
  if (!gated) {
    return `decision measured: ${embedderId}, cosine ≥ ${threshold}, ` +
      "no gate (cosine alone, --no-gate) — not what the semantic cache ships";
  }
  const off = [
    figures ? "" : "stated-figures gate off (--no-figure-gate)",
    capabilities ? "" : "decisive-capability gate off (--no-capability-gate)",
  ].filter(Boolean);
  return `decision measured: ${embedderId}, cosine ≥ ${threshold}, ` +
    `plan-agreement gate on (node names Jaccard ≥ ${PLAN_AGREEMENT_MIN_JACCARD} on each platform; ` +
    "b asks, a is stored), " +
    (figures
      ? `stated-figures gate on (no figure both state more than ${FIGURE_AGREEMENT_MAX_RATIO}× apart), `
      : "") +
    (capabilities
      ? "decisive-capability gate on (same payments, AI, video, offline, collaboration, tenancy), "
      : "") +
    (off.length
      ? `${off.join(", ")} — not what the semantic cache ships`
      : "— what the semantic cache ships");
}

function kindLines(scored: ScoredPair[], threshold: number): string[] {
  const kinds = [...new Set(scored.map((p) => p.kind).filter((k): k is string => !!k))].sort();
  if (!kinds.length) return [];
  const out = ["per kind at the threshold (similar pairs: recall; not similar: share kept apart):"];
  for (const kind of kinds) {
    const part = scored.filter((p) => p.kind === kind);
    const k = metricsAt(part, threshold);
    const pos = k.tp + k.fn, neg = k.fp + k.tn;
    const figures = [
      pos ? `recall ${f3(k.recall)} ${interval(wilson(k.tp, pos))} (${k.tp}/${pos})` : "",
      neg ? `kept apart ${f3(k.tn / neg)} ${interval(wilson(k.tn, neg))} (${k.tn}/${neg})` : "",
    ].filter(Boolean).join("  ");
    out.push(`  ${kind.padEnd(20)} n ${String(part.length).padStart(4)}  ${figures}`);
  }
  return out;
}

function sweepLines(scored: ScoredPair[], gated: boolean): string[] {
  const out = [
    `threshold sweep (cosine threshold${gated ? ", plan-agreement gate applied" : ", cosine alone"}):`,
  ];
  out.push("  threshold  precision  recall  f1");
  for (let t = 30; t <= 95; t += 5) {
    const s = metricsAt(scored, t / 100);
    out.push(
      `  ${(t / 100).toFixed(2).padStart(9)}  ${f3(s.precision).padStart(9)}  ${f3(s.recall).padStart(6)}  ${
        f3(s.f1)
      }`,
    );
  }
  return out;
}

function errorLines(scored: ScoredPair[], threshold: number): string[] {
  const out = ["errors at the threshold:"];
  for (const p of scored) {
    const predicted = acceptedAt(p, threshold);
    if (predicted === p.similar) continue;
    const refused = p.score !== null && p.score >= threshold && p.agree === false ? ", gate refused" : "";
    out.push(
      `  ${p.file ? `${p.file}:` : "line "}${p.line}${p.kind ? ` [${p.kind}]` : ""} ${
        predicted ? "FALSE POSITIVE" : "false negative"
      } score ${
        p.score === null ? "n/a" : f3(p.score)
      }${refused}: "${p.a.appDescription}" ~ "${p.b.appDescription}"`,
    );
  }
  return out;
}

/** The report as lines of text; the last line is `precision=P recall=R f1=F threshold=T`. */
export function report(
  scored: ScoredPair[],
  embedderId: string,
  threshold: number,
  options: ReportOptions = {},
): string[] {
  const gated = options.gated ?? false;
  const out: string[] = [];
  const m = metricsAt(scored, threshold);
  const positives = scored.filter((p) => p.similar).length;
  out.push(`embedder: ${embedderId}`);
  out.push(decisionLine(embedderId, threshold, gated, options.figures ?? true, options.capabilities ?? true));
  out.push(`pairs: ${scored.length} (${positives} similar, ${scored.length - positives} not similar)`);
  out.push(`threshold: ${threshold}`);
  out.push(
    `at threshold ${threshold}: precision ${f3(m.precision)}  recall ${f3(m.recall)}  f1 ${f3(m.f1)}  ` +
      `(tp ${m.tp}, fp ${m.fp}, fn ${m.fn}, tn ${m.tn})`,
  );
  out.push(partLine("  all", scored, threshold));
  const splits = [...new Set(scored.map((p) => p.split).filter((s): s is string => !!s))];
  if (splits.length > 1 || (splits.length === 1 && scored.some((p) => !p.split))) {
    for (const split of splits) {
      out.push(partLine(`  split ${split}`, scored.filter((p) => p.split === split), threshold));
    }
  }
  out.push(`recall at a precision floor (over the cosine threshold${gated ? ", gate applied" : ""}):`);
  out.push(atPrecisionLine("  all", scored));
  if (splits.length > 1) {
    for (const split of splits) {
      out.push(atPrecisionLine(`  split ${split}`, scored.filter((p) => p.split === split)));
    }
  }
  out.push(...kindLines(scored, threshold), ...sweepLines(scored, gated));
  if (options.crossGroup?.length) {
    out.push(crossGroupLine(options.crossGroup, threshold, gated ? options.crossGroupGated : undefined));
  }
  if (options.showErrors) out.push(...errorLines(scored, threshold));
  out.push(`precision=${f3(m.precision)} recall=${f3(m.recall)} f1=${f3(m.f1)} threshold=${threshold}`);
  return out;
}

/** Parsed command-line options. */
export interface EvalArgs {
  /** Files or folders, in the order given. */
  files: string[];
  threshold?: number;
  split?: string;
  /** A local embedder variant (`LOCAL_VARIANTS`) instead of the configured embedder. */
  embedder?: string;
  /** Apply the plan-agreement gate (default; `--no-gate` measures the cosine alone). */
  gate: boolean;
  /** Apply the stated-figures gate with it (default; `--no-figure-gate` leaves it out). */
  figureGate: boolean;
  /** Apply the decisive-capability gate with it (default; `--no-capability-gate` leaves it out). */
  capabilityGate: boolean;
  errors: boolean;
}

/** Parses the arguments; throws a usage message string on bad ones. */
export function parseArgs(args: string[]): EvalArgs {
  const usage =
    "usage: deno task eval:similarity <pairs.jsonl|folder>... [--threshold 0..1] [--split NAME] " +
    `[--embedder ${
      Object.keys(LOCAL_VARIANTS).join("|")
    }] [--no-gate] [--no-figure-gate] [--no-capability-gate] [--errors]`;
  const files: string[] = [];
  let threshold: number | undefined;
  let split: string | undefined;
  let embedder: string | undefined;
  let errors = false, gate = true, figureGate = true, capabilityGate = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--threshold") {
      const value = Number(args[++i]);
      if (args[i] === undefined || !Number.isFinite(value) || value < -1 || value > 1) {
        throw `--threshold needs a number between -1 and 1\n${usage}`;
      }
      threshold = value;
    } else if (arg === "--split") {
      split = args[++i];
      if (!split) throw `--split needs a name\n${usage}`;
    } else if (arg === "--embedder") {
      embedder = args[++i];
      if (!embedder || !(embedder in LOCAL_VARIANTS)) throw `--embedder needs a known variant\n${usage}`;
    } else if (arg === "--errors") {
      errors = true;
    } else if (arg === "--no-gate") {
      gate = false;
    } else if (arg === "--no-figure-gate") {
      figureGate = false;
    } else if (arg === "--no-capability-gate") {
      capabilityGate = false;
    } else if (arg.startsWith("-")) {
      throw `unknown option ${arg}\n${usage}`;
    } else {
      files.push(arg);
    }
  }
  if (!files.length) throw usage;
  return { files, threshold, split, embedder, gate, figureGate, capabilityGate, errors };
}

/** The JSONL files an argument names: the file itself, or every `*.jsonl` of a folder in name order. */
async function filesOf(path: string): Promise<string[]> {
  const info = await Deno.stat(path);
  if (!info.isDirectory) return [path];
  const names: string[] = [];
  for await (const entry of Deno.readDir(path)) {
    if (entry.isFile && entry.name.endsWith(".jsonl")) names.push(entry.name);
  }
  if (!names.length) throw new Error("the folder has no .jsonl files");
  return names.sort().map((n) => `${path.replace(/\/+$/, "")}/${n}`);
}

/** Runs the tool; returns the exit code. */
/** Reads the pairs of every file the arguments name; an error message (exit status 1) on a failure. */
async function readPairs(options: EvalArgs): Promise<LabelledPair[] | string> {
  const pairs: LabelledPair[] = [];
  for (const arg of options.files) {
    let files: string[];
    try {
      files = await filesOf(arg);
    } catch (err) {
      return `cannot read ${arg}: ${err instanceof Error ? err.message : err}`;
    }
    for (const file of files) {
      let text: string;
      try {
        text = await Deno.readTextFile(file);
      } catch (err) {
        return `cannot read ${file}: ${err instanceof Error ? err.message : err}`;
      }
      try {
        pairs.push(...parsePairs(text, file, files.length > 1 || options.files.length > 1));
      } catch (err) {
        if (err instanceof PairsFileError) return err.message;
        throw err;
      }
    }
  }
  if (!pairs.length) return "the files have no pairs";
  if (!options.split) return pairs;
  const kept = pairs.filter((p) => p.split === options.split);
  return kept.length ? kept : `no pairs in split "${options.split}"`;
}

/**
 * The gate's verdict on the labelled pairs and how many cross-group pairs at or above `threshold` it passes
 * (planning each distinct request once); the time and count of plans go to stderr.
 */
function applyGate(
  scored: ScoredPair[],
  cross: CrossGroupPair[],
  threshold: number,
  options: Pick<EvalArgs, "figureGate" | "capabilityGate">,
) {
  const gate = planGate(planArchitecture, options.figureGate, options.capabilityGate);
  const began = performance.now();
  const gated = gatePairs(scored, gate);
  const labelledMs = performance.now() - began;
  const plannedLabelled = gate.planned();
  const crossGated = cross.filter((c) => c.score >= threshold && gate(c.a, c.b)).length;
  const crossMs = performance.now() - began - labelledMs;
  console.error(
    `plan-agreement gate: ${plannedLabelled} distinct plans for the labelled pairs in ` +
      `${(labelledMs / 1000).toFixed(1)} s; ${gate.planned() - plannedLabelled} more for the ` +
      `${cross.filter((c) => c.score >= threshold).length} cross-group pairs at or above ${threshold} in ` +
      `${(crossMs / 1000).toFixed(1)} s`,
  );
  return { gated, crossGated };
}

/** Runs the tool; returns the exit code. */
export async function main(args: string[], config?: Config): Promise<number> {
  let options: EvalArgs;
  try {
    options = parseArgs(args);
  } catch (usage) {
    console.error(String(usage));
    return 2;
  }
  const pairs = await readPairs(options);
  if (typeof pairs === "string") {
    console.error(`error: ${pairs}`);
    return 1;
  }
  const cfg = config ?? loadConfig();
  const embedder = options.embedder ? LOCAL_VARIANTS[options.embedder]() : createEmbedder(cfg);
  const threshold = options.threshold ?? thresholdFor(embedder.id, cfg.SIMILARITY_THRESHOLD);
  let scored: ScoredPair[];
  let vectors: Map<string, Float32Array>;
  try {
    vectors = await vectorsOf(pairs, embedder);
    scored = await scorePairs(pairs, embedder, vectors);
  } catch (err) {
    console.error(`error: embedding failed: ${err instanceof Error ? err.message : err}`);
    return 1;
  }
  const cross = crossGroupPairs(pairs, vectors);
  const gate = options.gate ? applyGate(scored, cross, threshold, options) : undefined;
  const lines = report(gate?.gated ?? scored, embedder.id, threshold, {
    gated: options.gate,
    figures: options.figureGate,
    capabilities: options.capabilityGate,
    showErrors: options.errors,
    crossGroup: cross.map((c) => c.score),
    crossGroupGated: gate?.crossGated,
  });
  for (const line of lines) console.log(line);
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
