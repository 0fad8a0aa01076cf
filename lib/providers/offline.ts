/**
 * The offline provider: the built-in planner standing in for an LLM. No network. Elements are paced
 * (`paceMs` between elements, none before the first, 0 for none) so the page shows the plan streaming in as it would from a model.
 */
import { abortableSleep } from "../platform/abortable_sleep.ts";
import { planArchitecture, PLANNER_VERSION } from "../planner/planner.ts";
import type { NormalizedRequest } from "../protocol/request_schema.ts";
import type { ArchitectureProvider, ProviderChunk } from "./types.ts";

/** Builds the offline provider. */
export function createOfflineProvider(options: { paceMs?: number } = {}): ArchitectureProvider {
  const paceMs = options.paceMs ?? 0;
  return {
    id: "offline",
    model: `planner-${PLANNER_VERSION}`,
    async *generate(request: NormalizedRequest, signal: AbortSignal): AsyncIterable<ProviderChunk> {
      const plan = planArchitecture(request);
      for (const [i, element] of plan.elements.entries()) {
        signal.throwIfAborted();
        // Between elements only: the first goes out at once.
        if (paceMs > 0 && i > 0) await abortableSleep(paceMs, signal);
        yield { kind: "element", element };
      }
    },
  };
}
