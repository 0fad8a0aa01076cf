import assert from "node:assert/strict";
import { BUDGET_KEYS } from "../lib/guards/budget.ts";
import { elementSchema, type GenerationEvent, type StartEvent } from "../lib/protocol/events.ts";
import { runGeneration } from "../lib/generation/run.ts";
import { replayEvents, replaySimilar } from "../lib/generation/replay.ts";
import { newId } from "../lib/platform/ids.ts";
import { createOfflineProvider } from "../lib/providers/offline.ts";
import type { ArchitectureProvider } from "../lib/providers/types.ts";
import {
  cacheKeyOf,
  canonicalRequest,
  engineVersionOf,
  normalizeDescription,
  requestHashOf,
} from "../lib/protocol/request_hash.ts";
import { type NormalizedRequest, parseGenerationBody } from "../lib/protocol/request_schema.ts";
import { makeTestApp, readEvents } from "./helpers.ts";

function request(body: Record<string, unknown>): NormalizedRequest {
  return parseGenerationBody(body).request;
}

/** The offline planner, counting its runs. */
function countingProvider(paceMs = 0) {
  const inner = createOfflineProvider({ paceMs });
  const counter = { calls: 0 };
  const provider: ArchitectureProvider = {
    id: inner.id,
    model: inner.model,
    generate(req, signal) {
      counter.calls++;
      return inner.generate(req, signal);
    },
  };
  return { provider, counter };
}

const start = (events: GenerationEvent[]) => events[0] as StartEvent;
const complete = (events: GenerationEvent[]) =>
  events.at(-1) as Extract<GenerationEvent, { type: "complete" }>;
const elements = (events: GenerationEvent[]) => events.slice(1, -1);

async function budgetUsed(kv: Deno.Kv): Promise<unknown> {
  return (await kv.get(BUDGET_KEYS.used)).value;
}

Deno.test("normalization: case, whitespace and constraint order do not change the hash; other fields do", async () => {
  assert.equal(normalizeDescription("  A  Chat\tApp\n with   FILES "), "a chat app with files");
  const a = request({
    appDescription: "  A  Chat App\n",
    constraints: ["Scalability", "Cost Optimization"],
  });
  const b = request({ appDescription: "a chat   app", constraints: ["Cost Optimization", "Scalability"] });
  assert.deepEqual(canonicalRequest(a), canonicalRequest(b));
  assert.equal(await requestHashOf(a), await requestHashOf(b));
  assert.match(await requestHashOf(a), /^[0-9a-f]{64}$/);
  assert.equal(await cacheKeyOf(a, "e1"), await cacheKeyOf(b, "e1"));
  assert.notEqual(await cacheKeyOf(a, "e1"), await cacheKeyOf(a, "e2"));
  assert.notEqual(await cacheKeyOf(a, "e1"), await requestHashOf(a));
  const variants = [
    { scale: "Global" },
    { persona: "CIO/CTO" },
    { competitors: ["Azure"] },
    { region: "Tokyo" },
    { constraints: ["Scalability"] },
    { appDescription: "a chat app!" },
  ];
  for (const v of variants) {
    const c = request({
      appDescription: "a chat app",
      constraints: ["Cost Optimization", "Scalability"],
      ...v,
    });
    assert.notEqual(await requestHashOf(c), await requestHashOf(a), JSON.stringify(v));
  }
});

Deno.test("engine version: planner version for offline, prompt version for LLM providers", () => {
  const offline = createOfflineProvider();
  assert.match(engineVersionOf(offline), /^offline:planner-[^:]+:[^:]+$/);
  assert.match(engineVersionOf({ id: "openai", model: "gpt-4.1-mini" }), /^openai:gpt-4\.1-mini:/);
  assert.equal(engineVersionOf({ id: "openai", model: "m", promptVersion: "p7" }), "openai:m:p7");
});

