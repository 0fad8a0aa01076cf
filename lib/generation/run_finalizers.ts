/**
 * What happens when a generation run ends, however it ends (complete, error, or client abort): the budget
 * unit is kept or given back, a completed generation is stored and its vector indexed, and the run's metrics,
 * token usage and spend are recorded. `track` forwards a run's events and calls every finalizer exactly once.
 */
import type { GenerationEvent } from "../protocol/events.ts";
import type { GenerationOutcome } from "./run.ts";
import type { Budget, Reservation } from "../guards/budget.ts";
import type { SpendTracker } from "../guards/spend.ts";
import type { GenerationStore } from "../store/generation_store.ts";
import type { SimilarSearch } from "../semantic/similar_search.ts";
import type { ArchitectureProvider } from "../providers/types.ts";
import type { ParsedGeneration } from "../protocol/request_schema.ts";
import type { ClientIdentity } from "../access/client_identity.ts";
import type { AppMetrics } from "../platform/metrics.ts";
import type { KvCall } from "../platform/kv/bounded_kv.ts";
import { cacheKeyOf, engineVersionOf } from "../protocol/request_hash.ts";
import { log } from "../platform/logger.ts";

/** Called once per generation run when it ends. */
export type RunFinalizer = (outcome: GenerationOutcome) => Promise<void> | void;

/**
 * The budget unit: kept when the run completes, given back on error or client abort. Bounded like every KV
 * call on the request path (the stream ends only once its finalizers have run); a lease left behind by a
 * failure is given back by the budget's sweep when it expires.
 */
export function settleBudget(budget: Budget, reservation: Reservation, kv: KvCall): RunFinalizer {
  return async (outcome) => {
    if (outcome.status === "complete") await kv("budget.commit", () => budget.commit(reservation));
    else await kv("budget.release", () => budget.release(reservation));
  };
}

/** What storing a completed run needs. */
export interface StoreRunDeps {
  store: GenerationStore;
  similar: SimilarSearch;
  spend: SpendTracker;
  provider: ArchitectureProvider;
}

/** The request's identity in the store. */
export interface StoredAs {
  parsed: ParsedGeneration;
  requestHash: string;
  engineVersion: string;
  cacheKey: string;
}

/**
 * Stores a completed generation (errors and aborts are not stored), then indexes its vector (semantic cache)
 * from the header just written. A run answered by a fallback provider is stored under that engine version.
 */
export function storeCompleted(deps: StoreRunDeps, as: StoredAs): RunFinalizer {
  return async (outcome) => {
    if (outcome.status !== "complete") return;
    const ran = { id: outcome.start.provider, model: outcome.start.model };
    const sameEngine = ran.id === deps.provider.id && ran.model === deps.provider.model;
    const ranVersion = sameEngine ? as.engineVersion : engineVersionOf(ran);
    // The cost comes from the price table alone (no KV), so it is known before the spend is recorded.
    const costUsd = outcome.usage ? deps.spend.costOf(ran.model, outcome.usage) : undefined;
    const record = await deps.store.save(outcome, {
      requestHash: as.requestHash,
      engineVersion: ranVersion,
      cacheKey: sameEngine ? as.cacheKey : await cacheKeyOf(as.parsed.request, ranVersion),
      costUsd: costUsd ?? null,
    });
    await deps.similar.indexGeneration(record);
  };
}

/** What recording a run needs. */
export interface RecordRunDeps {
  spend: SpendTracker;
  provider: ArchitectureProvider;
  metrics: AppMetrics;
  kv: KvCall;
}

/** Metrics, token usage and spend of the run (lib/platform/metrics.ts, lib/guards/spend.ts), and its log line. */
export function recordRun(
  deps: RecordRunDeps,
  parsed: ParsedGeneration,
  client: ClientIdentity,
): RunFinalizer {
  return async (outcome) => {
    const ran = outcome.start?.type === "start" ? outcome.start : undefined;
    const providerId = ran?.provider ?? deps.provider.id;
    const model = ran?.model ?? deps.provider.model;
    deps.metrics.generationFinished({
      source: "generated",
      provider: providerId,
      model,
      outcome: outcome.status,
      durationMs: outcome.elapsedMs || undefined,
      firstElementMs: outcome.firstElementMs,
    });
    let costUsd: number | undefined;
    if (outcome.usage) {
      const usage = outcome.usage;
      costUsd = await deps.kv("spend.record", () => deps.spend.record(providerId, model, usage)).catch(
        (err) => {
          log.error("spend record failed", { error: err });
          return deps.spend.costOf(model, usage);
        },
      );
      deps.metrics.llmUsage(providerId, model, usage, costUsd);
    }
    log.info("generation finished", {
      id: ran?.id,
      status: outcome.status,
      code: outcome.final?.type === "error" ? outcome.final.code : undefined,
      provider: providerId,
      model,
      elapsedMs: Math.round(outcome.elapsedMs),
      usage: outcome.usage,
      costUsd,
      client: client.key,
      appDescription: parsed.request.appDescription,
    });
  };
}

/**
 * Forwards a run's events and calls every finalizer with its outcome exactly once — also when the consumer
 * stops early (client gone), in which case the outcome's status is `aborted`. `settling` holds the
 * finalizers still running (awaited before shutdown).
 */
export async function* track(
  run: AsyncGenerator<GenerationEvent, GenerationOutcome>,
  finalizers: RunFinalizer[],
  settling?: Set<Promise<void>>,
): AsyncGenerator<GenerationEvent, GenerationOutcome | undefined> {
  let outcome: GenerationOutcome | undefined;
  let first: GenerationEvent | undefined;
  const sent: GenerationEvent[] = [];
  try {
    while (true) {
      const step = await run.next();
      if (step.done) {
        outcome = step.value;
        break;
      }
      if (step.value.type === "start") first ??= step.value;
      sent.push(step.value);
      yield step.value;
    }
  } finally {
    if (!outcome) {
      // The consumer went away mid-stream: stop the run and report it as aborted.
      await run.return(undefined as never).catch(() => {});
      const elements = sent.filter((e) =>
        e.type !== "start" && e.type !== "queued" && e.type !== "complete" && e.type !== "error"
      ) as GenerationOutcome["elements"];
      outcome = {
        status: "aborted",
        start: first as GenerationOutcome["start"],
        elements,
        dropped: 0,
        elapsedMs: 0,
      };
    }
    const finished = outcome;
    const settled = (async () => {
      for (const finalize of finalizers) {
        try {
          await finalize(finished);
        } catch (err) {
          log.error("generation finalizer failed", { error: err });
        }
      }
    })();
    settling?.add(settled);
    await settled;
    settling?.delete(settled);
  }
  return outcome;
}
