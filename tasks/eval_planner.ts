/**
 * `deno task eval:planner <cases.jsonl> [--split NAME] [--misses N] [--show ID]`
 *
 * Runs the offline planner on labelled cases and measures how many of the services an architect expects
 * each plan to contain. Each line of the file is
 * `{"id", "shape", "group"?, "split"?, "request": {POST body}, "expect": {"cloudflare": [[alt, …], …],
 * "competitor": [[alt, …], …]}, "note"?}`: every inner list is one expected service given as acceptable
 * alternatives. An expectation is met when any alternative occurs (case-insensitively, with or without the
 * vendor's name in front: "Amazon Kinesis Data Streams", "Kinesis Data Streams") in a node name, a node
 * subtitle or a cost item's service of that platform's plan.
 *
 * Prints coverage per platform, per workload shape and per split, the misses (`--misses N` limits them,
 * default all), a 95% bootstrap interval over cases, and ends with one line `coverage=C cases=N`. `--show ID` prints that case's plan (nodes and
 * cost lines) for reading. A missing or bad file or line exits with status 1 and names the line; bad
 * arguments exit with status 2.
 */
import { z } from "zod";
import { type NormalizedRequest, parseGenerationBody } from "../lib/protocol/request_schema.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import type { Platform } from "../lib/protocol/events.ts";
import { seededRandom } from "../lib/platform/seeded_random.ts";

/** One labelled planner case. */
export interface PlannerCase {
  line: number;
  id: string;
  shape: string;
  group?: string;
  split?: string;
  request: NormalizedRequest;
  expect: Record<Platform, string[][]>;
  note?: string;
}

/** A problem with the cases file; `line` is 1-based (0 for the file as a whole). */
export class CasesFileError extends Error {
  constructor(readonly line: number, message: string) {
    super(line ? `line ${line}: ${message}` : message);
    this.name = "CasesFileError";
  }
}

const alternatives = z.array(z.array(z.string().min(1)).min(1));
const caseSchema = z.object({
  id: z.string().min(1),
  shape: z.string().min(1),
  group: z.string().optional(),
  split: z.string().optional(),
  request: z.unknown(),
  expect: z.object({ cloudflare: alternatives.default([]), competitor: alternatives.default([]) }),
  note: z.string().optional(),
});

/** Parses a JSONL cases file (blank lines skipped); throws CasesFileError naming the bad line. */
export function parseCases(text: string): PlannerCase[] {
  const out: PlannerCase[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (!raw) continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new CasesFileError(i + 1, "not valid JSON");
    }
    const parsed = caseSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CasesFileError(i + 1, `${issue.path.join(".") || "case"}: ${issue.message}`);
    }
    let request: NormalizedRequest;
    try {
      request = parseGenerationBody(parsed.data.request).request;
    } catch (err) {
      throw new CasesFileError(i + 1, `request: ${(err as Error).message}`);
    }
    const { id, shape, group, split, expect, note } = parsed.data;
    out.push({ line: i + 1, id, shape, group, split, request, expect, note });
  }
  if (!out.length) throw new CasesFileError(0, "no cases in the file");
  return out;
}

/** The searchable text of one platform's plan: node names, subtitles and cost item services. */
export function planTexts(request: NormalizedRequest): Record<Platform, string[]> {
  const texts: Record<Platform, string[]> = { cloudflare: [], competitor: [] };
  for (const el of planArchitecture(request).elements) {
    if (el.type === "node") texts[el.platform].push(el.data.name, el.data.subtitle ?? "");
    if (el.type === "cost") { for (const item of el.data.items) texts[el.platform].push(item.service); }
  }
  return texts;
}

/** One expectation that the plan did not meet. */
export interface Miss {
  id: string;
  shape: string;
  platform: Platform;
  expected: string[];
}

/** Met / total expectations. */
export interface Tally {
  met: number;
  total: number;
}

/** Coverage of a set of cases: overall, per platform, per shape and per split, and the misses. */
export interface Coverage {
  overall: Tally;
  byPlatform: Record<string, Tally>;
  byShape: Record<string, Tally>;
  bySplit: Record<string, Tally>;
  /** One tally per case, in file order (what the bootstrap resamples). */
  perCase: Tally[];
  misses: Miss[];
}

const PLATFORMS: Platform[] = ["cloudflare", "competitor"];

/** The vendor a product's full name starts with ("Amazon S3", "Google Cloud Run", "Microsoft Entra ID"). */
const VENDOR_PREFIX = /^(?:amazon|aws|google|microsoft azure|microsoft|azure|cloudflare|vercel)\s+/i;

/**
 * The expected name without its vendor in front, lower-cased ("Amazon Kinesis Data Streams" → "kinesis data
 * streams", "Google Cloud Storage" → "cloud storage"): plans name products as their consoles do. A leftover of
 * one short word ("Azure AD" → "ad") would match inside other words, so the full name is kept.
 */
export function unbranded(name: string): string {
  const lower = name.toLowerCase();
  const rest = lower.replace(VENDOR_PREFIX, "");
  return rest.includes(" ") || rest.length >= 4 ? rest : lower;
}

