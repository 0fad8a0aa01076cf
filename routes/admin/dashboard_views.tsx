/**
 * The admin dashboard's views (server-rendered with Preact): the page layout, sign-in form, messages,
 * confirmation pages and one section per concern (budget, spend, API keys, recent generations, audit). The
 * routes that serve them are in routes/admin/dashboard.tsx.
 */
import { AdminDocument, adminHtml, Csrf } from "./admin_page.tsx";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ComponentChildren } from "preact";
import { Island } from "../../components/island.tsx";
import AdminGauge from "../../islands/admin_gauge.tsx";
import CopyButton from "../../islands/copy_button.tsx";
import { API_KEY_PLANS } from "../../lib/access/admin_actions.ts";
import type { ApiKeyRecord } from "../../lib/access/api_keys.ts";
import type { AuditEntry } from "../../lib/access/audit_log.ts";
import type { BudgetStatus } from "../../lib/guards/budget.ts";
import type { SpendStatus } from "../../lib/guards/spend.ts";
import type { GenerationSummary } from "../../lib/store/generation_store.ts";

function Layout({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <AdminDocument title={title}>
      <header>
        <h1>VibeToProd admin</h1>
      </header>
      <main>{children}</main>
    </AdminDocument>
  );
}

export function page(
  c: Context,
  status: ContentfulStatusCode,
  title: string,
  body: ComponentChildren,
): Response {
  return adminHtml(c, status, <Layout title={title}>{body}</Layout>);
}

export function SignIn({ error }: { error?: string }) {
  return (
    <section>
      <h2>Sign in</h2>
      {error && <p role="alert" class="error">{error}</p>}
      <form method="post" action="/admin/session">
        <label>
          Admin key <input type="password" name="adminKey" autocomplete="current-password" required />
        </label>
        <button type="submit">Sign in</button>
      </form>
    </section>
  );
}

export function Message({ kind, children }: { kind: "ok" | "error"; children: ComponentChildren }) {
  return <p role={kind === "error" ? "alert" : "status"} class={kind}>{children}</p>;
}

export function BackLink() {
  return (
    <p>
      <a href="/admin">Back to the dashboard</a>
    </p>
  );
}

/** A page asking to confirm a destructive action; its form repeats `fields` and adds `confirm=yes`. */
export function Confirm(
  { action, question, fields, csrf }: {
    action: string;
    question: string;
    fields: Record<string, string>;
    csrf: string;
  },
) {
  return (
    <section>
      <h2>Please confirm</h2>
      <p>{question}</p>
      <form method="post" action={action}>
        <Csrf token={csrf} />
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit">Yes, do it</button> <a href="/admin">Cancel</a>
      </form>
    </section>
  );
}

const usd = (n: number) => `$${n.toFixed(n < 1 ? 4 : 2)}`;

/** A time as "2026-12-01 20:15 UTC" (no milliseconds); the local-times island rewrites it in local time. */
function When({ at }: { at: string | number | null | undefined }) {
  if (at === null || at === undefined || at === "") return <>—</>;
  const d = new Date(at);
  if (!Number.isFinite(d.getTime())) return <>{String(at)}</>;
  const iso = d.toISOString();
  return <time dateTime={iso} data-local="">{`${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`}</time>;
}

