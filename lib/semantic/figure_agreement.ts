/**
 * The stated-figures gate of the semantic cache: a candidate is refused when both descriptions state the
 * same kind of figure (users, staff, devices, events, data per day, tenants…) and the figures are more than
 * {@link FIGURE_AGREEMENT_MAX_RATIO} apart. Such pairs are the same app at another size ("4,000 silos" vs "40
 * silos", "15,000 employees" vs "150"): the embedder and the node names put them together, but the stored
 * answer is sized and priced for the other figure. A figure only one side states is no disagreement (a short
 * paraphrase leaves figures out).
 */
import { plannerText } from "../planner/context.ts";
import { type ReadNumbers, readNumbers } from "../planner/numbers.ts";

/** Largest ratio between two stated figures of one kind for two requests to agree. */
export const FIGURE_AGREEMENT_MAX_RATIO = 10;

/** Figures that say how big the workload is (counts and volumes; not cadences, retention or group sizes). */
const SIZE_FIGURES = [
  "users",
  "staff",
  "visitors",
  "requests",
  "messages",
  "conversations",
  "documents",
  "documentsMonthly",
  "downloads",
  "devices",
  "ingestGbMonth",
  "storedGb",
  "databaseGb",
  "emails",
  "tenants",
  "servers",
  "concurrent",
  "mediaHours",
  "gpuHours",
  "places",
] as const satisfies readonly (keyof ReadNumbers)[];

/** The size figures a description states, by kind, as the planner reads them. */
export type StatedFigures = Partial<Record<typeof SIZE_FIGURES[number], number>>;

/** The size figures a description states (read as the planner reads them). */
export function statedFigures(description: string): StatedFigures {
  const read = readNumbers(plannerText(description));
  const out: StatedFigures = {};
  for (const key of SIZE_FIGURES) {
    const v = read[key];
    if (typeof v === "number" && v > 0) out[key] = v;
  }
  return out;
}

/** Whether no figure both descriptions state is more than `maxRatio` apart. */
export function figuresAgree(
  a: StatedFigures,
  b: StatedFigures,
  maxRatio = FIGURE_AGREEMENT_MAX_RATIO,
): boolean {
  for (const key of Object.keys(a) as (keyof StatedFigures)[]) {
    const x = a[key], y = b[key];
    if (x === undefined || y === undefined) continue;
    if (Math.max(x, y) / Math.min(x, y) > maxRatio) return false;
  }
  return true;
}
