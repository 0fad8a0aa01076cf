/**
 * The generation history API, mounted at `/api/generations`:
 *  - `GET /?cursor=&limit=` — stored generations, newest first; `limit` 1–100 (default 20), `cursor` the
 *    opaque `cursor` of the previous page;
 *  - `GET /:id` — one generation with its full event sequence; `?format=json|md|mermaid` downloads an export
 *    (with `Content-Disposition: attachment`);
 *  - `DELETE /:id` — admin only (`X-Admin-Key` or `Authorization: Bearer`); removes the generation from every
 *    index, the vector index included, so no cache serves it afterwards.
 * Errors: 400 `invalid_request` naming the field (limit, cursor, id, format), 404 `not_found`.
 */
import { Hono } from "hono";
import { z } from "zod";
import { recordAudit } from "../../lib/access/audit_log.ts";
import type { Config } from "../../lib/platform/config.ts";
import { EXPORT_FORMATS, EXPORT_TYPES, generationDocument, renderExport } from "../../lib/store/exports.ts";
import { type GenerationStore, InvalidCursorError, ULID_PATTERN } from "../../lib/store/generation_store.ts";
import { log } from "../../lib/platform/logger.ts";
import { adminAuth } from "../admin/middleware.ts";
import { apiError, validate } from "../http_errors.ts";

/** Query of the listing. */
export const listQuerySchema = z.object({
  limit: z.string().regex(/^\d{1,3}$/, "must be an integer from 1 to 100").transform(Number)
    .pipe(
      z.number().int().min(1, "must be an integer from 1 to 100").max(
        100,
        "must be an integer from 1 to 100",
      ),
    )
    .optional(),
  cursor: z.string().min(1, "must not be empty").max(200, "is not a valid cursor").optional(),
});

/** A generation id in a path: a ULID. */
export const generationIdSchema = z.string().transform((s) => s.toUpperCase())
  .pipe(z.string().regex(ULID_PATTERN, "must be a generation id (26-character ULID)"));

/** Query of `GET /:id`. */
export const getQuerySchema = z.object({
  format: z.enum(EXPORT_FORMATS, { error: `must be one of: ${EXPORT_FORMATS.join(", ")}` }).optional(),
});

/** Path of `GET|DELETE /:id`. */
export const generationParamSchema = z.object({ id: generationIdSchema });

/** Builds the routes. */
export function generationsRoutes(deps: { config: Config; kv: Deno.Kv; store: GenerationStore }) {
  const { store, config } = deps;
  const api = new Hono();

  api.get("/", validate("query", listQuerySchema), async function listGenerations(c) {
    const query = c.req.valid("query");
    let page;
    try {
      page = await store.list({ limit: query.limit ?? 20, cursor: query.cursor });
    } catch (err) {
      if (err instanceof InvalidCursorError) {
        throw apiError(400, "invalid_request", "Invalid query.", { cursor: "is not a valid cursor" });
      }
      throw err;
    }
    return c.json({
      generations: page.generations.map((g) => ({ ...g, createdAt: new Date(g.createdAt).toISOString() })),
      cursor: page.cursor,
    });
  });

  api.get(
    "/:id",
    validate("param", generationParamSchema),
    validate("query", getQuerySchema),
    async function getGeneration(c) {
      const { id } = c.req.valid("param");
      const stored = await store.get(id);
      if (!stored) throw apiError(404, "not_found", `No generation with id ${id}.`);
      const format = c.req.valid("query").format;
      if (!format) return c.json(generationDocument(stored));
      const { contentType, extension } = EXPORT_TYPES[format];
      return c.body(renderExport(stored, format), 200, {
        "Content-Type": contentType,
        "Content-Disposition": `attachment; filename="vibetoprod-${stored.record.id}.${extension}"`,
        "X-Content-Type-Options": "nosniff",
      });
    },
  );

  api.delete(
    "/:id",
    adminAuth({ adminKey: config.ADMIN_API_KEY }),
    validate("param", generationParamSchema),
    async function deleteGeneration(c) {
      const { id } = c.req.valid("param");
      const deleted = await store.delete(id);
      if (!deleted) throw apiError(404, "not_found", `No generation with id ${id}.`);
      await recordAudit(deps.kv, { action: "generation.delete", interface: "http", details: { id } })
        .catch((err) => log.error("audit record failed", { error: err }));
      return c.json({ deleted: true, id });
    },
  );

  return api;
}
