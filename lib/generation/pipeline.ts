/**
 * The generation pipeline: everything between a validated request and its event stream. `begin` runs the
 * request through a list of named steps; each answers NEXT (admitted, go on) or the request's answer (a
 * stream from storage or a joined run, or a refusal). A step that takes something (a quota unit, a budget
 * reservation, a provider slot or queue place) registers its undo; the one rollback path gives everything
 * back in reverse when a later step answers, refuses or throws. The run's finalizers own what is left once
 * the run starts (lib/generation/run_finalizers.ts). Answers are domain values (lib/generation/admission.ts);
 * routes/http/rejections.ts maps refusals to HTTP.
 */
import type { ParsedGeneration } from "../protocol/request_schema.ts";
import type { ClientIdentity } from "../access/client_identity.ts";
import type { ClientPlan } from "../platform/plans.ts";
import type { ArchitectureProvider } from "../providers/types.ts";
import type { Budget, Reservation, ReserveResult } from "../guards/budget.ts";
import type { RateLimiter, RateLimitRule } from "../guards/rate_limit.ts";
import { describeWindow } from "../guards/rate_limit.ts";
import type { SpendTracker } from "../guards/spend.ts";
import { type GateAdmission, type ProviderGate, QueueError } from "../guards/provider_gate.ts";
import type { GenerationStore } from "../store/generation_store.ts";
import type { SimilarSearch } from "../semantic/similar_search.ts";
import type { AppMetrics } from "../platform/metrics.ts";
import { type KvCall, KvUnavailableError } from "../platform/kv/bounded_kv.ts";
import { log } from "../platform/logger.ts";
import { newId } from "../platform/ids.ts";
import { cacheKeyOf, engineVersionOf, requestHashOf } from "../protocol/request_hash.ts";
import { type Admission, isExhaustion, kvUnavailable, type QuotaState, type Refusal } from "./admission.ts";
import type { StreamAdmission } from "./admission.ts";
import { replayGeneration, replaySimilar } from "./replay.ts";
import { runGeneration } from "./run.ts";
import { recordRun, storeCompleted, track } from "./run_finalizers.ts";
import { gatedRun, QUEUED_EVERY_MS } from "./queue_wait.ts";
import type { SingleFlight } from "./single_flight.ts";
import { UndoStack } from "./undo_stack.ts";
import { BackgroundLane } from "./background_lane.ts";

/** What the pipeline is built from (lib/app_services.ts builds each once). */
export interface GenerationPipelineDeps {
  provider: ArchitectureProvider;
  store: GenerationStore;
  similar: SimilarSearch;
  flights: SingleFlight;
  budget: Budget;
  rateLimiter: RateLimiter;
  /** Generation quota per plan (RATE_LIMIT_*); null = unlimited. */
  generationLimits: Record<ClientPlan, RateLimitRule | null>;
  spend: SpendTracker;
  gate: ProviderGate;
  metrics: AppMetrics;
  /** Bounded KV calls (lib/platform/kv/bounded_kv.ts), counted as KV failures in the metrics. */
  kv: KvCall;
  /** FIRST_ELEMENT_TIMEOUT_MS and GENERATION_TIMEOUT_MS. */
  timeouts: { firstElementMs: number; totalMs: number };
  /** Pause between `queued` events when the position does not change (default 2 000 ms). */
  queuedEveryMs?: number;
}

/** A step's "admitted, go on". */
export const NEXT: unique symbol = Symbol("next");

/** One request on its way through the steps. */
interface PipelineRequest {
  parsed: ParsedGeneration;
  client: ClientIdentity;
  signal: AbortSignal;
  startedAt: number;
  engineVersion: string;
  requestHash: string;
  cacheKey: string;
  /**
   * Tenancy: who asks (`client.owner`), for the cache lookups; an API key's generations are served to that key
   * alone (lib/store/generation_store.ts `servableTo`), so its runs are joinable only by it (`flightKey`).
   */
  viewer?: string;
  flightKey: string;
  /** What the steps took, to give back on rollback. */
  undo: UndoStack;
  /** Set by the quota step (carried by every later answer). */
  quota?: QuotaState;
  /** Set by the budget step. */
  reservation?: Reservation;
  /** Set by the provider slot step. */
  admission?: GateAdmission;
}

