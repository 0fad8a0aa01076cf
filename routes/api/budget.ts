/**
 * The live budget gauge API:
 * - `GET /api/budget` → `{ used, limit, remaining, reserved, state, resetsAt }` (no caching);
 * - `GET /api/budget/mine` → the caller's own generation quota (by API key or anonymous identity, as the
 *   generation endpoint counts it): `{ plan, limit, remaining, resetSeconds, windowSeconds }`, or
 *   `{ plan, limit: null }` when the plan is unlimited; nothing is counted;
 * - `GET /api/budget/stream` → SSE: a `budget` event with the same body on connect and on every change (fed by
 *   `Budget.watch`, i.e. `kv.watch`), a `: heartbeat` comment every 15 s; stops when the client goes away.
 */
import { Hono } from "hono";
import type { Budget, BudgetStatus } from "../../lib/guards/budget.ts";
import { boundedKv, type KvCall } from "../../lib/platform/kv/bounded_kv.ts";
import type { ClientIdentity } from "../../lib/access/client_identity.ts";
import type { RateLimiter, RateLimitRules } from "../../lib/guards/rate_limit.ts";
import { log } from "../../lib/platform/logger.ts";
import { SSE_HEADERS } from "../sse.ts";

/** Options of the budget routes. */
export interface BudgetRoutesOptions {
  budget: Budget;
  /** Heartbeat interval (ms). Default 15 000. */
  heartbeatMs?: number;
  /** The per-client generation quota, for `GET /api/budget/mine` (absent: that route answers 404). */
  quota?: { limiter: RateLimiter; rules: RateLimitRules };
  /**
   * Bounds the budget and quota reads (default: `boundedKv` with its default bound): a hung or failing KV
   * throws `KvUnavailableError`, which the app answers with the `kv_unavailable` refusal.
   */
  kvCall?: KvCall;
}

/** The public view of a status. */
export function publicBudget(status: BudgetStatus) {
  return {
    used: status.used,
    limit: status.limit,
    remaining: status.remaining,
    reserved: status.reserved,
    state: status.state,
    resetsAt: status.resetsAt,
  };
}

/** Builds the routes (mount at `/`). */
// deno-lint-ignore no-explicit-any
export function budgetRoutes(options: BudgetRoutesOptions): Hono<any> {
  const { budget, heartbeatMs = 15_000 } = options;
  const kvCall: KvCall = options.kvCall ?? ((op, fn) => boundedKv(op, fn));
  const app = new Hono<{ Variables: { client?: ClientIdentity } }>();

  app.get("/api/budget", async (c) => {
    const status = await kvCall("budget.status", () => budget.status());
    return c.json(publicBudget(status), 200, { "cache-control": "no-store" });
  });

  app.get("/api/budget/mine", async function myQuota(c) {
    if (!options.quota) return c.json({ error: { code: "not_found", message: "No quota here." } }, 404);
    const client = c.get("client") ?? { key: "anonymous", plan: "anonymous" as const };
    const rule = options.quota.rules.generation[client.plan];
    const headers = { "cache-control": "no-store" };
    if (!rule) return c.json({ plan: client.plan, limit: null }, 200, headers);
    const { limiter } = options.quota;
    const d = await kvCall("rate_limit.peek", () => limiter.peek("gen", client.key, rule));
    return c.json(
      {
        plan: client.plan,
        limit: d.limit,
        remaining: d.remaining,
        resetSeconds: d.resetSeconds,
        windowSeconds: d.windowSeconds,
      },
      200,
      headers,
    );
  });

  app.get("/api/budget/stream", (c) => {
    const abort = new AbortController();
    const encoder = new TextEncoder();
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    const stop = () => {
      if (heartbeat !== undefined) clearInterval(heartbeat);
      heartbeat = undefined;
      abort.abort();
    };
    c.req.raw.signal.addEventListener("abort", stop, { once: true });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (text: string) => {
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            stop();
          }
        };
        send("retry: 2000\n\n");
        heartbeat = setInterval(() => send(": heartbeat\n\n"), heartbeatMs);
        (async () => {
          try {
            for await (const status of budget.watch(abort.signal)) {
              send(`event: budget\ndata: ${JSON.stringify(publicBudget(status))}\n\n`);
            }
          } catch (err) {
            log.error("budget stream failed", { error: err });
          } finally {
            stop();
            try {
              controller.close();
            } catch {
              // already closed or cancelled
            }
          }
        })();
      },
      cancel() {
        stop();
      },
    });
    return new Response(body, { headers: { ...SSE_HEADERS } });
  });

  return app;
}
