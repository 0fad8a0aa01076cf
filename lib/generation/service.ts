/**
 * The generation service: everything that happens between a validated request and its event stream.
 * It decides whether to answer from storage or to generate, and guards generations (budget, quotas).
 * Outcomes are domain values; routes/ maps them to HTTP.
 */
import type { Config } from "../platform/config.ts";
import type { GenerationEvent } from "../protocol/events.ts";
import { type GenerationOutcome, runGeneration } from "./run.ts";
import { newId } from "../platform/ids.ts";
import { type Budget, budgetFromConfig, budgetRejection } from "../guards/budget.ts";
import {
  quotaRejection,
  RateLimiter,
  rateLimitHeaders,
  type RateLimitRules,
  rateLimitRules,
  type RateLimitTicket,
} from "../guards/rate_limit.ts";
import { GenerationStore } from "../store/generation_store.ts";
import { replayGeneration, replaySimilar } from "./replay.ts";
import { SimilarSearch } from "../semantic/similar_search.ts";
import { cacheKeyOf, engineVersionOf, requestHashOf } from "../protocol/request_hash.ts";
import { SingleFlight } from "./single_flight.ts";
import type { ArchitectureProvider } from "../providers/types.ts";
import type { ParsedGeneration } from "../protocol/request_schema.ts";
import { log } from "../platform/logger.ts";
import { type AppMetrics, metrics as defaultMetrics } from "../platform/metrics.ts";
import { type GateAdmission, gatedRun, ProviderGate, QueueError } from "../guards/provider_gate.ts";
import { spendExhaustedBody, type SpendTracker, spendTrackerFromConfig } from "../guards/spend.ts";
import { guardKv, KV_TIMEOUT_MS, KvUnavailableError, withTimeout } from "../platform/with_timeout.ts";

/** Who is asking (filled by the client identification middleware). */
export interface ClientIdentity {
  /** Stable key for per-client limits, e.g. `ip:203.0.113.7` or `key:<id>`. */
  key: string;
  plan: "anonymous" | "free" | "starter" | "pro" | "enterprise";
  apiKeyId?: string;
}

/** A request that will be answered with an event stream. */
export interface StreamAdmission {
  kind: "stream";
  events: AsyncIterable<GenerationEvent>;
  headers?: Record<string, string>;
}

/** A request refused before any event (budget spent, rate limited, KV down…). */
export interface Rejection {
  kind: "rejected";
  status: 429 | 503;
  body: { error: { code: string; message: string; [k: string]: unknown }; [k: string]: unknown };
  headers?: Record<string, string>;
}

/** Dependencies of the service. */
export interface GenerationServiceDeps {
  config: Config;
  kv: Deno.Kv;
  provider: ArchitectureProvider;
  /** Overrides the generation store built from the config (tests: injected clock). */
  store?: GenerationStore;
  /** The global budget (lib/guards/budget.ts); built from the config when absent. */
  budget?: Budget;
  /** Per-client limits (lib/guards/rate_limit.ts); built over `kv` when absent. */
  rateLimiter?: RateLimiter;
  /** Semantic cache (lib/semantic/similar_search.ts); built from the config (EMBEDDINGS…) when absent. */
  similar?: SimilarSearch;
  /** Provider concurrency cap + priority queue (lib/guards/provider_gate.ts); built from the config when absent. */
  gate?: ProviderGate;
  /** LLM spend and SPEND_LIMIT_USD (lib/guards/spend.ts); built from the config when absent. */
  spend?: SpendTracker;
  /** Metrics sink (default: the process-wide `metrics`). */
  metrics?: AppMetrics;
  /** Bound on each KV call in the admission path (default KV_TIMEOUT_MS). */
  kvTimeoutMs?: number;
}

/** The 503 for a KV failure in the admission path: fail closed, never a free generation. */
export function kvUnavailableRejection(headers: Record<string, string> = {}): Rejection {
  return {
    kind: "rejected",
    status: 503,
    body: {
      error: {
        code: "kv_unavailable",
        message: "The data store is unavailable right now; try again shortly.",
      },
    },
    headers: { ...headers, "Retry-After": "5" },
  };
}

