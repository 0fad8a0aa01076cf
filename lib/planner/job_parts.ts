/**
 * A scheduled job's default parts (catalog/shape_services.ts: an orchestration engine, a queue, a bucket),
 * kept only where the job's own words give them a reason: a workflow engine when the job has steps to retry
 * or resume, runs long or works through thousands of items; a queue when it fans items out; a bucket when it writes
 * files. A job beside another workload (a booking app that emails the day's list every morning) is read
 * from its own sentences, the ones that schedule it, so the app's figures and files are not the job's.
 * Deterministic.
 */
import { compile } from "./match.ts";
import { readRuns, readSchedules } from "./numbers.ts";
import { type WorkloadShape } from "./workload_shapes.ts";

/** The roles of a job's default orchestration, queue and bucket (catalog/shape_services.ts). */
const STEPS_ROLE = "job steps with retries";
const FAN_OUT_ROLE = "fan-out of job items";
const JOB_OUTPUTS_ROLE = "job outputs";
/** Periods and counts that follow "each"/"every" as a schedule ("every night"), not as items. */
const NOT_ITEMS =
  "(?:night|morning|evening|day|week|month|quarter|year|hour|minute|second|sunday|monday|tuesday|wednesday|thursday|friday|saturday|weekend|weekday|few|other|time|run|\\d[\\w.:]*)s?";
/** Words for a count or volume large enough to be worked through in batches (both readers below). */
const LARGE_COUNTS = [
  "parallel\\w*",
  "fan[\\s-]?out",
  "backfill\\w*",
  "in batches",
  "bulk",
  "thousands",
  "millions",
  "lakhs?",
  "crores?",
  "\\d[\\d,.]*\\s?(?:k|m|million|thousand)",
  "\\d{1,3}(?:[,.\\s]\\d{3})+",
  // Terabytes of data are worked through in pieces.
  "\\d[\\d,.]*\\s?(?:tb|pb)",
];
/** Words that say a job works through many items (each of them, in parallel, a backfill, thousands). */
const MANY_ITEMS = compile([
  `(?:each|every|per)\\s(?!${NOT_ITEMS}(?![\\w]))(?:[\\w-]+\\s){0,2}?[\\w-]+`,
  "for (?:all|each) (?:of )?(?:our |the |their )?[\\w-]+s",
  "back[\\s-]?catalog(?:ue)?",
  "concurren\\w*",
  "hundreds",
  ...LARGE_COUNTS,
  // A hundred items or more (not a year).
  "(?!(?:19|20)\\d\\d(?![\\d]))\\d{3,}",
  // Gigabytes of files are worked through in pieces.
  "\\d[\\d,.]*\\s?gb of (?:[\\w-]+\\s){0,2}(?:photos|images|files|videos|documents|scans|logs|pdfs|records)",
  // Files that arrive to be worked through one by one.
  "(?:drop|drops|dropped|land|lands|arrive|arrives|send|sends|upload|uploads)\\s(?:[\\w-]+\\s){0,4}files",
]);
/** Words that say a job writes files (a report, an export, PDFs, backups, images, a dump, an archive). */
const WRITES_FILES = compile([
  "reports?",
  "exports?",
  "csvs?",
  "xlsx",
  "spreadsheets?",
  "pdfs?",
  "statements?",
  "invoices?",
  "backups?",
  "back(?:ed|s|ing)?[\\s-]?up",
  "\\d[\\d,.]*\\s?(?:gb|tb|pb)",
  "audit (?:trails?|logs?)",
  "(?:kept|keep|retain\\w*|stored?) (?:for )?\\d+ (?:years?|months?)",
  "dumps?",
  "snapshots?",
  "archiv\\w*",
  "files?",
  "images?",
  "photos?",
  "thumbnails?",
  "renders?",
  "tiles?",
  "videos?",
  "audio",
  "transcripts?",
  "logs?",
  "parquet",
  "datasets?",
  "feeds?",
  "sitemaps?",
  "(?:data )?lakes?",
  "buckets?",
  "object storage",
  "s3",
  "r2",
  "blobs?",
]);

