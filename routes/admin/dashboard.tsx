/**
 * The admin dashboard (server-rendered HTML, one small island for the live budget gauge):
 *  - `GET /admin` — sign-in form, or the dashboard when the session cookie is valid;
 *  - `POST /admin/session` — sign in with the admin key → signed session cookie (HttpOnly, SameSite=Strict,
 *    Secure on https, Path=/admin), then 303 to `/admin`;
 *  - `POST /admin/session/end` — sign out (the session is revoked server-side: its cookie stops working);
 *  - `POST /admin/ui/generations/:id/delete` — delete a generation (offered for corrupt entries), confirmed;
 *  - `POST /admin/ui/reset`, `POST /admin/ui/limit`, `POST /admin/ui/api-keys`,
 *    `POST /admin/ui/api-keys/:id/revoke`, `POST /admin/ui/generations/:id/delete` — the dashboard's forms.
 *    Reset, limit, revoke and delete answer with a confirmation page first; its form carries `confirm=yes`
 *    and performs the action. Every action ends in a 303 redirect (POST-redirect-GET), so a reload never
 *    repeats it: a new API key is kept for its one showing sealed under a random one-time token (KV holds only
 *    ciphertext under the token's hash, 5 minutes, deleted when shown); the redirect carries only that token.
 * Every form is CSRF-safe: it must come from our own origin (`Sec-Fetch-Site`/`Origin`/`Referer`) and carry the
 * session's CSRF token (403 otherwise). Actions are recorded in the audit log with interface `dashboard`.
 * Sign-in is limited per address (`ADMIN_SIGN_IN_LIMIT`, lib/access/sign_in_limit.ts): past it, 429 with
 * `Retry-After` and doubling lockouts, audited as `session.sign_in_locked`.
 */
import { newFlashToken, openFlash, sealFlash } from "../../lib/access/sealed_flash.ts";
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, setCookie } from "hono/cookie";
import type { ContentfulStatusCode } from "hono/utils/http-status";
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
import {
  adminKeyMatches,
  adminKeyUsable,
  type AdminSession,
  createSessionToken,
  csrfTokenFor,
  DEFAULT_SESSION_TTL_MS,
  revokeSession,
  storeSession,
  verifyCsrfToken,
} from "../../lib/access/admin_auth.ts";
import { SignInLimiter } from "../../lib/access/sign_in_limit.ts";
import { parseRateLimitSpec } from "../../lib/guards/rate_limit.ts";
import { clientAddressKey } from "../middleware/client.ts";
import { API_KEY_KEYS, type ApiKeyRecord, listApiKeys } from "../../lib/access/api_keys.ts";
import { listAudit, recordAudit } from "../../lib/access/audit_log.ts";
import type { Budget } from "../../lib/guards/budget.ts";
import type { SpendTracker } from "../../lib/guards/spend.ts";
import type { Config } from "../../lib/platform/config.ts";
import { GenerationStore, ULID_PATTERN } from "../../lib/store/generation_store.ts";
import {
  BackLink,
  Confirm,
  Dashboard,
  type DashboardData,
  Message,
  page,
  SignIn,
} from "./dashboard_views.tsx";
import {
  ADMIN_DISABLED_MESSAGE,
  ADMIN_SESSION_COOKIE,
  adminDisabledError,
  adminSession,
  type AdminSessionEnv,
  publicOrigin,
  sameOriginRequest,
} from "./middleware.ts";

/** What the dashboard is built from. */
export interface AdminDashboardDeps {
  config:
    & Pick<Config, "ADMIN_API_KEY" | "TRUST_PROXY">
    & Partial<Pick<Config, "trustedProxies" | "IPV6_CLIENT_PREFIX" | "ADMIN_SIGN_IN_LIMIT">>;
  kv: Deno.Kv;
  budget: Budget;
  /** LLM spend of the current period (shown next to the budget). */
  spend: SpendTracker;
  /** The generation store (recent generations); default: a store over `kv`, used read-only. */
  store?: GenerationStore;
  /** Session lifetime (default 8 hours). */
  sessionTtlMs?: number;
}

