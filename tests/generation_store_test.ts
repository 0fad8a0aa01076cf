import assert from "node:assert/strict";
import type { PlanElement } from "../lib/protocol/events.ts";
import { type GenerationOutcome, runGeneration } from "../lib/generation/run.ts";
import {
  CHUNK_BYTES,
  eventsOf,
  GENERATION_KEYS,
  type GenerationRecord,
  GenerationStore,
  InvalidCursorError,
} from "../lib/store/generation_store.ts";
import { newId } from "../lib/platform/ids.ts";
import { createOfflineProvider } from "../lib/providers/offline.ts";
import { cacheKeyOf, engineVersionOf, requestHashOf } from "../lib/protocol/request_hash.ts";
import { type NormalizedRequest, parseGenerationBody } from "../lib/protocol/request_schema.ts";
import { makeTestApp, readEvents } from "./helpers.ts";

const ADMIN_KEY = "test-admin-key-0123456789abcdef-XYZ";

function request(description: string, extra: Record<string, unknown> = {}): NormalizedRequest {
  return parseGenerationBody({ appDescription: description, ...extra }).request;
}

/** A real completed outcome from the offline planner. */
async function completedOutcome(req: NormalizedRequest): Promise<GenerationOutcome> {
  const provider = createOfflineProvider();
  const run = runGeneration(provider, req, {
    id: newId(),
    firstElementTimeoutMs: 5000,
    totalTimeoutMs: 5000,
  });
  while (true) {
    const step = await run.next();
    if (step.done) return step.value;
  }
}

async function metaFor(req: NormalizedRequest, engineVersion = engineVersionOf(createOfflineProvider())) {
  return {
    requestHash: await requestHashOf(req),
    cacheKey: await cacheKeyOf(req, engineVersion),
    engineVersion,
  };
}

/** An outcome whose elements are padded past `bytes` (many long value propositions). */
async function bigOutcome(req: NormalizedRequest, bytes: number): Promise<GenerationOutcome> {
  const base = await completedOutcome(req);
  const elements: PlanElement[] = [...base.elements];
  let size = JSON.stringify(elements).length;
  let i = 0;
  while (size < bytes) {
    const el: PlanElement = {
      type: "priority_value_prop",
      platform: "cloudflare",
      data: {
        constraint: "Scalability",
        emoji: "🚀",
        title: `Padding ${i++}`,
        description: `é${"x".repeat(580)}ü`,
      },
    };
    elements.push(el);
    size += JSON.stringify(el).length;
  }
  return { ...base, elements };
}

async function allKeys(kv: Deno.Kv): Promise<string[]> {
  const keys: string[] = [];
  for await (const e of kv.list({ prefix: [] })) keys.push(JSON.stringify(e.key));
  return keys;
}

Deno.test("store: saves a completed generation and gives back the same event sequence", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const store = new GenerationStore(kv);
    const req = request("A photo sharing app");
    const outcome = await completedOutcome(req);
    const meta = await metaFor(req);
    const record = await store.save(outcome, meta);
    assert.equal(record.id, outcome.start.id);
    assert.equal(record.chunkCount, 1);
    assert.equal(record.provider, "offline");
    assert.equal(record.engineVersion, meta.engineVersion);
    assert.equal(record.requestHash, meta.requestHash);
    assert.equal(record.costUsd, null);
    const stored = await store.get(record.id);
    assert.ok(stored);
    assert.deepEqual(eventsOf(stored), [outcome.start, ...outcome.elements, outcome.final]);
    // Small generations carry a copy in the index entry: an exact hit is one KV read, same content.
    const [entry] = await store.entriesFor(meta.requestHash);
    assert.ok(entry.record && entry.payload);
    assert.deepEqual(await store.findFresh(meta.requestHash, meta.engineVersion), stored);
    assert.equal(await store.get(newId()), null);
  } finally {
    kv.close();
  }
});

Deno.test("store: only completed generations are stored", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const store = new GenerationStore(kv);
    const req = request("An app that fails");
    const outcome = await completedOutcome(req);
    const failed: GenerationOutcome = {
      ...outcome,
      status: "error",
      final: { type: "error", code: "upstream_error", message: "x", retryable: true },
    };
    await assert.rejects(store.save(failed, await metaFor(req)));
    await assert.rejects(store.save({ ...outcome, status: "aborted", final: undefined }, await metaFor(req)));
    assert.deepEqual(await allKeys(kv), []);
  } finally {
    kv.close();
  }
});

