/**
 * Replaying a stored generation: the same event sequence it was first streamed with (`start`, elements,
 * `complete`), marked as a replay — `start.source` is `"cache"` (exact hit or stale fallback) or `"similar"`
 * (semantic cache), `start.generatedAt` / `complete.generatedAt` say when it was made, `start.stale` marks an
 * entry past its freshness, and `complete.cached` is true. The ids are the stored generation's, so the
 * permalink of a replay is the original's.
 *
 * A replay is cheap to serve: besides iterating its events, {@link ReplayStream.sseBody} returns the whole
 * SSE body (byte for byte what encoding each event with `sseBytes` gives) in one buffer. The element frames
 * of a stored generation never change, so they are encoded once and kept in a small in-process LRU
 * ({@link replayFrameCache}); only the `start` and `complete` frames are encoded per request.
 */
import {
  type CompleteEvent,
  type GenerationEvent,
  type PlanElement,
  type RebuiltPart,
  sseFrame,
  type StartEvent,
} from "../protocol/events.ts";
import type { StoredGeneration } from "../store/generation_store.ts";
import type { AppMetrics } from "../platform/metrics.ts";
import type { NormalizedRequest } from "../protocol/request_schema.ts";

/** How a replay is labelled. */
export interface ReplayOptions {
  source: "cache" | "similar";
  /** The request being answered; defaults to the stored request. */
  request?: NormalizedRequest;
  /** The entry is past its freshness (served only because the budget is spent). */
  stale?: boolean;
  /** `source: "similar"`: cosine similarity of the match. */
  similarity?: number;
  /** `source: "similar"`: the request the stored generation was made for (defaults to the stored request). */
  matchedRequest?: NormalizedRequest;
  /** `source: "similar"`: parts rebuilt for the asker (lib/semantic/answer_for_asker.ts); `stored.elements` hold them. */
  rebuilt?: readonly RebuiltPart[];
}

/** The start event of a replay. */
export function replayStart(stored: StoredGeneration, options: ReplayOptions): StartEvent {
  const { record } = stored;
  const start: StartEvent = {
    type: "start",
    id: record.id,
    source: options.source,
    provider: record.provider,
    model: record.model,
    request: options.request ?? record.request,
    generatedAt: new Date(record.createdAt).toISOString(),
  };
  if (options.source === "similar") {
    if (options.similarity !== undefined) start.similarity = options.similarity;
    start.matchedRequest = options.matchedRequest ?? record.request;
    start.rebuilt = [...(options.rebuilt ?? [])];
  }
  if (options.stale) start.stale = true;
  return start;
}

/** The complete event of a replay; `elapsedMs` is the replay's own time. */
export function replayComplete(stored: StoredGeneration, elapsedMs: number): CompleteEvent {
  const original = stored.record.complete;
  const complete: CompleteEvent = {
    type: "complete",
    id: stored.record.id,
    cached: true,
    elapsedMs: Math.round(elapsedMs),
    counts: original.counts,
    generatedAt: new Date(stored.record.createdAt).toISOString(),
  };
  if (original.dropped) complete.dropped = original.dropped;
  return complete;
}

/** The whole replay as a list of events. */
export function replayEvents(
  stored: StoredGeneration,
  options: ReplayOptions,
  elapsedMs = 0,
): GenerationEvent[] {
  return [replayStart(stored, options), ...stored.elements, replayComplete(stored, elapsedMs)];
}

/**
 * An event stream whose whole SSE body can be taken at once instead of event by event (routes/sse.ts
 * checks for it). Taking the body consumes the stream: iterating afterwards yields nothing, and vice versa.
 */
export interface SseBodySource {
  /** Every frame of the stream, encoded as `sseBytes` would encode each event, in one buffer. */
  sseBody(): Uint8Array<ArrayBuffer>;
}

/** A replay: iterate it for its events, or take its whole SSE body with `sseBody()`. */
export type ReplayStream = AsyncGenerator<GenerationEvent, void> & SseBodySource;

/** Whether `events` can hand over its whole SSE body at once. */
export function hasSseBody(events: unknown): events is SseBodySource {
  return typeof (events as Partial<SseBodySource> | null)?.sseBody === "function";
}

/**
 * Encoded element frames of stored generations, least recently used first, bounded in bytes. Keyed by
 * generation id; an entry is used only when the stored generation still has the same creation time, element
 * count and payload size (ids are ULIDs and a stored generation's elements never change).
 */