/** Called once per generation run when it ends, however it ends (complete, error, or client abort). */
export type RunFinalizer = (outcome: GenerationOutcome) => Promise<void> | void;

/**
 * Decides how each request is answered. `begin` goes through these steps in order; each step lives in its
 * own lib module and only the wiring is here:
 *  1. exact cache: a stored answer for the same normalized request is replayed (spends nothing);
 *  2. per-client generation quota;
 *  3. global budget reservation (refused → 4);
 *  4. similar answer from the semantic cache when the budget or quota is spent, else the 429;
 *  5. single flight: identical in-flight requests attach to the running generation;
 *  6. provider slot (concurrency cap / priority queue);
 *  7. run; on the outcome commit or give back the budget unit, store the generation and its vector,
 *     record metrics.
 */
export class GenerationService {
  /** Stored generations: history, exact cache, stale fallback (lib/store/generation_store.ts). */
  readonly store: GenerationStore;
  /** Semantic cache: similar answers when the budget or quota is spent (step 4), vectors of new generations. */
  readonly similar: SimilarSearch;
  /** Runs in flight in this process, joinable by identical requests (lib/generation/single_flight.ts). */
  readonly flights = new SingleFlight();

  /** The global generation budget (step 3). */
  readonly budget: Budget;
  /** Per-client sliding-window limits (step 2). */
  readonly rateLimiter: RateLimiter;
  /** Generation limits per plan, from the config. */
  readonly rateLimits: RateLimitRules;
  /** Provider concurrency cap across processes and the priority queue (step 6). */
  readonly gate: ProviderGate;
  /** LLM spend per period and the optional SPEND_LIMIT_USD cap (checked with step 3). */
  readonly spend: SpendTracker;
  /** Where generation metrics go. */
  readonly metrics: AppMetrics;
  /** Finalizers still running (budget commit, store, vectors, spend) — awaited by `drain()`. */
  readonly #settling = new Set<Promise<void>>();

  constructor(readonly deps: GenerationServiceDeps) {
    this.budget = deps.budget ?? budgetFromConfig(deps.config, deps.kv);
    this.rateLimiter = deps.rateLimiter ?? new RateLimiter(deps.kv);
    this.rateLimits = rateLimitRules(deps.config);
    this.metrics = deps.metrics ?? defaultMetrics;
    this.gate = deps.gate ?? new ProviderGate({
      kv: deps.kv,
      concurrency: deps.config.PROVIDER_CONCURRENCY,
      maxQueue: deps.config.QUEUE_MAX_LENGTH,
      maxWaitMs: deps.config.QUEUE_MAX_WAIT_SECONDS * 1000,
      kvTimeoutMs: deps.kvTimeoutMs,
      metrics: this.metrics,
    });
    this.spend = deps.spend ?? spendTrackerFromConfig(deps.config, deps.kv);
    this.store = deps.store ?? new GenerationStore(deps.kv, {
      ttlDays: deps.config.GENERATION_TTL_DAYS,
      maxAgeDays: deps.config.CACHE_MAX_AGE_DAYS,
    });
    this.similar = deps.similar ?? SimilarSearch.fromConfig(deps.config, deps.kv, this.store);
    // Deleting a generation removes its vector too (before the store removes the generation).
    this.store.addDeleteListener(async (record) => {
      await this.similar.removeGeneration(record.id);
    });
  }

