/** The admin dashboard: sign-in and its cookie, CSRF protection, confirmations, keys and audit. */
import assert from "node:assert/strict";
import { verifyApiKey } from "../lib/access/api_keys.ts";
import { listAudit } from "../lib/access/audit_log.ts";
import { BUDGET_KEYS } from "../lib/guards/budget.ts";
import { makeTestApp, type TestApp } from "./helpers.ts";

const ADMIN_KEY = "dashboard-admin-key-0123456789abcdef";
const ORIGIN = "http://localhost";
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = { "content-type": "application/x-www-form-urlencoded", Origin: ORIGIN };

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

/** Signs in and returns the cookie header value and the page's CSRF token. */
async function signIn(t: TestApp): Promise<{ cookie: string; csrf: string }> {
  const res = await t.request("/admin/session", {
    method: "POST",
    headers: formHeaders,
    body: form({ adminKey: ADMIN_KEY }),
  });
  assert.equal(res.status, 303);
  const setCookie = res.headers.get("set-cookie") ?? "";
  const cookie = setCookie.split(";")[0];
  const page = await (await t.request("/admin", { headers: { cookie } })).text();
  const csrf = page.match(/name="_csrf" value="([^"]+)"/)?.[1];
  assert.ok(csrf, "the dashboard carries a CSRF token");
  return { cookie, csrf };
}

/** POSTs a form; a header given as "" is left out. */
function post(t: TestApp, path: string, fields: Record<string, string>, headers: Record<string, string>) {
  const all = Object.entries({ ...formHeaders, ...headers }).filter(([, v]) => v !== "");
  return t.request(path, { method: "POST", headers: all, body: form(fields) });
}

Deno.test("dashboard: 503 when admin access is disabled", async () => {
  for (const env of [{}, { ADMIN_API_KEY: "too-short" }] as Record<string, string>[]) {
    await withApp(async (t) => {
      let res = await t.request("/admin");
      assert.equal(res.status, 503);
      const body = await res.json();
      assert.equal(body.error.code, "admin_disabled");
      assert.match(body.error.message, /ADMIN_API_KEY \(32\+ characters\)/);
      res = await t.request("/admin", { headers: { Accept: "text/html,*/*" } });
      assert.equal(res.status, 503);
      assert.match(res.headers.get("content-type") ?? "", /text\/html/);
      assert.match(await res.text(), /ADMIN_API_KEY \(32\+ characters\)/);
      res = await post(t, "/admin/session", { adminKey: "too-short" }, {});
      assert.equal(res.status, 503);
      assert.equal(res.headers.get("set-cookie"), null);
    }, env);
  }
});

Deno.test("dashboard: sign-in sets an HttpOnly, SameSite=Strict signed session cookie", async () => {
  await withApp(async (t) => {
    let res = await t.request("/admin");
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /name="adminKey"/);
    assert.ok(!html.includes('data-island="admin_gauge"'), "no dashboard before sign-in");

    res = await post(t, "/admin/session", { adminKey: "wrong-" + ADMIN_KEY }, {});
    assert.equal(res.status, 401);
    assert.equal(res.headers.get("set-cookie"), null);
    assert.ok(!(await res.text()).includes(ADMIN_KEY));

    res = await post(t, "/admin/session", { adminKey: ADMIN_KEY }, {});
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/admin");
    const setCookie = res.headers.get("set-cookie") ?? "";
    assert.match(setCookie, /^vtp_admin_session=v1\./);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    assert.match(setCookie, /Path=\/admin/);
    assert.doesNotMatch(setCookie, /Secure/, "plain http (local) cannot carry Secure cookies");
    assert.ok(!setCookie.includes(ADMIN_KEY), "the cookie is not the key");

    const cookie = setCookie.split(";")[0];
    res = await t.request("/admin", { headers: { cookie } });
    assert.equal(res.status, 200);
    const page = await res.text();
    assert.match(page, /data-island="admin_gauge"/);
    assert.match(page, /id="api-keys"/);
    assert.match(page, /id="generations"/);
    assert.match(page, /session\.sign_in/, "the sign-in is in the audit log");

    // A tampered cookie is no session. (The last base64url character carries padding bits, so the change is
    // made well inside the value.)
    const at = cookie.length - 6;
    const forged = cookie.slice(0, at) + (cookie[at] === "A" ? "B" : "A") + cookie.slice(at + 1);
    res = await t.request("/admin", { headers: { cookie: forged } });
    assert.match(await res.text(), /name="adminKey"/);
  });
});

Deno.test("dashboard: the cookie is Secure over https", async () => {
  await withApp(async (t) => {
    const res = await t.app.fetch(
      new Request("https://admin.example/admin/session", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", Origin: "https://admin.example" },
        body: form({ adminKey: ADMIN_KEY }),
      }),
    );
    assert.equal(res.status, 303);
    assert.match(res.headers.get("set-cookie") ?? "", /Secure/);
  });
});