/** A named step of the pipeline. */
type Step = (req: PipelineRequest) => Promise<typeof NEXT | Admission>;

/** Decides how each request is answered; see the module comment. */
export class GenerationPipeline {
  /** Finalizers still running (budget commit, store, vectors, spend) — awaited by `drain()`. */
  readonly #settling = new Set<Promise<void>>();
  /** What finished runs still owe (vector index, spend, metrics; slot releases), below ends of streams. */
  readonly #lane = new BackgroundLane();

  constructor(readonly deps: GenerationPipelineDeps) {}

  /** Admits (or refuses) one request. `signal` fires when the client goes away. */
  async begin(parsed: ParsedGeneration, client: ClientIdentity, signal: AbortSignal): Promise<Admission> {
    const req = await this.#request(parsed, client, signal);
    const steps: Step[] = [
      this.#exactCache, //    1. a fresh stored answer to the same request is replayed (spends nothing)
      this.#joinFlight, //    2. an identical run in flight is joined (spends nothing)
      this.#clientQuota, //   3. the client's generation quota             undo: refund the request
      this.#spendCap, //      4. SPEND_LIMIT_USD
      this.#budgetAndSlot, // 5. one unit of the global budget, and      undo: give the unit back
      //                      6. a provider slot or a place in its queue   undo: release it / leave
      this.#joinFlight, //       an identical run may have started while 3–6 awaited KV
    ];
    try {
      for (const step of steps) {
        const answer = await step.call(this, req);
        if (answer === NEXT) continue;
        await req.undo.rollback();
        return answer.kind === "refused" ? await this.#answerExhaustion(req, answer) : answer;
      }
      return this.#run(req); //   7. run: its finalizers keep or give back the unit, and store the result
    } catch (err) {
      await req.undo.rollback();
      throw err;
    }
  }

  /** Waits until every finished run's finalizers have settled (before closing KV on shutdown). */
  async drain(): Promise<void> {
    while (this.#settling.size > 0 || this.#lane.pending > 0) {
      await Promise.allSettled([...this.#settling]);
      await this.#lane.drain();
    }
  }

  async #request(parsed: ParsedGeneration, client: ClientIdentity, signal: AbortSignal) {
    const engineVersion = engineVersionOf(this.deps.provider);
    const cacheKey = await cacheKeyOf(parsed.request, engineVersion);
    const viewer = client.owner;
    return {
      parsed,
      client,
      signal,
      startedAt: performance.now(),
      engineVersion,
      requestHash: await requestHashOf(parsed.request),
      cacheKey,
      viewer,
      flightKey: viewer?.startsWith("key:") ? `${cacheKey}|${viewer}` : cacheKey,
      undo: new UndoStack(),
    };
  }

  // ---- the steps ---------------------------------------------------------------------------------------------

  /** 1. Exact cache. A KV failure here is not fatal: the lookup is skipped and the budget step fails closed. */
  async #exactCache(req: PipelineRequest): Promise<typeof NEXT | Admission> {
    if (req.parsed.force) return NEXT;
    const { store, metrics } = this.deps;
    const hit = await this.deps.kv(
      "cache.find",
      () => store.findFresh(req.requestHash, req.engineVersion, req.viewer),
    )
      .catch((err) => {
        metrics.cacheLookup("exact", "error");
        log.warn("exact cache lookup failed", { error: err });
        return undefined;
      });
    if (hit !== undefined) metrics.cacheLookup("exact", hit ? "hit" : "miss");
    if (!hit) return NEXT;
    // Recorded in the metrics when the replay ends (also when sent whole, routes/sse.ts).
    const events = replayGeneration(
      hit,
      { source: "cache", request: req.parsed.request },
      req.startedAt,
      metrics,
    );
    return { kind: "stream", events };
  }

