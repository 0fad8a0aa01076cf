/**
 * The compute a job states, as vCPU-hours a month: CPU-hours said outright ("~10k CPU-hours per run",
 * "2,000 core-hours a month"), or a time per item times the items counted beside it ("~40 min per match"
 * over "300 matches", "0.2 s each" over "420k accounts"), at the job's cadence. A figure per run without a
 * cadence counts one run a month.
 */
import { FIGURE_PATTERN, figureValue } from "./figure_units.ts";
import type { ReadNumbers } from "./numbers.ts";

/** What was read: vCPU-hours a month and the words they came from. */
export interface CpuHours {
  hours: number;
  phrase: string;
  /** Hours one item takes, when the figure is a time per item. */
  perItem?: number;
}

/** "10k CPU-hours per run", "2,000 core hours a month", "500 vCPU-h each night". */
const STATED = new RegExp(
  `${FIGURE_PATTERN}\\s*(?:v?cpu|core|compute)[\\s-]?(?:hours?|hrs?|h)\\b(?:\\s*(?:per|a|an|each|every)\\s+(run|job|batch|month|week|day|night|year|quarter))?`,
  "i",
);

/** "~40 min per match", "0.2 s each", "about 3 hours per genome". */
const PER_ITEM =
  /(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?)\s+(?:of cpu\s+)?(?:per|each|for each|an?)\s*([a-z]+)?/i;

/** Hours in one unit of time a per-item figure is given in. */
function unitHours(unit: string): number {
  const u = unit.toLowerCase();
  if (u.startsWith("ms") || u.startsWith("milli")) return 1 / 3_600_000;
  if (u.startsWith("s")) return 1 / 3600;
  if (u.startsWith("m")) return 1 / 60;
  return 1;
}

/** Runs a month a figure stated per period stands for. */
const PER_PERIOD: Record<string, number> = {
  month: 1,
  week: 4.33,
  day: 30,
  night: 30,
  year: 1 / 12,
  quarter: 1 / 3,
};

/** Counts before a noun ("300 amateur football matches"): the figure, then the noun last. */
const COUNTED = new RegExp(`${FIGURE_PATTERN}\\s+((?:[\\w-]+\\s+){0,3}?)([a-z]+)`, "gi");
/** A count of a plural noun ("~420k property accounts"), for a time given "each". */
const COUNTED_PLURAL = new RegExp(`${FIGURE_PATTERN}\\s+(?:[\\w-]+\\s+){0,3}?[a-z]+s\\b`, "gi");

/** A count of the item a per-item time is given for ("300 amateur football matches" for "match"). */
function itemCount(text: string, noun: string | undefined, before: string): number | undefined {
  const stem = noun?.toLowerCase().replace(/(?:es|s)$/, "");
  const counts = [...text.matchAll(COUNTED)];
  if (stem && stem !== "each") {
    const named = counts.find((m) => m[m.length - 1].toLowerCase().replace(/(?:es|s)$/, "") === stem);
    if (named) return figureValue(named[1], named[2]);
  }
  // "… 0.2 s each": the last count before it.
  const last = [...before.matchAll(COUNTED_PLURAL)].pop();
  return last ? figureValue(last[1], last[2]) : undefined;
}

/** vCPU-hours a month the text states for a job, at `runsMonthly` runs (one when undefined). */
export function readCpuHours(text: string, runsMonthly: number | undefined): CpuHours | undefined {
  const stated = text.match(STATED);
  if (stated) {
    const base = figureValue(stated[1], stated[2]);
    const per = stated[3]?.toLowerCase();
    const runs = per && per in PER_PERIOD ? PER_PERIOD[per] : runsMonthly ?? 1;
    if (base > 0) return { hours: base * runs, phrase: stated[0].trim() };
  }
  const m = text.match(PER_ITEM);
  if (!m || m.index === undefined) return undefined;
  const items = itemCount(text, m[3], text.slice(0, m.index));
  if (!items) return undefined;
  const perRun = items * Number(m[1]) * unitHours(m[2]);
  return {
    hours: perRun * (runsMonthly ?? 1),
    phrase: `${m[0].trim()} × ${items.toLocaleString("en-US")}`,
    perItem: Number(m[1]) * unitHours(m[2]),
  };
}

/** vCPU-hours one run above which a job is a batch-compute job (many cores for hours), not function work. */
const BATCH_RUN_HOURS = 100;
/** Hours one item takes above which it wants a multi-core VM of a batch service, not a container instance. */
const BATCH_ITEM_HOURS = 4;
/** Hours one item may take in a function or isolate (Lambda's 15-minute ceiling). */
const FUNCTION_ITEM_HOURS = 0.25;

/**
 * What runs a job the text sizes: a container for items longer than a function may run, a batch service for
 * items of many hours or a stated total of many CPU-hours a run, else nothing said.
 */
export function jobRuntime(
  { cpuHoursMonth, cpuHoursPerItem, runsMonthly }: Pick<
    ReadNumbers,
    "cpuHoursMonth" | "cpuHoursPerItem" | "runsMonthly"
  >,
): "batch" | "container" | null {
  if (cpuHoursMonth === undefined) return null;
  if (cpuHoursPerItem !== undefined) {
    if (cpuHoursPerItem >= BATCH_ITEM_HOURS) return "batch";
    return cpuHoursPerItem > FUNCTION_ITEM_HOURS ? "container" : null;
  }
  return cpuHoursMonth / (runsMonthly ?? 1) >= BATCH_RUN_HOURS ? "batch" : null;
}
