/**
 * The KV editor's JSON API (the page is routes/admin/kv_editor.tsx), behind the admin key or a dashboard
 * session like the rest of `/admin`:
 *  - `GET /admin/kv?prefix=<part>&prefix=<part>&cursor=…&limit=…` → `{ prefix, entries, cursor }`;
 *  - `GET /admin/kv/entry?key=<JSON key>` → `{ entry }` (an absent key has `versionstamp: null`);
 *  - `PUT /admin/kv` `{ key, value: { type, value }, versionstamp, expireInMs? }` → `{ entry, warning? }`;
 *  - `DELETE /admin/kv` `{ key, versionstamp }` → `{ deleted }`.
 * Bad input → 400 with the field named; a changed entry → 409 with `current` (the new value); the admin key in
 * `X-Admin-Key`/`Authorization: Bearer`, or the session cookie plus `X-CSRF-Token` from our own origin for
 * writes. Values and key parts are typed JSON (lib/access/kv_editor.ts).
 */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import {
  adminKeyMatches,
  adminKeyUsable,
  csrfTokenFor,
  verifyCsrfToken,
} from "../../lib/access/admin_auth.ts";
import {
  decodeKey,
  decodeValue,
  deleteEntry,
  getEntry,
  KvEditorConflictError,
  type KvEditorDeps,
  KvEditorInputError,
  listEntries,
  setEntry,
} from "../../lib/access/kv_editor.ts";
import type { Config } from "../../lib/platform/config.ts";
import { apiError, readJsonBody } from "../http_errors.ts";
import {
  adminDisabledError,
  adminSession,
  type AdminSessionEnv,
  presentedAdminKey,
  sameOriginRequest,
} from "./middleware.ts";

/** What the API is built from. */
export interface KvApiDeps extends KvEditorDeps {
  config: Pick<Config, "ADMIN_API_KEY" | "TRUST_PROXY">;
}

/** Largest accepted body (a generation header with room to spare; KV values are capped at 64 KiB). */
const MAX_KV_BODY_BYTES = 64 * 1024;

/** Whether the client asked for a page rather than JSON. */
export function wantsHtml(c: Context): boolean {
  const accept = c.req.header("Accept") ?? "";
  return /\btext\/html\b/.test(accept) && !/\bapplication\/json\b/.test(accept);
}

/** Answers an editor error: 400 with the field (thrown), or 409 with the current entry; others rethrown. */
function editorError(c: Context, err: unknown): Response {
  if (err instanceof KvEditorInputError) {
    throw apiError(400, "invalid_input", `${err.field}: ${err.message}`, { [err.field]: err.message });
  }
  if (err instanceof KvEditorConflictError) {
    return c.json({ error: { code: "conflict", message: err.message }, current: err.current }, 409);
  }
  throw err;
}

/**
 * Admin key or session: the key in a header passes; otherwise a valid session cookie, and for writes also a
 * same-origin request with the session's CSRF token in `X-CSRF-Token`. 503 while admin access is disabled.
 */
function keyOrSession(deps: KvApiDeps): MiddlewareHandler<AdminSessionEnv> {
  const adminKey = deps.config.ADMIN_API_KEY;
  return async function kvEditorAuth(c, next) {
    if (!adminKeyUsable(adminKey)) throw adminDisabledError();
    c.header("Cache-Control", "no-store");
    const presented = presentedAdminKey(c);
    if (presented !== undefined) {
      if (await adminKeyMatches(adminKey, presented)) return await next();
    } else {
      const session = c.get("adminSession");
      if (session) {
        if (c.req.method === "GET") return await next();
        if (!sameOriginRequest(c, deps.config.TRUST_PROXY)) {
          throw apiError(403, "forbidden", "Cross-origin writes are refused.");
        }
        if (await verifyCsrfToken(adminKey, session, c.req.header("X-CSRF-Token"))) return await next();
        throw apiError(403, "forbidden", "The X-CSRF-Token header is missing or wrong.", {
          "X-CSRF-Token": "must be the token shown on the KV editor page",
        });
      }
    }
    throw apiError(401, "unauthorized", "Admin authentication required.", undefined, {
      "WWW-Authenticate": 'Bearer realm="admin"',
    });
  };
}

/** Reads the prefix parts of a listing (`?prefix=a&prefix=b`); numbers stay strings. */
export function prefixOf(c: Context): string[] {
  return (c.req.queries("prefix") ?? []).filter((p) => p !== "").slice(0, 20).map((p) => p.slice(0, 500));
}

