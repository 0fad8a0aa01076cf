/**
 * The HTTP application: wires middleware and every route onto one Hono app, over the services built once by
 * the composition root (lib/app_services.ts). `createApp` takes its dependencies (config, KV, provider) so
 * tests build it over `:memory:` KV and fake providers.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Budget } from "../lib/guards/budget.ts";
import type { Config } from "../lib/platform/config.ts";
import type { RateLimiter } from "../lib/guards/rate_limit.ts";
import type { ClientIdentity } from "../lib/access/client_identity.ts";
import type { GenerationPipeline } from "../lib/generation/pipeline.ts";
import { type AppServices, buildAppServices } from "../lib/app_services.ts";
import { generationBodySchema } from "../lib/protocol/request_schema.ts";
import { log } from "../lib/platform/logger.ts";
import { metrics } from "../lib/platform/metrics.ts";
import type { ArchitectureProvider } from "../lib/providers/types.ts";
import { budgetRoutes } from "./api/budget.ts";
import { adminApiRoutes } from "./admin/api.ts";
import { adminEmbeddingsRoutes } from "./admin/embeddings.ts";
import { adminDashboardRoutes } from "./admin/dashboard.tsx";
import { kvEditorRoutes } from "./admin/kv_editor.tsx";
import { generateArchitectureHandler } from "./api/generate_architecture.ts";
import { generationsRoutes } from "./api/generations.ts";
import { generationPageRoutes } from "./generation_page.tsx";
import { apiError, apiErrorHandler, jsonBody, notFoundResponse, validate } from "./http_errors.ts";
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

/** Builds the application. */
export function createApp(deps: AppDeps): BuiltApp {
  const { config, kv } = deps;
  log.level = config.LOG_LEVEL;
  const services = buildAppServices({
    config,
    kv,
    provider: deps.provider,
    kvTimeoutMs: deps.kvTimeoutMs,
    metrics,
  });
  const { provider, budget, rateLimiter, rateLimits, spend, store, embedder, generation, kvCall } = services;
  const app = new Hono<AppEnv>();

  // Operations (routes/middleware/*): request id, access log + HTTP metrics, security headers, CORS,
  // body size and time limits (streams are bounded by their own timeouts), then /metrics, /healthz, /readyz.
  app.use("*", requestId());
  app.use("*", accessLog({ logger: log, metrics }));
  app.use("*", securityHeaders({ trustProxy: config.TRUST_PROXY }));
  app.use("*", cors({ origins: parseCorsOrigins(config.CORS_ORIGINS) }));
  app.use(
    "*",
    bodyLimit({
      maxSize: 64 * 1024,
      onError: () => {
        throw apiError(413, "payload_too_large", "The body is larger than 65536 bytes.", {
          body: "too large",
        });
      },
    }),
  );
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

  // Every API route: identify the client (API key or IP), then the general per-client request limit.
  app.use("/api/*", clientMiddleware({ kv, trustProxy: config.TRUST_PROXY, kvCall }));
  app.use(
    "/api/*",
    apiRateLimit({ limiter: rateLimiter, rule: rateLimits.api, kvTimeoutMs: deps.kvTimeoutMs }),
  );
  app.route("/", budgetRoutes({ budget, quota: { limiter: rateLimiter, rules: rateLimits } }));

  app.post(
    "/api/generate-architecture-v2",
    jsonBody(),
    validate("json", generationBodySchema),
    generateArchitectureHandler(generation),
  );
  app.route("/api/generations", generationsRoutes({ config, kv, store }));
  app.route("/", generationPageRoutes({ store, budget }));
  app.route("/", adminApiRoutes({ config, kv, budget, spend }));
  app.route("/", adminEmbeddingsRoutes({ config, kv, store, embedder }));
  app.route("/", kvEditorRoutes({ config, kv, store }));
  app.route("/", adminDashboardRoutes({ config, kv, budget, spend, store }));
  app.route("/", openApiRoutes());
  app.route("/", pageRoutes({ config, service: generation, budget, kv, kvCall, store }));

  // Errors: routes and middleware throw `apiError(…)` (an HTTPException); this one handler answers them.
  app.notFound(notFoundResponse);
  app.onError(apiErrorHandler({ logger: log }));

  return {
    app,
    services,
    service: generation,
    budget,
    rateLimiter,
    close: () => services.close(),
  };
}
