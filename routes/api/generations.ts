/**
 * The generation history API, mounted at `/api/generations`:
 *  - `GET /?cursor=&limit=` — the caller's own stored generations, newest first (by API key, or by the
 *    anonymous client cookie; the admin key sees every generation); `limit` 1–100 (default 20), `cursor` the
 *    opaque `cursor` of the previous page; `corrupt` counts entries skipped because they do not parse;
 *  - `GET /:id` — one generation with its full event sequence; `?format=json|md|mermaid` downloads an export
 *    (with `Content-Disposition: attachment`);
 *  - `DELETE /:id` — admin only (`X-Admin-Key` or `Authorization: Bearer`); removes the generation from every
 *    index, the vector index included, so no cache serves it afterwards.
 * Errors: 400 `invalid_request` naming the field (limit, cursor, id, format), 404 `not_found`, 409
 * `corrupt_entry` for a stored generation that does not parse (the admin can still delete it).
 */
import { boundedKv, type KvCall, KvUnavailableError } from "../../lib/platform/kv/bounded_kv.ts";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { recordAudit } from "../../lib/access/audit_log.ts";
import type { Config } from "../../lib/platform/config.ts";
import { EXPORT_FORMATS, EXPORT_TYPES, generationDocument, renderExport } from "../../lib/store/exports.ts";
import { type GenerationStore, InvalidCursorError, ULID_PATTERN } from "../../lib/store/generation_store.ts";
import { adminKeyMatches } from "../../lib/access/admin_auth.ts";
import type { ClientIdentity } from "../../lib/access/client_identity.ts";
import { log } from "../../lib/platform/logger.ts";
import { adminAuth, presentedAdminKey } from "../admin/middleware.ts";
import { apiError } from "../http_errors.ts";

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
/** Path parameters of `/api/generations/:id` (described in the OpenAPI document). */
export const generationParamSchema = z.object({ id: generationIdSchema });

export const getQuerySchema = z.object({
  format: z.enum(EXPORT_FORMATS, { error: `must be one of: ${EXPORT_FORMATS.join(", ")}` }).optional(),
});

function firstIssues(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issue.path.map(String).join(".") || "query"] ??= issue.message;
  return fields;
}

function badId(message: string) {
  return apiError(400, "invalid_request", "Invalid generation id.", { id: message });
}

/** What the routes are built from. */
type GenerationsDeps = { config: Config; kv: Deno.Kv; store: GenerationStore; kvCall?: KvCall };

type GenerationsEnv = { Variables: { client?: ClientIdentity } };

/** `GET /`: a page of the caller's own generations; the admin key lists everything (corrupt ids included). */
async function listGenerations(c: Context<GenerationsEnv>, deps: GenerationsDeps, kvCall: KvCall) {
  const { store, config } = deps;
  const parsed = listQuerySchema.safeParse({ limit: c.req.query("limit"), cursor: c.req.query("cursor") });
  if (!parsed.success) {
    throw apiError(400, "invalid_request", "Invalid query.", firstIssues(parsed.error));
  }
  // Only the caller's own generations; the admin key lists everything (corrupt ids included).
  const admin = await adminKeyMatches(config.ADMIN_API_KEY, presentedAdminKey(c));
  const client = c.get("client");
  const owner = admin ? undefined : client?.owner;
  if (!admin && !owner) return c.json({ generations: [], cursor: null, corrupt: 0 });
  try {
    const page = await kvCall(
      "generations.list",
      () => store.list({ limit: parsed.data.limit ?? 20, cursor: parsed.data.cursor, owner }),
    ).catch((err) => {
      // A bad cursor is the caller's error, not the store's: unwrap it for the 400 below.
      throw err instanceof KvUnavailableError && err.cause instanceof InvalidCursorError ? err.cause : err;
    });
    return c.json({
      generations: page.generations.map((g) => ({ ...g, createdAt: new Date(g.createdAt).toISOString() })),
      cursor: page.cursor,
      corrupt: page.corrupt,
      ...(admin ? { corruptIds: page.corruptIds } : {}),
    });
  } catch (err) {
    if (err instanceof InvalidCursorError) {
      throw apiError(400, "invalid_request", "Invalid query.", { cursor: "is not a valid cursor" });
    }
    throw err;
  }
}

/** `GET /:id`: one generation as its JSON document, or as an export file (`?format=`). */
async function getGeneration(c: Context<GenerationsEnv>, store: GenerationStore, kvCall: KvCall) {
  const id = generationIdSchema.safeParse(c.req.param("id"));
  if (!id.success) throw badId(id.error.issues[0].message);
  const query = getQuerySchema.safeParse({ format: c.req.query("format") });
  if (!query.success) {
    throw apiError(400, "invalid_request", "Invalid query.", firstIssues(query.error));
  }
  const found = await kvCall("generations.read", () => store.read(id.data));
  if (found.status === "missing") {
    throw apiError(404, "not_found", `No generation with id ${id.data}.`);
  }
  if (found.status === "corrupt") {
    log.warn("corrupt generation requested", { id: id.data, reason: found.reason });
    throw apiError(
      409,
      "corrupt_entry",
      `The stored generation ${id.data} is damaged and cannot be shown; an admin can delete it.`,
    );
  }
  const stored = found.stored;
  const format = query.data.format;
  if (!format) return c.json(generationDocument(stored));
  const { contentType, extension } = EXPORT_TYPES[format];
  return c.body(renderExport(stored, format), 200, {
    "Content-Type": contentType,
    "Content-Disposition": `attachment; filename="vibetoprod-${stored.record.id}.${extension}"`,
    "X-Content-Type-Options": "nosniff",
  });
}

/** Builds the routes. */
export function generationsRoutes(deps: GenerationsDeps) {
  const { store, config } = deps;
  // Store reads are bounded; a KV failure or timeout becomes the kv_unavailable refusal (routes/app.ts).
  const kvCall: KvCall = deps.kvCall ?? ((op, fn) => boundedKv(op, fn));
  const api = new Hono<GenerationsEnv>();

  api.get("/", (c) => listGenerations(c, deps, kvCall));
  api.get("/:id", (c) => getGeneration(c, store, kvCall));

  api.delete("/:id", adminAuth({ adminKey: config.ADMIN_API_KEY }), async function deleteGeneration(c) {
    const id = generationIdSchema.safeParse(c.req.param("id"));
    if (!id.success) throw badId(id.error.issues[0].message);
    const deleted = await store.delete(id.data);
    if (!deleted) throw apiError(404, "not_found", `No generation with id ${id.data}.`);
    await recordAudit(deps.kv, { action: "generation.delete", interface: "http", details: { id: id.data } })
      .catch((err) => log.error("audit record failed", { error: err }));
    return c.json({ deleted: true, id: id.data });
  });

  return api;
}
