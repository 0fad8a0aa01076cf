/**
 * Server-sent-events responses. Pulls events only as fast as the client reads them; when the client goes
 * away (stream cancelled or request aborted) the `abort` controller fires so the generation and its upstream
 * call stop. A stream that can hand over its whole body at once (a replay, lib/generation/replay.ts) is sent
 * as one buffer: no per-event pull, no per-event encoding.
 */
import { type GenerationEvent, sseBytes } from "../lib/protocol/events.ts";
import { hasSseBody } from "../lib/generation/replay.ts";

/** Headers of every event stream. */
export const SSE_HEADERS: Record<string, string> = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
};

/** Streams events as SSE frames; `abort` fires if the client disconnects before the end. */
export function sseResponse(
  events: AsyncIterable<GenerationEvent>,
  abort: AbortController,
  headers: Record<string, string> = {},
): Response {
  if (hasSseBody(events)) return new Response(events.sseBody(), { headers: { ...SSE_HEADERS, ...headers } });
  const iterator = events[Symbol.asyncIterator]();
  let firstElementSent = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const step = await iterator.next();
        if (step.done) return controller.close();
        controller.enqueue(sseBytes(step.value));
        // Once, after the first element: back to the event loop, so the bytes so far leave at once instead of
        // with everything a fast provider (the offline planner) produces in the same turn.
        if (!firstElementSent && step.value.type !== "start") {
          firstElementSent = true;
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel(reason) {
      abort.abort(reason ?? new Error("client disconnected"));
      await iterator.return?.(undefined);
    },
  });
  return new Response(body, { headers: { ...SSE_HEADERS, ...headers } });
}
