/**
 * The KV editor page of the admin dashboard (server-rendered HTML, works without JavaScript), in place of the
 * data browser the old Deno Deploy dashboard had:
 *  - `GET /admin/kv?prefix=…&cursor=…` — browse by key prefix with cursor pagination: each value with its
 *    Deno KV type and versionstamp; chunked generations appear as their logical generation with a link to the
 *    permalink;
 *  - `GET /admin/kv/entry?key=<JSON key>` — one entry: its typed value, an edit form (JSON, type kept,
 *    optional expiry) and a delete button;
 *  - `POST /admin/kv/ui/set`, `POST /admin/kv/ui/delete` — the forms; delete asks for confirmation first.
 * Requests asking for JSON get the API instead (routes/admin/kv_api.ts, mounted here). Forms use the
 * dashboard's session and CSRF pattern (same origin + the session's token); a bad value answers 400 saying
 * which field and why, a concurrent change 409 showing the new value. Changes are audited as `kv-editor`.
 */
import { AdminDocument, adminHtml, Csrf } from "./admin_page.tsx";
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ComponentChildren } from "preact";
import { adminKeyUsable, csrfTokenFor, verifyCsrfToken } from "../../lib/access/admin_auth.ts";
import {
  decodeKey,
  decodeValue,
  deleteEntry,
  type EditorEntry,
  getEntry,
  KV_VALUE_TYPES,
  KvEditorConflictError,
  KvEditorInputError,
  listEntries,
  setEntry,
} from "../../lib/access/kv_editor.ts";
import {
  ADMIN_DISABLED_MESSAGE,
  adminSession,
  type AdminSessionEnv,
  sameOriginRequest,
} from "./middleware.ts";
import { type KvApiDeps, kvApiRoutes, prefixOf, wantsHtml } from "./kv_api.ts";

/** What the editor is built from (the API's dependencies). */
export type KvEditorRouteDeps = KvApiDeps;

type PageEnv = AdminSessionEnv & { Variables: { form: Record<string, string>; csrf: string } };

/** Top-level prefixes the app uses, offered as shortcuts. */
const KNOWN_PREFIXES = [
  "budget",
  "generations",
  "generation_chunks",
  "generations_by_request",
  "vectors",
  "api_keys",
  "audit",
  "rate_limit",
  "spend",
];

const entryHref = (key: unknown) => `/admin/kv/entry?key=${encodeURIComponent(JSON.stringify(key))}`;

function Layout({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <AdminDocument title={title}>
      <header>
        <p class="site">VibeToProd admin</p>
        <nav aria-label="Admin">
          <a href="/admin">Dashboard</a> · <a href="/admin/kv" aria-current="page">KV editor</a>
        </nav>
      </header>
      <main>
        <h1>{title}</h1>
        {children}
      </main>
    </AdminDocument>
  );
}

function page(c: Context, status: ContentfulStatusCode, title: string, body: ComponentChildren): Response {
  return adminHtml(c, status, <Layout title={title}>{body}</Layout>);
}

function Message({ kind, children }: { kind: "ok" | "error" | "warning"; children: ComponentChildren }) {
  return (
    <p role={kind === "ok" ? "status" : "alert"} class={kind === "warning" ? "error" : kind}>{children}</p>
  );
}

const preview = (entry: EditorEntry) => {
  if (!entry.value) return "";
  const text = JSON.stringify(entry.value.value);
  return text.length > 120 ? text.slice(0, 120) + "…" : text;
};

function GenerationNote({ entry }: { entry: EditorEntry }) {
  const g = entry.generation!;
  return (
    <span>
      {entry.kind === "generation_chunk" ? "Chunks of generation " : "Generation "}
      <code>{g.id}</code>
      {g.description ? <>: “{g.description}”</> : null}
      {g.elementCount !== undefined ? ` — ${g.elementCount} elements in ${g.chunkCount} chunk(s)` : ""}{" "}
      <a href={g.permalink}>permalink</a>
      {entry.kind === "generation_chunk" && (
        <>
          {" · "}
          <a href={entryHref(g.headerKey)}>header</a>
        </>
      )}
    </span>
  );
}