/** Runs the planner on every case and counts the expectations met. */
export function evaluate(cases: PlannerCase[]): Coverage {
  const cov: Coverage = {
    overall: tally(),
    byPlatform: {},
    byShape: {},
    bySplit: {},
    perCase: [],
    misses: [],
  };
  for (const c of cases) {
    const texts = planTexts(c.request);
    const own = tally();
    cov.perCase.push(own);
    for (const platform of PLATFORMS) {
      const haystack = texts[platform].join("\n").toLowerCase();
      for (const expected of c.expect[platform]) {
        const met = expected.some((alt) =>
          haystack.includes(alt.toLowerCase()) || haystack.includes(unbranded(alt))
        );
        for (
          const t of [
            cov.overall,
            cov.byPlatform[platform] ??= tally(),
            cov.byShape[c.shape] ??= tally(),
            cov.bySplit[c.split ?? "(none)"] ??= tally(),
            own,
          ]
        ) {
          t.total++;
          if (met) t.met++;
        }
        if (!met) cov.misses.push({ id: c.id, shape: c.shape, platform, expected });
      }
    }
  }
  return cov;
}

/**
 * A 95% bootstrap interval of the overall coverage: cases are resampled with replacement (`rounds` times,
 * from a fixed seed, so the interval is reproducible) and the 2.5th and 97.5th percentiles are returned.
 */
export function bootstrapCi(perCase: Tally[], rounds = 2000, seed = 1): [number, number] {
  const random = seededRandom(seed);
  const values: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let met = 0;
    let total = 0;
    for (let i = 0; i < perCase.length; i++) {
      const c = perCase[Math.floor(random() * perCase.length)];
      met += c.met;
      total += c.total;
    }
    values.push(total ? met / total : 1);
  }
  values.sort((a, b) => a - b);
  return [values[Math.floor(rounds * 0.025)], values[Math.min(rounds - 1, Math.floor(rounds * 0.975))]];
}

function tally(): Tally {
  return { met: 0, total: 0 };
}

/** Coverage as a ratio with three decimals (1.000 when nothing was expected). */
export function ratio(t: Tally): string {
  return (t.total ? t.met / t.total : 1).toFixed(3);
}

function table(title: string, rows: Record<string, Tally>): string[] {
  const names = Object.keys(rows).sort();
  const width = Math.max(title.length, ...names.map((n) => n.length));
  return [
    `${title}:`,
    ...names.map((n) => `  ${n.padEnd(width)}  ${ratio(rows[n])}  (${rows[n].met}/${rows[n].total})`),
  ];
}

function usage(message: string): never {
  console.error(
    `${message}\nusage: deno task eval:planner <cases.jsonl> [--split NAME] [--misses N] [--show ID]`,
  );
  Deno.exit(2);
}

async function main(args: string[]) {
  let file: string | undefined, split: string | undefined, show: string | undefined;
  let maxMisses = Infinity;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--split") split = args[++i] ?? usage("--split needs a name");
    else if (a === "--show") show = args[++i] ?? usage("--show needs a case id");
    else if (a === "--misses") {
      maxMisses = Number(args[++i]);
      if (!Number.isInteger(maxMisses) || maxMisses < 0) usage("--misses needs a whole number");
    } else if (a.startsWith("--")) usage(`unknown option ${a}`);
    else if (file) usage("only one cases file");
    else file = a;
  }
  if (!file) usage("missing the cases file");
  let cases: PlannerCase[];
  try {
    cases = parseCases(await Deno.readTextFile(file));
  } catch (err) {
    console.error(err instanceof Deno.errors.NotFound ? `cannot read ${file}` : (err as Error).message);
    Deno.exit(1);
  }
  if (split) cases = cases.filter((c) => c.split === split);
  if (!cases.length) {
    console.error(`no cases${split ? ` in split ${split}` : ""}`);
    Deno.exit(1);
  }
  if (show) {
    const c = cases.find((x) => x.id === show);
    if (!c) usage(`no case ${show}`);
    const plan = planArchitecture(c.request);
    for (const el of plan.elements) {
      if (el.type === "node") console.log(`[${el.platform}] ${el.data.name} — ${el.data.subtitle ?? ""}`);
      if (el.type === "edge") {
        console.log(`[${el.platform}]   ${el.data.from} → ${el.data.to} (${el.data.label})`);
      }
      if (el.type === "cost") {
        for (const item of el.data.items) {
          console.log(`[${el.platform}] $ ${item.service}: ${item.monthlyUsd} — ${item.basis}`);
        }
        console.log(`[${el.platform}] total ${el.data.monthlyUsd}; ${el.data.assumptions}`);
      }
      if (el.type === "priority_value_prop") console.log(`[value] ${el.data.title}: ${el.data.description}`);
    }
    console.log("");
  }
  const cov = evaluate(cases);
  const lines = [
    `cases: ${cases.length}${split ? ` (split ${split})` : ""}, expectations: ${cov.overall.total}`,
    ...table("per platform", cov.byPlatform),
    ...table("per shape", cov.byShape),
    ...table("per split", cov.bySplit),
    `misses (${cov.misses.length}):`,
    ...cov.misses.slice(0, maxMisses).map((m) =>
      `  ${m.id} [${m.shape}] ${m.platform}: ${m.expected.join(" | ")}`
    ),
    `bootstrap 95% CI (cases resampled): ${bootstrapCi(cov.perCase).map((v) => v.toFixed(3)).join("–")}`,
    `coverage=${ratio(cov.overall)} cases=${cases.length}`,
  ];
  console.log(lines.join("\n"));
}

if (import.meta.main) await main(Deno.args);
