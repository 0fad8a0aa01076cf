/**
 * A pipeline's schedule named as the text states it: the shape's services are listed with an hourly
 * extract, but a nightly or weekly load says "nightly" or "weekly" on the diagram, and a load with no stated
 * cadence says "scheduled" (its cost assumes the daily default and says so).
 */
import { type Selection } from "./context.ts";
import { readRuns } from "./numbers.ts";

/** The word for a cadence of `runs` a month. */
function cadenceWord(runs: number | undefined, text: string): string {
  if (runs === undefined) return "scheduled";
  if (runs >= 43_200) return "every-minute";
  if (runs > 720) return "sub-hourly";
  if (runs === 720) return "hourly";
  if (runs > 30) return "several-times-a-day";
  if (runs === 30) return /\bnight|nightly|overnight|midnight\b/i.test(text) ? "nightly" : "daily";
  if (runs >= 4) return "weekly";
  return "monthly";
}

/** Renames "hourly" in the roles of a cloud's selections to the cadence the text states (mutates them). */
export function applyCadenceLabels(selections: Map<string, Selection>, text: string): void {
  const word = cadenceWord(readRuns(text), text);
  if (word === "hourly") return;
  for (const sel of selections.values()) {
    sel.roles = sel.roles.map((r) => r.replace(/\bhourly\b/, word));
  }
}