function Browse(
  { prefix, entries, cursor }: { prefix: string[]; entries: EditorEntry[]; cursor: string | null },
) {
  const next = new URLSearchParams();
  for (const p of prefix) next.append("prefix", p);
  if (cursor) next.set("cursor", cursor);
  return (
    <>
      <form method="get" action="/admin/kv" class="actions">
        <label>
          Key prefix (first part) <input name="prefix" value={prefix[0] ?? ""} list="kv-prefixes" />
        </label>
        <datalist id="kv-prefixes">
          {KNOWN_PREFIXES.map((p) => <option key={p} value={p} />)}
        </datalist>
        <button type="submit">Browse</button>
      </form>
      <form method="get" action="/admin/kv/entry" class="actions">
        <label>
          Open key (JSON) <input name="key" placeholder='["budget","limit"]' required />
        </label>
        <button type="submit">Open</button>
      </form>
      <p>
        Prefixes: {KNOWN_PREFIXES.map((p, i) => (
          <span key={p}>
            {i > 0 && " · "}
            <a href={`/admin/kv?prefix=${encodeURIComponent(p)}`}>{p}</a>
          </span>
        ))}
      </p>
      <section aria-label="Entries">
        <h2>
          Entries under <code>{JSON.stringify(prefix)}</code>
        </h2>
        {entries.length === 0 ? <p>No entries.</p> : (
          <table>
            <thead>
              <tr>
                <th>Key</th>
                <th>Type</th>
                <th>Value</th>
                <th>Versionstamp</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.keyText} data-kv-key={e.keyText}>
                  <td>
                    {e.kind === "secret" ? <code>{e.keyText}</code> : (
                      <a href={entryHref(e.key)}>
                        <code>{e.keyText}</code>
                      </a>
                    )}
                  </td>
                  <td>{e.value?.type ?? (e.kind === "generation_chunk" ? "Uint8Array (chunks)" : "")}</td>
                  <td>
                    {e.generation ? <GenerationNote entry={e} /> : <code>{preview(e)}</code>}
                  </td>
                  <td>
                    <code>{e.kind === "generation_chunk" ? "" : e.versionstamp}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {cursor && <a href={`/admin/kv?${next}`}>Next page</a>}
      </section>
    </>
  );
}

/** The edit (or create) form with the entry's type, value and expiry, and the delete button. */
function EditSection(
  { entry, csrf, draft }: {
    entry: EditorEntry;
    csrf: string;
    draft?: { type: string; value: string; expireInMs: string };
  },
) {
  const keyJson = JSON.stringify(entry.key);
  const exists = entry.versionstamp !== null;
  const type = draft?.type ?? entry.value?.type ?? "string";
  const text = draft?.value ?? (entry.value ? JSON.stringify(entry.value.value, null, 2) : "");
  return (
    <section aria-label="Edit">
      <h2>{exists ? "Edit" : "Create"}</h2>
      <form method="post" action="/admin/kv/ui/set">
        <Csrf token={csrf} />
        <input type="hidden" name="key" value={keyJson} />
        <input type="hidden" name="versionstamp" value={entry.versionstamp ?? ""} />
        <p>
          <label>
            Type{" "}
            <select name="type">
              {KV_VALUE_TYPES.map((t) => <option key={t} value={t} selected={t === type}>{t}</option>)}
            </select>
          </label>
        </p>
        <p>
          <label>
            Value (JSON; bigint, KvU64 as "digits", Uint8Array as base64, Date as ISO text)
            <br />
            <textarea
              name="value"
              rows={Math.min(30, Math.max(3, text.split("\n").length + 1))}
              cols={80}
            >
              {text}
            </textarea>
          </label>
        </p>
        <p>
          <label>
            Expire in (milliseconds; leave empty to keep no expiry){" "}
            <input type="number" name="expireInMs" min="1" step="1" value={draft?.expireInMs ?? ""} />
          </label>
        </p>
        <button type="submit">Save</button>
      </form>
      {exists && (
        <form method="post" action="/admin/kv/ui/delete">
          <Csrf token={csrf} />
          <input type="hidden" name="key" value={keyJson} />
          <input type="hidden" name="versionstamp" value={entry.versionstamp ?? ""} />
          <button type="submit">
            {entry.kind === "generation" ? "Delete this generation…" : "Delete…"}
          </button>
        </form>
      )}
    </section>
  );
}

/** One entry: its key, type, versionstamp, generation, current value and the edit form. */
function EntryView(
  { entry, csrf, draft, message }: {
    entry: EditorEntry;
    csrf: string;
    draft?: { type: string; value: string; expireInMs: string };
    message?: ComponentChildren;
  },
) {
  return (
    <>
      <p>
        <a href={`/admin/kv?prefix=${encodeURIComponent(String(entry.key[0]))}`}>Back to the listing</a>
      </p>
      {message}
      <dl>
        <dt>Key</dt>
        <dd>
          <code data-field="key">{entry.keyText}</code>
        </dd>
        <dt>Type</dt>
        <dd data-field="type">{entry.value?.type ?? "(absent)"}</dd>
        <dt>Versionstamp</dt>
        <dd>
          <code data-field="versionstamp">{entry.versionstamp ?? "none: the key does not exist"}</code>
        </dd>
        {entry.generation && (
          <>
            <dt>Logical generation</dt>
            <dd>
              <GenerationNote entry={entry} />
            </dd>
          </>
        )}
      </dl>
      {entry.note && <Message kind={entry.kind === "raw" ? "warning" : "ok"}>{entry.note}</Message>}
      {entry.kind === "generation_chunk" && (
        <p>Raw chunk bytes are not shown or edited; open the generation header or its permalink.</p>
      )}
      {entry.value && entry.kind !== "generation_chunk" && (
        <section aria-label="Current value">
          <h2>Current value</h2>
          <pre><code data-field="value">{JSON.stringify(entry.value.value, null, 2)}</code></pre>
        </section>
      )}
      {entry.editable && <EditSection entry={entry} csrf={csrf} draft={draft} />}
    </>
  );
}

/** Checks a page request: null when it may go on, else the page to answer with. */
type PageAuth = (c: Context<PageEnv>) => Promise<Response | null>;

/** Pages need a usable admin key and a session (set by the session middleware); sets the page's CSRF token. */
function pageAuthFor(adminKey: string | undefined): PageAuth {
  return async (c) => {
    if (!adminKeyUsable(adminKey)) {
      return page(c, 503, "Admin disabled", <Message kind="error">{ADMIN_DISABLED_MESSAGE}</Message>);
    }
    const s = c.get("adminSession");
    if (!s) {
      return page(
        c,
        401,
        "Sign in",
        <p>
          Your session has ended. <a href="/admin">Sign in on the dashboard</a>, then come back.
        </p>,
      );
    }
    c.set("csrf", await csrfTokenFor(adminKey, s));
    return null;
  };
}

/** The browse and entry pages (`GET /admin/kv`, `GET /admin/kv/entry`); JSON requests fall through to the API. */
function pageRoutes(ui: Hono<PageEnv>, deps: KvEditorRouteDeps, pageAuth: PageAuth): void {
  ui.get("/admin/kv", async (c, next) => {
    if (!wantsHtml(c)) return await next(); // the JSON API below answers
    const denied = await pageAuth(c);
    if (denied) return denied;
    const prefix = prefixOf(c);
    try {
      const pageData = await listEntries(deps, prefix, { cursor: c.req.query("cursor") || undefined });
      return page(c, 200, "KV editor", <Browse prefix={prefix} {...pageData} />);
    } catch (err) {
      if (!(err instanceof KvEditorInputError)) throw err;
      return page(
        c,
        400,
        "KV editor",
        <>
          <Message kind="error">{err.field}: {err.message}</Message>
          <Browse prefix={prefix} entries={[]} cursor={null} />
        </>,
      );
    }
  });

  ui.get("/admin/kv/entry", async (c, next) => {
    if (!wantsHtml(c)) return await next();
    const denied = await pageAuth(c);
    if (denied) return denied;
    try {
      const entry = await getEntry(deps, decodeKey(c.req.query("key") ?? ""));
      return page(c, 200, "KV entry", <EntryView entry={entry} csrf={c.get("csrf")} />);
    } catch (err) {
      if (!(err instanceof KvEditorInputError)) throw err;
      return page(
        c,
        400,
        "KV entry",
        <>
          <Message kind="error">{err.field}: {err.message}</Message>
          <p>
            <a href="/admin/kv">Back to the KV editor</a>
          </p>
        </>,
      );
    }
  });
}

/** Reads the form body (form content types only) into `form`. */
const readForm: MiddlewareHandler<PageEnv> = async function readForm(c, next) {
  const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded" && type !== "multipart/form-data") {
    return page(c, 415, "Unsupported form", <Message kind="error">Send the form as a web form.</Message>);
  }
  const form: Record<string, string> = {};
  for (const [k, v] of Object.entries(await c.req.parseBody())) if (typeof v === "string") form[k] = v;
  c.set("form", form);
  await next();
};

