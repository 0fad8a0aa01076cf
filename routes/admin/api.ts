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
import { Hono } from "hono";
import { z } from "zod";
import {
  type AdminContext,
  adminStatus,
  apiKeyIdSchema,
  createKey,
  createKeyInputSchema,
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
import { apiError, jsonBody, validate } from "../http_errors.ts";
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
export const pageQuerySchema = z.object({
  cursor: z.string().max(1000, "too long").optional(),
  limit: z.coerce.number({ error: "must be a number" }).int("must be an integer").min(1, "must be 1–200")
    .max(200, "must be 1–200").optional(),
});

/** True for a malformed list cursor (lib/platform/kv/paginate.ts; the API key store names the field). */
function isCursorError(err: unknown): boolean {
  if (err instanceof ApiKeyInputError) return err.field === "cursor";
  return err instanceof AuditCursorError;
}

/** Runs a list read; a malformed cursor becomes the 400 naming `cursor`. */
async function listPage<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (isCursorError(err)) {
      throw apiError(400, "invalid_request", "The cursor is invalid.", { cursor: "invalid cursor" });
    }
    throw err;
  }
}

/** A key id in a path. */
export const apiKeyParamSchema = z.object({ id: apiKeyIdSchema });

/** Builds the admin API routes (mount at `/`; paths are absolute under `/admin`). */
export function adminApiRoutes(deps: AdminApiDeps): Hono {
  const { kv, budget } = deps;
  const ctx: AdminContext = { kv, budget, spend: deps.spend, via: "http" };
  const auth = adminAuth({ adminKey: deps.config.ADMIN_API_KEY });
  const api = new Hono();

  api.get("/admin/status", auth, async (c) => c.json(await adminStatus(ctx)));

  api.post("/admin/reset", auth, async (c) => c.json({ budget: await resetBudget(ctx) }));

  api.put("/admin/limit", auth, jsonBody(), validate("json", limitInputSchema), async (c) => {
    return c.json({ budget: await setBudgetLimit(ctx, c.req.valid("json").limit) });
  });

  api.get("/admin/api-keys", auth, validate("query", pageQuerySchema), async (c) => {
    return c.json(await listPage(() => listApiKeys(kv, c.req.valid("query"))));
  });

  api.post("/admin/api-keys", auth, jsonBody(), validate("json", createKeyInputSchema), async (c) => {
    return c.json(await createKey(ctx, c.req.valid("json")), 201);
  });

  api.delete("/admin/api-keys/:id", auth, validate("param", apiKeyParamSchema), async (c) => {
    const record = await revokeKey(ctx, c.req.valid("param").id);
    if (!record) throw apiError(404, "not_found", "No API key has this id.", { id: "unknown id" });
    return c.json({ record });
  });

  api.get("/admin/audit", auth, validate("query", pageQuerySchema), async (c) => {
    return c.json(await listPage(() => listAudit(kv, c.req.valid("query"))));
  });

  return api;
}