Deno.test("dashboard: cross-origin sign-in and forms are refused", async () => {
  await withApp(async (t) => {
    let res = await post(t, "/admin/session", { adminKey: ADMIN_KEY }, { Origin: "https://evil.example" });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get("set-cookie"), null);

    const { cookie, csrf } = await signIn(t);
    await t.kv.set(BUDGET_KEYS.used, 12);
    for (
      const headers of <Record<string, string>[]> [
        { Origin: "https://evil.example" },
        { Origin: "null" },
        { "Sec-Fetch-Site": "cross-site" },
        { Origin: "", Referer: "https://evil.example/page" },
        { Origin: "" },
      ]
    ) {
      res = await post(t, "/admin/ui/reset", { _csrf: csrf, confirm: "yes" }, { cookie, ...headers });
      assert.equal(res.status, 403, JSON.stringify(headers));
    }
    assert.equal((await t.kv.get(BUDGET_KEYS.used)).value, 12, "nothing reset");
  });
});

Deno.test("dashboard: forms without the right CSRF token get 403 and change nothing", async () => {
  await withApp(async (t) => {
    const { cookie, csrf } = await signIn(t);
    await t.kv.set(BUDGET_KEYS.used, 12);
    for (const token of [undefined, "", "wrong", (csrf.startsWith("A") ? "B" : "A") + csrf.slice(1)]) {
      const fields: Record<string, string> = { confirm: "yes", limit: "5", name: "k", plan: "pro" };
      if (token !== undefined) fields._csrf = token;
      for (const path of ["/admin/ui/reset", "/admin/ui/limit", "/admin/ui/api-keys"]) {
        const res = await post(t, path, fields, { cookie });
        assert.equal(res.status, 403, `${path} with ${token}`);
      }
    }
    // A token from another session does not work either.
    const other = await signIn(t);
    let res = await post(t, "/admin/ui/reset", { _csrf: other.csrf, confirm: "yes" }, { cookie });
    assert.equal(res.status, 403);
    // No session at all: 401.
    res = await post(t, "/admin/ui/reset", { _csrf: csrf, confirm: "yes" }, {});
    assert.equal(res.status, 401);

    assert.equal((await t.kv.get(BUDGET_KEYS.used)).value, 12);
    assert.equal((await t.kv.get(BUDGET_KEYS.limit)).versionstamp, null);
    const { entries } = await listAudit(t.kv);
    assert.deepEqual(entries.map((e) => e.action), ["session.sign_in", "session.sign_in"]);
  });
});

Deno.test("dashboard: reset and set-limit ask for confirmation, then change KV (audited as dashboard)", async () => {
  await withApp(async (t) => {
    const { cookie, csrf } = await signIn(t);
    await t.kv.set(BUDGET_KEYS.used, 12);

    let res = await post(t, "/admin/ui/reset", { _csrf: csrf }, { cookie });
    assert.equal(res.status, 200);
    let html = await res.text();
    assert.match(html, /Please confirm/);
    assert.match(html, /name="confirm" value="yes"/);
    assert.equal((await t.kv.get(BUDGET_KEYS.used)).value, 12, "not before confirmation");

    res = await post(t, "/admin/ui/reset", { _csrf: csrf, confirm: "yes" }, { cookie });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/admin?done=reset");
    assert.equal((await t.kv.get(BUDGET_KEYS.used)).value, 0);

    res = await post(t, "/admin/ui/limit", { _csrf: csrf, limit: "250" }, { cookie });
    assert.equal(res.status, 200);
    html = await res.text();
    assert.match(html, /to 250/);
    assert.match(html, /name="limit" value="250"/);
    assert.equal((await t.kv.get(BUDGET_KEYS.limit)).versionstamp, null);

    for (const bad of ["-1", "1.5", "abc", ""]) {
      res = await post(t, "/admin/ui/limit", { _csrf: csrf, limit: bad, confirm: "yes" }, { cookie });
      assert.equal(res.status, 400, bad);
      assert.match(await res.text(), /Limit: /);
    }
    res = await post(t, "/admin/ui/limit", { _csrf: csrf, limit: "250", confirm: "yes" }, { cookie });
    assert.equal(res.status, 303);
    assert.equal((await t.kv.get(BUDGET_KEYS.limit)).value, 250);

    const { entries } = await listAudit(t.kv);
    assert.deepEqual(entries.map((e) => [e.action, e.interface]), [
      ["budget.limit", "dashboard"],
      ["budget.reset", "dashboard"],
      ["session.sign_in", "dashboard"],
    ]);
    html = await (await t.request("/admin?done=limit", { headers: { cookie } })).text();
    assert.match(html, /The limit was changed/);
    assert.match(html, /budget\.limit/);
  });
});