type DashEnv = AdminSessionEnv & { Variables: { form: Record<string, string> } };

/** KV prefix of new API keys waiting, sealed, for their one showing after the redirect (lib/access/sealed_flash.ts). */
const NEW_KEY_FLASH: Deno.KvKey = ["admin", "new_key_flash"];

/** Largest accepted form body. */
const MAX_FORM_BYTES = 16 * 1024;

/** Flash messages shown after a redirect (by code, so nothing user-controlled is echoed). */
const FLASH: Record<string, string> = {
  reset: "The budget was reset.",
  limit: "The limit was changed.",
  revoked: "The API key was revoked.",
  deleted: "The generation was deleted.",
  signed_out: "Signed out.",
};

/** Lists a page, ignoring a malformed cursor (the first page is shown instead). */
async function pageOf<T>(load: (cursor?: string) => Promise<T>, cursor: string | undefined): Promise<T> {
  if (!cursor) return await load();
  try {
    return await load(cursor.slice(0, 1000));
  } catch {
    return await load();
  }
}

/** 503 while admin access is disabled: an HTML page for browsers, the JSON error for everything else. */
function disabledPage(c: Context): Response {
  if (!/\btext\/html\b/.test(c.req.header("Accept") ?? "")) throw adminDisabledError();
  return page(c, 503, "Admin disabled", <Message kind="error">{ADMIN_DISABLED_MESSAGE}</Message>);
}

/** 403 with the reason and a link back. */
function forbidden(c: Context, why: string): Response {
  return page(
    c,
    403,
    "Forbidden",
    <>
      <Message kind="error">{why}</Message>
      <BackLink />
    </>,
  );
}

/** 429 after too many failed sign-ins, with `Retry-After`. */
function lockedPage(c: Context, retryAfterSeconds: number): Response {
  c.header("Retry-After", String(retryAfterSeconds));
  return page(
    c,
    429,
    "Sign in",
    <>
      <Message kind="error">
        Too many failed sign-ins from your address. Try again in {retryAfterSeconds} s.
      </Message>
    </>,
  );
}

/** Reads the form body (form content types only) into `form`. */
const readForm: MiddlewareHandler<DashEnv> = async function readForm(c, next) {
  const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded" && type !== "multipart/form-data") {
    return page(c, 415, "Unsupported form", <Message kind="error">Send the form as a web form.</Message>);
  }
  const body = await c.req.parseBody();
  const form: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === "string") form[k] = v;
  c.set("form", form);
  await next();
};

/** Refuses a form body over {@link MAX_FORM_BYTES}. */
const limitBody = bodyLimit({
  maxSize: MAX_FORM_BYTES,
  onError: (c) => page(c, 413, "Too large", <Message kind="error">The form is too large.</Message>),
});

/** The CSRF token the submitted form carried (passed on to a confirmation page). */
const csrfOf = (c: Context<DashEnv>) => c.get("form")._csrf;

/** What every group of dashboard routes shares, built once from the deps. */
interface DashShared {
  kv: Deno.Kv;
  budget: Budget;
  store: GenerationStore;
  config: AdminDashboardDeps["config"];
  adminKey: string | undefined;
  ttlMs: number;
  ctx: AdminContext;
  /** Guards every dashboard form: enabled, signed in, same origin, valid CSRF token. */
  guard: MiddlewareHandler<DashEnv>;
  /** Renders the dashboard with its data, optionally with a flash, a new key or an error. */
  renderDashboard: (
    c: Context<DashEnv>,
    status: ContentfulStatusCode,
    extra?: { flash?: string; newKey?: { key: string; record: ApiKeyRecord }; error?: string },
  ) => Promise<Response>;
}

