/** The HTTP admin API: every auth path, budget reset/limit changing KV, API keys, and the audit log. */
import assert from "node:assert/strict";
import {
  adminKeyMatches,
  createSessionToken,
  csrfTokenFor,
  verifyCsrfToken,
  verifySessionToken,
} from "../lib/access/admin_auth.ts";
import { verifyApiKey } from "../lib/access/api_keys.ts";
import { type AuditEntry, listAudit, recordAudit } from "../lib/access/audit_log.ts";
import { BUDGET_KEYS } from "../lib/guards/budget.ts";
import { makeTestApp, type TestApp } from "./helpers.ts";

const ADMIN_KEY = "test-admin-key-0123456789abcdef-XYZ";
const auth = { "X-Admin-Key": ADMIN_KEY };
const json = { "content-type": "application/json" };

async function withApp(
  fn: (t: TestApp) => Promise<void>,
  env: Record<string, string> = { ADMIN_API_KEY: ADMIN_KEY },
) {
  const t = await makeTestApp(env);
  try {
    await fn(t);
  } finally {
    await t.close();
  }
}

/** Every admin API route with a body that would be valid. */
const ROUTES: [string, string, unknown?][] = [
  ["GET", "/admin/status"],
  ["POST", "/admin/reset"],
  ["PUT", "/admin/limit", { limit: 5 }],
  ["GET", "/admin/api-keys"],
  ["POST", "/admin/api-keys", { name: "x", plan: "pro" }],
  ["DELETE", "/admin/api-keys/01ARZ3NDEKTSV4RRFFQ69G5FAV"],
  ["GET", "/admin/audit"],
];

