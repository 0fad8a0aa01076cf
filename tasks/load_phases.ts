/**
 * The phases of `deno task load` (tasks/load.ts) and the parsing of its `--only=` flag.
 */

/** Every phase, in the order the load tool runs them. */
export const LOAD_PHASES = [
  "mix",
  "replays",
  "budget",
  "streams",
  "provider-streams",
  "provider-streams-h2",
] as const;

/** One phase of the load tool. */
export type LoadPhase = typeof LOAD_PHASES[number];

/**
 * Parses a comma-separated `--only=` value into the phases to run (spaces and empty items ignored), or
 * the first unknown name. An empty list is an error too: a run with no phase would measure nothing.
 */
export function parsePhases(only: string): { phases: Set<LoadPhase> } | { error: string } {
  const phases = new Set<LoadPhase>();
  for (const item of only.split(",").map((s) => s.trim()).filter(Boolean)) {
    if (!(LOAD_PHASES as readonly string[]).includes(item)) {
      return { error: `unknown phase ${item} (phases: ${LOAD_PHASES.join(", ")})` };
    }
    phases.add(item as LoadPhase);
  }
  if (!phases.size) return { error: `no phase given (phases: ${LOAD_PHASES.join(", ")})` };
  return { phases };
}
