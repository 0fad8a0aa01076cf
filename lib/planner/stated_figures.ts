/**
 * The size figures a description states, by kind, as the planner reads them (numbers.ts, through the
 * planner's own reading of the text): what the semantic cache's stated-figures gate compares
 * (lib/semantic/figure_agreement.ts).
 */
import { plannerText } from "./context.ts";
import { type ReadNumbers, readNumbers } from "./numbers.ts";

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

/** The size figures a description states, by kind (only the kinds it states). */
export function statedFigures(description: string): Record<string, number> {
  const read = readNumbers(plannerText(description));
  const out: Record<string, number> = {};
  for (const key of SIZE_FIGURES) {
    const v = read[key];
    if (typeof v === "number" && v > 0) out[key] = v;
  }
  return out;
}
