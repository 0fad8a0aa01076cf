/**
 * `deno task eval:shapes [cases.jsonl …] [--cv] [--coverage] [--confusions N]`
 *
 * Measures workload-shape classification against the `shape` label of the planner's eval cases (default:
 * the six seen files, tasks/shape_cases.ts). Prints, per file and per shape, how often the primary shape is
 * the labelled one (`primary`) and how often the labelled shape is among the shapes at all (`among`), for
 * the rules alone and for the shipped classifier (rules + learned model), and the confusions
 * (`label → predicted`, most frequent first).
 *
 * `--cv` adds leave-one-file-out cross-validation of the learned model: each file is classified by a model
 * trained on the seeds and the other files only, the honest figure for phrasings nobody tuned to (the
 * rules themselves were written with all the files in view, so the rules-alone figures are not).
 * `--coverage` adds the planner's service coverage (`eval:planner`) per file, once with the model that
 * never saw the file and once with the shipped model. Ends with one line
 * `primary=P among=A cases=N` (the shipped classifier; with `--cv`, `cv_primary=` follows). Bad arguments
 * exit with status 2, an unreadable file with 1.
 */
import { classifyWorkload, shapesByRules, type WorkloadShape } from "../lib/planner/workload_shapes.ts";
import { withShapeModel } from "../lib/planner/shape_model.ts";
import { evaluate, parseCases, ratio } from "./eval_planner.ts";
import { trainOn } from "./build_shape_model.ts";
import { readShapeExamples, samePrimary, SEEN_FILES, type ShapeExample } from "./shape_cases.ts";

/** How one classifier did on a set of examples. */
export interface ShapeScore {
  cases: number;
  /** Primary shape is the label. */
  primary: number;
  /** The label is among the shapes. */
  among: number;
  /** `label → predicted` for every wrong primary, with counts. */
  confusions: Map<string, number>;
  /** Per labelled shape: [primary right, cases]. */
  byShape: Map<WorkloadShape, [number, number]>;
}

/** Scores a classifier (ordered shapes of a text, the primary first) on labelled examples. */
export function scoreShapes(
  examples: ShapeExample[],
  classify: (text: string) => WorkloadShape[],
): ShapeScore {
  const score: ShapeScore = { cases: 0, primary: 0, among: 0, confusions: new Map(), byShape: new Map() };
  for (const e of examples) {
    const shapes = classify(e.text);
    const right = samePrimary(shapes[0], e.shape);
    const row = score.byShape.get(e.shape) ?? [0, 0];
    score.byShape.set(e.shape, [row[0] + (right ? 1 : 0), row[1] + 1]);
    score.cases++;
    if (right) score.primary++;
    else {
      const key = `${e.shape} → ${shapes[0]}`;
      score.confusions.set(key, (score.confusions.get(key) ?? 0) + 1);
    }
    if (shapes.some((s) => samePrimary(s, e.shape))) score.among++;
  }
  return score;
}

/** Adds scores up (for the total over files). */
export function sumScores(scores: ShapeScore[]): ShapeScore {
  const out: ShapeScore = { cases: 0, primary: 0, among: 0, confusions: new Map(), byShape: new Map() };
  for (const s of scores) {
    out.cases += s.cases;
    out.primary += s.primary;
    out.among += s.among;
    for (const [k, n] of s.confusions) out.confusions.set(k, (out.confusions.get(k) ?? 0) + n);
    for (const [k, [r, n]] of s.byShape) {
      const row = out.byShape.get(k) ?? [0, 0];
      out.byShape.set(k, [row[0] + r, row[1] + n]);
    }
  }
  return out;
}

const frac = (n: number, d: number) => (d ? n / d : 1).toFixed(3);

function usage(message: string): never {
  console.error(
    `${message}\nusage: deno task eval:shapes [cases.jsonl …] [--cv] [--coverage] [--confusions N]`,
  );
  Deno.exit(2);
}

