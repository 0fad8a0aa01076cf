/**
 * The live budget gauge API:
 * - `GET /api/budget` → `{ used, limit, remaining, reserved, state, resetsAt }` (no caching);
 * - `GET /api/budget/stream` → SSE: a `budget` event with the same body on connect and on every change (fed by
 *   `Budget.watch`, i.e. `kv.watch`), a `: heartbeat` comment every 15 s; stops when the client goes away.
 */
import { Hono } from "hono";
import type { Budget, BudgetStatus } from "../../lib/guards/budget.ts";
import { log } from "../../lib/platform/logger.ts";
import { SSE_HEADERS } from "../sse.ts";

/** Options of the budget routes. */
export interface BudgetRoutesOptions {
  budget: Budget;
  /** Heartbeat interval (ms). Default 15 000. */
  heartbeatMs?: number;
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
  const app = new Hono();

  app.get("/api/budget", async (c) => {
    const status = await budget.status();
    return c.json(publicBudget(status), 200, { "cache-control": "no-store" });
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
