/**
 * Issue 15, item 7: limits that could be walked around. The API request limit covers the studio form post
 * and permalinks; unknown `vtp_` keys are limited per sender address; admin sign-in is limited per address
 * with doubling lockouts (audited); signing out revokes the session server-side.
 */
import assert from "node:assert/strict";
import { listAudit } from "../lib/access/audit_log.ts";
import { SignInLimiter } from "../lib/access/sign_in_limit.ts";
import { makeTestApp, readEvents, type TestApp } from "./helpers.ts";

const ADMIN_KEY = "limits-test-admin-key-0123456789abcdef";
const browser = { "sec-fetch-site": "same-origin", origin: "http://localhost" };
const formType = { "content-type": "application/x-www-form-urlencoded" };

Deno.test("limits: RATE_LIMIT_API also covers POST / and /generations/<id> (HTML 429 for pages)", async () => {
  const t = await makeTestApp({ RATE_LIMIT_API: "4/1m", LOG_LEVEL: "error" });
  try {
    const events = await readEvents(await t.generate({ appDescription: "A recipe box app for families" }));
    const id = (events[0] as { id: string }).id;
    for (let i = 0; i < 3; i++) await (await t.request("/api/budget")).body?.cancel();
    assert.equal((await t.request("/api/budget")).status, 429, "the API is over its limit");
    const form = await t.request("/", {
      method: "POST",
      headers: { ...formType, ...browser, accept: "text/html" },
      body: "appDescription=A+recipe+box+app+for+families",
    });
    assert.equal(form.status, 429, "POST / replays count against the same limit");
    assert.ok(Number(form.headers.get("retry-after")) > 0);
    await form.body?.cancel();
    const page = await t.request(`/generations/${id}`, { headers: { accept: "text/html" } });
    assert.equal(page.status, 429, "permalinks read the store: limited too");
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    await page.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("limits: random vtp_ keys get 401 then 429 past RATE_LIMIT_INVALID_KEY per sender", async () => {
  const t = await makeTestApp({ RATE_LIMIT_INVALID_KEY: "20/1m", LOG_LEVEL: "error" });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const key = "vtp_" + crypto.randomUUID().replaceAll("-", "").padEnd(43, "A").slice(0, 43);
      const res = await t.request("/api/budget", { headers: { authorization: `Bearer ${key}` } });
      statuses.push(res.status);
      if (res.status === 429) {
        assert.equal((await res.json()).error.scope, "invalid_key");
        assert.ok(Number(res.headers.get("retry-after")) > 0);
      } else await res.body?.cancel();
    }
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(401));
    assert.deepEqual(statuses.slice(20), Array(10).fill(429));
  } finally {
    await t.close();
  }
});

async function signInAttempt(t: TestApp, adminKey: string): Promise<Response> {
  return await t.request("/admin/session", {
    method: "POST",
    headers: { ...formType, ...browser },
    body: new URLSearchParams({ adminKey }).toString(),
  });
}

Deno.test("limits: admin sign-in locks after ADMIN_SIGN_IN_LIMIT failures (even the right key), audited", async () => {
  const t = await makeTestApp({ ADMIN_API_KEY: ADMIN_KEY, ADMIN_SIGN_IN_LIMIT: "10/1m", LOG_LEVEL: "error" });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) {
      const res = await signInAttempt(t, `wrong-${i}`);
      statuses.push(res.status);
      await res.body?.cancel();
    }
    assert.deepEqual(statuses.slice(0, 9), Array(9).fill(401));
    assert.deepEqual(statuses.slice(9), Array(6).fill(429));
    const right = await signInAttempt(t, ADMIN_KEY);
    assert.equal(right.status, 429, "locked: the right key does not help");
    assert.ok(Number(right.headers.get("retry-after")) >= 59);
    assert.equal(right.headers.get("set-cookie"), null);
    await right.body?.cancel();
    const { entries } = await listAudit(t.kv, { limit: 20 });
    assert.equal(entries.filter((e) => e.action === "session.sign_in_locked").length, 1);
  } finally {
    await t.close();
  }
});

Deno.test("limits: sign-in lockouts double (1 min, 2 min, 4 min …) and a success clears the failures", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    let now = 1_000_000;
    const limiter = new SignInLimiter(kv, { limit: 3, windowMs: 60_000 }, { now: () => now });
    const lockFor = async () => {
      let last;
      for (let i = 0; i < 3; i++) last = await limiter.recordFailure("ip:192.0.2.1");
      assert.equal(last!.allowed, false);
      return (last as { retryAfterSeconds: number }).retryAfterSeconds;
    };
    assert.equal(await lockFor(), 60);
    assert.equal((await limiter.check("ip:192.0.2.1")).allowed, false);
    assert.equal((await limiter.check("ip:192.0.2.2")).allowed, true, "other addresses are not affected");
    now += 61_000;
    assert.equal((await limiter.check("ip:192.0.2.1")).allowed, true);
    assert.equal(await lockFor(), 120);
    now += 121_000;
    assert.equal(await lockFor(), 240);
    now += 241_000;
    await limiter.recordFailure("ip:192.0.2.1");
    await limiter.recordSuccess("ip:192.0.2.1");
    assert.deepEqual(await limiter.check("ip:192.0.2.1"), { allowed: true, remaining: 3 });
  } finally {
    kv.close();
  }
});

Deno.test("limits: signing out revokes the session server-side — the old cookie no longer opens the dashboard", async () => {
  const t = await makeTestApp({ ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: "error" });
  try {
    const res = await signInAttempt(t, ADMIN_KEY);
    assert.equal(res.status, 303);
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
    const dash = await (await t.request("/admin", { headers: { cookie } })).text();
    assert.match(dash, /Sign out/);
    const csrf = dash.match(/name="_csrf" value="([^"]+)"/)![1];
    const out = await t.request("/admin/session/end", {
      method: "POST",
      headers: { ...formType, ...browser, cookie },
      body: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    assert.equal(out.status, 303);
    const again = await (await t.request("/admin", { headers: { cookie } })).text();
    assert.doesNotMatch(again, /Sign out/);
    assert.match(again, /name="adminKey"/, "the sign-in form again");
    const action = await t.request("/admin/ui/reset", {
      method: "POST",
      headers: { ...formType, ...browser, cookie },
      body: new URLSearchParams({ _csrf: csrf, confirm: "yes" }).toString(),
    });
    assert.equal(action.status, 401, "a revoked session cannot act");
    await action.body?.cancel();
    const { entries } = await listAudit(t.kv, { limit: 10 });
    assert.ok(entries.some((e) => e.action === "session.sign_out"));
  } finally {
    await t.close();
  }
});