/**
 * Builds the JSON API routes (mount at `/`). `session: false` when the app mounting it already runs the
 * session middleware on these paths (the editor page does).
 */
export function kvApiRoutes(deps: KvApiDeps, options: { session?: boolean } = {}): Hono<AdminSessionEnv> {
  const api = new Hono<AdminSessionEnv>();
  const auth = keyOrSession(deps);
  if (options.session !== false) {
    const session = adminSession({ adminKey: deps.config.ADMIN_API_KEY });
    api.use("/admin/kv", session);
    api.use("/admin/kv/entry", session);
  }
  api.use("/admin/kv/csrf", adminSession({ adminKey: deps.config.ADMIN_API_KEY }));
  api.use("/admin/kv", auth);
  api.use("/admin/kv/entry", auth);
  api.use("/admin/kv/csrf", auth);
  readRoutes(api, deps);
  writeRoutes(api, deps);
  return api;
}

/** `GET /admin/kv` (a listing page), `GET /admin/kv/entry` (one entry), `GET /admin/kv/csrf`. */
function readRoutes(api: Hono<AdminSessionEnv>, deps: KvApiDeps): void {
  api.get("/admin/kv", async (c) => {
    const rawLimit = c.req.query("limit");
    const limit = rawLimit === undefined ? 50 : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw apiError(400, "invalid_input", "limit: must be an integer from 1 to 100", {
        limit: "must be an integer from 1 to 100",
      });
    }
    const prefix = prefixOf(c);
    try {
      const page = await listEntries(deps, prefix, { cursor: c.req.query("cursor") || undefined, limit });
      return c.json({ prefix, ...page });
    } catch (err) {
      return editorError(c, err);
    }
  });

  api.get("/admin/kv/entry", async (c) => {
    try {
      return c.json({ entry: await getEntry(deps, decodeKey(c.req.query("key") ?? "")) });
    } catch (err) {
      return editorError(c, err);
    }
  });

  /** The CSRF token for session-authenticated scripts (the page also embeds it). */
  api.get("/admin/kv/csrf", async (c) => {
    const s = c.get("adminSession");
    if (!s) throw apiError(400, "no_session", "Only dashboard sessions have a CSRF token.");
    return c.json({ csrf: await csrfTokenFor(deps.config.ADMIN_API_KEY as string, s) });
  });
}

/** The request body: a JSON object (bounded size). */
async function bodyOf(c: Context): Promise<Record<string, unknown>> {
  const body = await readJsonBody(c.req.raw, MAX_KV_BODY_BYTES);
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    throw new KvEditorInputError("body", "must be a JSON object");
  }
  return body as Record<string, unknown>;
}

/** The versionstamp the write is checked against: the one read, or null for a key that must not exist. */
function versionstampOf(body: Record<string, unknown>): string | null {
  const v = body.versionstamp;
  if (v === null) return null;
  if (typeof v === "string" && /^[0-9a-f]{20}$/.test(v)) return v;
  throw new KvEditorInputError(
    "versionstamp",
    "must be the versionstamp you read (20 hex digits), or null to create a key that does not exist",
  );
}

/** `PUT /admin/kv` (set a typed value under a versionstamp check) and `DELETE /admin/kv`. */
function writeRoutes(api: Hono<AdminSessionEnv>, deps: KvApiDeps): void {
  api.put("/admin/kv", async (c) => {
    try {
      const body = await bodyOf(c);
      const unknown = Object.keys(body).filter((k) =>
        !["key", "value", "versionstamp", "expireInMs"].includes(k)
      );
      if (unknown.length) throw new KvEditorInputError(unknown[0], "is not a field of this request");
      const key = decodeKey(body.key);
      if (!("value" in body)) throw new KvEditorInputError("value", "is required");
      const value = decodeValue(body.value);
      const result = await setEntry(deps, {
        key,
        value,
        versionstamp: versionstampOf(body),
        expireInMs: body.expireInMs as number | undefined,
      });
      return c.json(result);
    } catch (err) {
      return editorError(c, err);
    }
  });

  api.delete("/admin/kv", async (c) => {
    try {
      const body = await bodyOf(c);
      const key = decodeKey(body.key);
      const deleted = await deleteEntry(deps, { key, versionstamp: versionstampOf(body) });
      if (!deleted) throw apiError(404, "not_found", "No entry has this key.");
      return c.json({ deleted: true });
    } catch (err) {
      return editorError(c, err);
    }
  });
}