for (
  const [label, size] of [["240 KiB (one atomic commit)", 240 * 1024], ["1.2 MiB (header last)", 1200 * 1024]]
) {
  Deno.test(`store: a ${label} generation is split into chunks, never truncated`, async () => {
    const kv = await Deno.openKv(":memory:");
    try {
      const store = new GenerationStore(kv);
      const req = request("A very large plan");
      const outcome = await bigOutcome(req, size as number);
      const meta = await metaFor(req);
      const record = await store.save(outcome, meta);
      assert.ok(record.byteLength > (size as number), `${record.byteLength}`);
      assert.equal(record.chunkCount, Math.ceil(record.byteLength / CHUNK_BYTES));
      assert.ok(record.chunkCount > 3);
      let chunks = 0;
      for await (const e of kv.list<Uint8Array>({ prefix: [GENERATION_KEYS.chunks, record.id] })) {
        assert.ok(e.value.byteLength <= CHUNK_BYTES);
        chunks++;
      }
      assert.equal(chunks, record.chunkCount);
      const stored = await store.get(record.id);
      assert.ok(stored);
      assert.deepEqual(stored.elements, outcome.elements);
      // The exact-cache lookup reads the chunks too (too large for the inline copy in the index).
      const [entry] = await store.entriesFor(meta.requestHash);
      assert.equal(entry.payload, undefined);
      assert.deepEqual(
        (await store.findFresh(meta.requestHash, meta.engineVersion))?.elements,
        outcome.elements,
      );
      // Delete removes every chunk too.
      assert.equal(await store.delete(record.id), true);
      assert.deepEqual(await allKeys(kv), []);
    } finally {
      kv.close();
    }
  });
}

Deno.test("store: a header whose chunks are missing reads as absent", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const store = new GenerationStore(kv);
    const req = request("A partial plan");
    const record = await store.save(await bigOutcome(req, 200 * 1024), await metaFor(req));
    await kv.delete([GENERATION_KEYS.chunks, record.id, 2]);
    assert.equal(await store.get(record.id), null);
  } finally {
    kv.close();
  }
});

Deno.test("store: GENERATION_TTL_DAYS sets expireIn on every key of a generation; unset sets none", async () => {
  for (const ttlDays of [2, undefined]) {
    const kv = await Deno.openKv(":memory:");
    try {
      const options: (undefined | { expireIn?: number })[] = [];
      const realAtomic = kv.atomic.bind(kv);
      kv.atomic = () => {
        const op = realAtomic();
        const set = op.set.bind(op);
        op.set = (key, value, opts) => {
          options.push(opts);
          return set(key, value, opts);
        };
        return op;
      };
      const store = new GenerationStore(kv, { ttlDays });
      const req = request("An app with retention");
      await store.save(await bigOutcome(req, 700 * 1024), await metaFor(req));
      assert.ok(options.length >= 3);
      for (const o of options) assert.deepEqual(o, ttlDays ? { expireIn: ttlDays * 86_400_000 } : undefined);
    } finally {
      kv.close();
    }
  }
});

Deno.test("store: listing is newest first with an opaque cursor; bad cursors are refused", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const store = new GenerationStore(kv);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const req = request(`App number ${i}`);
      ids.push((await store.save(await completedOutcome(req), await metaFor(req))).id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 3; page++) {
      const res = await store.list({ limit: 2, cursor });
      seen.push(...res.generations.map((g) => g.id));
      if (page < 2) assert.ok(res.cursor);
      else assert.equal(res.cursor, null);
      cursor = res.cursor ?? undefined;
    }
    assert.deepEqual(seen, [...ids].reverse());
    await assert.rejects(store.list({ cursor: "nonsense!" }), InvalidCursorError);
    await assert.rejects(store.list({ cursor: btoa("g1:not-a-ulid") }), InvalidCursorError);
  } finally {
    kv.close();
  }
});

