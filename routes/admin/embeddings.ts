/**
 * Admin routes of the semantic cache's backfill (behind {@link adminAuth}):
 *  - `POST /admin/generate-embeddings` — embeds stored generations that have no vector from the current
 *    embedder (or one from another embedder). Optional JSON body `{ maxItems?, timeLimitSeconds?, restart? }`:
 *    the call stops (resumably) after `maxItems` generations or `timeLimitSeconds` (default 25), and the next
 *    call continues where it stopped; `restart: true` starts a new pass. Answers `{ progress }` (200 when the
 *    pass is done, 202 when more remains), or with `Accept: application/x-ndjson` streams one progress line
 *    per page and the final progress last.
 *  - `GET /admin/generate-embeddings` → `{ embedderId, progress }`: the saved progress (null before any run).
 * Every run is written to the audit log (`embeddings.backfill`, interface `http`).
 */
import { Hono } from "hono";
import { z } from "zod";
import { recordAudit } from "../../lib/access/audit_log.ts";
import type { Config } from "../../lib/platform/config.ts";
import {
  backfillEmbeddings,
  type BackfillProgress,
  backfillStatus,
  type GenerationLister,
} from "../../lib/semantic/backfill.ts";
import type { Embedder } from "../../lib/semantic/embeddings/mod.ts";
import { log } from "../../lib/platform/logger.ts";
import { apiError, jsonBody, validate } from "../http_errors.ts";
import { adminAuth } from "./middleware.ts";

/** What the routes are built from. */
export interface AdminEmbeddingsDeps {
  config: Pick<Config, "ADMIN_API_KEY">;
  kv: Deno.Kv;
  store: GenerationLister;
  embedder: Embedder;
}

/** Body of `POST /admin/generate-embeddings`. */
export const backfillInputSchema = z.object({
  maxItems: z.number({ error: "must be a number" }).int("must be an integer").min(1, "must be 1–1000000")
    .max(1_000_000, "must be 1–1000000").optional(),
  timeLimitSeconds: z.number({ error: "must be a number" }).min(1, "must be 1–300").max(300, "must be 1–300")
    .optional(),
  restart: z.boolean({ error: "must be true or false" }).optional(),
}).strict();

/** Builds the routes. */
export function adminEmbeddingsRoutes(deps: AdminEmbeddingsDeps): Hono {
  const { kv, store, embedder } = deps;
  const app = new Hono();
  app.use("/admin/generate-embeddings", adminAuth({ adminKey: deps.config.ADMIN_API_KEY }));

  app.get("/admin/generate-embeddings", async (c) => {
    return c.json({ embedderId: embedder.id, progress: await backfillStatus(kv, embedder.id) });
  });

  // No body, or a blank one whatever its content type, is `{}`: a bare `curl -X POST` sends no
  // Content-Length, and Deno then still hands over an (empty) body stream.
  const body = [jsonBody({ optional: true }), validate("json", backfillInputSchema)] as const;
  app.post("/admin/generate-embeddings", ...body, async (c) => {
    const input = c.req.valid("json");
    const options = {
      cursor: input.restart ? null : undefined,
      maxItems: input.maxItems,
      timeLimitMs: (input.timeLimitSeconds ?? 25) * 1000,
    };
    const audit = (progress: BackfillProgress) =>
      recordAudit(kv, {
        action: "embeddings.backfill",
        interface: "http",
        details: {
          embedderId: progress.embedderId,
          processed: progress.processed,
          embedded: progress.embedded,
          done: progress.done,
        },
      });
    const fail = (err: unknown) => log.error("embeddings backfill failed", { error: err });

    if ((c.req.header("accept") ?? "").includes("application/x-ndjson")) {
      const encoder = new TextEncoder();
      const abort = new AbortController();
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          const line = (value: unknown) => controller.enqueue(encoder.encode(JSON.stringify(value) + "\n"));
          try {
            const progress = await backfillEmbeddings(kv, { store, embedder }, {
              ...options,
              signal: abort.signal,
              onProgress: (p) => line({ type: "progress", progress: p }),
            });
            await audit(progress);
            line({ type: "result", progress });
          } catch (err) {
            fail(err);
            line({
              type: "error",
              error: { code: "backfill_failed", message: "The backfill failed; run it again." },
            });
          }
          controller.close();
        },
        cancel() {
          abort.abort();
        },
      });
      return new Response(stream, {
        headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" },
      });
    }

    let progress: BackfillProgress;
    try {
      progress = await backfillEmbeddings(kv, { store, embedder }, { ...options, signal: c.req.raw.signal });
    } catch (err) {
      fail(err);
      throw apiError(
        503,
        "backfill_failed",
        "The backfill failed (embedder or store unavailable); run it again.",
      );
    }
    await audit(progress);
    return c.json({ progress }, progress.done ? 200 : 202);
  });
  return app;
}
