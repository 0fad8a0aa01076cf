/**
 * Operations endpoints:
 *  - `GET /metrics` — Prometheus text format. When `METRICS_TOKEN` is set it needs
 *    `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time), else 401 with no hint.
 *  - `GET /healthz` — liveness: the process answers. Always 200 while it runs.
 *  - `GET /readyz` — readiness: KV answers a read within `kvTimeoutMs`, a provider is configured and every
 *    extra check passes (main.ts adds `bundle`: the islands script exists); 200 `{status:"ready", checks}` or
 *    503 `{status:"unavailable", checks}` naming what failed.
 */
import { secretMatches } from "../lib/access/admin_auth.ts";
import { Hono } from "hono";
import type { Config } from "../lib/platform/config.ts";
import { type AppMetrics, metrics as defaultMetrics, METRICS_CONTENT_TYPE } from "../lib/platform/metrics.ts";
import type { ArchitectureProvider } from "../lib/providers/types.ts";
import { withTimeout } from "../lib/platform/with_timeout.ts";
import { apiError } from "./http_errors.ts";

/** Dependencies of the ops routes. */
export interface OpsDeps {
  config: Config;
  kv: Deno.Kv;
  provider: ArchitectureProvider;
  metrics?: AppMetrics;
  /** Bound on the readiness KV probe (default 1 000 ms). */
  kvTimeoutMs?: number;
  /** Extra readiness checks by name, each run on every `/readyz`. */
  readiness?: Record<string, () => ReadinessCheck>;
}

/** The result of one extra readiness check; `error` says what is wrong and how to fix it. */
export interface ReadinessCheck {
  ok: boolean;
  error?: string;
  [detail: string]: unknown;
}

const started = Date.now();

/** Builds the ops routes. */
export function opsRoutes(deps: OpsDeps): Hono {
  const metrics = deps.metrics ?? defaultMetrics;
  const kvTimeoutMs = deps.kvTimeoutMs ?? 1000;
  const ops = new Hono();

  ops.get("/metrics", async (c) => {
    const token = deps.config.METRICS_TOKEN;
    if (token) {
      const header = c.req.header("authorization") ?? "";
      const match = /^Bearer\s+(.+)$/i.exec(header.trim());
      if (!match || !(await secretMatches(token, match[1]))) {
        throw apiError(401, "unauthorized", "A valid metrics token is required.", undefined, {
          "WWW-Authenticate": 'Bearer realm="metrics"',
        });
      }
    }
    const body = await metrics.render();
    return c.body(body, 200, { "content-type": METRICS_CONTENT_TYPE, "cache-control": "no-store" });
  });

  ops.get(
    "/healthz",
    (c) =>
      c.json({ status: "ok", uptimeSeconds: Math.round((Date.now() - started) / 1000) }, 200, {
        "cache-control": "no-store",
      }),
  );

  ops.get("/readyz", async (c) => {
    const t0 = performance.now();
    let kvCheck: { ok: boolean; latencyMs: number; error?: string };
    try {
      await withTimeout(deps.kv.get(["ops", "ready_probe"]), kvTimeoutMs, "kv read");
      kvCheck = { ok: true, latencyMs: Math.round(performance.now() - t0) };
    } catch (err) {
      const timedOut = (err as { code?: string })?.code === "timeout";
      metrics.kvFailure("readyz", timedOut ? "timeout" : "error");
      kvCheck = {
        ok: false,
        latencyMs: Math.round(performance.now() - t0),
        error: timedOut ? `no answer within ${kvTimeoutMs} ms` : "KV read failed",
      };
    }
    const { config, provider } = deps;
    const keyOk = config.provider === "offline" ||
      (config.provider === "openai" && Boolean(config.OPENAI_API_KEY)) ||
      (config.provider === "anthropic" && Boolean(config.ANTHROPIC_API_KEY));
    const chain = (provider as { chain?: readonly ArchitectureProvider[] }).chain;
    const providerCheck = {
      ok: keyOk,
      id: provider.id,
      model: provider.model,
      fallbacks: chain ? chain.slice(1).map((p) => p.id) : [],
      ...(keyOk ? {} : { error: `${config.provider} has no API key configured` }),
    };
    const extra = Object.fromEntries(
      Object.entries(deps.readiness ?? {}).map(([name, check]) => [name, check()]),
    );
    const ready = kvCheck.ok && providerCheck.ok && Object.values(extra).every((x) => x.ok);
    return c.json(
      { status: ready ? "ready" : "unavailable", checks: { kv: kvCheck, provider: providerCheck, ...extra } },
      ready ? 200 : 503,
      { "cache-control": "no-store" },
    );
  });

  return ops;
}
