/**
 * The HTTP admin API (JSON), every route behind {@link adminAuth}:
 *  - `GET /admin/status` → `{ budget, spend }` (budget: used, limit, remaining, reserved, state, period,
 *    resetsAt, invalid; spend: the period's LLM spend in USD, per model, and the SPEND_LIMIT_USD cap);
 *  - `POST /admin/reset` → `{ budget }` after setting the used count to 0 (repairs invalid values);
 *  - `PUT /admin/limit` `{ limit }` → `{ budget }`;
 *  - `GET /admin/api-keys?cursor&limit` → `{ keys, cursor }`;
 *  - `POST /admin/api-keys` `{ name, plan }` → 201 `{ key, record }` (the key is shown this once);
 *  - `DELETE /admin/api-keys/:id` → `{ record }`, 404 for an unknown id;
 *  - `GET /admin/audit?cursor&limit` → `{ entries, cursor }`, newest first.
 * Every change is written to the audit log with interface `http`.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import {
  type AdminContext,
  adminStatus,
  apiKeyIdSchema,
  createKey,
  createKeyInputSchema,
  fieldErrors,
  limitInputSchema,
  resetBudget,
  revokeKey,
  setBudgetLimit,
} from "../../lib/access/admin_actions.ts";
import { ApiKeyInputError, listApiKeys } from "../../lib/access/api_keys.ts";
import { AuditCursorError, listAudit } from "../../lib/access/audit_log.ts";
import type { Budget } from "../../lib/guards/budget.ts";
import type { SpendTracker } from "../../lib/guards/spend.ts";
import type { Config } from "../../lib/platform/config.ts";
import { BodyError, jsonError, readJsonBody } from "../http_errors.ts";
import { adminAuth } from "./middleware.ts";

/** What the admin API is built from. */
export interface AdminApiDeps {
  config: Pick<Config, "ADMIN_API_KEY">;
  kv: Deno.Kv;
  budget: Budget;
  /** LLM spend (shown in the status). */
  spend: SpendTracker;
}

/** Query of the paginated lists. */
const pageQuerySchema = z.object({
  cursor: z.string().max(1000, "too long").optional(),
  limit: z.coerce.number({ error: "must be a number" }).int("must be an integer").min(1, "must be 1–200")
    .max(200, "must be 1–200").optional(),
});

/** Parses the JSON body with `schema`, or answers the 4xx. */
async function parseBody<T extends z.ZodType>(
  c: Context,
  schema: T,
): Promise<{ ok: true; value: z.infer<T> } | { ok: false; res: Response }> {
  let body: unknown;
  try {
    body = await readJsonBody(c.req.raw);
  } catch (err) {
    if (err instanceof BodyError) {
      return { ok: false, res: jsonError(c, err.status, err.code, err.message, err.fields) };
    }
    throw err;
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      res: jsonError(c, 400, "invalid_request", "The request body is invalid.", fieldErrors(parsed.error)),
    };
  }
  return { ok: true, value: parsed.data };
}

/** Parses `?cursor&limit`, or answers 400. */
function parsePageQuery(c: Context) {
  const parsed = pageQuerySchema.safeParse({ cursor: c.req.query("cursor"), limit: c.req.query("limit") });
  if (!parsed.success) {
    return {
      ok: false as const,
      res: jsonError(c, 400, "invalid_request", "The query is invalid.", fieldErrors(parsed.error)),
    };
  }
  return { ok: true as const, value: parsed.data };
}

/** True for a malformed list cursor (lib/platform/kv/paginate.ts; the API key store names the field). */
function isCursorError(err: unknown): boolean {
  if (err instanceof ApiKeyInputError) return err.field === "cursor";
  return err instanceof AuditCursorError;
}

/** Builds the admin API routes (mount at `/`; paths are absolute under `/admin`). */
export function adminApiRoutes(deps: AdminApiDeps): Hono {
  const { kv, budget } = deps;
  const ctx: AdminContext = { kv, budget, spend: deps.spend, via: "http" };
  const auth = adminAuth({ adminKey: deps.config.ADMIN_API_KEY });
  const api = new Hono();

  api.get("/admin/status", auth, async (c) => c.json(await adminStatus(ctx)));

  api.post("/admin/reset", auth, async (c) => c.json({ budget: await resetBudget(ctx) }));

  api.put("/admin/limit", auth, async (c) => {
    const body = await parseBody(c, limitInputSchema);
    if (!body.ok) return body.res;
    return c.json({ budget: await setBudgetLimit(ctx, body.value.limit) });
  });

  api.get("/admin/api-keys", auth, async (c) => {
    const q = parsePageQuery(c);
    if (!q.ok) return q.res;
    try {
      return c.json(await listApiKeys(kv, q.value));
    } catch (err) {
      if (isCursorError(err)) {
        return jsonError(c, 400, "invalid_request", "The cursor is invalid.", { cursor: "invalid cursor" });
      }
      throw err;
    }
  });

  api.post("/admin/api-keys", auth, async (c) => {
    const body = await parseBody(c, createKeyInputSchema);
    if (!body.ok) return body.res;
    return c.json(await createKey(ctx, body.value), 201);
  });

  api.delete("/admin/api-keys/:id", auth, async (c) => {
    const id = apiKeyIdSchema.safeParse(c.req.param("id"));
    if (!id.success) {
      return jsonError(c, 400, "invalid_request", "The key id is invalid.", { id: "invalid id" });
    }
    const record = await revokeKey(ctx, id.data);
    if (!record) return jsonError(c, 404, "not_found", "No API key has this id.", { id: "unknown id" });
    return c.json({ record });
  });

  api.get("/admin/audit", auth, async (c) => {
    const q = parsePageQuery(c);
    if (!q.ok) return q.res;
    try {
      return c.json(await listAudit(kv, q.value));
    } catch (err) {
      if (isCursorError(err)) {
        return jsonError(c, 400, "invalid_request", "The cursor is invalid.", { cursor: "invalid cursor" });
      }
      throw err;
    }
  });

  return api;
}