Deno.test("exact cache: a repeat is replayed from the store and spends nothing", async () => {
  const { provider, counter } = countingProvider();
  const t = await makeTestApp({}, { provider });
  try {
    const first = await readEvents(await t.generate({ appDescription: "A recipe site", scale: "Growth" }));
    assert.equal(start(first).source, "generated");
    assert.equal(counter.calls, 1);
    const used = await budgetUsed(t.kv);

    const res = await t.generate({ appDescription: "  a RECIPE   site ", scale: "Growth" });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
    const again = await readEvents(res);
    assert.equal(counter.calls, 1, "no provider run for a hit");
    assert.deepEqual(await budgetUsed(t.kv), used, "budget unchanged");
    const s = start(again);
    assert.equal(s.source, "cache");
    assert.equal(s.id, start(first).id);
    assert.equal(s.stale, undefined);
    assert.equal(s.request.appDescription, "a RECIPE   site");
    assert.ok(!Number.isNaN(Date.parse(s.generatedAt ?? "")));
    const c = complete(again);
    assert.equal(c.cached, true);
    assert.equal(c.generatedAt, s.generatedAt);
    assert.equal(c.id, s.id);
    assert.deepEqual(c.counts, complete(first).counts);
    assert.deepEqual(elements(again), elements(first));
    for (const el of elements(again)) assert.ok(elementSchema.safeParse(el).success);
  } finally {
    await t.close();
  }
});

Deno.test("exact cache: hits spend no per-client quota either (many repeats are all answered)", async () => {
  const { provider, counter } = countingProvider();
  const t = await makeTestApp({ RATE_LIMIT_ANONYMOUS: "2/10m" }, { provider });
  try {
    await (await t.generate({ appDescription: "A quota app" })).text();
    for (let i = 0; i < 5; i++) {
      const res = await t.generate({ appDescription: "A quota app" });
      assert.equal(res.status, 200, `repeat ${i}`);
      assert.equal(start(await readEvents(res)).source, "cache");
    }
    assert.equal(counter.calls, 1);
  } finally {
    await t.close();
  }
});

Deno.test("exact cache: force: true and Cache-Control: no-cache generate anew", async () => {
  const { provider, counter } = countingProvider();
  const t = await makeTestApp({}, { provider });
  try {
    const body = { appDescription: "A forced app" };
    const first = await readEvents(await t.generate(body));
    const forced = await readEvents(await t.generate({ ...body, force: true }));
    assert.equal(start(forced).source, "generated");
    assert.notEqual(start(forced).id, start(first).id);
    assert.equal(counter.calls, 2);
    const noCache = await readEvents(await t.generate(body, { "cache-control": "no-cache" }));
    assert.equal(start(noCache).source, "generated");
    assert.equal(counter.calls, 3);
    // The newest stored answer is served afterwards.
    const hit = await readEvents(await t.generate(body));
    assert.equal(start(hit).source, "cache");
    assert.equal(start(hit).id, start(noCache).id);
    assert.equal(counter.calls, 3);
  } finally {
    await t.close();
  }
});

Deno.test("exact cache: errors are not stored and not replayed", async () => {
  let calls = 0;
  const failing: ArchitectureProvider = {
    id: "offline",
    model: "planner-broken",
    // deno-lint-ignore require-yield
    async *generate() {
      calls++;
      throw new Error("boom");
    },
  };
  const t = await makeTestApp({}, { provider: failing });
  try {
    for (let i = 0; i < 2; i++) {
      const events = await readEvents(await t.generate({ appDescription: "A failing app" }));
      assert.equal(events.at(-1)!.type, "error");
    }
    assert.equal(calls, 2);
    const list = await (await t.request("/api/generations")).json();
    assert.deepEqual(list.generations, []);
  } finally {
    await t.close();
  }
});

async function storeOld(
  t: Awaited<ReturnType<typeof makeTestApp>>,
  req: NormalizedRequest,
  options: { ageDays: number; engineVersion?: string },
) {
  const provider = createOfflineProvider();
  const run = runGeneration(provider, req, {
    id: newId(),
    firstElementTimeoutMs: 5000,
    totalTimeoutMs: 5000,
  });
  let step;
  do step = await run.next(); while (!step.done);
  const engineVersion = options.engineVersion ?? engineVersionOf(provider);
  return await t.services.store.save(step.value, {
    requestHash: await requestHashOf(req),
    cacheKey: await cacheKeyOf(req, engineVersion),
    engineVersion,
    createdAt: Date.now() - options.ageDays * 86_400_000,
  });
}

