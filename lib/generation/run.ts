/**
 * One generation run: drives a provider under the first-element and total timeouts, passes every element
 * through the plan assembler, and yields the wire events in contract order — `start`, elements, then exactly
 * one `complete` or `error`. The generator's return value summarises the run for the budget, the store and
 * the metrics.
 */
import type { CompleteEvent, ErrorEvent, GenerationEvent, StartEvent } from "../protocol/events.ts";
import { PlanAssembler } from "./plan_assembler.ts";
import { ModelPlanReview } from "../planner/model_plan.ts";
import type { NormalizedRequest } from "../protocol/request_schema.ts";
import {
  type ArchitectureProvider,
  type ProviderChunk,
  ProviderError,
  type TokenUsage,
} from "../providers/types.ts";
import type { GenerationOutcome, GenerationStatus } from "../store/generation_outcome.ts";

export type { GenerationOutcome, GenerationStatus } from "../store/generation_outcome.ts";

/** Options of one run. */
export interface GenerationOptions {
  id: string;
  /** Fires when the client goes away; the upstream call is aborted with it. */
  signal?: AbortSignal;
  firstElementTimeoutMs: number;
  totalTimeoutMs: number;
}

class TimeoutAbort extends Error {
  constructor(readonly which: "first_element" | "total") {
    super(which === "first_element" ? "no element arrived in time" : "the generation took too long");
  }
}

function errorEvent(err: unknown): ErrorEvent {
  if (err instanceof TimeoutAbort) {
    return {
      type: "error",
      code: "upstream_timeout",
      message: `The model timed out: ${err.message}.`,
      retryable: true,
    };
  }
  if (err instanceof ProviderError) {
    return { type: "error", code: err.code, message: err.message, retryable: err.retryable };
  }
  return {
    type: "error",
    code: "internal_error",
    message: "The generation failed unexpectedly.",
    retryable: true,
  };
}

/**
 * `promise`, or a rejection with `signal.reason` as soon as `signal` aborts. The abort listener is removed
 * when `promise` settles, so waiting on many steps of a long stream retains nothing per step (a
 * `Promise.race` against one long-lived promise would keep a reaction per step until the run ends).
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}

/**
 * The run's two deadlines: a timeout aborts `controller` with a TimeoutAbort reason (unless the client went
 * first), so every wait on the provider ends at once with that reason.
 */
function armTimeouts(controller: AbortController, options: GenerationOptions) {
  const fire = (which: "first_element" | "total") => controller.abort(new TimeoutAbort(which));
  const firstTimer = setTimeout(() => fire("first_element"), options.firstElementTimeoutMs);
  const totalTimer = setTimeout(() => fire("total"), options.totalTimeoutMs);
  return {
    firstElementSeen: () => clearTimeout(firstTimer),
    clear: () => {
      clearTimeout(firstTimer);
      clearTimeout(totalTimer);
    },
  };
}

/** The last event of a run whose provider finished: `complete`, or `incomplete_plan` when parts are missing. */
function finalEventOf(assembler: PlanAssembler, id: string, started: number): CompleteEvent | ErrorEvent {
  const problem = assembler.finish();
  if (problem) {
    return {
      type: "error",
      code: "incomplete_plan",
      message: `The model returned an incomplete plan: ${problem}.`,
      retryable: true,
    };
  }
  return {
    type: "complete",
    id,
    cached: false,
    elapsedMs: Math.round(performance.now() - started),
    counts: assembler.counts(),
    ...(assembler.dropped ? { dropped: assembler.dropped } : {}),
  };
}

/** A controller for the run that aborts with the client's signal; `unlink` removes its listener. */
function linkedController(signal: AbortSignal | undefined) {
  const controller = new AbortController();
  const onClientAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener("abort", onClientAbort, { once: true });
  if (signal?.aborted) controller.abort(signal.reason);
  return { controller, unlink: () => signal?.removeEventListener("abort", onClientAbort) };
}

/**
 * The catalog review of a model's plan (lib/planner/model_plan.ts), for the provider `start` names when an
 * element arrives. It passes the offline planner's elements through untouched: it is built for the first
 * element of a model, never held by an offline run.
 */
