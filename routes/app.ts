/**
 * The HTTP application: wires middleware and every route onto one Hono app, over the services built once by
 * the composition root (lib/app_services.ts). `createApp` takes its dependencies (config, KV, provider) so
 * tests build it over `:memory:` KV and fake providers.
 */
import { KvUnavailableError } from "../lib/platform/kv/bounded_kv.ts";
import { kvUnavailable } from "../lib/generation/admission.ts";
import { refusalResponse } from "./http/rejections.ts";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Budget } from "../lib/guards/budget.ts";
import type { Config } from "../lib/platform/config.ts";
import type { RateLimiter } from "../lib/guards/rate_limit.ts";
import type { ClientIdentity } from "../lib/access/client_identity.ts";
import type { GenerationPipeline } from "../lib/generation/pipeline.ts";
import { type AppServices, buildAppServices } from "../lib/app_services.ts";
import { generationBodySchema } from "../lib/protocol/request_schema.ts";
import { log } from "../lib/platform/logger.ts";
import { type AppMetrics, metrics as processMetrics } from "../lib/platform/metrics.ts";
import type { ArchitectureProvider } from "../lib/providers/types.ts";
import { budgetRoutes } from "./api/budget.ts";
import { adminApiRoutes } from "./admin/api.ts";
import { adminEmbeddingsRoutes } from "./admin/embeddings.ts";
import { adminDashboardRoutes } from "./admin/dashboard.tsx";
import { kvEditorRoutes } from "./admin/kv_editor.tsx";
import { generateArchitectureHandler } from "./api/generate_architecture.ts";
import { generationsRoutes } from "./api/generations.ts";
import { generationPageRoutes } from "./generation_page.tsx";
import {
  apiError,
  apiErrorHandler,
  isMalformedFormError,
  jsonBody,
  MAX_BODY_BYTES,
  notFoundResponse,
  payloadTooLargeMessage,
  validate,
} from "./http_errors.ts";
import { bodyDeadline, BodyReadError } from "./middleware/body_deadline.ts";
import { memorySettle } from "./middleware/memory_settle.ts";
import { MemorySettler } from "../lib/platform/memory_settle.ts";
import { crossSiteGuard } from "./middleware/cross_site.ts";
import { parseRateLimitSpec } from "../lib/guards/rate_limit.ts";
import { apiRateLimit } from "./middleware/api_rate_limit.ts";
import { clientMiddleware } from "./middleware/client.ts";
import { pageRoutes } from "./pages.tsx";
import { accessLog } from "./middleware/access_log.ts";
import { cors, parseCorsOrigins } from "./middleware/cors.ts";
import { requestId } from "./middleware/request_id.ts";
import { securityHeaders } from "./middleware/security_headers.ts";
import { requestTimeout } from "./middleware/timeout.ts";
import { openApiRoutes } from "./openapi.ts";
import { opsRoutes, type ReadinessCheck } from "./ops.ts";
import { drainPendingVectors } from "../lib/semantic/pending_vectors.ts";

/** Per-request values set by middleware. */
export type AppEnv = { Variables: { client: ClientIdentity; requestId: string } };

/** What the app is built from. */
export interface AppDeps {
  config: Config;
  kv: Deno.Kv;
  /** Overrides the configured provider (tests). */
  provider?: ArchitectureProvider;
  /** Bound on each KV call: generation path default 2 000 ms, readiness probe 1 000 ms (tests lower it). */
  kvTimeoutMs?: number;
  /** Extra readiness checks shown (and required) by `/readyz`, e.g. the islands bundle (main.ts). */
  readiness?: Record<string, () => ReadinessCheck>;
  /** Where the app's metrics go (default: the process-wide ones served at `/metrics`). */
  metrics?: AppMetrics;
  /** The collector run after a request spike (default V8's own, when the runtime exposes it; tests). */
  gc?: (() => void) | null;
}

/** The built app plus the services behind it (for shutdown and tests). */
export interface BuiltApp {
  app: Hono<AppEnv>;
  /** Every service, built once (lib/app_services.ts). */
  services: AppServices;
  /** The generation pipeline (`services.generation`). */
  service: GenerationPipeline;
  /** The global generation budget (shared with the admin routes). */
  budget: Budget;
  /** Per-client rate limiter (generation quotas and the API limit). */
  rateLimiter: RateLimiter;
  /** Stops background work (watchers, timers). */
  close(): Promise<void>;
}

