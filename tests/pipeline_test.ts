/**
 * The generation pipeline end to end: queue eviction by plan and per-plan queue shares, the one rollback path
 * (a refusal at a late step gives back what earlier steps took), and the bounded API-key lookup.
 */
import assert from "node:assert/strict";
import { createApiKey } from "../lib/access/api_keys.ts";
import { BUDGET_KEYS } from "../lib/guards/budget.ts";
import { loadConfig } from "../lib/platform/config.ts";
import { parseSse } from "../lib/protocol/events.ts";
import { createApp } from "../routes/app.ts";
import { makeTestApp } from "./helpers.ts";
import { kvDouble } from "./kv_double.ts";

const used = async (kv: Deno.Kv) => Number((await kv.get<number>(BUDGET_KEYS.used)).value ?? 0);

/** Reads SSE frames until one of `type` arrives (or the stream ends); returns the text read. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, type: string): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  while (!text.includes(`event: ${type}\n`)) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

Deno.test("pipeline: a full queue admits an enterprise key by evicting the newest anonymous waiter", async () => {
  const t = await makeTestApp({ OFFLINE_PACE_MS: "200", PROVIDER_CONCURRENCY: "1", QUEUE_MAX_LENGTH: "5" });
  const readers: ReadableStreamDefaultReader<Uint8Array>[] = [];
  try {
    const { key } = await createApiKey(t.kv, { name: "big customer", plan: "enterprise" });
    // Six anonymous requests: the first holds the only slot, the other five fill the queue.
    for (let i = 0; i < 6; i++) {
      const res = await t.generate({ appDescription: `Anonymous app number ${i} with a queue` });
      assert.equal(res.status, 200);
      const reader = res.body!.getReader();
      readers.push(reader);
      if (i > 0) assert.match(await readUntil(reader, "queued"), /"position":\s*\d/);
    }
    assert.equal(t.services.gate.queueLength("offline"), 5);
    const before = await used(t.kv);

    const ent = await t.generate({ appDescription: "Enterprise app that must get in" }, {
      authorization: `Bearer ${key}`,
    });
    assert.equal(ent.status, 200, "the enterprise request is admitted to the queue");
    const entReader = ent.body!.getReader();
    readers.push(entReader);
    assert.match(await readUntil(entReader, "queued"), /"position":\s*1\b/);

    // The newest anonymous waiter is refused with queue_full (its stream ends with the error event).
    const evicted = parseSse(await readUntil(readers[5], "error"));
    const final = evicted.at(-1)!;
    assert.equal(final.type, "error");
    assert.equal((final as { code: string }).code, "queue_full");
    assert.equal((final as { retryable: boolean }).retryable, true);
    assert.match((final as { message: string }).message, /try again in \d+ s/);
    // The 200 was sent before the wait, so Retry-After travels in the event.
    const retryAfter = (final as { retryAfterSeconds?: number }).retryAfterSeconds;
    assert.ok(Number.isInteger(retryAfter) && retryAfter! >= 1, `retryAfterSeconds ${retryAfter}`);
    assert.match((final as { message: string }).message, new RegExp(`try again in ${retryAfter} s`));
    assert.equal(t.services.gate.queueLength("offline"), 5);
    // Its budget unit was given back: the enterprise request's unit replaced it.
    const until = Date.now() + 2000;
    while (Date.now() < until && await used(t.kv) !== before) await new Promise((r) => setTimeout(r, 10));
    assert.equal(await used(t.kv), before);
  } finally {
    for (const r of readers) await r.cancel().catch(() => {});
    await t.close();
  }
});

Deno.test("pipeline: a plan past its queue share gets 503 queue_full with Retry-After; nothing is kept", async () => {
  const t = await makeTestApp({
    OFFLINE_PACE_MS: "200",
    PROVIDER_CONCURRENCY: "1",
    QUEUE_MAX_LENGTH: "5",
    QUEUE_SHARES: "anonymous=40",
    RATE_LIMIT_ANONYMOUS: "20/1m",
  });
  const readers: ReadableStreamDefaultReader<Uint8Array>[] = [];
  try {
    // One holds the slot, two wait (40 % of 5).
    for (let i = 0; i < 3; i++) {
      const res = await t.generate({ appDescription: `Anonymous app ${i} waiting its turn` });
      readers.push(res.body!.getReader());
      if (i > 0) await readUntil(readers[i], "queued");
    }
    const units = await used(t.kv);
    const refused = await t.generate({ appDescription: "One anonymous request too many" });
    assert.equal(refused.status, 503);
    const body = await refused.json();
    assert.equal(body.error.code, "queue_full");
    assert.match(body.error.message, /anonymous plan's share/);
    assert.ok(Number(refused.headers.get("retry-after")) >= 1);
    // The rollback gave back the quota unit and the budget unit taken by the earlier steps.
    assert.match(
      refused.headers.get("ratelimit") ?? "",
      /"gen";r=16;/,
      "quota counted 4 of 20, then refunded",
    );
    assert.equal(await used(t.kv), units, "the budget unit was given back");
    const next = await t.generate({ appDescription: "Another anonymous request too many" });
    assert.equal(next.status, 503);
    assert.match(next.headers.get("ratelimit") ?? "", /"gen";r=16;/, "the refused request was not counted");
    await next.body?.cancel();
  } finally {
    for (const r of readers) await r.cancel().catch(() => {});
    await t.close();
  }
});

Deno.test("pipeline: a hung KV under the API-key lookup answers 503 kv_unavailable quickly", async () => {
  const inner = await Deno.openKv(":memory:");
  const double = kvDouble(inner);
  const config = loadConfig({ KV_PATH: ":memory:", OFFLINE_PACE_MS: "0", LOG_LEVEL: "error" });
  const built = createApp({ config, kv: double.kv, kvTimeoutMs: 150 });
  try {
    const { key } = await createApiKey(inner, { name: "hung lookup", plan: "pro" });
    double.mode = "hang";
    const t0 = performance.now();
    const res = await built.app.fetch(
      new Request("http://localhost/api/generations", { headers: { authorization: `Bearer ${key}` } }),
    );
    const ms = performance.now() - t0;
    assert.equal(res.status, 503);
    assert.equal((await res.json()).error.code, "kv_unavailable");
    assert.ok(Number(res.headers.get("retry-after")) >= 1);
    assert.ok(ms < 1000, `answered in ${Math.round(ms)} ms`);
    double.mode = "ok";
    const ok = await built.app.fetch(
      new Request("http://localhost/api/generations", { headers: { authorization: `Bearer ${key}` } }),
    );
    assert.equal(ok.status, 200, "the same key works once KV answers again");
    await ok.body?.cancel();
  } finally {
    double.mode = "ok";
    await built.close();
    inner.close();
  }
});

Deno.test("bounded KV: a hung KV under the history listing answers 503 kv_unavailable quickly", async () => {
  const inner = await Deno.openKv(":memory:");
  const double = kvDouble(inner);
  const config = loadConfig({ KV_PATH: ":memory:", OFFLINE_PACE_MS: "0", LOG_LEVEL: "error" });
  const built = createApp({ config, kv: double.kv, kvTimeoutMs: 150 });
  try {
    const { key } = await createApiKey(inner, { name: "hung history", plan: "enterprise" });
    const list = () =>
      built.app.fetch(
        new Request("http://localhost/api/generations", { headers: { authorization: `Bearer ${key}` } }),
      );
    const ok = await list();
    assert.equal(ok.status, 200, "answers while KV works");
    await ok.body?.cancel();
    // Only list calls hang: the key lookup and the API limit pass, the route's own read does not.
    double.only = new Set(["list"]);
    double.mode = "hang";
    // An unbounded read would wait for ever: KV "recovers" after 3 s, so such a read answers 200 and fails here.
    const recover = setTimeout(() => double.mode = "ok", 3000);
    const t0 = performance.now();
    const res = await list();
    const ms = performance.now() - t0;
    clearTimeout(recover);
    assert.equal(res.status, 503);
    assert.equal((await res.json()).error.code, "kv_unavailable");
    assert.ok(ms < 2000, `answered in ${Math.round(ms)} ms`);
    assert.ok(double.failedCalls > 0, "the listing's own read was the one held");
  } finally {
    double.mode = "ok";
    await built.close();
    inner.close();
  }
});

Deno.test("pipeline: the provider prepares the request while the budget commit is in flight, then generates it", async () => {
  const { createOfflineProvider } = await import("../lib/providers/offline.ts");
  const offline = createOfflineProvider();
  const seen: string[] = [];
  let prepared: unknown;
  const provider = {
    id: offline.id,
    model: offline.model,
    prepare(request: unknown) {
      prepared = request;
      seen.push("prepare");
    },
    generate(request: Parameters<typeof offline.generate>[0], signal: AbortSignal) {
      seen.push(request === prepared ? "generate (same request)" : "generate (another request)");
      return offline.generate(request, signal);
    },
  };
  const t = await makeTestApp({}, { provider });
  try {
    const reserve = t.services.budget.reserve.bind(t.services.budget);
    t.services.budget.reserve = (...args: Parameters<typeof reserve>) => {
      const pending = reserve(...args);
      seen.push("reserve sent");
      return pending.then((r) => (seen.push("reserve done"), r));
    };
    const res = await t.generate({ appDescription: "Prepared ahead: a tide table site for a sailing club" });
    assert.equal(parseSse(await res.text()).at(-1)?.type, "complete");
    assert.deepEqual(seen, ["reserve sent", "prepare", "reserve done", "generate (same request)"]);
  } finally {
    await t.close();
  }
});

Deno.test("pipeline: a free provider slot is taken while the budget commit is in flight, and given back on a refusal", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "1" });
  try {
    const seen: string[] = [];
    const gate = t.services.gate;
    const tryAcquire = gate.tryAcquire.bind(gate);
    gate.tryAcquire = (provider: string) => {
      seen.push("slot asked");
      return tryAcquire(provider).then((slot) => (seen.push("slot done"), slot));
    };
    const reserve = t.services.budget.reserve.bind(t.services.budget);
    t.services.budget.reserve = (...args: Parameters<typeof reserve>) => {
      seen.push("reserve sent");
      return reserve(...args).then((r) => (seen.push("reserve done"), r));
    };
    const res = await t.generate({
      appDescription: "Overlapping commits: a ferry timetable for three islands",
    });
    assert.equal(parseSse(await res.text()).at(-1)?.type, "complete");
    // Both transactions were sent before either had to finish, and the slot was asked for once.
    assert.ok(seen.indexOf("slot asked") < seen.indexOf("reserve done"), seen.join(", "));
    assert.ok(seen.indexOf("reserve sent") < seen.indexOf("slot done"), seen.join(", "));
    assert.equal(seen.filter((s) => s === "slot asked").length, 1);

    // The budget (1) is spent: the next request is refused, and the slot it took early is released.
    seen.length = 0;
    const refused = await t.generate({
      appDescription: "Refused after its slot: a tide clock for a harbour",
    });
    await refused.text();
    assert.ok(seen.includes("slot asked"));
    const until = Date.now() + 2000;
    while (Date.now() < until && gate.held("offline") > 0) await new Promise((r) => setTimeout(r, 10));
    assert.equal(gate.held("offline"), 0);
    assert.equal(await gate.inFlight("offline"), 0);
  } finally {
    await t.close();
  }
});