/** LLM spend of the current period: total, cap, and per model (tokens and cost). */
function SpendSection({ spend }: { spend: SpendStatus }) {
  return (
    <section id="spend">
      <h2>LLM spend</h2>
      {!spend.valid && (
        <Message kind="error">
          A stored spend value is not a counter (hand edit?). Generations are refused while a cap is set;
          reset the budget to repair it.
        </Message>
      )}
      <p>
        <strong>{usd(spend.spentUsd)}</strong> spent in period <code>{spend.period}</code>
        {spend.limitUsd !== null
          ? ` of a ${usd(spend.limitUsd)} cap (${usd(spend.remainingUsd ?? 0)} left)`
          : ""}
        {spend.resetsAt
          ? (
            <>
              ; resets at <When at={spend.resetsAt} />
            </>
          )
          : ""}.
      </p>
      {spend.byModel.length === 0 ? <p>No model usage recorded in this period.</p> : (
        <table>
          <thead>
            <tr>
              <th>Provider</th>
              <th>Model</th>
              <th>Generations</th>
              <th>Input tokens</th>
              <th>Output tokens</th>
              <th>Cost</th>
            </tr>
          </thead>
          <tbody>
            {spend.byModel.map((m) => (
              <tr key={`${m.provider}/${m.model}`}>
                <td>{m.provider}</td>
                <td>{m.model}</td>
                <td>{m.calls}</td>
                <td>{m.inputTokens}</td>
                <td>{m.outputTokens}</td>
                <td>{usd(m.usd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export interface DashboardData {
  status: BudgetStatus;
  spend: SpendStatus;
  keys: ApiKeyRecord[];
  keysCursor: string | null;
  generations: GenerationSummary[];
  generationsCursor: string | null;
  /** Ids on this page of generations whose stored value does not parse. */
  corruptIds: string[];
  audit: AuditEntry[];
  auditCursor: string | null;
}

/** The new API key, shown once after it was created. */
function NewKeySection({ newKey }: { newKey: { key: string; record: ApiKeyRecord } }) {
  return (
    <section class="new-key" role="status">
      <h2>New API key</h2>
      <p>
        Copy it now: it is shown only this once. Key for <strong>{newKey.record.name}</strong> (
        {newKey.record.plan}):
      </p>
      <p class="new-key-row">
        <code data-new-key id="new-key">{newKey.key}</code>
        <Island
          name="copy_button"
          component={CopyButton}
          props={{ target: "new-key", label: "Copy key" }}
        />
      </p>
    </section>
  );
}

/** The budget gauge with the reset and set-limit forms. */
function BudgetSection({ status, csrf }: { status: BudgetStatus; csrf: string }) {
  return (
    <section id="budget">
      <h2>Generation budget</h2>
      <Island name="admin_gauge" component={AdminGauge} props={{ initial: status }} />
      <div class="actions">
        <form method="post" action="/admin/ui/reset">
          <Csrf token={csrf} />
          <button type="submit">Reset used count…</button>
        </form>
        <form method="post" action="/admin/ui/limit">
          <Csrf token={csrf} />
          <label>
            New limit{" "}
            <input
              type="number"
              name="limit"
              min="0"
              step="1"
              required
              value={String(status.limit ?? "")}
            />
          </label>{" "}
          <button type="submit">Set limit…</button>
        </form>
      </div>
    </section>
  );
}

/** The API keys: the create form, one row per key with its revoke form, and the next-page link. */
function ApiKeysSection({ data, csrf }: { data: DashboardData; csrf: string }) {
  return (
    <section id="api-keys">
      <h2>API keys</h2>
      <form method="post" action="/admin/ui/api-keys" class="create-key">
        <Csrf token={csrf} />
        <label>
          Name <input name="name" required maxLength={100} />
        </label>{" "}
        <label>
          Plan{" "}
          <select name="plan">
            {API_KEY_PLANS.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </label>{" "}
        <button type="submit">Create key</button>
      </form>
      {data.keys.length === 0 ? <p>No API keys yet.</p> : (
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Plan</th>
              <th>Prefix</th>
              <th>Created</th>
              <th>Status</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {data.keys.map((k) => (
              <tr key={k.id} data-key-id={k.id}>
                <td>{k.name}</td>
                <td>{k.plan}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>
                  <When at={k.createdAt} />
                </td>
                <td>
                  {k.revokedAt
                    ? (
                      <>
                        revoked <When at={k.revokedAt} />
                      </>
                    )
                    : "active"}
                </td>
                <td>
                  {!k.revokedAt && (
                    <form method="post" action={`/admin/ui/api-keys/${encodeURIComponent(k.id)}/revoke`}>
                      <Csrf token={csrf} />
                      <button type="submit">Revoke…</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.keysCursor && (
        <a href={`/admin?keysCursor=${encodeURIComponent(data.keysCursor)}`}>
          More keys
        </a>
      )}
    </section>
  );
}

/** The recent generations, the damaged entries among them, and the next-page link. */
function GenerationsSection({ data, csrf }: { data: DashboardData; csrf: string }) {
  return (
    <section id="generations">
      <h2>Recent generations</h2>
      {data.generations.length === 0 ? <p>No generations stored yet.</p> : (
        <table>
          <thead>
            <tr>
              <th>When</th>
              <th>App</th>
              <th>Competitor</th>
              <th>Provider / model</th>
              <th>Elements</th>
              <th>Cost</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {data.generations.map((g) => (
              <tr key={g.id} data-generation-id={g.id}>
                <td>
                  <When at={g.createdAt} />
                </td>
                <td>
                  <a href={`/generations/${encodeURIComponent(g.id)}`}>
                    {g.request.appDescription.length > 80
                      ? g.request.appDescription.slice(0, 80) + "…"
                      : g.request.appDescription}
                  </a>
                </td>
                <td>{g.request.competitor}</td>
                <td>{g.provider} / {g.model}</td>
                <td>{g.elementCount}</td>
                <td>{g.costUsd === null ? "—" : `$${g.costUsd.toFixed(4)}`}</td>
                <td>
                  <form method="post" action={`/admin/ui/generations/${encodeURIComponent(g.id)}/delete`}>
                    <Csrf token={csrf} />
                    <button type="submit">Delete…</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.corruptIds.length > 0 && (
        <div class="corrupt-entries" role="alert">
          <p>
            {data.corruptIds.length} stored {data.corruptIds.length === 1 ? "entry is" : "entries are"}{" "}
            damaged (the value does not parse) and hidden from listings:
          </p>
          <ul>
            {data.corruptIds.map((id) => (
              <li key={id} data-corrupt-id={id}>
                <code>{id}</code>{" "}
                <form
                  method="post"
                  action={`/admin/ui/generations/${encodeURIComponent(id)}/delete`}
                  class="inline"
                >
                  <Csrf token={csrf} />
                  <button type="submit">Delete…</button>
                </form>
              </li>
            ))}
          </ul>
        </div>
      )}
      {data.generationsCursor && (
        <a href={`/admin?generationsCursor=${encodeURIComponent(data.generationsCursor)}#generations`}>
          Older generations
        </a>
      )}
    </section>
  );
}

/** The audit log and its next-page link. */
function AuditSection({ data }: { data: DashboardData }) {
  return (
    <section id="audit">
      <h2>Audit log</h2>
      {data.audit.length === 0 ? <p>No admin actions yet.</p> : (
        <table>
          <thead>
            <tr>
              <th>When</th>
              <th>Action</th>
              <th>Interface</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {data.audit.map((e) => (
              <tr key={e.id}>
                <td>
                  <When at={e.at} />
                </td>
                <td>{e.action}</td>
                <td>{e.interface}</td>
                <td>
                  <code>{JSON.stringify(e.details)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.auditCursor && (
        <a href={`/admin?auditCursor=${encodeURIComponent(data.auditCursor)}#audit`}>Older entries</a>
      )}
    </section>
  );
}

/** The signed-in dashboard: sign-out, messages, then one section per concern. */
export function Dashboard(
  { data, csrf, flash, newKey, error }: {
    data: DashboardData;
    csrf: string;
    flash?: string;
    newKey?: { key: string; record: ApiKeyRecord };
    error?: string;
  },
) {
  return (
    <>
      <nav aria-label="Admin">
        <a href="/admin/kv">KV editor</a>
      </nav>
      <form method="post" action="/admin/session/end" class="sign-out">
        <Csrf token={csrf} />
        <button type="submit">Sign out</button>
      </form>
      {flash && <Message kind="ok">{flash}</Message>}
      {error && <Message kind="error">{error}</Message>}
      {newKey && <NewKeySection newKey={newKey} />}
      <BudgetSection status={data.status} csrf={csrf} />
      <SpendSection spend={data.spend} />
      <ApiKeysSection data={data} csrf={csrf} />
      <GenerationsSection data={data} csrf={csrf} />
      <AuditSection data={data} />
      <div data-island="local_times" data-props="{}" />
      <script type="module" src="/static/build/islands.js"></script>
    </>
  );
}