/** Routes with their own (HTML) body size limit: the studio form and the dashboard forms. */
function isFormRoute(method: string, path: string): boolean {
  return method === "POST" &&
    (path === "/" || path.startsWith("/admin/session") || path.startsWith("/admin/ui/"));
}

/**
 * Operations (routes/middleware/*): request id, requests in flight (one full GC once a spike of them has
 * ended, lib/platform/memory_settle.ts), access log + HTTP metrics, security headers, CORS, body size
 * and time limits (streams are bounded by their own timeouts), then /metrics, /healthz, /readyz and the
 * metrics' budget and spend sources.
 */
function useOperations(
  app: Hono<AppEnv>,
  deps: AppDeps,
  services: AppServices,
  settler: MemorySettler,
): void {
  const { config, kv } = deps;
  const { provider, budget, spend, metrics } = services;
  app.use("*", requestId());
  app.use("*", memorySettle({ settler }));
  app.use("*", accessLog({ logger: log, metrics }));
  app.use("*", securityHeaders({ trustProxy: config.TRUST_PROXY }));
  app.use("*", cors({ origins: parseCorsOrigins(config.CORS_ORIGINS) }));
  // Body read deadline on every route (BODY_TIMEOUT_MS → 408), then one body size limit per route: the form
  // routes answer their own 413 page, every other route this JSON one (the same limit readJsonBody applies).
  app.use("*", bodyDeadline({ ms: config.BODY_TIMEOUT_MS }));
  const apiBodyLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw apiError(413, "payload_too_large", payloadTooLargeMessage(MAX_BODY_BYTES), {
        body: `at most ${MAX_BODY_BYTES} bytes`,
      });
    },
  });
  app.use("*", function bodySizeLimit(c, next) {
    return isFormRoute(c.req.method, c.req.path) ? next() : apiBodyLimit(c, next);
  });
  app.use(
    "*",
    requestTimeout({
      ms: 10_000,
      skip: (path) => path === "/api/generate-architecture-v2" || path.endsWith("/stream"),
    }),
  );
  app.route(
    "/",
    opsRoutes({
      config,
      kv,
      provider,
      metrics,
      kvTimeoutMs: deps.kvTimeoutMs,
      readiness: deps.readiness,
    }),
  );
  metrics.setBudgetSource(async () => {
    const s = await budget.status();
    return { used: s.used ?? NaN, limit: s.limit ?? NaN };
  });
  metrics.setSpendSource(async () => {
    const s = await spend.check();
    return { spentUsd: s.spentUsd, limitUsd: s.limitUsd };
  });
}

/**
 * Form routes (the no-JavaScript studio form, the dashboard) refuse cross-site posts before anything else;
 * every route that reads the store or spends (the API, the studio form post, permalinks) identifies the
 * client (API key or address group), then applies the general per-client request limit.
 */
function useClientGuards(app: Hono<AppEnv>, deps: AppDeps, services: AppServices): void {
  const { config, kv } = deps;
  const { rateLimiter, rateLimits, kvCall } = services;
  const crossSite = crossSiteGuard({ trustProxy: config.TRUST_PROXY });
  app.use("/", crossSite);
  app.use("/admin/session", crossSite);
  app.use("/admin/session/*", crossSite);
  app.use("/admin/ui/*", crossSite);

  const identify = clientMiddleware({
    kv,
    trustProxy: config.trustedProxies,
    ipv6Prefix: config.IPV6_CLIENT_PREFIX,
    limiter: rateLimiter,
    invalidKeyRule: parseRateLimitSpec(config.RATE_LIMIT_INVALID_KEY),
    kvTimeoutMs: deps.kvTimeoutMs,
    kvCall,
  });
  const apiLimit = apiRateLimit({
    limiter: rateLimiter,
    rule: rateLimits.api,
    kvTimeoutMs: deps.kvTimeoutMs,
  });
  for (const path of ["/api/*", "/generations/*"]) {
    app.use(path, identify);
    app.use(path, apiLimit);
  }
  app.post("/", identify, apiLimit);
}