function call(
  t: TestApp,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return t.request(path, {
    method,
    headers: body === undefined ? headers : { ...json, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function auditEntries(kv: Deno.Kv): Promise<AuditEntry[]> {
  return (await listAudit(kv, { limit: 200 })).entries;
}

const disabledEnvs: [string, Record<string, string>][] = [
  ["unset", {}],
  ["shorter than 32 characters", { ADMIN_API_KEY: "x".repeat(31) }],
];
for (const [label, env] of disabledEnvs) {
  Deno.test(`admin API: every route answers 503 admin_disabled when ADMIN_API_KEY is ${label}`, async () => {
    await withApp(async (t) => {
      for (const [method, path, body] of ROUTES) {
        const attempts: Record<string, string>[] = [
          {},
          { "X-Admin-Key": "x".repeat(31) },
          { Authorization: `Bearer ${"x".repeat(31)}` },
        ];
        for (const headers of attempts) {
          const res = await call(t, method, path, body, headers);
          assert.equal(res.status, 503, `${method} ${path}`);
          const b = await res.json();
          assert.equal(b.error.code, "admin_disabled");
          assert.match(b.error.message, /ADMIN_API_KEY \(32\+ characters\)/);
        }
      }
      assert.equal((await t.kv.get(BUDGET_KEYS.limit)).versionstamp, null, "nothing changed");
      assert.equal((await auditEntries(t.kv)).length, 0);
    }, env);
  });
}

Deno.test("admin API: missing and wrong keys get the same 401 with no hint", async () => {
  await withApp(async (t) => {
    const bodies = new Set<string>();
    for (const [method, path, body] of ROUTES) {
      for (
        const headers of <Record<string, string>[]> [
          {},
          { "X-Admin-Key": "wrong-" + ADMIN_KEY },
          { "X-Admin-Key": ADMIN_KEY.slice(0, -1) },
          { Authorization: `Bearer ${ADMIN_KEY}x` },
          { Authorization: `Basic ${btoa(`admin:${ADMIN_KEY}`)}` },
          { Authorization: ADMIN_KEY },
        ]
      ) {
        const res = await call(t, method, path, body, headers);
        assert.equal(res.status, 401, `${method} ${path} ${JSON.stringify(Object.keys(headers))}`);
        const text = await res.text();
        assert.ok(!text.includes(ADMIN_KEY.slice(0, 10)), "the key is never echoed");
        bodies.add(text);
      }
    }
    assert.equal(bodies.size, 1, "one body for every failure");
    const [only] = [...bodies];
    assert.equal(JSON.parse(only).error.code, "unauthorized");
    assert.equal((await auditEntries(t.kv)).length, 0);
    assert.equal((await t.kv.get(BUDGET_KEYS.limit)).versionstamp, null);
  });
});

Deno.test("admin API: both header styles authenticate", async () => {
  await withApp(async (t) => {
    const styles: Record<string, string>[] = [
      auth,
      { Authorization: `Bearer ${ADMIN_KEY}` },
      { authorization: `bearer ${ADMIN_KEY}` },
    ];
    for (const headers of styles) {
      const res = await call(t, "GET", "/admin/status", undefined, headers);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("cache-control"), "no-store");
      const { budget } = await res.json();
      assert.deepEqual(
        { used: budget.used, limit: budget.limit, remaining: budget.remaining, state: budget.state },
        { used: 0, limit: 100, remaining: 100, state: "healthy" },
      );
    }
  });
});

Deno.test("admin API: reset and limit change KV and are audited with interface http", async () => {
  await withApp(async (t) => {
    await t.kv.set(BUDGET_KEYS.used, 37);
    let res = await call(t, "GET", "/admin/status", undefined, auth);
    assert.equal((await res.json()).budget.used, 37);

    res = await call(t, "POST", "/admin/reset", undefined, auth);
    assert.equal(res.status, 200);
    assert.equal((await res.json()).budget.used, 0);
    assert.equal((await t.kv.get(BUDGET_KEYS.used)).value, 0);

    res = await call(t, "PUT", "/admin/limit", { limit: 42 }, auth);
    assert.equal(res.status, 200);
    const { budget } = await res.json();
    assert.equal(budget.limit, 42);
    assert.equal((await t.kv.get(BUDGET_KEYS.limit)).value, 42);

    res = await call(t, "PUT", "/admin/limit", { limit: 0 }, auth);
    assert.equal(res.status, 200);
    assert.equal((await t.kv.get(BUDGET_KEYS.limit)).value, 0);

    const entries = await auditEntries(t.kv);
    assert.deepEqual(entries.map((e) => [e.action, e.interface]), [
      ["budget.limit", "http"],
      ["budget.limit", "http"],
      ["budget.reset", "http"],
    ]);
    assert.equal(entries[2].details.previousUsed, 37);
    assert.deepEqual(entries[1].details, { limit: 42, previousLimit: 100 });
    assert.deepEqual(entries[0].details, { limit: 0, previousLimit: 42 });
    for (const e of entries) assert.ok(!Number.isNaN(Date.parse(e.at)));
  });
});

Deno.test("admin API: reset repairs hand-edited invalid values", async () => {
  await withApp(async (t) => {
    await t.kv.set(BUDGET_KEYS.used, "lots");
    await t.kv.set(BUDGET_KEYS.limit, -3);
    let res = await call(t, "GET", "/admin/status", undefined, auth);
    let { budget } = await res.json();
    assert.equal(budget.state, "invalid");
    assert.deepEqual(budget.invalid.map((i: { key: string }) => i.key).sort(), [
      '["budget","limit"]',
      '["budget","used"]',
    ]);
    res = await call(t, "POST", "/admin/reset", undefined, auth);
    ({ budget } = await res.json());
    assert.equal(budget.state, "healthy");
    assert.equal(budget.used, 0);
    assert.equal(budget.limit, 100);
    const [entry] = await auditEntries(t.kv);
    assert.equal(entry.action, "budget.reset");
    assert.equal((entry.details.repaired as string[]).length, 2);
  });
});

Deno.test("admin API: status survives hand edits that are not even JSON (bigint, bytes)", async () => {
  await withApp(async (t) => {
    await t.kv.set(BUDGET_KEYS.used, 5n);
    await t.kv.set(BUDGET_KEYS.limit, new Uint8Array([1, 2, 3]));
    const res = await call(t, "GET", "/admin/status", undefined, auth);
    assert.equal(res.status, 200);
    const { budget } = await res.json();
    assert.equal(budget.state, "invalid");
    const byKey = Object.fromEntries(
      budget.invalid.map((i: { key: string; value: unknown }) => [i.key, i.value]),
    );
    assert.equal(byKey['["budget","used"]'], "5n");
    assert.match(String(byKey['["budget","limit"]']), /3/, "a readable description of the bytes");
    const reset = await call(t, "POST", "/admin/reset", undefined, auth);
    assert.equal((await reset.json()).budget.state, "healthy");
  });
});

Deno.test("admin API: PUT /admin/limit rejects bad bodies with the field and leaves KV alone", async () => {
  await withApp(async (t) => {
    await t.kv.set(BUDGET_KEYS.limit, 9);
    const cases: [unknown, number, string][] = [
      [{ limit: -1 }, 400, "limit"],
      [{ limit: 1.5 }, 400, "limit"],
      [{ limit: "10" }, 400, "limit"],
      [{ limit: null }, 400, "limit"],
      [{ limit: 2_000_000_000 }, 400, "limit"],
      [{}, 400, "limit"],
      [{ limit: 5, extra: true }, 400, "body"],
      [[5], 400, "body"],
    ];
    for (const [body, status, field] of cases) {
      const res = await call(t, "PUT", "/admin/limit", body, auth);
      assert.equal(res.status, status, JSON.stringify(body));
      const b = await res.json();
      assert.equal(b.error.code, "invalid_request");
      assert.ok(field in b.error.fields, `${JSON.stringify(body)} → ${JSON.stringify(b.error.fields)}`);
    }
    let res = await t.request("/admin/limit", {
      method: "PUT",
      headers: { ...json, ...auth },
      body: "{limit:",
    });
    assert.equal(res.status, 400);
    assert.equal((await res.json()).error.fields.body, "not valid JSON");
    res = await t.request("/admin/limit", { method: "PUT", headers: auth, body: "limit=5" });
    assert.equal(res.status, 415);
    assert.equal((await t.kv.get(BUDGET_KEYS.limit)).value, 9, "unchanged");
    assert.equal((await auditEntries(t.kv)).length, 0, "nothing audited");
  });
});

Deno.test("admin API: API keys are created (shown once), listed, revoked; unknown id is 404", async () => {
  await withApp(async (t) => {
    let res = await call(t, "POST", "/admin/api-keys", { name: "Acme CI", plan: "pro" }, auth);
    assert.equal(res.status, 201);
    const created = await res.json();
    assert.match(created.key, /^vtp_/);
    assert.equal(created.record.plan, "pro");
    assert.equal(created.record.name, "Acme CI");
    assert.equal((await verifyApiKey(t.kv, created.key))?.id, created.record.id);

    res = await call(t, "GET", "/admin/api-keys", undefined, auth);
    const listed = await res.json();
    assert.equal(listed.keys.length, 1);
    assert.equal(listed.keys[0].id, created.record.id);
    const listText = JSON.stringify(listed);
    assert.ok(!listText.includes(created.key), "the key is not listed");
    assert.ok(!("hash" in listed.keys[0]));

    res = await call(t, "DELETE", `/admin/api-keys/${created.record.id}`, undefined, auth);
    assert.equal(res.status, 200);
    assert.ok((await res.json()).record.revokedAt);
    assert.equal(await verifyApiKey(t.kv, created.key), null);

    res = await call(t, "DELETE", "/admin/api-keys/01ARZ3NDEKTSV4RRFFQ69G5FAV", undefined, auth);
    assert.equal(res.status, 404);
    assert.equal((await res.json()).error.code, "not_found");

    const entries = await auditEntries(t.kv);
    assert.deepEqual(entries.map((e) => [e.action, e.interface]), [
      ["api_key.revoke", "http"],
      ["api_key.create", "http"],
    ]);
    assert.equal(entries[1].details.id, created.record.id);
    assert.ok(!JSON.stringify(entries).includes(created.key), "the audit log never holds the key");
  });
});

Deno.test("admin API: key creation validates name and plan", async () => {
  await withApp(async (t) => {
    const cases: [unknown, string][] = [
      [{ name: "", plan: "pro" }, "name"],
      [{ name: "   ", plan: "pro" }, "name"],
      [{ name: "x".repeat(101), plan: "pro" }, "name"],
      [{ name: 5, plan: "pro" }, "name"],
      [{ name: "ok", plan: "gold" }, "plan"],
      [{ name: "ok" }, "plan"],
    ];
    for (const [body, field] of cases) {
      const res = await call(t, "POST", "/admin/api-keys", body, auth);
      assert.equal(res.status, 400, JSON.stringify(body));
      const b = await res.json();
      assert.equal(b.error.code, "invalid_request");
      assert.ok(field in b.error.fields, JSON.stringify(b.error.fields));
    }
    const res = await call(t, "POST", "/admin/api-keys", { name: "x".repeat(100), plan: "enterprise" }, auth);
    assert.equal(res.status, 201);
    assert.equal((await (await call(t, "GET", "/admin/api-keys", undefined, auth)).json()).keys.length, 1);
  });
});

Deno.test("admin API: audit log is newest first with cursor pagination; bad query is 400", async () => {
  await withApp(async (t) => {
    for (let i = 0; i < 5; i++) await call(t, "PUT", "/admin/limit", { limit: i }, auth);
    let res = await call(t, "GET", "/admin/audit?limit=2", undefined, auth);
    const first = await res.json();
    assert.deepEqual(first.entries.map((e: AuditEntry) => e.details.limit), [4, 3]);
    assert.ok(first.cursor);
    res = await call(
      t,
      "GET",
      `/admin/audit?limit=2&cursor=${encodeURIComponent(first.cursor)}`,
      undefined,
      auth,
    );
    const second = await res.json();
    assert.deepEqual(second.entries.map((e: AuditEntry) => e.details.limit), [2, 1]);
    res = await call(
      t,
      "GET",
      `/admin/audit?limit=2&cursor=${encodeURIComponent(second.cursor)}`,
      undefined,
      auth,
    );
    const third = await res.json();
    assert.deepEqual(third.entries.map((e: AuditEntry) => e.details.limit), [0]);
    assert.equal(third.cursor, null);

    for (const q of ["limit=0", "limit=abc", "limit=201", "cursor=not-a-cursor"]) {
      res = await call(t, "GET", `/admin/audit?${q}`, undefined, auth);
      assert.equal(res.status, 400, q);
      const b = await res.json();
      assert.equal(b.error.code, "invalid_request");
      assert.ok(q.split("=")[0] in b.error.fields, q);
    }
    res = await call(t, "GET", "/admin/api-keys?cursor=garbage", undefined, auth);
    assert.equal(res.status, 400);
    assert.ok("cursor" in (await res.json()).error.fields);
  });
});

Deno.test("admin API: the admin key never reaches the logs", async () => {
  const lines: string[] = [];
  const original = { log: console.log, error: console.error, warn: console.warn, info: console.info };
  for (const name of ["log", "error", "warn", "info"] as const) {
    console[name] = (...args: unknown[]) => lines.push(args.map(String).join(" "));
  }
  try {
    await withApp(async (t) => {
      await call(t, "GET", "/admin/status", undefined, { "X-Admin-Key": "wrong-" + ADMIN_KEY });
      await call(t, "POST", "/admin/reset", undefined, auth);
      await call(t, "PUT", "/admin/limit", { limit: "bad" }, { Authorization: `Bearer ${ADMIN_KEY}` });
    });
  } finally {
    Object.assign(console, original);
  }
  assert.ok(lines.every((l) => !l.includes(ADMIN_KEY)));
});

Deno.test("admin auth: constant-time key check, signed expiring sessions, CSRF tokens", async () => {
  assert.equal(await adminKeyMatches(ADMIN_KEY, ADMIN_KEY), true);
  assert.equal(await adminKeyMatches(ADMIN_KEY, ADMIN_KEY + " "), false);
  assert.equal(await adminKeyMatches(ADMIN_KEY, ""), false);
  assert.equal(await adminKeyMatches(ADMIN_KEY, undefined), false);
  assert.equal(await adminKeyMatches(undefined, undefined), false);
  assert.equal(await adminKeyMatches("short", "short"), false, "a short key never matches");

  const now = 1_700_000_000_000;
  const { token, session } = await createSessionToken(ADMIN_KEY, { now, ttlMs: 60_000 });
  assert.deepEqual(await verifySessionToken(ADMIN_KEY, token, now + 1), session);
  assert.equal(await verifySessionToken(ADMIN_KEY, token, now + 60_000), null, "expired");
  assert.equal(await verifySessionToken("another-admin-key-0123456789abcdef", token, now), null, "other key");
  const [v, exp, nonce, sig] = token.split(".");
  assert.equal(await verifySessionToken(ADMIN_KEY, [v, Number(exp) + 1e9, nonce, sig].join("."), now), null);
  assert.equal(
    await verifySessionToken(ADMIN_KEY, [v, exp, nonce, sig.slice(0, -2) + "AA"].join("."), now),
    null,
  );
  assert.equal(await verifySessionToken(ADMIN_KEY, "garbage", now), null);
  assert.equal(await verifySessionToken(undefined, token, now), null);

  const csrf = await csrfTokenFor(ADMIN_KEY, session);
  assert.equal(await verifyCsrfToken(ADMIN_KEY, session, csrf), true);
  assert.equal(await verifyCsrfToken(ADMIN_KEY, session, csrf.slice(1)), false);
  assert.equal(await verifyCsrfToken(ADMIN_KEY, session, undefined), false);
  const other = await createSessionToken(ADMIN_KEY, { now });
  assert.equal(await verifyCsrfToken(ADMIN_KEY, other.session, csrf), false, "bound to its session");
});

Deno.test("audit log: recordAudit validates its input and never overwrites", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    await assert.rejects(() => recordAudit(kv, { action: "", interface: "http" }));
    // deno-lint-ignore no-explicit-any
    await assert.rejects(() => recordAudit(kv, { action: "x", interface: "email" as any }));
    const a = await recordAudit(kv, {
      action: "embeddings.backfill",
      interface: "cli",
      details: { count: 3 },
    });
    const b = await recordAudit(kv, { action: "generation.delete", interface: "dashboard" });
    assert.notEqual(a.id, b.id);
    const { entries } = await listAudit(kv);
    assert.deepEqual(entries.map((e) => e.action), ["generation.delete", "embeddings.backfill"]);
    assert.deepEqual(entries[1].details, { count: 3 });
  } finally {
    kv.close();
  }
});

Deno.test("admin API: status reports the period's LLM spend per model and the cap", async () => {
  await withApp(async (t) => {
    await t.services.spend.record("openai", "gpt-4.1-mini", {
      inputTokens: 2_000_000,
      outputTokens: 500_000,
    });
    const res = await t.request("/admin/status", { headers: auth });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.budget.limit, 100);
    assert.equal(body.spend.limitUsd, 12.5);
    assert.ok(body.spend.spentUsd > 0, JSON.stringify(body.spend));
    const line = body.spend.byModel.find((m: { model: string }) => m.model === "gpt-4.1-mini");
    assert.equal(line.calls, 1);
    assert.equal(line.inputTokens, 2_000_000);
    assert.equal(line.outputTokens, 500_000);
    assert.equal(line.usd, body.spend.spentUsd);
  }, { ADMIN_API_KEY: ADMIN_KEY, SPEND_LIMIT_USD: "12.5" });
});
