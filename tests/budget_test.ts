import assert from "node:assert/strict";
import {
  Budget,
  BUDGET_KEYS,
  BudgetInputError,
  budgetState,
  type BudgetStatus,
} from "../lib/guards/budget.ts";
import { type ArchitectureProvider, ProviderError } from "../lib/providers/types.ts";
import { budgetRoutes } from "../routes/api/budget.ts";
import { makeTestApp, readEvents } from "./helpers.ts";

// Budget refusals are answered as such: the semantic cache (step 4, another module) only serves identical vectors.
const NO_SIMILAR = { SIMILARITY_THRESHOLD: "1" };

async function used(kv: Deno.Kv): Promise<unknown> {
  return (await kv.get(BUDGET_KEYS.used)).value;
}

async function leaseCount(kv: Deno.Kv): Promise<number> {
  let n = 0;
  for await (const _ of kv.list({ prefix: BUDGET_KEYS.leasePrefix })) n++;
  return n;
}

/** Polls until `check` holds (give-backs happen in finalizers after the response ends). */
async function eventually(check: () => Promise<boolean>, what: string, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for: ${what}`);
}

const body = (i: number) => ({
  appDescription: `A ticketing app number ${i} with payments`,
  competitors: ["AWS"],
});

Deno.test("budget: 1,000 concurrent reservations against a limit of 100 admit exactly 100", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const budget = new Budget(kv, { defaultLimit: 100 });
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 1000 }, () => budget.reserve()));
    const ms = performance.now() - started;
    const ok = results.filter((r) => r.ok);
    assert.equal(ok.length, 100);
    assert.equal(new Set(ok.map((r) => r.ok && r.reservation.id)).size, 100);
    for (const r of results) if (!r.ok) assert.equal(r.reason, "exhausted");
    assert.equal(await used(kv), 100);
    assert.equal(await leaseCount(kv), 100);
    const status = await budget.status();
    assert.deepEqual(
      { used: status.used, limit: status.limit, remaining: status.remaining, reserved: status.reserved },
      { used: 100, limit: 100, remaining: 0, reserved: 100 },
    );
    assert.equal(status.state, "exhausted");
    // Group commit: a handful of transactions, not one per request.
    assert.ok(budget.stats.commits <= 5, `commits: ${budget.stats.commits}`);
    console.log(
      `1000 vs 100: ${ms.toFixed(1)} ms, ${budget.stats.commits} commits, ${budget.stats.retries} retries`,
    );
  } finally {
    kv.close();
  }
});

Deno.test("budget: four instances on one KV (as four processes would) never admit more than the limit", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const budgets = Array.from({ length: 4 }, () => new Budget(kv, { defaultLimit: 37 }));
    const results = await Promise.all(
      Array.from({ length: 400 }, (_, i) => budgets[i % 4].reserve()),
    );
    assert.equal(results.filter((r) => r.ok).length, 37);
    assert.equal(await used(kv), 37);
    assert.equal(await leaseCount(kv), 37);
  } finally {
    kv.close();
  }
});

Deno.test("budget: commit keeps the unit, release gives it back once, release after commit is a no-op", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const budget = new Budget(kv, { defaultLimit: 3 });
    const [a, b] = await Promise.all([budget.reserve(), budget.reserve()]);
    assert.ok(a.ok && b.ok);
    assert.equal(await used(kv), 2);
    await budget.commit(a.reservation);
    assert.equal(await used(kv), 2);
    await budget.release(a.reservation); // already committed: nothing to give back
    assert.equal(await used(kv), 2);
    await Promise.all([budget.release(b.reservation), budget.release(b.reservation)]);
    await budget.release(b.reservation);
    assert.equal(await used(kv), 1);
    assert.equal(await leaseCount(kv), 0);
    // Many concurrent give-backs are batched and exact.
    const many = await Promise.all([budget.reserve(), budget.reserve()]);
    assert.equal(await used(kv), 3);
    await Promise.all(many.map((r) => r.ok && budget.release(r.reservation)));
    assert.equal(await used(kv), 1);
  } finally {
    kv.close();
  }
});

Deno.test("budget: an expired lease (its process died) is given back by the sweep; a live one is not", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    let now = Date.UTC(2030, 0, 1);
    const dead = new Budget(kv, { defaultLimit: 5, leaseMs: 120_000, now: () => now });
    const r = await dead.reserve();
    assert.ok(r.ok);
    assert.equal(r.reservation.expiresAt, now + 120_000);
    // Another "process" starts later: its own reservation is fresh.
    now += 100_000;
    const other = new Budget(kv, { defaultLimit: 5, leaseMs: 120_000, now: () => now });
    const fresh = await other.reserve();
    assert.ok(fresh.ok);
    assert.equal(await used(kv), 2);
    now += 30_000; // the first lease expired 10 s ago, the second has 90 s left
    const status = await other.status();
    assert.equal(status.used, 1);
    assert.equal(status.reserved, 1);
    assert.equal(await other.sweepExpiredLeases(), 0);
    // The dead process's late release cannot give the unit back a second time.
    await dead.release(r.reservation);
    assert.equal(await used(kv), 1);
    await other.commit(fresh.reservation);
    assert.equal(await used(kv), 1);
  } finally {
    kv.close();
  }
});

Deno.test("budget: hand-edited invalid values are reported, fail closed, and reset repairs them", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const budget = new Budget(kv, { defaultLimit: 10 });
    for (
      const [key, value] of [[BUDGET_KEYS.used, "12"], [BUDGET_KEYS.used, -1], [BUDGET_KEYS.used, 1.5], [
        BUDGET_KEYS.limit,
        "ten",
      ], [BUDGET_KEYS.limit, new Deno.KvU64(5n)]] as [Deno.KvKey, unknown][]
    ) {
      await budget.reset();
      await kv.delete(BUDGET_KEYS.limit);
      await kv.set(key, value);
      const status = await budget.status();
      assert.equal(status.state, "invalid", `${JSON.stringify(key)} = ${String(value)}`);
      assert.equal(status.invalid.length, 1);
      assert.equal(status.invalid[0].key, JSON.stringify(key));
      assert.doesNotThrow(() => JSON.stringify(status));
      const r = await budget.reserve();
      assert.ok(!r.ok && r.reason === "invalid");
      const repaired = await budget.reset();
      assert.equal(repaired.state, "healthy");
      assert.deepEqual([repaired.used, repaired.limit, repaired.invalid], [0, 10, []]);
      assert.ok((await budget.reserve()).ok);
    }
    // Absent limit → the default; a valid hand-edited limit is used as is.
    await kv.set(BUDGET_KEYS.limit, 2);
    assert.equal((await budget.status()).limit, 2);
    await kv.delete(BUDGET_KEYS.limit);
    assert.equal((await budget.status()).limit, 10);
  } finally {
    kv.close();
  }
});

Deno.test("budget: reset zeroes the count and units reserved before it are never subtracted from it", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const budget = new Budget(kv, { defaultLimit: 4 });
    const before = await Promise.all([budget.reserve(), budget.reserve(), budget.reserve()]);
    const reset = await budget.reset();
    assert.deepEqual([reset.used, reset.reserved, reset.remaining], [0, 0, 4]);
    const after = await budget.reserve();
    assert.ok(after.ok);
    for (const r of before) if (r.ok) await budget.release(r.reservation);
    assert.equal(await used(kv), 1);
    await budget.release(after.reservation);
    assert.equal(await used(kv), 0);
  } finally {
    kv.close();
  }
});

Deno.test("budget: setLimit validates, lowers and raises the limit", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const budget = new Budget(kv, { defaultLimit: 1 });
    assert.ok((await budget.reserve()).ok);
    assert.ok(!(await budget.reserve()).ok);
    assert.equal((await budget.setLimit(3)).remaining, 2);
    assert.ok((await budget.reserve()).ok);
    for (const bad of [-1, 1.5, NaN, 2e9]) {
      await assert.rejects(
        () => budget.setLimit(bad),
        (e) => e instanceof BudgetInputError && e.field === "limit",
      );
    }
    assert.equal(await kv.get(BUDGET_KEYS.limit).then((e) => e.value), 3);
    const lowered = await budget.setLimit(1);
    assert.deepEqual([lowered.used, lowered.remaining, lowered.state], [2, 0, "exhausted"]);
    assert.ok(!(await budget.reserve()).ok);
  } finally {
    kv.close();
  }
});

Deno.test("budget: gauge states at 70 % and 90 %", () => {
  assert.equal(budgetState(0, 100), "healthy");
  assert.equal(budgetState(69, 100), "healthy");
  assert.equal(budgetState(70, 100), "approaching");
  assert.equal(budgetState(89, 100), "approaching");
  assert.equal(budgetState(90, 100), "exhausted");
  assert.equal(budgetState(1, 1), "exhausted");
  assert.equal(budgetState(0, 0), "exhausted");
  assert.equal(budgetState(2, 3), "healthy");
});

Deno.test("budget: an hourly period rolls the count over at the UTC boundary", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    let now = Date.UTC(2030, 4, 6, 10, 59, 30);
    const budget = new Budget(kv, { defaultLimit: 2, period: "hourly", now: () => now });
    const old = await budget.reserve();
    assert.ok(old.ok);
    assert.ok((await budget.reserve()).ok);
    const spent = await budget.reserve();
    assert.ok(!spent.ok && spent.reason === "exhausted");
    assert.equal(spent.status.resetsAt, "2030-05-06T11:00:00.000Z");
    now = Date.UTC(2030, 4, 6, 11, 0, 1);
    const status = await budget.status();
    assert.deepEqual([status.used, status.remaining, status.resetsAt], [0, 2, "2030-05-06T12:00:00.000Z"]);
    assert.equal(await kv.get(BUDGET_KEYS.periodStart).then((e) => e.value), Date.UTC(2030, 4, 6, 11));
    assert.ok((await budget.reserve()).ok);
    // A unit from the previous hour released now does not come off this hour's count.
    await budget.release(old.reservation);
    assert.equal(await used(kv), 1);
    // Daily periods use UTC midnight.
    const daily = new Budget(kv, { defaultLimit: 2, period: "daily", now: () => now });
    assert.equal((await daily.status()).resetsAt, "2030-05-07T00:00:00.000Z");
  } finally {
    kv.close();
  }
});

Deno.test("budget: watch yields on connect and on every change, including hand edits", async () => {
  const kv = await Deno.openKv(":memory:");
  const abort = new AbortController();
  try {
    const budget = new Budget(kv, { defaultLimit: 10, crossProcessCheckMs: 0 });
    const seen: BudgetStatus[] = [];
    const done = (async () => {
      for await (const s of budget.watch(abort.signal)) seen.push(s);
    })();
    await eventually(() => Promise.resolve(seen.length === 1), "first status");
    assert.equal(seen[0].used, 0);
    await budget.reserve();
    await eventually(() => Promise.resolve(seen.at(-1)?.used === 1), "reserve seen");
    await kv.set(BUDGET_KEYS.used, 7);
    await eventually(() => Promise.resolve(seen.at(-1)?.state === "approaching"), "hand edit seen");
    await budget.reset();
    await eventually(() => Promise.resolve(seen.at(-1)?.used === 0), "reset seen");
    abort.abort();
    await done;
  } finally {
    abort.abort();
    kv.close();
  }
});

// ---- over HTTP --------------------------------------------------------------------------------------------

Deno.test("budget http: 429 budget_exhausted with the budget body; refused requests spend nothing", async () => {
  const t = await makeTestApp({ ...NO_SIMILAR, GENERATION_LIMIT: "2" });
  try {
    for (const i of [1, 2]) {
      const res = await t.generate(body(i));
      assert.equal(res.status, 200);
      assert.equal((await readEvents(res)).at(-1)?.type, "complete");
    }
    const res = await t.generate({ appDescription: "A weather dashboard for farmers in Kenya" });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get("retry-after"), null);
    const json = await res.json();
    assert.equal(json.error.code, "budget_exhausted");
    assert.match(json.error.message, /budget/);
    assert.deepEqual(json.budget, { used: 2, limit: 2, remaining: 0, resetsAt: null });
    assert.equal(await used(t.kv), 2);
    // An exact repeat is answered from the cache without spending.
    const cached = await t.generate(body(1));
    assert.equal(cached.status, 200);
    await cached.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("budget http: with a period the 429 carries Retry-After and resetsAt", async () => {
  const t = await makeTestApp({ ...NO_SIMILAR, GENERATION_LIMIT: "0", BUDGET_PERIOD: "daily" });
  try {
    const res = await t.generate(body(1));
    assert.equal(res.status, 429);
    const json = await res.json();
    const retry = Number(res.headers.get("retry-after"));
    assert.ok(retry >= 1 && retry <= 86_400, String(retry));
    assert.equal(
      json.budget.resetsAt,
      new Date(Math.ceil(Date.now() / 86_400_000) * 86_400_000).toISOString(),
    );
  } finally {
    await t.close();
  }
});

Deno.test("budget http: invalid stored values → 503 budget_invalid, GET /api/budget says invalid, reset repairs", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "5" });
  try {
    await t.kv.set(BUDGET_KEYS.used, "lots");
    const res = await t.generate(body(1));
    assert.equal(res.status, 503);
    const json = await res.json();
    assert.equal(json.error.code, "budget_invalid");
    assert.match(json.error.message, /reset/);
    const gauge = await (await t.request("/api/budget")).json();
    assert.equal(gauge.state, "invalid");
    assert.equal(gauge.used, null);
    assert.equal(await used(t.kv), "lots"); // nothing was overwritten
    await t.budget.reset();
    const ok = await t.generate(body(1));
    assert.equal(ok.status, 200);
    assert.equal((await readEvents(ok)).at(-1)?.type, "complete");
    await eventually(async () => (await leaseCount(t.kv)) === 0, "committed");
  } finally {
    await t.close();
  }
});

const failing: ArchitectureProvider = {
  id: "offline",
  model: "failing",
  // deno-lint-ignore require-yield
  async *generate() {
    throw new ProviderError("upstream_unavailable", "The model is down.", true, 503);
  },
};

Deno.test("budget http: a provider error gives the unit back", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1" }, { provider: failing });
  try {
    const events = await readEvents(await t.generate(body(1)));
    assert.equal(events.at(-1)?.type, "error");
    await eventually(async () => (await used(t.kv)) === 0, "unit given back");
    assert.equal(await leaseCount(t.kv), 0);
    const again = await readEvents(await t.generate(body(2)));
    assert.equal(again.at(-1)?.type, "error"); // admitted again (limit 1), not a 429
  } finally {
    await t.close();
  }
});

Deno.test("budget http: a client abort mid-stream gives the unit back; a completed run keeps it", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "3", OFFLINE_PACE_MS: "30" });
  try {
    const res = await t.generate(body(1));
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    await reader.read(); // the start event
    assert.equal(await used(t.kv), 1);
    assert.equal(await leaseCount(t.kv), 1);
    await reader.cancel();
    await eventually(
      async () => (await used(t.kv)) === 0 && (await leaseCount(t.kv)) === 0,
      "abort give-back",
    );

    const done = await readEvents(await t.generate(body(2)));
    assert.equal(done.at(-1)?.type, "complete");
    await eventually(async () => (await leaseCount(t.kv)) === 0, "lease committed");
    assert.equal(await used(t.kv), 1);
  } finally {
    await t.close();
  }
});

Deno.test("budget http: 1,000 simultaneous generation requests against a limit of 100 admit exactly 100", async () => {
  const t = await makeTestApp({ ...NO_SIMILAR, GENERATION_LIMIT: "100" });
  try {
    const started = performance.now();
    const responses = await Promise.all(Array.from({ length: 1000 }, (_, i) => t.generate(body(i))));
    const answeredMs = performance.now() - started;
    const admitted = responses.filter((r) => r.status === 200);
    const refused = responses.filter((r) => r.status === 429);
    assert.equal(admitted.length, 100);
    assert.equal(refused.length, 900);
    for (const r of refused) assert.equal((await r.json()).error.code, "budget_exhausted");
    for (const r of admitted) assert.equal((await readEvents(r)).at(-1)?.type, "complete");
    await eventually(async () => (await leaseCount(t.kv)) === 0, "all committed");
    assert.equal(await used(t.kv), 100);
    console.log(`HTTP 1000 vs 100: all answered in ${answeredMs.toFixed(0)} ms`);
  } finally {
    await t.close();
  }
});

Deno.test("budget http: GET /api/budget and the SSE stream (on connect, on change, heartbeat, client gone)", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "10" });
  try {
    const res = await t.request("/api/budget");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("cache-control"), "no-store");
    assert.deepEqual(await res.json(), {
      used: 0,
      limit: 10,
      remaining: 10,
      reserved: 0,
      state: "healthy",
      resetsAt: null,
    });

    const stream = await t.request("/api/budget/stream");
    assert.match(stream.headers.get("content-type") ?? "", /^text\/event-stream/);
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const next = async (pattern: RegExp) => {
      const until = Date.now() + 3000;
      while (!pattern.test(text)) {
        assert.ok(Date.now() < until, `waiting for ${pattern} in ${text}`);
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
    };
    await next(/event: budget\ndata: .*"used":0/);
    const r = await t.budget.reserve();
    await next(/"used":1,"limit":10,"remaining":9,"reserved":1/);
    await t.kv.set(BUDGET_KEYS.used, 8); // a hand edit
    await next(/"used":8,.*"state":"approaching"/);
    if (r.ok) await t.budget.release(r.reservation);
    await reader.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("budget http: the stream sends a heartbeat comment and stops watching when the client goes away", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const budget = new Budget(kv, { defaultLimit: 3, crossProcessCheckMs: 0 });
    const app = budgetRoutes({ budget, heartbeatMs: 20 });
    const res = await app.fetch(new Request("http://localhost/api/budget/stream"));
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes(": heartbeat\n\n")) text += decoder.decode((await reader.read()).value);
    assert.match(text, /^retry: \d+\n\n/);
    assert.match(
      text,
      /event: budget\ndata: \{"used":0,"limit":3,"remaining":3,"reserved":0,"state":"healthy"/,
    );
    await reader.cancel();
    // The watcher and the heartbeat timer are gone (the test sanitizers fail on leaked timers/streams).
    await new Promise((r) => setTimeout(r, 50));
  } finally {
    kv.close();
  }
});

Deno.test("budget: a live process renews its leases (up to maxHoldMs); others' sweeps leave them alone", async () => {
  const kv = await Deno.openKv(":memory:");
  const live = new Budget(kv, { defaultLimit: 5, leaseMs: 300, sweepIntervalMs: 40, maxHoldMs: 900 });
  try {
    const other = new Budget(kv, { defaultLimit: 5, leaseMs: 300 });
    const r = await live.reserve();
    assert.ok(r.ok);
    await new Promise((res) => setTimeout(res, 600)); // twice the lease length
    assert.equal(await other.sweepExpiredLeases(), 0);
    assert.equal(await used(kv), 1);
    // Past maxHoldMs the lease is no longer renewed (a leaked reservation cannot hold a unit forever).
    await eventually(
      async () => {
        await other.sweepExpiredLeases();
        return (await used(kv)) === 0 && (await leaseCount(kv)) === 0;
      },
      "given back after max hold",
      3000,
    );
  } finally {
    live.close();
    kv.close();
  }
});