  /**
   * Step 4, semantic cache: when the budget or the client's generation quota is spent (`rejection` code
   * `budget_exhausted` or `rate_limited`), replays the most similar stored generation at or above the
   * threshold (same scale and competitor, same embedder) as `start.source: "similar"` with
   * `start.similarity` and `start.matchedRequest`. Null otherwise (the caller answers the rejection). A
   * failing lookup (embedder or KV down) is logged and treated as no match.
   */
  async similarFallback(
    parsed: ParsedGeneration,
    rejection: Rejection,
    startedAt = performance.now(),
  ): Promise<StreamAdmission | null> {
    const code = rejection.body.error.code;
    if (parsed.force || (code !== "budget_exhausted" && code !== "rate_limited")) return null;
    let match;
    try {
      match = await this.similar.findSimilar(parsed.request);
    } catch (err) {
      this.metrics.cacheLookup("similar", "error");
      log.error("similar lookup failed", { error: err });
      return null;
    }
    this.metrics.cacheLookup("similar", match ? "hit" : "miss");
    if (!match) return null;
    this.metrics.similarity(match.similarity);
    const record = match.stored.record;
    this.metrics.generationFinished({
      source: "similar",
      provider: record.provider,
      model: record.model,
      outcome: "complete",
    });
    // Keep the rate-limit headers; Retry-After and Cache-Control belonged to the 429.
    const headers = Object.fromEntries(
      Object.entries(rejection.headers ?? {}).filter(([k]) => !/^(retry-after|cache-control)$/i.test(k)),
    );
    return {
      kind: "stream",
      events: replaySimilar(
        match.stored,
        { similarity: match.similarity, request: parsed.request, rebuilt: match.rebuilt },
        startedAt,
      ),
      headers,
    };
  }

  /**
   * For the budget/quota-exhausted path (step 4): replays the newest stored generation of this exact request
   * even when it is stale (older than CACHE_MAX_AGE_DAYS or from another engine version), with
   * `start.stale: true` when it is. Null when nothing is stored for the request.
   */
  async staleFallback(
    parsed: ParsedGeneration,
    startedAt = performance.now(),
  ): Promise<StreamAdmission | null> {
    const engineVersion = engineVersionOf(this.deps.provider);
    const found = await this.store.findStaleFallback(await requestHashOf(parsed.request), engineVersion);
    if (!found) return null;
    return {
      kind: "stream",
      events: replayGeneration(
        found.stored,
        { source: "cache", request: parsed.request, stale: found.stale },
        startedAt,
      ),
    };
  }