Deno.test("store: freshness by age (injected clock) and by engine version", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    let now = Date.parse("2030-01-01T00:00:00Z");
    const store = new GenerationStore(kv, { maxAgeDays: 7, now: () => now });
    const req = request("A clocked app");
    const meta = await metaFor(req);
    const record = await store.save(await completedOutcome(req), meta);
    assert.equal((await store.findFresh(meta.requestHash, meta.engineVersion))?.record.id, record.id);
    assert.equal(await store.findFresh(meta.requestHash, "offline:planner-0:0"), null);
    now += 7 * 86_400_000 + 1;
    assert.equal(await store.findFresh(meta.requestHash, meta.engineVersion), null);
    const fallback = await store.findStaleFallback(meta.requestHash, meta.engineVersion);
    assert.equal(fallback?.stored.record.id, record.id);
    assert.equal(fallback?.stale, true);
  } finally {
    kv.close();
  }
});

// ------------------------------------------------------------------------------------------- HTTP API

Deno.test("history API: lists, pages, reads and validates", async () => {
  const t = await makeTestApp();
  try {
    for (const d of ["First app", "Second app", "Third app"]) {
      await (await t.generate({ appDescription: d })).text();
    }
    const page1 = await (await t.request("/api/generations?limit=2")).json();
    assert.deepEqual(page1.generations.map((g: GenerationRecord) => g.request.appDescription), [
      "Third app",
      "Second app",
    ]);
    assert.equal(typeof page1.generations[0].createdAt, "string");
    const page2 = await (await t.request(`/api/generations?limit=2&cursor=${page1.cursor}`)).json();
    assert.deepEqual(page2.generations.map((g: GenerationRecord) => g.request.appDescription), ["First app"]);
    assert.equal(page2.cursor, null);

    const one = await (await t.request(`/api/generations/${page1.generations[0].id}`)).json();
    assert.equal(one.id, page1.generations[0].id);
    assert.equal(one.events[0].type, "start");
    assert.equal(one.events.at(-1).type, "complete");

    for (
      const [query, field] of [
        ["limit=0", "limit"],
        ["limit=101", "limit"],
        ["limit=abc", "limit"],
        ["limit=2.5", "limit"],
        ["cursor=%25%25%25", "cursor"],
        ["cursor=", "cursor"],
      ]
    ) {
      const res = await t.request(`/api/generations?${query}`);
      assert.equal(res.status, 400, query);
      const body = await res.json();
      assert.equal(body.error.code, "invalid_request");
      assert.ok(field in body.error.fields, `${query}: ${JSON.stringify(body.error.fields)}`);
    }
    const bad = await t.request("/api/generations/not-an-id");
    assert.equal(bad.status, 400);
    assert.ok("id" in (await bad.json()).error.fields);
    const missing = await t.request(`/api/generations/${newId()}`);
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).error.code, "not_found");
    const badFormat = await t.request(`/api/generations/${one.id}?format=xml`);
    assert.equal(badFormat.status, 400);
    assert.ok("format" in (await badFormat.json()).error.fields);
  } finally {
    await t.close();
  }
});