export class ReplayFrameCache {
  readonly #entries = new Map<string, { check: string; bytes: Uint8Array }>();
  #bytes = 0;

  constructor(readonly maxBytes = 16 * 1024 * 1024) {}

  /** Bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Entries held. */
  get size(): number {
    return this.#entries.size;
  }

  /** The element frames of `stored`, encoded once and remembered. */
  framesOf(stored: StoredGeneration): Uint8Array {
    const { record } = stored;
    const check = `${record.createdAt}:${record.elementCount}:${record.byteLength}`;
    const hit = this.#entries.get(record.id);
    if (hit && hit.check === check) {
      // Most recently used last.
      this.#entries.delete(record.id);
      this.#entries.set(record.id, hit);
      return hit.bytes;
    }
    const bytes = encodeFrames(stored.elements);
    if (hit) this.#remove(record.id);
    if (bytes.byteLength <= this.maxBytes) {
      this.#entries.set(record.id, { check, bytes });
      this.#bytes += bytes.byteLength;
      for (const id of this.#entries.keys()) {
        if (this.#bytes <= this.maxBytes) break;
        this.#remove(id);
      }
    }
    return bytes;
  }

  /** Forgets everything. */
  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  #remove(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    this.#bytes -= entry.bytes.byteLength;
  }
}

/** The process-wide cache of encoded element frames used by replays. */
export const replayFrameCache = new ReplayFrameCache();

const encoder = new TextEncoder();

function encodeFrames(elements: readonly PlanElement[]): Uint8Array {
  let text = "";
  for (const element of elements) text += sseFrame(element);
  return encoder.encode(text);
}

/**
 * Streams a replay; `startedAt` (performance.now()) is when the request began, for `complete.elapsedMs`.
 * With `metrics`, the replay is recorded in `generationFinished` when it ends (outcome `complete`, or
 * `aborted` when the consumer stops early), with its duration and time to the first element.
 */
export function replayGeneration(
  stored: StoredGeneration,
  options: ReplayOptions,
  startedAt: number = performance.now(),
  metrics?: AppMetrics,
): ReplayStream {
  const t0 = performance.now();
  let taken = false;
  const finished = (outcome: "complete" | "aborted", firstElementMs?: number) =>
    metrics?.generationFinished({
      source: options.source,
      provider: stored.record.provider,
      model: stored.record.model,
      outcome,
      durationMs: performance.now() - t0,
      firstElementMs,
    });

  async function* events(): AsyncGenerator<GenerationEvent, void> {
    if (taken) return;
    taken = true;
    let outcome: "complete" | "aborted" = "aborted";
    let firstElementMs: number | undefined;
    try {
      yield replayStart(stored, options);
      for (const element of stored.elements) {
        firstElementMs ??= performance.now() - t0;
        yield element;
      }
      outcome = "complete";
      yield replayComplete(stored, performance.now() - startedAt);
    } finally {
      finished(outcome, firstElementMs);
    }
  }

  const stream = events();
  return Object.assign(stream, {
    sseBody(): Uint8Array<ArrayBuffer> {
      if (taken) throw new Error("this replay was already consumed");
      taken = true;
      const head = encoder.encode(sseFrame(replayStart(stored, options)));
      // Rebuilt elements differ from the stored ones: never from (or into) the cache of stored frames.
      const frames = options.rebuilt?.length
        ? encodeFrames(stored.elements)
        : replayFrameCache.framesOf(stored);
      const tail = encoder.encode(sseFrame(replayComplete(stored, performance.now() - startedAt)));
      const body = new Uint8Array(head.byteLength + frames.byteLength + tail.byteLength);
      body.set(head, 0);
      body.set(frames, head.byteLength);
      body.set(tail, head.byteLength + frames.byteLength);
      finished("complete", stored.record.elementCount ? performance.now() - t0 : undefined);
      return body;
    },
  });
}

/** Convenience for the semantic cache: a `"similar"` replay answering `request` with `match`. */
export function replaySimilar(
  stored: StoredGeneration,
  match: { similarity: number; request: NormalizedRequest; rebuilt?: readonly RebuiltPart[] },
  startedAt?: number,
): ReplayStream {
  return replayGeneration(
    stored,
    { source: "similar", request: match.request, similarity: match.similarity, rebuilt: match.rebuilt },
    startedAt,
  );
}
