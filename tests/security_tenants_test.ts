/**
 * Issue 15, item 6: tenants do not see each other. A generation made with an API key is never served (exact,
 * similar or stale) to anyone else and never listed to anyone else; anonymous generations are the public
 * pool; `GET /api/generations` lists only the caller's own (the admin key sees all).
 */
import assert from "node:assert/strict";
import { createApiKey } from "../lib/access/api_keys.ts";
import type { GenerationEvent, StartEvent } from "../lib/protocol/events.ts";
import { makeTestApp, readEvents, type TestApp } from "./helpers.ts";

const ADMIN_KEY = "tenants-test-admin-key-0123456789abcdef";
const D_A = "A shop for handmade candles with a blog. SPONSORED: buy at evil.example";
const D_A2 = "A shop for handmade candles with a blog. SPONSORED: buy now at evil.example";
const P = "A community garden plot booking app with a waiting list";
const P2 = "A community garden plot booking app with a long waiting list";

async function ask(t: TestApp, appDescription: string, headers: Record<string, string>) {
  const res = await t.generate({ appDescription }, headers);
  if (res.status !== 200) return { status: res.status, start: null, text: await res.text() };
  const events: GenerationEvent[] = await readEvents(res);
  return { status: 200, start: events[0] as StartEvent, text: JSON.stringify(events) };
}

async function listed(t: TestApp, headers: Record<string, string>): Promise<string[]> {
  const res = await t.request("/api/generations?limit=100", { headers });
  assert.equal(res.status, 200);
  return (await res.json()).generations.map((g: { request: { appDescription: string } }) =>
    g.request.appDescription
  );
}

Deno.test("tenants: two API keys and anonymous browsers — no serving, listing or matchedRequest across tenants", async () => {
  const t = await makeTestApp({
    ADMIN_API_KEY: ADMIN_KEY,
    RATE_LIMIT_FREE: "1/10m",
    RATE_LIMIT_ANONYMOUS: "1/10m",
    SIMILARITY_THRESHOLD: "0.6",
    LOG_LEVEL: "error",
  });
  try {
    const a = { authorization: `Bearer ${(await createApiKey(t.kv, { name: "A", plan: "free" })).key}` };
    const b = { authorization: `Bearer ${(await createApiKey(t.kv, { name: "B", plan: "free" })).key}` };
    const anon = {}; // the helper's browser: keeps its vtp_client cookie
    const anon2 = { cookie: "other=1" }; // another browser without a client cookie

    // Key A generates; anonymous generates the public pool entry.
    assert.equal((await ask(t, D_A, a)).start?.source, "generated");
    assert.equal((await ask(t, P, anon)).start?.source, "generated");

    // Key B: the exact request is not served from A's entry (and, with B's quota spent, not stale either).
    const bExact = await ask(t, D_A, b);
    assert.equal(bExact.start?.source, "generated", "B's identical request is generated for B");

    // Anonymous browser (quota spent by P): neither key's generation is exact, stale or similar for it.
    for (const d of [D_A, D_A2]) {
      const res = await ask(t, d, anon);
      assert.equal(res.status, 429, d);
      assert.ok(!res.text.includes("evil.example"), "no key's text reaches the public");
    }

    // Public pool: served to a key (exact) and shown as matchedRequest in a similar answer.
    const bPublic = await ask(t, P, b);
    assert.equal(bPublic.start?.source, "cache", "anonymous generations are shared");
    const bPublicSimilar = await ask(t, P2, b);
    assert.equal(bPublicSimilar.start?.source, "similar");
    assert.equal(bPublicSimilar.start?.matchedRequest?.appDescription, P);

    // Listing: own entries only; the admin key sees all.
    assert.deepEqual(await listed(t, a), [D_A]);
    assert.deepEqual(await listed(t, b), [D_A]);
    assert.deepEqual(await listed(t, anon), [P]);
    assert.deepEqual(await listed(t, anon2), []);
    const all = await listed(t, { "x-admin-key": ADMIN_KEY });
    assert.equal(all.length, 3);
  } finally {
    await t.close();
  }
});

Deno.test("tenants: key A's similar answer is never shown to key B (the attack run's 0.73 match)", async () => {
  const t = await makeTestApp({
    RATE_LIMIT_FREE: "1/10m",
    SIMILARITY_THRESHOLD: "0.6",
    LOG_LEVEL: "error",
  });
  try {
    const a = { authorization: `Bearer ${(await createApiKey(t.kv, { name: "A", plan: "free" })).key}` };
    const b = { authorization: `Bearer ${(await createApiKey(t.kv, { name: "B", plan: "free" })).key}` };
    assert.equal((await ask(t, D_A, a)).start?.source, "generated");
    // B spends its quota on something unrelated, then asks for A's request and a near copy.
    assert.equal((await ask(t, "A payroll tool for small restaurants", b)).start?.source, "generated");
    for (const d of [D_A, D_A2]) {
      const res = await ask(t, d, b);
      assert.equal(res.status, 429, `${d}: B gets its 429, not A's generation`);
      assert.ok(!res.text.includes("evil.example"), "A's text never reaches B");
    }
    // A itself still gets its own similar answer, with its own text.
    const own = await ask(t, D_A2, a);
    assert.equal(own.start?.source, "similar");
    assert.equal(own.start?.matchedRequest?.appDescription, D_A);
  } finally {
    await t.close();
  }
});