  /** 2. Single flight: joining an identical run in flight shares its unit (the rollback gives back ours). */
  #joinFlight(req: PipelineRequest): Promise<typeof NEXT | Admission> {
    const joined = req.parsed.force ? null : this.deps.flights.join(req.flightKey, req.signal);
    return Promise.resolve(joined ? { kind: "stream", events: joined } : NEXT);
  }

  /** 3. The client's generation quota (lib/guards/rate_limit.ts): counted now, refunded on rollback. */
  async #clientQuota(req: PipelineRequest): Promise<typeof NEXT | Admission> {
    const rule = this.deps.generationLimits[req.client.plan];
    if (!rule) return NEXT;
    const { rateLimiter, metrics, kv } = this.deps;
    let decision;
    try {
      decision = await kv("rate_limit.consume", () => rateLimiter.consume("gen", req.client.key, rule));
    } catch (err) {
      log.error("generation quota check failed", { error: err });
      return kvUnavailable();
    }
    req.quota = { name: "gen", rule, decision };
    if (!decision.allowed) {
      metrics.rateLimited("gen", req.client.plan);
      const wait = decision.retryAfterSeconds ?? decision.resetSeconds;
      return {
        kind: "refused",
        reason: "rate_limited",
        message: `Too many generations: your plan allows ${rule.limit} per ${
          describeWindow(rule.windowMs)
        }. Retry in ${wait} s.`,
        retryAfterSeconds: wait,
        scope: "gen",
        quota: req.quota,
      };
    }
    const ticket = decision.ticket;
    if (ticket) req.undo.push("quota", () => kv("rate_limit.refund", () => rateLimiter.refund(ticket)));
    return NEXT;
  }

  /** 4. The spend cap (SPEND_LIMIT_USD, lib/guards/spend.ts); an invalid stored total fails closed. */
  async #spendCap(req: PipelineRequest): Promise<typeof NEXT | Admission> {
    const { spend, kv } = this.deps;
    if (spend.limitUsd === null) return NEXT;
    let spent;
    try {
      spent = await kv("spend.check", () => spend.check());
    } catch (err) {
      log.error("spend check failed", { error: err });
      return kvUnavailable(req.quota);
    }
    if (!spent.exhausted) return NEXT;
    return {
      kind: "refused",
      reason: spent.valid ? "spend_exhausted" : "spend_invalid",
      message: spent.valid
        ? `The LLM spend cap of $${spent.limitUsd} for this period is reached ($${
          spent.spentUsd.toFixed(4)
        } spent).`
        : "The stored spend total is not a valid counter; an admin reset repairs it.",
      spend: { spentUsd: Number.isFinite(spent.spentUsd) ? spent.spentUsd : null, limitUsd: spent.limitUsd },
      quota: req.quota,
    };
  }

  /** 5. One unit of the global budget (lib/guards/budget.ts), reserved before the provider is called. */
  async #budgetReserve(req: PipelineRequest): Promise<typeof NEXT | Admission> {
    const { budget, kv } = this.deps;
    const reserving = budget.reserve();
    // While the commit is in flight: the provider's request-specific CPU work (the prompt's planner reading).
    this.deps.provider.prepare?.(req.parsed.request);
    let reserved: ReserveResult;
    try {
      reserved = await kv("budget.reserve", () => reserving);
    } catch (err) {
      // A reservation that lands after the timeout is given back at once (at worst its lease expires).
      reserving.then((r) => r.ok ? budget.release(r.reservation) : undefined).catch(() => {});
      log.error("budget reservation failed", { error: err });
      return kvUnavailable(req.quota);
    }
    if (!reserved.ok) return budgetRefusal(reserved, req.quota);
    const reservation = reserved.reservation;
    req.reservation = reservation;
    req.undo.push("budget", () => kv("budget.release", () => budget.release(reservation)));
    return NEXT;
  }

  /**
   * 5 and 6 together. A free provider slot is asked for while the budget commit is in flight, so the two KV
   * transactions overlap instead of following each other (one KV round trip less before the provider is
   * called). Only a free slot is taken that way: when none is free, or the queue is not empty, the request
   * queues after its unit is reserved, as before, because joining the queue may evict another waiter. A slot
   * taken for a request the budget then refuses is given back by the rollback.
   */
  async #budgetAndSlot(req: PipelineRequest): Promise<typeof NEXT | Admission> {
    const { gate, provider } = this.deps;
    // A KV failure here is met again (and answered) by step 6.
    const early = gate.tryAcquireFirst(provider.id).catch(() => null);
    let answer: typeof NEXT | Admission;
    try {
      answer = await this.#budgetReserve(req);
    } finally {
      const slot = await early;
      if (slot) {
        req.admission = { kind: "slot", slot };
        req.undo.push("provider slot", () => slot.release());
      }
    }
    if (answer !== NEXT) return answer;
    if (!req.admission) return await this.#providerSlot(req);
    // As step 6 answers a client that left while its slot was taken.
    return req.signal.aborted ? kvUnavailable(req.quota) : NEXT;
  }

  /**
   * 6. A provider slot (lib/guards/provider_gate.ts): at most PROVIDER_CONCURRENCY runs per provider across
   * processes; beyond that a place in the priority queue (the run streams `queued` events while it waits), or
   * `queue_full` when there is none.
   */
  async #providerSlot(req: PipelineRequest): Promise<typeof NEXT | Admission> {
    let admission: GateAdmission;
    try {
      admission = await this.deps.gate.admit(this.deps.provider.id, req.client.plan, req.signal);
    } catch (err) {
      if (err instanceof QueueError) {
        return {
          kind: "refused",
          reason: "queue_full",
          message: err.message,
          retryAfterSeconds: err.retryAfterSeconds,
          quota: req.quota,
        };
      }
      if (err instanceof KvUnavailableError || req.signal.aborted) return kvUnavailable(req.quota);
      throw err;
    }
    req.admission = admission;
    req.undo.push(
      "provider slot",
      () => admission.kind === "slot" ? admission.slot.release() : admission.ticket.cancel(),
    );
    return NEXT;
  }

  /**
   * 7. The run, pumped by the flight: it goes on while any identical request still listens, and `runSignal`
   * fires only when none is left. Forced runs join nobody (and are joinable only when no identical run is in
   * flight). From here the run's finalizers own the budget unit and the slot.
   */
  #run(req: PipelineRequest): StreamAdmission {
    const { provider, timeouts, budget, flights } = this.deps;
    const admission = req.admission!;
    const reservation = req.reservation!;
    req.undo.handOver();
    // The unit and the stored generation are settled before `complete` goes out (a permalink asked for right
    // after it answers from any instance, and a crash after it loses neither); the slow rest runs after the
    // response has ended.
    // The unit is committed in the transaction that stores the generation (given back when the run fails).
    const stored = storeCompleted(this.deps, { ...req, owner: req.client.owner }, {
      budget,
      reservation,
      kv: this.deps.kv,
    });
    const finalizers = {
      beforeEnd: [stored.save],
      afterEnd: [recordRun(this.deps, req.parsed, req.client)],
      whenIdle: [stored.index],
    };
    const lane = this.#lane;
    const id = newId();
    const intendedStart = {
      type: "start" as const,
      id,
      source: "generated" as const,
      provider: provider.id,
      model: provider.model,
      request: req.parsed.request,
    };
    const events = flights.lead(req.flightKey, (runSignal) => {
      const run = () =>
        runGeneration(provider, req.parsed.request, {
          id,
          signal: runSignal,
          firstElementTimeoutMs: timeouts.firstElementMs,
          totalTimeoutMs: timeouts.totalMs,
        });
      const gated = gatedRun(
        admission,
        runSignal,
        run,
        intendedStart,
        this.deps.queuedEveryMs ?? QUEUED_EVERY_MS,
        (slot) => lane.start("provider slot release", () => slot.release()),
      );
      return track(gated, finalizers, this.#settling, lane);
    }, req.signal);
    return { kind: "stream", events, quota: req.quota };
  }

  // ---- answers from storage when the budget or the quota is spent ----------------------------------------------

  /**
   * For a spent quota or budget: a stored answer to this exact request, even stale (`start.stale`), beats the
   * refusal; then a similar answer from the semantic cache; else the refusal itself.
   */
  async #answerExhaustion(req: PipelineRequest, refusal: Refusal): Promise<Admission> {
    if (req.parsed.force || !isExhaustion(refusal)) return refusal;
    const stale = await this.staleFallback(req.parsed, req.startedAt, req.viewer);
    return stale ?? await this.similarFallback(req.parsed, refusal, req.startedAt, req.viewer) ?? refusal;
  }

  /**
   * Replays the newest stored generation of this exact request even when it is stale (older than
   * CACHE_MAX_AGE_DAYS or from another engine version), with `start.stale: true` when it is. Null when
   * nothing is stored for the request.
   */
  async staleFallback(
    parsed: ParsedGeneration,
    startedAt = performance.now(),
    viewer?: string,
  ): Promise<StreamAdmission | null> {
    const { provider, store, kv } = this.deps;
    const requestHash = await requestHashOf(parsed.request);
    const found = await kv(
      "cache.stale",
      () => store.findStaleFallback(requestHash, engineVersionOf(provider), viewer),
    )
      .catch((err) => {
        log.warn("stale fallback lookup failed", { error: err });
        return null;
      });
    if (!found) return null;
    const options = { source: "cache" as const, request: parsed.request, stale: found.stale };
    return { kind: "stream", events: replayGeneration(found.stored, options, startedAt) };
  }

  /**
   * Replays the most similar stored generation at or above the threshold (same scale and competitor, same
   * embedder) as `start.source: "similar"` with `start.similarity` and `start.matchedRequest`, keeping the
   * refusal's quota state. Null otherwise; a failing lookup (embedder or KV down) is logged as no match.
   */
  async similarFallback(
    parsed: ParsedGeneration,
    refusal: Refusal,
    startedAt = performance.now(),
    viewer?: string,
  ): Promise<StreamAdmission | null> {
    if (parsed.force || !isExhaustion(refusal)) return null;
    const { similar, metrics } = this.deps;
    let match;
    try {
      match = await similar.findSimilar(parsed.request, { viewer });
    } catch (err) {
      metrics.cacheLookup("similar", "error");
      log.error("similar lookup failed", { error: err });
      return null;
    }
    metrics.cacheLookup("similar", match ? "hit" : "miss");
    if (!match) return null;
    metrics.similarity(match.similarity);
    const { record } = match.stored;
    metrics.generationFinished({
      source: "similar",
      provider: record.provider,
      model: record.model,
      outcome: "complete",
    });
    const events = replaySimilar(
      match.stored,
      { similarity: match.similarity, request: parsed.request, rebuilt: match.rebuilt },
      startedAt,
    );
    return { kind: "stream", events, quota: refusal.quota };
  }
}

/** The refusal for a reservation the budget turned down (spent, or its stored values are invalid). */
export function budgetRefusal(
  result: Extract<ReserveResult, { ok: false }>,
  quota?: QuotaState,
  now: number = Date.now(),
): Refusal {
  const { status } = result;
  if (result.reason === "invalid") {
    return {
      kind: "refused",
      reason: "budget_invalid",
      message:
        "Generations are paused: the stored generation budget is not valid. An admin reset of the budget repairs it.",
      quota,
    };
  }
  return {
    kind: "refused",
    reason: "budget_exhausted",
    message: status.resetsAt
      ? `The generation budget (${status.limit}) is spent; it resets at ${status.resetsAt}.`
      : `The generation budget (${status.limit}) is spent until an admin resets or raises it.`,
    retryAfterSeconds: status.resetsAt
      ? Math.max(1, Math.ceil((Date.parse(status.resetsAt) - now) / 1000))
      : undefined,
    budget: {
      used: status.used,
      limit: status.limit,
      remaining: status.remaining,
      resetsAt: status.resetsAt,
    },
    quota,
  };
}