Deno.test("dashboard: API keys are created (shown once) and revoked with confirmation", async () => {
  await withApp(async (t) => {
    const { cookie, csrf } = await signIn(t);
    let res = await post(t, "/admin/ui/api-keys", { _csrf: csrf, name: "Mobile app", plan: "starter" }, {
      cookie,
    });
    // POST-redirect-GET (it used to answer 201 with the page, so a reload created a second key): the
    // redirect carries a one-time token, never the key.
    assert.equal(res.status, 303);
    const location = res.headers.get("location") ?? "";
    assert.match(location, /^\/admin\?key=[A-Za-z0-9_-]{20,64}$/);
    assert.ok(!location.includes("vtp_"));
    res = await t.request(location, { headers: { cookie } });
    assert.equal(res.headers.get("cache-control"), "no-store");
    const html = await res.text();
    const key = html.match(/data-new-key="?[^>]*>(vtp_[A-Za-z0-9_-]+)</)?.[1];
    assert.ok(key, "the new key is shown");
    const again = await (await t.request(location, { headers: { cookie } })).text();
    assert.ok(!again.includes(key), "a reload of the address does not show it again");
    const record = await verifyApiKey(t.kv, key);
    assert.equal(record?.plan, "starter");
    assert.equal(record?.name, "Mobile app");

    const later = await (await t.request("/admin", { headers: { cookie } })).text();
    assert.ok(!later.includes(key), "shown only once");
    assert.match(later, /Mobile app/);

    for (
      const [fields, why] of [[{ name: "", plan: "pro" }, "name"], [
        { name: "x", plan: "gold" },
        "plan",
      ]] as const
    ) {
      res = await post(t, "/admin/ui/api-keys", { _csrf: csrf, ...fields }, { cookie });
      assert.equal(res.status, 400);
      assert.match(await res.text(), new RegExp(why));
    }

    const path = `/admin/ui/api-keys/${record!.id}/revoke`;
    res = await post(t, path, { _csrf: csrf }, { cookie });
    assert.equal(res.status, 200);
    assert.match(
      await res.text(),
      /Revoke the API key &quot;Mobile app&quot;|Revoke the API key "Mobile app"/,
    );
    assert.ok(await verifyApiKey(t.kv, key), "not before confirmation");
    res = await post(t, path, { _csrf: csrf, confirm: "yes" }, { cookie });
    assert.equal(res.status, 303);
    assert.equal(await verifyApiKey(t.kv, key), null);

    res = await post(t, "/admin/ui/api-keys/01ARZ3NDEKTSV4RRFFQ69G5FAV/revoke", { _csrf: csrf }, { cookie });
    assert.equal(res.status, 404);

    const { entries } = await listAudit(t.kv);
    assert.deepEqual(entries.slice(0, 2).map((e) => [e.action, e.interface]), [
      ["api_key.revoke", "dashboard"],
      ["api_key.create", "dashboard"],
    ]);
    assert.ok(!JSON.stringify(entries).includes(key));
  });
});

Deno.test("dashboard: sign-out clears the cookie (CSRF-protected)", async () => {
  await withApp(async (t) => {
    const { cookie, csrf } = await signIn(t);
    let res = await post(t, "/admin/session/end", {}, { cookie });
    assert.equal(res.status, 403);
    res = await post(t, "/admin/session/end", { _csrf: csrf }, { cookie });
    assert.equal(res.status, 303);
    assert.match(res.headers.get("set-cookie") ?? "", /vtp_admin_session=;.*Max-Age=0/);
  });
});

Deno.test("dashboard: non-form bodies are refused with 415", async () => {
  await withApp(async (t) => {
    const { cookie } = await signIn(t);
    const res = await t.request("/admin/ui/reset", {
      method: "POST",
      headers: { "content-type": "application/json", Origin: ORIGIN, cookie },
      body: JSON.stringify({ confirm: "yes" }),
    });
    assert.equal(res.status, 415);
  });
});

Deno.test("dashboard: shows the LLM spend of the period per model", async () => {
  await withApp(async (t) => {
    await t.services.spend.record("anthropic", "claude-sonnet-4-5", {
      inputTokens: 1000,
      outputTokens: 2000,
    });
    const { cookie } = await signIn(t);
    const page = await (await t.request("/admin", { headers: { cookie } })).text();
    assert.match(page, /<h2>LLM spend<\/h2>/);
    assert.match(page, /claude-sonnet-4-5/);
    assert.match(page, /\$\d+\.\d+<\/strong> spent in period <code>all<\/code>/);
  });
});