/** Every route: budget, the generation API, history, permalinks, admin, OpenAPI, and the pages last. */
function mountRoutes(app: Hono<AppEnv>, deps: AppDeps, services: AppServices): void {
  const { config, kv } = deps;
  const { budget, rateLimiter, rateLimits, spend, store, embedder, generation, kvCall } = services;
  app.route("/", budgetRoutes({ budget, quota: { limiter: rateLimiter, rules: rateLimits }, kvCall }));

  app.post(
    "/api/generate-architecture-v2",
    jsonBody(),
    validate("json", generationBodySchema),
    generateArchitectureHandler(generation),
  );
  app.route("/api/generations", generationsRoutes({ config, kv, store, kvCall }));
  app.route("/", generationPageRoutes({ store, budget, kvCall }));
  app.route("/", adminApiRoutes({ config, kv, budget, spend }));
  app.route("/", adminEmbeddingsRoutes({ config, kv, store, embedder }));
  app.route("/", kvEditorRoutes({ config, kv, store }));
  app.route("/", adminDashboardRoutes({ config, kv, budget, spend, store }));
  app.route("/", openApiRoutes());
  app.route("/", pageRoutes({ config, service: generation, budget, kv, kvCall, store }));
}

const answerApiError = apiErrorHandler({ logger: log });

/**
 * The one error handler: routes and middleware throw `apiError(…)` (an HTTPException); it answers them, after
 * the body-read, malformed-form and KV-unavailable cases.
 */
function answerError(err: Error, c: Context<AppEnv>): Response | Promise<Response> {
  if (err instanceof BodyReadError) {
    if (err.reason === "client_gone") {
      log.info("client closed the connection mid-body", {
        requestId: c.get("requestId"),
        path: c.req.path,
      });
      return answerApiError(apiError(400, "client_closed", err.message), c);
    }
    log.info("request body timed out", { requestId: c.get("requestId"), path: c.req.path, ms: err.ms });
    const timedOut = apiError(408, "body_timeout", err.message, { body: `send it within ${err.ms} ms` }, {
      Connection: "close",
    });
    return answerApiError(timedOut, c);
  }
  if (isMalformedFormError(err, c.req.header("content-type"))) {
    const malformed = apiError(400, "invalid_request", "The form body is malformed.", {
      body: "not a valid form body (multipart/form-data needs a boundary)",
    });
    return answerApiError(malformed, c);
  }
  // A bounded KV read that failed or timed out (lib/platform/kv/bounded_kv.ts): the kv_unavailable refusal.
  if (err instanceof KvUnavailableError) return refusalResponse(c, kvUnavailable());
  return answerApiError(err, c);
}

/** Builds the application. */
export function createApp(deps: AppDeps): BuiltApp {
  const { config, kv } = deps;
  log.level = config.LOG_LEVEL;
  const services = buildAppServices({
    config,
    kv,
    provider: deps.provider,
    kvTimeoutMs: deps.kvTimeoutMs,
    metrics: deps.metrics ?? processMetrics,
  });
  const { budget, rateLimiter, store, generation, similar } = services;
  const app = new Hono<AppEnv>();
  // Vectors a crash left un-indexed (their marker was committed with the generation) are indexed now.
  const stopDrain = new AbortController();
  const draining = drainPendingVectors(store, similar, { signal: stopDrain.signal })
    .catch((err) => log.warn("pending vector drain failed", { error: err }));

  const settler = new MemorySettler({
    spikeAt: config.MEMORY_SETTLE_AT,
    gc: deps.gc,
    onSettled: ({ rssBefore, rssAfter, ms, peak }) =>
      log.info("memory settled after a request spike", {
        peakInFlight: peak,
        rssBeforeMb: Math.round(rssBefore / 2 ** 20),
        rssAfterMb: Math.round(rssAfter / 2 ** 20),
        ms: Math.round(ms),
      }),
  });
  useOperations(app, deps, services, settler);
  useClientGuards(app, deps, services);
  mountRoutes(app, deps, services);
  app.notFound(notFoundResponse);
  app.onError(answerError);

  return {
    app,
    services,
    service: generation,
    budget,
    rateLimiter,
    async close() {
      settler.close();
      stopDrain.abort();
      await draining;
      await services.close();
    },
  };
}
