/**
 * `deno task eval:similarity <pairs.jsonl> [--threshold T] [--split NAME] [--errors]`
 *
 * Evaluates the configured embedder (EMBEDDINGS, …) on labelled request pairs. Each line of the file is
 * `{"a": <request>, "b": <request>, "similar": true|false}` with requests as in the POST body of
 * /api/generate-architecture-v2; optional `"split"` (e.g. "train" / "holdout") and `"note"` fields are allowed.
 * A pair whose requests differ in scale or competitor is predicted "not similar" without embedding: such
 * requests are never candidates of each other in the semantic cache.
 *
 * Prints precision, recall and F1 at the configured threshold (SIMILARITY_THRESHOLD, else the embedder's
 * calibrated default; `--threshold` overrides), the same per split, a threshold sweep, and ends with one line
 * `precision=P recall=R f1=F threshold=T`. When nothing is predicted similar, precision counts as 1 (no wrong
 * answer was given) and F1 as 0. A missing or bad file or line exits with status 1 and names the line; bad
 * arguments exit with status 2.
 */
import { z } from "zod";
import { type Config, loadConfig } from "../lib/platform/config.ts";
import {
  cosine,
  createEmbedder,
  type Embedder,
  embeddingTextOf,
  thresholdFor,
} from "../lib/semantic/embeddings/mod.ts";
import {
  type NormalizedRequest,
  parseGenerationBody,
  RequestValidationError,
} from "../lib/protocol/request_schema.ts";

/** One parsed, labelled pair. */
export interface LabelledPair {
  line: number;
  a: NormalizedRequest;
  b: NormalizedRequest;
  similar: boolean;
  split?: string;
  note?: string;
}

/** A pair with its score: `null` when the two are never candidates (scale or competitor differ). */
export interface ScoredPair extends LabelledPair {
  score: number | null;
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

/** A problem with the pairs file; `line` is 1-based (0 for the file as a whole). */
export class PairsFileError extends Error {
  constructor(readonly line: number, message: string) {
    super(line ? `line ${line}: ${message}` : message);
    this.name = "PairsFileError";
  }
}

const lineSchema = z.object({
  a: z.custom<unknown>((v) => v !== undefined, { error: "required" }),
  b: z.custom<unknown>((v) => v !== undefined, { error: "required" }),
  similar: z.boolean({ error: "similar must be true or false" }),
  split: z.string().min(1).max(40).optional(),
  note: z.string().max(500).optional(),
}).strict();

/** Parses a JSONL pairs file; throws PairsFileError naming the first bad line. Blank lines are skipped. */
export function parsePairs(text: string): LabelledPair[] {
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
      throw new PairsFileError(line, "not valid JSON");
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
      );
    }
    const request = (side: "a" | "b") => {
      try {
        return parseGenerationBody(parsed.data[side]).request;
      } catch (err) {
        if (err instanceof RequestValidationError) {
          const detail = Object.entries(err.fields).map(([k, v]) => `${side}.${k}: ${v}`).join("; ");
          throw new PairsFileError(line, `invalid request: ${detail}`);
        }
        throw err;
      }
    };
    pairs.push({
      line,
      a: request("a"),
      b: request("b"),
      similar: parsed.data.similar,
      split: parsed.data.split,
      note: parsed.data.note,
    });
  }
  if (!pairs.length) throw new PairsFileError(0, "the file has no pairs");
  return pairs;
}

/** Scores every pair with the embedder (one batch for all distinct descriptions). */
export async function scorePairs(pairs: LabelledPair[], embedder: Embedder): Promise<ScoredPair[]> {
  const texts = [...new Set(pairs.flatMap((p) => [embeddingTextOf(p.a), embeddingTextOf(p.b)]))];
  const vectors = await embedder.embed(texts);
  const byText = new Map(texts.map((t, i) => [t, vectors[i]]));
  return pairs.map((p) => {
    const candidates = p.a.scale === p.b.scale && p.a.competitor === p.b.competitor;
    const score = candidates
      ? cosine(byText.get(embeddingTextOf(p.a))!, byText.get(embeddingTextOf(p.b))!)
      : null;
    return { ...p, score };
  });
}

