/**
 * Replaying a stored generation: the same event sequence it was first streamed with (`start`, elements,
 * `complete`), marked as a replay — `start.source` is `"cache"` (exact hit or stale fallback) or `"similar"`
 * (semantic cache), `start.generatedAt` / `complete.generatedAt` say when it was made, `start.stale` marks an
 * entry past its freshness, and `complete.cached` is true. The ids are the stored generation's, so the
 * permalink of a replay is the original's.
 */
import type { CompleteEvent, GenerationEvent, StartEvent } from "./events.ts";
import type { StoredGeneration } from "./generation_store.ts";
import type { NormalizedRequest } from "./request_schema.ts";

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

/** Streams a replay; `startedAt` (performance.now()) is when the request began, for `complete.elapsedMs`. */
export async function* replayGeneration(
  stored: StoredGeneration,
  options: ReplayOptions,
  startedAt: number = performance.now(),
): AsyncGenerator<GenerationEvent> {
  yield replayStart(stored, options);
  for (const element of stored.elements) yield element;
  yield replayComplete(stored, performance.now() - startedAt);
}

/** Convenience for the semantic cache: a `"similar"` replay answering `request` with `match`. */
export function replaySimilar(
  stored: StoredGeneration,
  match: {
    similarity: number;
    request: NormalizedRequest;
    matchedRequest?: NormalizedRequest;
    stale?: boolean;
  },
  startedAt?: number,
): AsyncGenerator<GenerationEvent> {
  return replayGeneration(stored, {
    source: "similar",
    request: match.request,
    similarity: match.similarity,
    matchedRequest: match.matchedRequest ?? stored.record.request,
    stale: match.stale,
  }, startedAt);
}