/** Guards every editor form: page auth, same origin, valid CSRF token. */
function formGuardFor(deps: KvEditorRouteDeps, pageAuth: PageAuth): MiddlewareHandler<PageEnv> {
  const adminKey = deps.config.ADMIN_API_KEY;
  return async function kvFormGuard(c, next) {
    const denied = await pageAuth(c);
    if (denied) return denied;
    if (!sameOriginRequest(c, deps.config.TRUST_PROXY)) {
      return page(
        c,
        403,
        "Forbidden",
        <Message kind="error">Cross-origin form submissions are refused.</Message>,
      );
    }
    if (!(await verifyCsrfToken(adminKey as string, c.get("adminSession")!, c.get("form")._csrf))) {
      return page(
        c,
        403,
        "Forbidden",
        <Message kind="error">
          The form's security token is missing or wrong; reload the page and retry.
        </Message>,
      );
    }
    await next();
  };
}

/** Refuses a form body over 64 KiB. */
const limitBody = bodyLimit({
  maxSize: 64 * 1024,
  onError: (c) => page(c, 413, "Too large", <Message kind="error">The form is too large.</Message>),
});

/** Re-reads an entry for a page after a failed write (the key may itself be what failed). */
async function entryOr(deps: KvEditorRouteDeps, raw: string): Promise<EditorEntry | null> {
  try {
    return await getEntry(deps, decodeKey(raw));
  } catch {
    return null;
  }
}