/** Builds what the route groups share: services, the guard and the dashboard renderer. */
function dashShared(deps: AdminDashboardDeps): DashShared {
  const { kv, budget, config } = deps;
  const store = deps.store ?? new GenerationStore(kv);
  const adminKey = config.ADMIN_API_KEY;
  const ctx: AdminContext = { kv, budget, spend: deps.spend, via: "dashboard" };

  const loadData = async (c: Context): Promise<DashboardData> => {
    const [{ budget: status, spend }, keys, generations, audit] = await Promise.all([
      adminStatus(ctx),
      pageOf((cursor) => listApiKeys(kv, { cursor, limit: 50 }), c.req.query("keysCursor")),
      pageOf((cursor) => store.list({ cursor, limit: 20 }), c.req.query("generationsCursor")),
      pageOf((cursor) => listAudit(kv, { cursor, limit: 50 }), c.req.query("auditCursor")),
    ]);
    return {
      status,
      spend,
      keys: keys.keys,
      keysCursor: keys.cursor ?? null,
      generations: generations.generations,
      generationsCursor: generations.cursor,
      corruptIds: generations.corruptIds ?? [],
      audit: audit.entries,
      auditCursor: audit.cursor,
    };
  };

  const renderDashboard: DashShared["renderDashboard"] = async (c, status, extra = {}) => {
    const session = c.get("adminSession") as AdminSession;
    const csrf = await csrfTokenFor(adminKey as string, session);
    return page(c, status, "VibeToProd admin", <Dashboard data={await loadData(c)} csrf={csrf} {...extra} />);
  };

  const guard: MiddlewareHandler<DashEnv> = async function dashboardGuard(c, next) {
    if (!adminKeyUsable(adminKey)) return disabledPage(c);
    const session = c.get("adminSession");
    if (!session) {
      return page(
        c,
        401,
        "Sign in",
        <>
          <Message kind="error">Your session has ended.</Message>
          <SignIn />
        </>,
      );
    }
    if (!sameOriginRequest(c, config.TRUST_PROXY)) {
      return forbidden(c, "Cross-origin form submissions are refused.");
    }
    if (!(await verifyCsrfToken(adminKey, session, c.get("form")._csrf))) {
      return forbidden(c, "The form's security token is missing or wrong; reload the dashboard and retry.");
    }
    await next();
  };

  const ttlMs = deps.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
  return { kv, budget, store, config, adminKey, ttlMs, ctx, guard, renderDashboard };
}

/** `GET /admin` (sign-in form or dashboard), sign-in (limited per address) and sign-out. */
function sessionRoutes(dash: Hono<DashEnv>, s: DashShared): void {
  const { kv, config, adminKey, ttlMs, guard, renderDashboard } = s;
  const signInRule = parseRateLimitSpec(config.ADMIN_SIGN_IN_LIMIT ?? "10/1m");
  const signInLimiter = signInRule ? new SignInLimiter(kv, signInRule) : null;
  const senderOf = (c: Context) =>
    clientAddressKey(c, config.trustedProxies ?? config.TRUST_PROXY, config.IPV6_CLIENT_PREFIX);

  dash.get("/admin", async (c) => {
    if (!adminKeyUsable(adminKey)) return disabledPage(c);
    if (!c.get("adminSession")) return page(c, 200, "Sign in", <SignIn />);
    const flash = FLASH[c.req.query("done") ?? ""];
    const token = c.req.query("key") ?? "";
    let newKey: { key: string; record: ApiKeyRecord } | undefined;
    if (/^[A-Za-z0-9_-]{20,64}$/.test(token)) {
      newKey = (await openFlash<{ key: string; record: ApiKeyRecord }>(kv, NEW_KEY_FLASH, token)) ??
        undefined;
    }
    return await renderDashboard(c, 200, { flash, newKey });
  });

  dash.post("/admin/session", limitBody, readForm, async (c) => {
    if (!adminKeyUsable(adminKey)) return disabledPage(c);
    if (!sameOriginRequest(c, config.TRUST_PROXY)) return forbidden(c, "Cross-origin sign-in is refused.");
    const sender = senderOf(c);
    if (signInLimiter) {
      const allowed = await signInLimiter.check(sender);
      if (!allowed.allowed) return lockedPage(c, allowed.retryAfterSeconds);
    }
    if (!(await adminKeyMatches(adminKey, c.get("form").adminKey))) {
      const after = await signInLimiter?.recordFailure(sender);
      if (after && !after.allowed) {
        await recordAudit(kv, {
          action: "session.sign_in_locked",
          interface: "dashboard",
          details: { client: sender, lockouts: after.lockouts, seconds: after.retryAfterSeconds },
        });
        return lockedPage(c, after.retryAfterSeconds);
      }
      return page(c, 401, "Sign in", <SignIn error="That key is not valid." />);
    }
    await signInLimiter?.recordSuccess(sender);
    const { token, session: created } = await createSessionToken(adminKey, { ttlMs });
    await storeSession(kv, created);
    setCookie(c, ADMIN_SESSION_COOKIE, token, {
      path: "/admin",
      httpOnly: true,
      sameSite: "Strict",
      secure: publicOrigin(c, config.TRUST_PROXY).startsWith("https:"),
      maxAge: Math.floor(ttlMs / 1000),
    });
    await recordAudit(kv, { action: "session.sign_in", interface: "dashboard", details: {} });
    c.header("Cache-Control", "no-store");
    return c.redirect("/admin", 303);
  });

  dash.post("/admin/session/end", limitBody, readForm, guard, async (c) => {
    await revokeSession(kv, c.get("adminSession") as AdminSession);
    await recordAudit(kv, { action: "session.sign_out", interface: "dashboard", details: {} });
    deleteCookie(c, ADMIN_SESSION_COOKIE, {
      path: "/admin",
      httpOnly: true,
      sameSite: "Strict",
      secure: publicOrigin(c, config.TRUST_PROXY).startsWith("https:"),
    });
    return c.redirect("/admin?done=signed_out", 303);
  });
}