Deno.test("history API: DELETE needs the admin key and removes every trace; the cache no longer serves it", async () => {
  const t = await makeTestApp({ ADMIN_API_KEY: ADMIN_KEY });
  try {
    const deleted: string[] = [];
    t.services.store.addDeleteListener((record) => {
      deleted.push(record.id);
    });
    const body = { appDescription: "An app to delete" };
    const events = await readEvents(await t.generate(body));
    const id = (events[0] as { id: string }).id;
    const hit = await readEvents(await t.generate(body));
    assert.equal((hit[0] as { source: string }).source, "cache");

    const anonymous = await t.request(`/api/generations/${id}`, { method: "DELETE" });
    assert.equal(anonymous.status, 401);
    const wrong = await t.request(`/api/generations/${id}`, {
      method: "DELETE",
      headers: { "x-admin-key": "nope" },
    });
    assert.equal(wrong.status, 401);
    assert.ok((await allKeys(t.kv)).some((k) => k.includes(id)));

    const badId = await t.request("/api/generations/xyz", {
      method: "DELETE",
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    assert.equal(badId.status, 400);

    const ok = await t.request(`/api/generations/${id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { deleted: true, id });
    assert.deepEqual(deleted, [id]);
    const traces = (await allKeys(t.kv)).filter((k) => k.includes(id) && !k.startsWith('["audit"'));
    assert.deepEqual(traces, []);
    const hashKeys = (await allKeys(t.kv)).filter((k) => k.startsWith(`["${GENERATION_KEYS.byRequest}"`));
    assert.deepEqual(hashKeys, []);
    assert.equal((await t.request(`/api/generations/${id}`)).status, 404);
    const again = await t.request(`/api/generations/${id}`, {
      method: "DELETE",
      headers: { "x-admin-key": ADMIN_KEY },
    });
    assert.equal(again.status, 404);
    const regenerated = await readEvents(await t.generate(body));
    assert.equal((regenerated[0] as { source: string }).source, "generated");
    assert.notEqual((regenerated[0] as { id: string }).id, id);
  } finally {
    await t.close();
  }
});

Deno.test("history API: DELETE is refused while no admin key is configured", async () => {
  const t = await makeTestApp();
  try {
    const events = await readEvents(await t.generate({ appDescription: "Kept app" }));
    const id = (events[0] as { id: string }).id;
    const res = await t.request(`/api/generations/${id}`, {
      method: "DELETE",
      headers: { "x-admin-key": "x" },
    });
    assert.equal(res.status, 503);
    assert.equal((await t.request(`/api/generations/${id}`)).status, 200);
  } finally {
    await t.close();
  }
});

Deno.test("store: a failing delete listener leaves the generation in place", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const store = new GenerationStore(kv);
    const req = request("A sticky app");
    const record = await store.save(await completedOutcome(req), await metaFor(req));
    const remove = store.addDeleteListener(() => {
      throw new Error("vector index down");
    });
    await assert.rejects(store.delete(record.id), /vector index down/);
    assert.ok(await store.get(record.id));
    remove();
    assert.equal(await store.delete(record.id), true);
    assert.equal(await store.get(record.id), null);
  } finally {
    kv.close();
  }
});

Deno.test("permalink page: renders both diagrams server-side and escapes the description", async () => {
  const t = await makeTestApp();
  try {
    const description = `<script>alert("x")</script> & <b>bold</b> app`;
    const events = await readEvents(await t.generate({ appDescription: description, competitors: ["GCP"] }));
    const id = (events[0] as { id: string }).id;
    const res = await t.request(`/generations/${id}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /text\/html/);
    const html = await res.text();
    assert.equal((html.match(/class="diagram-svg"/g) ?? []).length, 2);
    assert.ok(html.includes("GCP"));
    assert.ok(!html.includes("<script>alert"), "description must be escaped");
    assert.ok(!html.includes("<b>bold</b>"));
    assert.ok(html.includes("&lt;script>") || html.includes("&lt;script&gt;"));
    assert.ok(html.includes(`/api/generations/${id}?format=mermaid`));
    assert.equal((await t.request(`/generations/${newId()}`)).status, 404);
    assert.equal((await t.request(`/generations/bad-id`)).status, 400);
  } finally {
    await t.close();
  }
});

Deno.test("store: a generation with token usage is stored with its cost from the price table", async () => {
  const { planArchitecture } = await import("../lib/planner/planner.ts");
  const { loadPrices } = await import("../lib/guards/llm_prices.ts");
  const usage = { inputTokens: 3000, outputTokens: 5000 };
  const provider = {
    id: "openai" as const,
    model: "gpt-4.1-mini",
    async *generate(request: Parameters<typeof planArchitecture>[0]) {
      for (const element of planArchitecture(request).elements) yield { kind: "element" as const, element };
      yield { kind: "usage" as const, usage };
    },
  };
  const t = await makeTestApp({}, { provider });
  try {
    const events = await readEvents(await t.generate({ appDescription: "A priced generation" }));
    assert.equal(events.at(-1)!.type, "complete");
    const id = (events[0] as { id: string }).id;
    await t.service.drain();
    const record = await t.services.store.getRecord(id);
    const expected = loadPrices(undefined).costOf("gpt-4.1-mini", usage);
    assert.ok(expected !== undefined && expected > 0);
    assert.equal(record?.costUsd, expected);
  } finally {
    await t.close();
  }
});

Deno.test("history API: a generation deleted before its deferred vector index leaves no vector behind", async () => {
  const t = await makeTestApp({ ADMIN_API_KEY: ADMIN_KEY });
  try {
    const events = await readEvents(
      await t.generate({ appDescription: "A ferry timetable app to delete at once" }),
    );
    const id = (events[0] as { id: string }).id;
    // Deleted as soon as the stream ends, while the vector index still waits for the idle lane.
    const ok = await t.request(`/api/generations/${id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    assert.equal(ok.status, 200);
    await t.settled();
    const traces = (await allKeys(t.kv)).filter((k) => k.includes(id) && !k.startsWith('["audit"'));
    assert.deepEqual(traces, []);
  } finally {
    await t.close();
  }
});