/** `POST /admin/kv/ui/set`: saves a typed value (optional expiry) under a versionstamp check. */
function setRoute(ui: Hono<PageEnv>, deps: KvEditorRouteDeps): void {
  ui.post("/admin/kv/ui/set", async (c) => {
    const form = c.get("form");
    const draft = { type: form.type ?? "", value: form.value ?? "", expireInMs: form.expireInMs ?? "" };
    try {
      const key = decodeKey(form.key ?? "");
      let json: unknown;
      try {
        json = JSON.parse(draft.value);
      } catch {
        throw new KvEditorInputError("value", "is not valid JSON");
      }
      const value = decodeValue({ type: draft.type, value: json });
      const expire = draft.expireInMs.trim();
      if (expire !== "" && !/^\d+$/.test(expire)) {
        throw new KvEditorInputError("expireInMs", "must be a whole number of milliseconds");
      }
      const { entry, warning } = await setEntry(deps, {
        key,
        value,
        versionstamp: form.versionstamp ? form.versionstamp : null,
        expireInMs: expire === "" ? undefined : Number(expire),
      });
      return page(
        c,
        200,
        "KV entry",
        <EntryView
          entry={entry}
          csrf={c.get("csrf")}
          message={
            <>
              <Message kind="ok">Saved.</Message>
              {warning && <Message kind="warning">{warning}</Message>}
            </>
          }
        />,
      );
    } catch (err) {
      const current = await entryOr(deps, form.key ?? "");
      if (err instanceof KvEditorConflictError) {
        return page(
          c,
          409,
          "KV entry",
          <EntryView
            entry={err.current}
            csrf={c.get("csrf")}
            message={
              <Message kind="error">
                Not saved: the entry changed since you opened it. Its current value is shown below; edit that
                and save again.
              </Message>
            }
          />,
        );
      }
      if (!(err instanceof KvEditorInputError)) throw err;
      const message = <Message kind="error">Not saved. {err.field}: {err.message}</Message>;
      if (!current) {
        return page(c, 400, "KV entry", message);
      }
      return page(
        c,
        400,
        "KV entry",
        <EntryView entry={current} csrf={c.get("csrf")} draft={draft} message={message} />,
      );
    }
  });
}