/** The budget forms: reset the used count, set the limit (each confirmed first). */
function budgetRoutes(dash: Hono<DashEnv>, s: DashShared): void {
  const { budget, ctx, guard, renderDashboard } = s;

  dash.post("/admin/ui/reset", limitBody, readForm, guard, async (c) => {
    if (c.get("form").confirm !== "yes") {
      const st = await budget.status();
      return page(
        c,
        200,
        "Confirm reset",
        <Confirm
          action="/admin/ui/reset"
          question={`Reset the used count from ${st.used ?? "an invalid value"} to 0 (limit ${
            st.limit ?? "invalid"
          })? Generations resume immediately.`}
          fields={{}}
          csrf={csrfOf(c)}
        />,
      );
    }
    await resetBudget(ctx);
    return c.redirect("/admin?done=reset", 303);
  });

  dash.post("/admin/ui/limit", limitBody, readForm, guard, async (c) => {
    const raw = (c.get("form").limit ?? "").trim();
    const parsed = limitInputSchema.safeParse({ limit: /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw });
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error);
      return await renderDashboard(c, 400, {
        error: `Limit: ${fields.limit ?? "must be a non-negative integer"}.`,
      });
    }
    const limit = parsed.data.limit;
    if (c.get("form").confirm !== "yes") {
      const st = await budget.status();
      return page(
        c,
        200,
        "Confirm limit",
        <Confirm
          action="/admin/ui/limit"
          question={`Change the limit from ${st.limit ?? "an invalid value"} to ${limit}? (${
            st.used ?? "?"
          } used so far.)`}
          fields={{ limit: String(limit) }}
          csrf={csrfOf(c)}
        />,
      );
    }
    await setBudgetLimit(ctx, limit);
    return c.redirect("/admin?done=limit", 303);
  });
}