  /**
   * Step 4 for a spent quota or budget: a stored answer to this exact request, even stale (`start.stale`),
   * beats the 429; then a similar answer from the semantic cache; else `rejection` itself.
   */
  async #exhaustedFallback(
    parsed: ParsedGeneration,
    rejection: Rejection,
    startedAt: number,
  ): Promise<StreamAdmission | Rejection> {
    const stale = parsed.force ? null : await this.staleFallback(parsed, startedAt);
    return stale ?? await this.similarFallback(parsed, rejection, startedAt) ?? rejection;
  }

  /** Waits until every finished run's finalizers have settled (before closing KV on shutdown). */
  async drain(): Promise<void> {
    while (this.#settling.size > 0) await Promise.allSettled([...this.#settling]);
  }

  /** Admits (or rejects) one request. `signal` fires when the client goes away. */
  async begin(
    parsed: ParsedGeneration,
    client: ClientIdentity,
    signal: AbortSignal,
  ): Promise<StreamAdmission | Rejection> {
    const { config, provider } = this.deps;
    const startedAt = performance.now();
    const finalizers: RunFinalizer[] = [];

    // 1. Exact cache: a fresh stored answer for the same canonical request and engine version is replayed;
    //    an identical run already in flight is joined. Neither spends budget or the client's quota.
    const engineVersion = engineVersionOf(provider);
    const requestHash = await requestHashOf(parsed.request);
    const cacheKey = await cacheKeyOf(parsed.request, engineVersion);
    const kvMs = this.deps.kvTimeoutMs ?? KV_TIMEOUT_MS;
    const onKvFailure = (op: string, reason: "timeout" | "error") => this.metrics.kvFailure(op, reason);
    if (!parsed.force) {
      // A KV failure here is not fatal: the lookup is skipped and the budget step below fails closed.
      const hit = await guardKv("cache.find", () => this.store.findFresh(requestHash, engineVersion), {
        ms: kvMs,
        onFailure: onKvFailure,
      }).catch((err) => {
        this.metrics.cacheLookup("exact", "error");
        log.warn("exact cache lookup failed", { error: err });
        return undefined;
      });
      if (hit !== undefined) this.metrics.cacheLookup("exact", hit ? "hit" : "miss");
      if (hit) {
        // Recorded in the metrics when the replay ends (also when sent whole, routes/sse.ts).
        const events = replayGeneration(
          hit,
          { source: "cache", request: parsed.request },
          startedAt,
          this.metrics,
        );
        return { kind: "stream", events };
      }
      const joined = this.flights.join(cacheKey, signal);
      if (joined) return { kind: "stream", events: joined };
    }

    // 2. Per-client generation quota (lib/guards/rate_limit.ts): counted now, refunded if no run is admitted.
    const genRule = this.rateLimits.generation[client.plan];
    const limitHeaders: Record<string, string> = {};
    let quotaTicket: RateLimitTicket | undefined;
    if (genRule) {
      let decision;
      try {
        decision = await guardKv(
          "rate_limit.consume",
          () => this.rateLimiter.consume("gen", client.key, genRule),
          {
            ms: kvMs,
            onFailure: onKvFailure,
          },
        );
      } catch (err) {
        log.error("generation quota check failed", { error: err });
        return kvUnavailableRejection();
      }
      Object.assign(limitHeaders, rateLimitHeaders("gen", genRule, decision));
      if (!decision.allowed) {
        this.metrics.rateLimited("gen", client.plan);
        return await this.#exhaustedFallback(
          parsed,
          quotaRejection(genRule, decision, limitHeaders),
          startedAt,
        );
      }
      quotaTicket = decision.ticket;
    }
    const refundQuota = async () => {
      if (quotaTicket) await this.rateLimiter.refund(quotaTicket);
    };

    // 3. Global budget (lib/guards/budget.ts): one unit reserved before the provider is called; fails closed.
    //    The spend cap (SPEND_LIMIT_USD, lib/guards/spend.ts) is checked first, like the budget.
    if (this.spend.limitUsd !== null) {
      let spent;
      try {
        spent = await guardKv("spend.check", () => this.spend.check(), { ms: kvMs, onFailure: onKvFailure });
      } catch (err) {
        await refundQuota().catch(() => {});
        log.error("spend check failed", { error: err });
        return kvUnavailableRejection(limitHeaders);
      }
      if (spent.exhausted) {
        await refundQuota().catch(() => {});
        return {
          kind: "rejected",
          status: spent.valid ? 429 : 503,
          body: spendExhaustedBody(spent),
          headers: limitHeaders,
        };
      }
    }
    let reserved;
    const reserving = this.budget.reserve();
    try {
      reserved = await withTimeout(reserving, kvMs, "budget reserve");
    } catch (err) {
      // A reservation that lands after the timeout is given back at once (at worst its lease expires).
      reserving.then(async (r) => {
        if (r.ok) await this.budget.release(r.reservation);
      }).catch(() => {});
      await refundQuota().catch(() => {});
      this.metrics.kvFailure(
        "budget.reserve",
        (err as { code?: string })?.code === "timeout" ? "timeout" : "error",
      );
      log.error("budget reservation failed", { error: err });
      return kvUnavailableRejection(limitHeaders);
    }
    if (!reserved.ok) {
      await refundQuota();
      return await this.#exhaustedFallback(parsed, budgetRejection(reserved, limitHeaders), startedAt);
    }
    const reservation = reserved.reservation;

    // 5. Single flight: an identical run may have started while this request was admitted (steps 2–4
    //    await KV). Joining it shares that run's unit: give back anything reserved above before returning.
    if (!parsed.force) {
      const joined = this.flights.join(cacheKey, signal);
      if (joined) {
        await this.budget.release(reservation);
        await refundQuota();
        return { kind: "stream", events: joined };
      }
    }

    // 7. The budget unit: kept when the run completes, given back on error or client abort.
    finalizers.push(async (outcome) => {
      if (outcome.status === "complete") await this.budget.commit(reservation);
      else await this.budget.release(reservation);
    });

    // 7. Store the completed generation (errors and aborts are not stored), then index its vector
    //    (semantic cache) from the header just written.
    finalizers.push(async (outcome) => {
      if (outcome.status !== "complete") return;
      const ran = { id: outcome.start.provider, model: outcome.start.model };
      const sameEngine = ran.id === provider.id && ran.model === provider.model;
      const ranVersion = sameEngine ? engineVersion : engineVersionOf(ran);
      // The cost comes from the price table alone (no KV), so it is known before the spend is recorded.
      const costUsd = outcome.usage ? this.spend.options.prices.costOf(ran.model, outcome.usage) : undefined;
      const record = await this.store.save(outcome, {
        requestHash,
        engineVersion: ranVersion,
        cacheKey: sameEngine ? cacheKey : await cacheKeyOf(parsed.request, ranVersion),
        costUsd: costUsd ?? null,
      });
      await this.similar.indexGeneration(record);
    });

    // 7. Metrics, token usage and spend of the run (lib/platform/metrics.ts, lib/guards/spend.ts).
    finalizers.push(async (outcome) => {
      const ran = outcome.start?.type === "start" ? outcome.start : undefined;
      const providerId = ran?.provider ?? provider.id;
      const model = ran?.model ?? provider.model;
      this.metrics.generationFinished({
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
        costUsd = await guardKv("spend.record", () => this.spend.record(providerId, model, usage), {
          ms: kvMs,
          onFailure: onKvFailure,
        }).catch((err) => {
          log.error("spend record failed", { error: err });
          return this.spend.options.prices.costOf(model, usage);
        });
        this.metrics.llmUsage(providerId, model, usage, costUsd);
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
    });

    // 6. Provider slot: at most PROVIDER_CONCURRENCY runs per provider across processes; beyond that the
    //    request waits in the priority queue (`queued` events) or is refused with 503 queue_full.
    let admission: GateAdmission;
    try {
      admission = await this.gate.admit(provider.id, client.plan, signal);
    } catch (err) {
      await this.budget.release(reservation).catch(() => {});
      await refundQuota().catch(() => {});
      if (err instanceof QueueError) {
        return {
          kind: "rejected",
          status: 503,
          body: { error: { code: err.code, message: err.message } },
          headers: { ...limitHeaders, "Retry-After": String(err.retryAfterSeconds) },
        };
      }
      if (err instanceof KvUnavailableError || signal.aborted) return kvUnavailableRejection(limitHeaders);
      throw err;
    }
    // 5 again: an identical run may have started while the slot was taken; join it and give all back.
    if (!parsed.force) {
      const joined = this.flights.join(cacheKey, signal);
      if (joined) {
        if (admission.kind === "slot") await admission.slot.release();
        else admission.ticket.cancel();
        await this.budget.release(reservation);
        await refundQuota();
        return { kind: "stream", events: joined };
      }
    }

    // The run is pumped by the flight: it goes on while any identical request still listens, and
    // `runSignal` fires only when none is left. Forced runs join nobody (and are joinable only when no
    // identical run is in flight). The run waits for its provider slot first (lib/guards/provider_gate.ts).
    const id = newId();
    const intendedStart = {
      type: "start" as const,
      id,
      source: "generated" as const,
      provider: provider.id,
      model: provider.model,
      request: parsed.request,
    };
    const events = this.flights.lead(cacheKey, (runSignal) => {
      const run = () =>
        runGeneration(provider, parsed.request, {
          id,
          signal: runSignal,
          firstElementTimeoutMs: config.FIRST_ELEMENT_TIMEOUT_MS,
          totalTimeoutMs: config.GENERATION_TIMEOUT_MS,
        });
      return track(gatedRun(admission, runSignal, run, intendedStart), finalizers, this.#settling);
    }, signal);
    return { kind: "stream", events, headers: limitHeaders };
  }
}

/**
 * Forwards a run's events and calls every finalizer with its outcome exactly once — also when the consumer
 * stops early (client gone), in which case the outcome's status is `aborted`.
 */
async function* track(
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
        e.type !== "start" && e.type !== "queued" && e.type !== "complete" &&
        e.type !== "error"
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
