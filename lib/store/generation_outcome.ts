/**
 * The summary of a finished generation run: what the run (lib/generation/run.ts) returns and the store saves.
 * Here, with the store, because it is the stored shape of a run.
 */
import type { CompleteEvent, ErrorEvent, PlanElement, StartEvent } from "../protocol/events.ts";
import type { TokenUsage } from "../providers/types.ts";

/** How a run ended. `aborted` means the caller's signal fired (client went away); no final event is sent. */
export type GenerationStatus = "complete" | "error" | "aborted";

/** Summary of a finished run. */
export interface GenerationOutcome {
  status: GenerationStatus;
  start: StartEvent;
  elements: PlanElement[];
  final?: CompleteEvent | ErrorEvent;
  usage?: TokenUsage;
  dropped: number;
  elapsedMs: number;
  /** Milliseconds from start to the first element sent, when one was. */
  firstElementMs?: number;
}