/** The API key forms: create (shown once after the redirect) and revoke (confirmed first). */
function apiKeyRoutes(dash: Hono<DashEnv>, s: DashShared): void {
  const { kv, ctx, guard, renderDashboard } = s;

  dash.post("/admin/ui/api-keys", limitBody, readForm, guard, async (c) => {
    const form = c.get("form");
    const parsed = createKeyInputSchema.safeParse({ name: form.name ?? "", plan: form.plan ?? "" });
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error);
      const message = Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join("; ");
      return await renderDashboard(c, 400, { error: `The key was not created (${message}).` });
    }
    const created = await createKey(ctx, parsed.data);
    // POST-redirect-GET: the key waits for its one showing under a random token; the URL carries the token.
    const token = newFlashToken();
    await sealFlash(kv, NEW_KEY_FLASH, token, created, 5 * 60_000);
    return c.redirect(`/admin?key=${token}`, 303);
  });

  dash.post("/admin/ui/api-keys/:id/revoke", limitBody, readForm, guard, async (c) => {
    const id = apiKeyIdSchema.safeParse(c.req.param("id"));
    if (!id.success) return await renderDashboard(c, 400, { error: "The key id is invalid." });
    if (c.get("form").confirm !== "yes") {
      const found = (await kv.get<ApiKeyRecord>([...API_KEY_KEYS.byId, id.data])).value;
      return page(
        c,
        found ? 200 : 404,
        "Confirm revoke",
        found
          ? (
            <Confirm
              action={`/admin/ui/api-keys/${encodeURIComponent(id.data)}/revoke`}
              question={`Revoke the API key "${found.name}" (${found.plan}, ${found.prefix}…)? Clients using it are refused from now on.`}
              fields={{}}
              csrf={csrfOf(c)}
            />
          )
          : (
            <>
              <Message kind="error">No API key has this id.</Message>
              <BackLink />
            </>
          ),
      );
    }
    const record = await revokeKey(ctx, id.data);
    if (!record) return await renderDashboard(c, 404, { error: "No API key has this id." });
    return c.redirect("/admin?done=revoked", 303);
  });
}

/** Deleting a generation (also a damaged one), confirmed first. */
function generationRoutes(dash: Hono<DashEnv>, s: DashShared): void {
  const { kv, store, guard, renderDashboard } = s;

  dash.post("/admin/ui/generations/:id/delete", limitBody, readForm, guard, async (c) => {
    const id = c.req.param("id").toUpperCase();
    if (!ULID_PATTERN.test(id)) {
      return await renderDashboard(c, 400, { error: "The generation id is invalid." });
    }
    if (c.get("form").confirm !== "yes") {
      // A corrupt entry can be deleted too (it is listed on the dashboard as damaged).
      const read = await store.read(id);
      const found = read.status === "ok" ? read.stored : null;
      return page(
        c,
        read.status === "missing" ? 404 : 200,
        "Confirm delete",
        read.status !== "missing"
          ? (
            <Confirm
              action={`/admin/ui/generations/${encodeURIComponent(id)}/delete`}
              question={found
                ? `Delete the generation "${
                  found.record.request.appDescription.slice(0, 80)
                }" (${id})? Its permalink stops working and no cache serves it again.`
                : `Delete the damaged generation ${id} and every key it occupies? This cannot be undone.`}
              fields={{}}
              csrf={csrfOf(c)}
            />
          )
          : (
            <>
              <Message kind="error">No generation has this id.</Message>
              <BackLink />
            </>
          ),
      );
    }
    const deleted = await store.delete(id);
    if (!deleted) return await renderDashboard(c, 404, { error: "No generation has this id." });
    await recordAudit(kv, { action: "generation.delete", interface: "dashboard", details: { id } });
    return c.redirect("/admin?done=deleted", 303);
  });
}

/** Builds the dashboard routes (mount at `/`; paths are absolute under `/admin`). */
export function adminDashboardRoutes(deps: AdminDashboardDeps): Hono<DashEnv> {
  const shared = dashShared(deps);
  const dash = new Hono<DashEnv>();
  const session = adminSession({ adminKey: shared.adminKey, kv: shared.kv });
  dash.use("/admin", session);
  dash.use("/admin/session", session);
  dash.use("/admin/session/*", session);
  dash.use("/admin/ui/*", session);
  sessionRoutes(dash, shared);
  budgetRoutes(dash, shared);
  apiKeyRoutes(dash, shared);
  generationRoutes(dash, shared);
  return dash;
}