Deno.test("staleness: older than CACHE_MAX_AGE_DAYS or from another engine version is regenerated", async () => {
  const { provider, counter } = countingProvider();
  const t = await makeTestApp({ CACHE_MAX_AGE_DAYS: "7" }, { provider });
  try {
    const fresh = request({ appDescription: "A six day old app" });
    const freshRecord = await storeOld(t, fresh, { ageDays: 6 });
    const hit = await readEvents(await t.generate({ appDescription: "A six day old app" }));
    assert.equal(start(hit).source, "cache");
    assert.equal(start(hit).id, freshRecord.id);

    const old = request({ appDescription: "An eight day old app" });
    const oldRecord = await storeOld(t, old, { ageDays: 8 });
    const regenerated = await readEvents(await t.generate({ appDescription: "An eight day old app" }));
    assert.equal(start(regenerated).source, "generated");
    assert.notEqual(start(regenerated).id, oldRecord.id);

    const other = request({ appDescription: "An app from an older planner" });
    const otherRecord = await storeOld(t, other, { ageDays: 0, engineVersion: "offline:planner-old:old" });
    const regen2 = await readEvents(await t.generate({ appDescription: "An app from an older planner" }));
    assert.equal(start(regen2).source, "generated");
    assert.notEqual(start(regen2).id, otherRecord.id);
    assert.equal(counter.calls, 2);
  } finally {
    await t.close();
  }
});

Deno.test("staleness: the budget-exhausted fallback replays a stale entry marked stale", async () => {
  const t = await makeTestApp();
  try {
    const req = request({ appDescription: "A stale fallback app" });
    const record = await storeOld(t, req, { ageDays: 30 });
    const parsed = parseGenerationBody({ appDescription: "a stale FALLBACK app" });
    const admission = await t.service.staleFallback(parsed);
    assert.ok(admission);
    const events: GenerationEvent[] = [];
    for await (const e of admission.events) events.push(e);
    assert.equal(start(events).source, "cache");
    assert.equal(start(events).stale, true);
    assert.equal(start(events).id, record.id);
    assert.equal(complete(events).cached, true);
    assert.equal(complete(events).generatedAt, new Date(record.createdAt).toISOString());
    assert.equal(
      await t.service.staleFallback(parseGenerationBody({ appDescription: "Never stored" })),
      null,
    );
  } finally {
    await t.close();
  }
});

Deno.test("staleness: with the budget spent, a stale exact entry is served over HTTP marked stale", async () => {
  const { provider, counter } = countingProvider();
  const t = await makeTestApp({ GENERATION_LIMIT: "1" }, { provider });
  try {
    const record = await storeOld(t, request({ appDescription: "An old stored app" }), { ageDays: 30 });
    // Budget remains: the stale entry is regenerated (spends the only unit).
    const regenerated = await readEvents(await t.generate({ appDescription: "An old stored app" }));
    assert.equal(start(regenerated).source, "generated");
    assert.equal(counter.calls, 1);
    // The budget is spent now; force the fresh one aside by asking for another stale entry.
    const other = await storeOld(t, request({ appDescription: "Another old app" }), { ageDays: 30 });
    const used = await budgetUsed(t.kv);
    const res = await t.generate({ appDescription: "ANOTHER old app" });
    assert.equal(res.status, 200);
    const events = await readEvents(res);
    assert.equal(start(events).source, "cache");
    assert.equal(start(events).stale, true);
    assert.equal(start(events).id, other.id);
    assert.notEqual(start(events).id, record.id);
    assert.equal(complete(events).cached, true);
    assert.deepEqual(await budgetUsed(t.kv), used);
    assert.equal(counter.calls, 1);
    // Nothing stored for this request (and no similar candidate: other scale and competitor): the 429.
    const none = await t.generate({
      appDescription: "Nothing stored for this one",
      scale: "Global",
      competitors: ["Vercel"],
    });
    assert.equal(none.status, 429);
    await none.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("replay: similar replays carry similarity and the matched request", async () => {
  const t = await makeTestApp();
  try {
    const first = await readEvents(await t.generate({ appDescription: "A recipe sharing site" }));
    const stored = await t.services.store.get(start(first).id);
    assert.ok(stored);
    const asking = request({ appDescription: "A site to share recipes" });
    const events: GenerationEvent[] = [];
    for await (const e of replaySimilar(stored, { similarity: 0.93, request: asking })) events.push(e);
    const s = start(events);
    assert.equal(s.source, "similar");
    assert.equal(s.similarity, 0.93);
    assert.deepEqual(s.request, asking);
    assert.deepEqual(s.matchedRequest, stored.record.request);
    assert.equal(complete(events).cached, true);
    assert.deepEqual(elements(events), elements(first));
    assert.deepEqual(replayEvents(stored, { source: "cache" }).slice(1, -1), elements(first));
  } finally {
    await t.close();
  }
});