/** `POST /admin/kv/ui/delete`: asks for confirmation, then deletes (a generation as a whole). */
function deleteRoute(ui: Hono<PageEnv>, deps: KvEditorRouteDeps): void {
  ui.post("/admin/kv/ui/delete", async (c) => {
    const form = c.get("form");
    try {
      const key = decodeKey(form.key ?? "");
      const versionstamp = form.versionstamp ? form.versionstamp : null;
      if (form.confirm !== "yes") {
        const entry = await getEntry(deps, key);
        return page(
          c,
          200,
          "Confirm delete",
          <section>
            <p>
              Delete <code>{entry.keyText}</code>
              {entry.kind === "generation"
                ? " and the whole generation (chunks, index entry, vector)? Its permalink stops working."
                : "?"} This cannot be undone.
            </p>
            <form method="post" action="/admin/kv/ui/delete">
              <Csrf token={c.get("csrf")} />
              <input type="hidden" name="key" value={form.key} />
              <input type="hidden" name="versionstamp" value={versionstamp ?? ""} />
              <input type="hidden" name="confirm" value="yes" />
              <button type="submit">Yes, delete</button> <a href={entryHref(entry.key)}>Cancel</a>
            </form>
          </section>,
        );
      }
      const deleted = await deleteEntry(deps, { key, versionstamp });
      const listing = `/admin/kv?prefix=${encodeURIComponent(String(key[0]))}`;
      return page(
        c,
        deleted ? 200 : 404,
        "KV editor",
        <>
          <Message kind={deleted ? "ok" : "error"}>{deleted ? "Deleted." : "No entry has this key."}</Message>
          <p>
            <a href={listing}>Back to the listing</a>
          </p>
        </>,
      );
    } catch (err) {
      if (err instanceof KvEditorConflictError) {
        return page(
          c,
          409,
          "KV entry",
          <EntryView
            entry={err.current}
            csrf={c.get("csrf")}
            message={<Message kind="error">Not deleted: the entry changed since you opened it.</Message>}
          />,
        );
      }
      if (!(err instanceof KvEditorInputError)) throw err;
      return page(
        c,
        400,
        "KV entry",
        <Message kind="error">Not deleted. {err.field}: {err.message}</Message>,
      );
    }
  });
}

/** Builds the editor page routes and mounts the JSON API (mount at `/`). */
export function kvEditorRoutes(deps: KvEditorRouteDeps): Hono<PageEnv> {
  const ui = new Hono<PageEnv>();
  const session = adminSession({ adminKey: deps.config.ADMIN_API_KEY });
  const pageAuth = pageAuthFor(deps.config.ADMIN_API_KEY);
  ui.use("/admin/kv", session);
  ui.use("/admin/kv/entry", session);
  ui.use("/admin/kv/ui/*", session);
  pageRoutes(ui, deps, pageAuth);
  ui.use("/admin/kv/ui/*", limitBody, readForm, formGuardFor(deps, pageAuth));
  setRoute(ui, deps);
  deleteRoute(ui, deps);
  ui.route("/", kvApiRoutes(deps, { session: false }));
  return ui;
}