/** Words that give a job steps to retry, resume, audit or wait on (in the glossed languages too). */
const ORCHESTRATED = compile([
  "retr(?:y|ies|ied|ying)",
  "re-?tr(?:y|ies)",
  "resum\\w*",
  "restart\\w*",
  "re-?runs?",
  "(?:from |where )(?:it |they )?(?:stopped|left off|failed)",
  "fails? (?:half ?way|midway|part ?way)",
  "exactly[\\s-]once",
  "idempoten\\w*",
  "twice",
  "double (?:payments?|posts?|postings?|charges?|sends?)",
  "checkpoint\\w*",
  "audit\\w*",
  "(?:every|each) (?:job |run |step )?(?:is |must be )?logged",
  "approv\\w*",
  "wait\\w* (?:for|until)",
  "human",
  "steps?",
  "stages?",
  "pipelines?",
  "workflows?",
  "orchestrat\\w*",
  "dags?",
  "then [^.;]{3,80}\\bthen\\b",
  "tentar de novo",
  "reintent\\w*",
  "erneut",
  "wiederhol\\w*",
  "réessa\\w*",
  "riprov\\w*",
]);
/** A run stated in hours (not a cadence: "every 6 hours"), CPU-hours, or minutes past a function's limit. */
const LONG_RUN =
  /(?<!\bevery\s)(?<!\beach\s)\b(?:\d[\d.,]*\s*(?:h|hrs?|hours?)\b|\d[\d.,]*\s*(?:v?cpu|gpu|core)[\s-]?hours?|(?:1[5-9]|[2-9]\d|\d{3,})\s*(?:min|mins|minutes)\b)/i;
/** A job over so many items that it runs in parallel batches (thousands, millions, terabytes, a backfill). */
const LARGE_RUN = compile([
  ...LARGE_COUNTS,
  // Ten thousand items or more (not a year).
  "(?!(?:19|20)\\d\\d(?![\\d]))\\d{4,}",
]);
/** Runs a month from which a job is frequent (every 15 minutes or more often). */
const FREQUENT_RUNS = 2_880;
/** Words that schedule a job: the sentences a job beside another workload is described in. */
const SCHEDULING = compile([
  "cron\\w*",
  "schedul\\w*",
  "nightly",
  "overnight",
  "batch(?:es)?",
  "jobs?",
  "(?:month|quarter|year|end of)[\\s-]?(?:end|day)",
]);

/** The sentences of a text that schedule a job (a cadence, "cron", "nightly", "job"); empty when none does. */
export function jobSentences(text: string): string {
  return text.split(/(?<=[.;!?])\s+|\n+/)
    .filter((s) => SCHEDULING.test(s) || readSchedules(s) !== undefined)
    .join(" ");
}

/**
 * Whether a job's default part (by its role) has no reason in the job's words: the whole text when the job
 * is the workload, else the sentences that schedule it (a part is kept when no sentence does).
 */
export function unaskedJobPart(role: string, text: string, primary: WorkloadShape): boolean {
  const job = primary === "batch_job" ? text : jobSentences(text);
  if (!job) return false;
  // A site's own build renders its pages in one run, however many: no queue or workflow unless it says so.
  if (primary === "static_site" && (role === FAN_OUT_ROLE || role === STEPS_ROLE)) {
    return !ORCHESTRATED.test(job);
  }
  if (role === FAN_OUT_ROLE) return !MANY_ITEMS.test(job);
  if (role === JOB_OUTPUTS_ROLE) return !WRITES_FILES.test(job);
  // A job that runs every few minutes finishes within them: nothing long to checkpoint unless it says so.
  if (role === STEPS_ROLE && (readRuns(job) ?? 0) >= FREQUENT_RUNS) return !ORCHESTRATED.test(job);
  if (role === STEPS_ROLE) return !ORCHESTRATED.test(job) && !LONG_RUN.test(job) && !LARGE_RUN.test(job);
  return false;
}
