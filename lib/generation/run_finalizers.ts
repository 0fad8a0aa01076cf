/**
 * What happens when a generation run ends, however it ends (complete, error, or client abort): the budget
 * unit is kept or given back, a completed generation is stored and its vector indexed, and the run's metrics,
 * token usage and spend are recorded. `track` forwards a run's events and calls every finalizer exactly once:
 * what the terminal event promises (the unit kept, the generation stored, so its permalink answers at once
 * from any instance) before that event is sent; the rest (vector index, spend totals, metrics) after the
 * stream has ended, tracked so shutdown drains them.
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
import type { BackgroundLane } from "./background_lane.ts";

/** Called once per generation run when it ends. */
export type RunFinalizer = (outcome: GenerationOutcome) => Promise<void> | void;

/**
 * The budget unit: kept when the run completes, given back on error or client abort. Bounded like every KV
 * call on the request path (it runs before the terminal event is sent); a lease left behind by a failure is
 * given back by the budget's sweep when it expires.
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
  /** The generation's owner (`key:<apiKeyId>` or `anon:<clientId>`). */
  owner?: string;
}

/** The budget unit a stored run settles with its save. */
export interface UnitOfRun {
  budget: Budget;
  reservation: Reservation;
  kv: KvCall;
}

/**
 * Stores a completed generation (errors and aborts are not stored): `save` writes it, `index` then indexes its
 * vector (semantic cache) from the header just written. A run answered by a fallback provider is stored under
 * that engine version. With `unit`, `save` also settles the budget unit: a completed run's unit is committed
 * in the same transaction as the generation (one KV commit before `complete` instead of two), and on its own
 * when that transaction cannot take it or fails; any other run's unit is given back.
 */
export function storeCompleted(
  deps: StoreRunDeps,
  as: StoredAs,
  unit?: UnitOfRun,
): { save: RunFinalizer; index: RunFinalizer } {
  let saved: Awaited<ReturnType<GenerationStore["save"]>> | undefined;
  const save: RunFinalizer = async (outcome) => {
    if (!unit) return await saveOnly(outcome);
    if (outcome.status !== "complete") {
      await settleBudget(unit.budget, unit.reservation, unit.kv)(outcome);
      return;
    }
    let committed = false;
    try {
      await saveOnly(outcome, (op) => {
        committed = unit.budget.commitWithin(op, deps.store.kv, unit.reservation);
      });
    } catch (err) {
      committed = false;
      throw err;
    } finally {
      if (!committed) await settleBudget(unit.budget, unit.reservation, unit.kv)(outcome);
    }
  };
  const saveOnly = async (outcome: GenerationOutcome, alsoCommit?: (op: Deno.AtomicOperation) => void) => {
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
      owner: as.owner,
      alsoCommit,
    });
    saved = record;
  };
  const index: RunFinalizer = async () => {
    if (!saved) return;
    await deps.similar.indexGeneration(saved);
    // The index runs deferred: a delete between the save and now removed no vector (there was none yet), so
    // the vector just written must not outlive its generation.
    if (!await deps.store.exists(saved.id)) {
      await deps.similar.removeGeneration(saved.id);
      return;
    }
    await deps.store.markIndexed(saved.id);
  };
  return { save, index };
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

/** A run's finalizers, by when they run. */
export interface RunFinalizers {
  /**
   * Awaited before the terminal event (`complete` or `error`) is sent: what a client may rely on once it has
   * it — the budget unit kept, the generation stored (its permalink answers at once, from any instance).
   */
  beforeEnd: RunFinalizer[];
  /** Run after the stream has ended (spend totals, metrics): tracked, not awaited. */
  afterEnd: RunFinalizer[];
  /**
   * Run after `afterEnd`'s start, once no stream is open (or after the lane's idle delay): the vector index,
   * whose sentence encoding is the heaviest CPU work of a run. Without a lane, run with `afterEnd`.
   */
  whenIdle?: RunFinalizer[];
}

/**
 * Forwards a run's events and calls every finalizer with its outcome exactly once — also when the consumer
 * stops early (client gone), in which case the outcome's status is `aborted`. The terminal event is held back
 * until `beforeEnd` has run, and is the last thing the stream waits for: `afterEnd` runs once the consumer has
 * the end of the stream. `settling` holds the finalizers still running (awaited before shutdown). With a
 * `lane`, `beforeEnd` runs as its urgent work and `afterEnd` is deferred to it (lib/generation/background_lane.ts),
 * so the slow rest of one run never delays the end of another stream, and `whenIdle` waits until no stream
 * is open (the run counts as an open stream from its first step to its end); the lane is drained before
 * shutdown too.
 */
export async function* track(
  run: AsyncGenerator<GenerationEvent, GenerationOutcome>,
  finalizers: RunFinalizers,
  settling?: Set<Promise<void>>,
  lane?: BackgroundLane,
): AsyncGenerator<GenerationEvent, GenerationOutcome | undefined> {
  let outcome: GenerationOutcome | undefined;
  let first: GenerationEvent | undefined;
  let terminal: GenerationEvent | undefined;
  let beforeEndRan = false;
  const sent: GenerationEvent[] = [];
  const closeStream = lane?.streamOpened();
  const runAll = async (list: RunFinalizer[], finished: GenerationOutcome) => {
    for (const finalize of list) {
      try {
        await finalize(finished);
      } catch (err) {
        log.error("generation finalizer failed", { error: err });
      }
    }
  };
  const tracked = (work: Promise<void>) => {
    settling?.add(work);
    work.finally(() => settling?.delete(work));
    return work;
  };
  try {
    while (true) {
      const step = await run.next();
      if (step.done) {
        outcome = step.value;
        break;
      }
      if (step.value.type === "start") first ??= step.value;
      if ((step.value.type === "complete" || step.value.type === "error") && !terminal) {
        terminal = step.value; // sent once the run has returned its outcome and `beforeEnd` has run
        continue;
      }
      sent.push(step.value);
      yield step.value;
    }
    beforeEndRan = true;
    const finished = outcome;
    await tracked(
      lane
        ? lane.urgent(() => runAll(finalizers.beforeEnd, finished))
        : runAll(finalizers.beforeEnd, finished),
    );
    if (terminal) yield terminal;
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
    const idle = finalizers.whenIdle ?? [];
    const ended = outcome;
    if (!beforeEndRan || !lane) {
      // Not stored before the end (or no lane): everything left runs in order, the index after the save.
      const rest = [...(beforeEndRan ? [] : finalizers.beforeEnd), ...finalizers.afterEnd, ...idle];
      if (lane) lane.defer("generation finalizers", () => runAll(rest, ended));
      else void tracked(runAll(rest, ended));
    } else {
      lane.defer("generation finalizers", () => runAll(finalizers.afterEnd, ended));
      if (idle.length > 0) lane.defer("vector index", () => runAll(idle, ended), { whenIdle: true });
    }
    closeStream?.();
  }
  return outcome;
}
