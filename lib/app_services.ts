/**
 * The composition root: every service of the app is built here, once, from the configuration, and handed
 * what it needs. Routes take the services they use from the returned object; no service reaches through
 * another one. Tests build the same graph over `:memory:` KV (routes/app.ts `createApp`).
 */
import type { Config } from "./platform/config.ts";
import { type AppMetrics, metrics as processMetrics } from "./platform/metrics.ts";
import { log } from "./platform/logger.ts";
import { isLocalKvFile } from "./platform/kv/open_kv.ts";
import { KV_TIMEOUT_MS, type KvCall, kvCall } from "./platform/kv/bounded_kv.ts";
import { type Budget, budgetFromConfig } from "./guards/budget.ts";
import { RateLimiter, type RateLimitRules, rateLimitRules } from "./guards/rate_limit.ts";
import { type SpendTracker, spendTrackerFromConfig } from "./guards/spend.ts";
import { ProviderGate } from "./guards/provider_gate.ts";
import { GenerationStore } from "./store/generation_store.ts";
import { createEmbedder, type Embedder } from "./semantic/embeddings/mod.ts";
import { SimilarSearch } from "./semantic/similar_search.ts";
import { planArchitecture } from "./planner/planner.ts";
import { statedFigures } from "./planner/stated_figures.ts";
import { decisiveCapabilities } from "./planner/decisive_capabilities.ts";
import { createProvider } from "./providers/mod.ts";
import { createResilientFromConfig } from "./providers/resilient.ts";
import type { ArchitectureProvider } from "./providers/types.ts";
import { GenerationPipeline } from "./generation/pipeline.ts";
import { SingleFlight } from "./generation/single_flight.ts";

/** What the services are built from. */
export interface AppServicesDeps {
  config: Config;
  kv: Deno.Kv;
  /** Overrides the configured provider chain (tests). */
  provider?: ArchitectureProvider;
  /** Bound on each KV call on the request path (default KV_TIMEOUT_MS; tests lower it). */
  kvTimeoutMs?: number;
  /** Metrics sink (default: the process-wide registry). */
  metrics?: AppMetrics;
}

/** Every service of the app, built once. */
export interface AppServices {
  config: Config;
  kv: Deno.Kv;
  metrics: AppMetrics;
  /** Bounded KV calls for the request path, counted as KV failures in the metrics. */
  kvCall: KvCall;
  /** The configured provider wrapped with retries and the LLM_FALLBACKS chain. */
  provider: ArchitectureProvider;
  /** The global generation budget. */
  budget: Budget;
  /** Per-client sliding-window limits (generation quotas and the API limit). */
  rateLimiter: RateLimiter;
  /** The configured limits per plan and for the API. */
  rateLimits: RateLimitRules;
  /** LLM spend per period and the SPEND_LIMIT_USD cap. */
  spend: SpendTracker;
  /** Stored generations: history, exact cache, stale fallback. */
  store: GenerationStore;
  /** The embedder of the semantic cache (also used by the admin backfill). */
  embedder: Embedder;
  /** The semantic cache. */
  similar: SimilarSearch;
  /** Provider concurrency cap and priority queue. */
  gate: ProviderGate;
  /** Runs in flight in this process, joinable by identical requests. */
  flights: SingleFlight;
  /** The generation pipeline (`begin` answers one request). */
  generation: GenerationPipeline;
  /** Waits for running finalizers, then stops background work (timers, watchers). */
  close(): Promise<void>;
}

/** The similar-request search over the store; deleting a generation removes its vector too. */
function similarSearchOf(
  config: Config,
  kv: Deno.Kv,
  store: GenerationStore,
  embedder: Embedder,
): SimilarSearch {
  const similar = new SimilarSearch({
    kv,
    store,
    embedder,
    threshold: config.SIMILARITY_THRESHOLD,
    replan: planArchitecture,
    figuresOf: statedFigures,
    capabilitiesOf: decisiveCapabilities,
  });
  // Before the store removes the generation.
  store.addDeleteListener(async (record) => {
    await similar.removeGeneration(record.id);
  });
  return similar;
}

/** Builds every service from the configuration. */
export function buildAppServices(deps: AppServicesDeps): AppServices {
  const { config, kv } = deps;
  const metrics = deps.metrics ?? processMetrics;
  const kvTimeoutMs = deps.kvTimeoutMs ?? KV_TIMEOUT_MS;
  const bounded = kvCall({ ms: kvTimeoutMs, onFailure: (op, reason) => metrics.kvFailure(op, reason) });
  const provider = deps.provider ?? createResilientFromConfig(config, createProvider, {
    metrics,
    onEvent: (e) => log.warn(`provider ${e.kind}`, e),
  });
  const budget = budgetFromConfig(config, kv, {
    sweepIntervalMs: Math.min(30_000, Math.max(1000, (config.BUDGET_LEASE_SECONDS * 1000) / 4)),
    maxHoldMs: config.GENERATION_TIMEOUT_MS + config.QUEUE_MAX_WAIT_SECONDS * 1000 + 60_000,
    // kv.watch misses other processes' writes only on a shared local SQLite file; elsewhere it is enough.
    crossProcessCheckMs: isLocalKvFile(config.kvPath) ? 750 : 0,
  });
  const rateLimiter = new RateLimiter(kv);
  const rateLimits = rateLimitRules(config);
  const spend = spendTrackerFromConfig(config, kv);
  const store = new GenerationStore(kv, {
    ttlDays: config.GENERATION_TTL_DAYS,
    maxAgeDays: config.CACHE_MAX_AGE_DAYS,
  });
  const embedder = createEmbedder(config);
  const similar = similarSearchOf(config, kv, store, embedder);
  const gate = new ProviderGate({
    kv,
    concurrency: config.PROVIDER_CONCURRENCY,
    maxQueue: config.QUEUE_MAX_LENGTH,
    maxWaitMs: config.QUEUE_MAX_WAIT_SECONDS * 1000,
    shares: config.QUEUE_SHARES,
    kvTimeoutMs,
    metrics,
  });
  const flights = new SingleFlight();
  const generation = new GenerationPipeline({
    provider,
    store,
    similar,
    flights,
    budget,
    rateLimiter,
    generationLimits: rateLimits.generation,
    spend,
    gate,
    metrics,
    kv: bounded,
    timeouts: { firstElementMs: config.FIRST_ELEMENT_TIMEOUT_MS, totalMs: config.GENERATION_TIMEOUT_MS },
  });
  return {
    config,
    kv,
    metrics,
    kvCall: bounded,
    provider,
    budget,
    rateLimiter,
    rateLimits,
    spend,
    store,
    embedder,
    similar,
    gate,
    flights,
    generation,
    async close() {
      await generation.drain();
      budget.close();
      gate.close();
    },
  };
}
