/**
 * Warm-up at start-up: one generation of a sample request run entirely in memory (the offline planner, no KV,
 * no budget, no provider call), so the first visitor's request does not pay for compiling the request
 * validation, the planner, the plan assembler and the SSE encoding (~50–100 ms on the first request of a
 * fresh process, ~5 ms after). Called by the server entry after it starts listening.
 */
import { newId } from "../platform/ids.ts";
import { parseGenerationBody } from "../protocol/request_schema.ts";
import { cacheKeyOf, requestHashOf } from "../protocol/request_hash.ts";
import { sseBytes } from "../protocol/events.ts";
import { createOfflineProvider } from "../providers/offline.ts";
import { runGeneration } from "./run.ts";

/** Runs the sample generation; answers the time it took in ms (nothing is stored or spent). */
export async function warmUpGeneration(): Promise<number> {
  const started = performance.now();
  const { request } = parseGenerationBody({
    appDescription: "A social app with feeds, photo uploads, chat and search",
    competitors: ["AWS"],
  });
  await requestHashOf(request);
  await cacheKeyOf(request, "warm-up");
  const events = runGeneration(createOfflineProvider(), request, {
    id: newId(),
    firstElementTimeoutMs: 10_000,
    totalTimeoutMs: 10_000,
  });
  for await (const event of events) sseBytes(event);
  return performance.now() - started;
}
