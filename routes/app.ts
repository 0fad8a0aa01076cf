/**
 * The HTTP application: wires middleware and every route onto one Hono app. `createApp` takes its
 * dependencies (config, KV, provider) so tests build it over `:memory:` KV and fake providers.
 */
import { Hono } from "hono";
import type { Config } from "../lib/config.ts";
import { type ClientIdentity, GenerationService } from "../lib/generation_service.ts";
import { createProvider } from "../lib/providers/mod.ts";
import type { ArchitectureProvider } from "../lib/providers/types.ts";
import { generateArchitectureHandler } from "./api/generate_architecture.ts";
import { jsonError } from "./http_errors.ts";
import { pageRoutes } from "./pages.tsx";

/** Per-request values set by middleware. */
export type AppEnv = { Variables: { client: ClientIdentity; requestId: string } };

/** What the app is built from. */
export interface AppDeps {
  config: Config;
  kv: Deno.Kv;
  /** Overrides the configured provider (tests). */
  provider?: ArchitectureProvider;
}

/** The built app plus the services behind it (for shutdown and tests). */
export interface BuiltApp {
  app: Hono<AppEnv>;
  service: GenerationService;
  /** Stops background work (watchers, timers). */
  close(): Promise<void>;
}

/** Builds the application. */
export function createApp(deps: AppDeps): BuiltApp {
  const { config, kv } = deps;
  const provider = deps.provider ?? createProvider(config);
  const service = new GenerationService({ config, kv, provider });
  const app = new Hono<AppEnv>();

  app.post("/api/generate-architecture-v2", generateArchitectureHandler(service));
  app.route("/", pageRoutes({ config }));

  app.notFound((c) => jsonError(c, 404, "not_found", `No route for ${c.req.method} ${c.req.path}.`));
  app.onError((err, c) => {
    console.error(JSON.stringify({ level: "error", msg: "unhandled error", error: String(err?.stack ?? err) }));
    return jsonError(c, 500, "internal_error", "Something went wrong on our side.");
  });

  return {
    app,
    service,
    async close() {},
  };
}