function reviewerFor(start: StartEvent, request: NormalizedRequest): (element: unknown) => unknown {
  let catalogReview: ModelPlanReview | undefined;
  return (element) =>
    start.provider === "offline"
      ? element
      : (catalogReview ??= new ModelPlanReview(request)).review(start.provider, element);
}

/** What the chunk loop learns on the way: whether `start` went out, the usage, when the first element came. */
interface RunState {
  startSent: boolean;
  usage?: TokenUsage;
  firstElementMs?: number;
}

/** What the chunk loop works with. */
interface ChunkLoop {
  start: StartEvent;
  assembler: PlanAssembler;
  review: (element: unknown) => unknown;
  signal: AbortSignal;
  started: number;
  firstElementSeen: () => void;
}

/**
 * Reads the provider's chunks until it finishes: usage and the answering provider's name are noted, each
 * element goes through the catalog review and the assembler, and `start` goes out before the first element.
 */
async function* streamElements(
  iterator: AsyncIterator<ProviderChunk>,
  loop: ChunkLoop,
  state: RunState,
): AsyncGenerator<GenerationEvent, void> {
  while (true) {
    const step = await untilAborted(iterator.next(), loop.signal);
    if (step.done) return;
    const chunk = step.value;
    if (chunk.kind === "usage") {
      state.usage = chunk.usage;
      continue;
    }
    if (chunk.kind === "provider") {
      if (!state.startSent) Object.assign(loop.start, { provider: chunk.id, model: chunk.model });
      continue;
    }
    for (const el of loop.assembler.accept(loop.review(chunk.element))) {
      if (state.firstElementMs === undefined) {
        state.firstElementMs = performance.now() - loop.started;
        loop.firstElementSeen();
      }
      if (!state.startSent) {
        state.startSent = true;
        yield loop.start;
      }
      yield el;
    }
  }
}

/**
 * Runs one generation; yields wire events, returns the outcome. Every event (`start`, the elements, the
 * final event) is yielded from this generator (the elements through {@link streamElements}), in order.
 */
export async function* runGeneration(
  provider: ArchitectureProvider,
  request: NormalizedRequest,
  options: GenerationOptions,
): AsyncGenerator<GenerationEvent, GenerationOutcome> {
  const started = performance.now();
  const { controller, unlink } = linkedController(options.signal);
  const timeouts = armTimeouts(controller, options);

  const start: StartEvent = {
    type: "start",
    id: options.id,
    source: "generated",
    provider: provider.id,
    model: provider.model,
    request,
  };
  const assembler = new PlanAssembler(request);
  const review = reviewerFor(start, request);
  let final: CompleteEvent | ErrorEvent | undefined;
  let status: GenerationStatus = "complete";
  const iterator = provider.generate(request, controller.signal)[Symbol.asyncIterator]();

  // A chain with fallbacks names the answering provider in a `provider` chunk before its first element,
  // so `start` waits for it; a single provider is known up front and `start` goes out at once.
  const state: RunState = { startSent: !provider.announcesProvider };
  const loop: ChunkLoop = {
    start,
    assembler,
    review,
    signal: controller.signal,
    started,
    firstElementSeen: timeouts.firstElementSeen,
  };
  try {
    if (state.startSent) yield start;
    yield* streamElements(iterator, loop, state);
    final = finalEventOf(assembler, options.id, started);
    status = final.type === "complete" ? "complete" : "error";
    if (!state.startSent) {
      state.startSent = true;
      yield start;
    }
    yield final;
  } catch (err) {
    if (options.signal?.aborted && !(err instanceof TimeoutAbort)) {
      status = "aborted";
    } else {
      status = "error";
      final = errorEvent(err);
      if (!state.startSent) {
        state.startSent = true;
        yield start;
      }
      yield final;
    }
  } finally {
    timeouts.clear();
    unlink();
    if (status !== "complete") controller.abort(new Error("generation ended"));
    // Let the provider release its upstream call; never wait on a provider that ignores the signal.
    iterator.return?.(undefined)?.catch?.(() => {});
  }
  return {
    status,
    start,
    elements: assembler.sent,
    final,
    usage: state.usage,
    dropped: assembler.dropped,
    elapsedMs: performance.now() - started,
    firstElementMs: state.firstElementMs,
  };
}
