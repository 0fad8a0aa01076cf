/** `GET /api/budget/mine`: the caller's own generation quota, counted like the generation endpoint counts it. */
import assert from "node:assert/strict";
import { makeTestApp, readEvents } from "./helpers.ts";

Deno.test("budget/mine: remaining generations drop with each generation and it counts nothing itself", async () => {
  const t = await makeTestApp({ LOG_LEVEL: "error", RATE_LIMIT_ANONYMOUS: "2/10m" });
  try {
    const mine = async () => {
      const res = await t.request("/api/budget/mine");
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("cache-control"), "no-store");
      return await res.json();
    };
    let q = await mine();
    assert.deepEqual({ plan: q.plan, limit: q.limit, remaining: q.remaining }, {
      plan: "anonymous",
      limit: 2,
      remaining: 2,
    });
    assert.equal(q.windowSeconds, 600);
    q = await mine();
    assert.equal(q.remaining, 2, "asking does not count");
    const res = await t.request("/api/generate-architecture-v2", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ appDescription: "A chat app with uploads" }),
    });
    assert.equal((await readEvents(res)).at(-1)?.type, "complete");
    q = await mine();
    assert.equal(q.remaining, 1);
    assert.ok(q.resetSeconds > 0 && q.resetSeconds <= 660);
  } finally {
    await t.close();
  }
});

Deno.test("budget/mine: an unlimited plan answers limit null", async () => {
  const t = await makeTestApp({ LOG_LEVEL: "error", RATE_LIMIT_ANONYMOUS: "unlimited" });
  try {
    const res = await t.request("/api/budget/mine");
    assert.deepEqual(await res.json(), { plan: "anonymous", limit: null });
  } finally {
    await t.close();
  }
});