/** Per-file lines for several classifiers side by side, and the mean over files. */
function fileTable(files: string[], columns: [string, ShapeScore[]][]): string[] {
  const width = Math.max(...files.map((f) => f.length), 4);
  const head = `${"file".padEnd(width)}  ${columns.map(([n]) => n.padStart(20)).join("")}`;
  const rows = files.map((f, i) =>
    `${f.padEnd(width)}  ${
      columns.map(([, s]) =>
        `${frac(s[i].primary, s[i].cases)} / ${frac(s[i].among, s[i].cases)}`.padStart(20)
      )
        .join("")
    }`
  );
  const mean = (s: ShapeScore[]) => s.reduce((a, x) => a + x.primary / x.cases, 0) / s.length;
  const meanAmong = (s: ShapeScore[]) => s.reduce((a, x) => a + x.among / x.cases, 0) / s.length;
  const foot = `${"mean of files".padEnd(width)}  ${
    columns.map(([, s]) => `${mean(s).toFixed(3)} / ${meanAmong(s).toFixed(3)}`.padStart(20)).join("")
  }`;
  return ["primary / among, per file:", head, ...rows, foot];
}

function shapeTable(score: ShapeScore): string[] {
  const names = [...score.byShape.keys()].sort();
  return [
    "primary per labelled shape (shipped classifier):",
    ...names.map((n) => {
      const [r, c] = score.byShape.get(n)!;
      return `  ${n.padEnd(20)} ${frac(r, c)}  (${r}/${c})`;
    }),
  ];
}

function confusionLines(title: string, score: ShapeScore, max: number): string[] {
  const rows = [...score.confusions].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return [
    `${title} (${score.cases - score.primary} wrong):`,
    ...rows.slice(0, max).map(([k, n]) => `  ${n} ${k}`),
  ];
}

/** Service coverage per file with the model that never saw it and with the shipped one. */
async function coverageLines(files: string[], all: ShapeExample[]): Promise<string[]> {
  const lines = ["service coverage per file (eval:planner): held-out model / shipped model:"];
  for (const f of files) {
    const cases = parseCases(await Deno.readTextFile(f));
    const heldOut = withShapeModel(trainOn(all.filter((e) => e.file !== f)), () => evaluate(cases));
    const shipped = evaluate(cases);
    lines.push(`  ${f}  ${ratio(heldOut.overall)} / ${ratio(shipped.overall)}  (cases ${cases.length})`);
  }
  return lines;
}

async function main(args: string[]) {
  const files: string[] = [];
  let cv = false, coverage = false, maxConfusions = 30;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--cv") cv = true;
    else if (a === "--coverage") coverage = true;
    else if (a === "--confusions") {
      maxConfusions = Number(args[++i]);
      if (!Number.isInteger(maxConfusions) || maxConfusions < 0) usage("--confusions needs a whole number");
    } else if (a.startsWith("--")) usage(`unknown option ${a}`);
    else files.push(a);
  }
  if (!files.length) files.push(...SEEN_FILES);
  const perFile: ShapeExample[][] = [];
  try {
    for (const f of files) perFile.push(await readShapeExamples(f));
  } catch (err) {
    console.error(
      err instanceof Deno.errors.NotFound ? `cannot read ${(err as Error).message}` : (err as Error).message,
    );
    Deno.exit(1);
  }
  const all = perFile.flat();
  const rules = perFile.map((ex) => scoreShapes(ex, shapesByRules));
  const shipped = perFile.map((ex) => scoreShapes(ex, (t) => classifyWorkload(t).shapes));
  const columns: [string, ShapeScore[]][] = [["rules alone", rules], ["shipped", shipped]];
  let heldOut: ShapeScore[] | undefined;
  if (cv) {
    heldOut = files.map((f, i) => {
      const model = trainOn(all.filter((e) => e.file !== f));
      return withShapeModel(model, () => scoreShapes(perFile[i], (t) => classifyWorkload(t).shapes));
    });
    columns.push(["leave-one-file-out", heldOut]);
  }
  const total = sumScores(shipped);
  const lines = [
    ...fileTable(files, columns),
    ...shapeTable(total),
    ...confusionLines("confusions, shipped classifier", total, maxConfusions),
  ];
  if (heldOut) {
    lines.push(...confusionLines("confusions, leave-one-file-out", sumScores(heldOut), maxConfusions));
  }
  if (coverage) lines.push(...await coverageLines(files, all));
  const cvPart = heldOut ? ` cv_primary=${frac(sumScores(heldOut).primary, total.cases)}` : "";
  lines.push(
    `primary=${frac(total.primary, total.cases)} among=${
      frac(total.among, total.cases)
    } cases=${total.cases}${cvPart}`,
  );
  console.log(lines.join("\n"));
}

if (import.meta.main) await main(Deno.args);