/** Metrics of the predictions `score >= threshold` (null scores are predicted not similar). */
export function metricsAt(scored: ScoredPair[], threshold: number): Metrics {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (const p of scored) {
    const predicted = p.score !== null && p.score >= threshold;
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

const f3 = (n: number) => n.toFixed(3);

/** The report as lines of text; the last line is `precision=P recall=R f1=F threshold=T`. */
export function report(
  scored: ScoredPair[],
  embedderId: string,
  threshold: number,
  showErrors = false,
): string[] {
  const out: string[] = [];
  const m = metricsAt(scored, threshold);
  const positives = scored.filter((p) => p.similar).length;
  out.push(`embedder: ${embedderId}`);
  out.push(`pairs: ${scored.length} (${positives} similar, ${scored.length - positives} not similar)`);
  out.push(`threshold: ${threshold}`);
  out.push(
    `at threshold ${threshold}: precision ${f3(m.precision)}  recall ${f3(m.recall)}  f1 ${f3(m.f1)}  ` +
      `(tp ${m.tp}, fp ${m.fp}, fn ${m.fn}, tn ${m.tn})`,
  );
  const splits = [...new Set(scored.map((p) => p.split).filter((s): s is string => !!s))];
  if (splits.length > 1 || (splits.length === 1 && scored.some((p) => !p.split))) {
    for (const split of splits) {
      const part = metricsAt(scored.filter((p) => p.split === split), threshold);
      out.push(
        `  split ${split}: precision ${f3(part.precision)}  recall ${f3(part.recall)}  f1 ${f3(part.f1)}  ` +
          `(tp ${part.tp}, fp ${part.fp}, fn ${part.fn}, tn ${part.tn})`,
      );
    }
  }
  out.push("threshold sweep:");
  out.push("  threshold  precision  recall  f1");
  for (let t = 30; t <= 95; t += 5) {
    const s = metricsAt(scored, t / 100);
    out.push(
      `  ${(t / 100).toFixed(2).padStart(9)}  ${f3(s.precision).padStart(9)}  ${f3(s.recall).padStart(6)}  ${
        f3(s.f1)
      }`,
    );
  }
  if (showErrors) {
    out.push("errors at the threshold:");
    for (const p of scored) {
      const predicted = p.score !== null && p.score >= threshold;
      if (predicted === p.similar) continue;
      out.push(
        `  line ${p.line} ${predicted ? "FALSE POSITIVE" : "false negative"} score ${
          p.score === null ? "n/a" : f3(p.score)
        }: "${p.a.appDescription}" ~ "${p.b.appDescription}"`,
      );
    }
  }
  out.push(`precision=${f3(m.precision)} recall=${f3(m.recall)} f1=${f3(m.f1)} threshold=${threshold}`);
  return out;
}

/** Parsed command-line options. */
export interface EvalArgs {
  file: string;
  threshold?: number;
  split?: string;
  errors: boolean;
}

/** Parses the arguments; throws a usage message string on bad ones. */
export function parseArgs(args: string[]): EvalArgs {
  const usage = "usage: deno task eval:similarity <pairs.jsonl> [--threshold 0..1] [--split NAME] [--errors]";
  let file: string | undefined;
  let threshold: number | undefined;
  let split: string | undefined;
  let errors = false;
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
    } else if (arg === "--errors") {
      errors = true;
    } else if (arg.startsWith("-")) {
      throw `unknown option ${arg}\n${usage}`;
    } else if (file === undefined) {
      file = arg;
    } else {
      throw `only one pairs file is accepted\n${usage}`;
    }
  }
  if (!file) throw usage;
  return { file, threshold, split, errors };
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
  let text: string;
  try {
    text = await Deno.readTextFile(options.file);
  } catch (err) {
    console.error(`error: cannot read ${options.file}: ${err instanceof Error ? err.message : err}`);
    return 1;
  }
  let pairs: LabelledPair[];
  try {
    pairs = parsePairs(text);
  } catch (err) {
    if (err instanceof PairsFileError) {
      console.error(`error: ${options.file}: ${err.message}`);
      return 1;
    }
    throw err;
  }
  if (options.split) {
    pairs = pairs.filter((p) => p.split === options.split);
    if (!pairs.length) {
      console.error(`error: ${options.file}: no pairs in split "${options.split}"`);
      return 1;
    }
  }
  const cfg = config ?? loadConfig();
  const embedder = createEmbedder(cfg);
  const threshold = options.threshold ?? thresholdFor(embedder.id, cfg.SIMILARITY_THRESHOLD);
  let scored: ScoredPair[];
  try {
    scored = await scorePairs(pairs, embedder);
  } catch (err) {
    console.error(`error: embedding failed: ${err instanceof Error ? err.message : err}`);
    return 1;
  }
  for (const line of report(scored, embedder.id, threshold, options.errors)) console.log(line);
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
