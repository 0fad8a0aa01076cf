/**
 * Waiting for a provider slot, as the client sees it: while a request is in the provider gate's queue
 * (lib/guards/provider_gate.ts, which only limits concurrency) the pipeline streams `queued` events
 * `{position, etaSeconds}` whenever the position changes and every `everyMs` otherwise, then runs the
 * generation in the slot. A wait that ends without a slot (queue timeout, evicted by a higher plan, KV down)
 * ends the stream with `start` (the intended provider) and an `error` event; a queue error carries its
 * `retryAfterSeconds` there.
 *
 * Why not a 503 with `Retry-After` for an evicted waiter: the `queued` events are the stream's body, so the
 * 200 and its headers are sent before the wait starts; an eviction can only come later, in the stream. A
 * request refused before it gets a place (full queue, plan share used up) does get the 503 `queue_full` with
 * `Retry-After` (routes/http/rejections.ts).
 */
import type { ErrorEvent, GenerationEvent, QueuedEvent, StartEvent } from "../protocol/events.ts";
import type { GateAdmission, QueueTicket, Slot } from "../guards/provider_gate.ts";
import { QueueError } from "../guards/provider_gate.ts";
import { KvUnavailableError } from "../platform/kv/bounded_kv.ts";
import type { GenerationOutcome } from "./run.ts";

/** Default pause between two `queued` events when the position does not change. */
export const QUEUED_EVERY_MS = 2_000;

/**
 * Yields `queued` events until the ticket's turn comes; returns the slot. Throws the wait's error (QueueError,
 * KvUnavailableError, the abort reason). Stopping early leaves the queue (and releases a slot handed over).
 */
export async function* waitForSlot(
  ticket: QueueTicket,
  everyMs = QUEUED_EVERY_MS,
): AsyncGenerator<QueuedEvent, Slot> {
  let lastPosition = -1;
  let lastEmit = 0;
  let taken = false;
  try {
    while (true) {
      const result = ticket.result();
      if (result) {
        if ("error" in result) throw result.error;
        taken = true;
        return result.slot;
      }
      const position = ticket.position();
      const now = performance.now();
      if (position !== lastPosition || now - lastEmit >= everyMs) {
        lastPosition = position;
        lastEmit = now;
        yield { type: "queued", position, etaSeconds: ticket.etaSeconds() };
        continue;
      }
      let tick: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([ticket.changed(), new Promise((r) => (tick = setTimeout(r, everyMs)))]);
      clearTimeout(tick);
    }
  } finally {
    if (!taken) ticket.cancel();
  }
}

/** The `error` event a wait without a slot ends with. */
function waitError(err: unknown): ErrorEvent {
  if (err instanceof QueueError) {
    return {
      type: "error",
      code: err.code,
      message: err.message,
      retryable: true,
      retryAfterSeconds: err.retryAfterSeconds,
    };
  }
  if (err instanceof KvUnavailableError) {
    return { type: "error", code: "kv_unavailable", message: err.message, retryable: true };
  }
  return { type: "error", code: "internal_error", message: "Waiting for the model failed.", retryable: true };
}

/**
 * Runs a generation behind the gate: when `admission` is a queue place, yields its `queued` events until a
 * slot is free (leaving the queue when `runSignal` aborts), then delegates to `run()` and releases the slot
 * however the run ends: through `release` when given (e.g. deferred to the background lane, so the outcome
 * does not wait for the slot's KV delete), awaited otherwise. A wait that fails returns an `error` outcome (an
 * `aborted` one when the run was cancelled), so the finalizers give the budget unit back.
 */
export async function* gatedRun(
  admission: GateAdmission,
  runSignal: AbortSignal,
  run: () => AsyncGenerator<GenerationEvent, GenerationOutcome>,
  intendedStart: StartEvent,
  everyMs = QUEUED_EVERY_MS,
  release?: (slot: Slot) => void,
): AsyncGenerator<GenerationEvent, GenerationOutcome> {
  const began = performance.now();
  let slot: Slot;
  if (admission.kind === "slot") {
    slot = admission.slot;
  } else {
    const ticket = admission.ticket;
    const onAbort = () => ticket.cancel(runSignal.reason);
    runSignal.addEventListener("abort", onAbort, { once: true });
    if (runSignal.aborted) onAbort();
    try {
      slot = yield* waitForSlot(ticket, everyMs);
    } catch (err) {
      const outcome: GenerationOutcome = {
        status: "aborted",
        start: intendedStart,
        elements: [],
        dropped: 0,
        elapsedMs: performance.now() - began,
      };
      if (runSignal.aborted) return outcome;
      const final = waitError(err);
      yield intendedStart;
      yield final;
      return { ...outcome, status: "error", final };
    } finally {
      runSignal.removeEventListener("abort", onAbort);
    }
  }
  try {
    return yield* run();
  } finally {
    if (release) release(slot);
    else await slot.release();
  }
}
