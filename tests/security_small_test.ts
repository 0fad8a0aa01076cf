/**
 * Issue 15, item 8: the small ones — 400 for a malformed multipart body, an honest start-up line for a short
 * admin key, a bounded API-key lookup, no un-indexed generation after a crash, one 413 message per route.
 */
import assert from "node:assert/strict";
import { createApiKey } from "../lib/access/api_keys.ts";
import { type GenerationOutcome, runGeneration } from "../lib/generation/run.ts";
import { describeConfig, loadConfig } from "../lib/platform/config.ts";
import { newId } from "../lib/platform/ids.ts";
import { cacheKeyOf, engineVersionOf, requestHashOf } from "../lib/protocol/request_hash.ts";
import { parseGenerationBody } from "../lib/protocol/request_schema.ts";
import { createOfflineProvider } from "../lib/providers/offline.ts";
import { GENERATION_KEYS, GenerationStore } from "../lib/store/generation_store.ts";
import { createApp } from "../routes/app.ts";
import { makeTestApp } from "./helpers.ts";
import { kvDouble } from "./kv_double.ts";

Deno.test("small: multipart/form-data without a boundary is 400 on every form route (not 500)", async () => {
  const t = await makeTestApp({ ADMIN_API_KEY: "z".repeat(40), LOG_LEVEL: "error" });
  try {
    for (const path of ["/admin/session", "/", "/admin/ui/reset", "/admin/ui/limit", "/admin/session/end"]) {
      for (const type of ["multipart/form-data", "multipart/form-data; boundary=xyz"]) {
        const res = await t.request(path, {
          method: "POST",
          headers: { "content-type": type, "sec-fetch-site": "same-origin" },
          body: "adminKey=whatever",
        });
        assert.equal(res.status, 400, `${path} ${type}`);
        const body = await res.json();
        assert.equal(body.error.code, "invalid_request");
        assert.ok(body.error.fields.body);
      }
    }
  } finally {
    await t.close();
  }
});

Deno.test('small: a too-short ADMIN_API_KEY is reported as disabled at start-up, not as "set"', () => {
  assert.equal(
    describeConfig(loadConfig({ ADMIN_API_KEY: "short-key11" })).ADMIN_API_KEY,
    "too short (admin disabled)",
  );
  assert.equal(describeConfig(loadConfig({ ADMIN_API_KEY: "k".repeat(32) })).ADMIN_API_KEY, "set");
  assert.equal(describeConfig(loadConfig({})).ADMIN_API_KEY, "unset");
});

Deno.test("small: the API-key lookup is bounded — with KV hanging, a vtp_ request gets 503 kv_unavailable quickly", async () => {
  const inner = await Deno.openKv(":memory:");
  const double = kvDouble(inner);
  const { key } = await createApiKey(inner, { name: "k", plan: "pro" });
  const config = loadConfig({
    KV_PATH: ":memory:",
    OFFLINE_PACE_MS: "0",
    RATE_LIMIT_API: "unlimited",
    LOG_LEVEL: "error",
  });
  const built = createApp({ config, kv: double.kv, kvTimeoutMs: 200 });
  try {
    double.mode = "hang";
    const started = performance.now();
    const res = await built.app.fetch(
      new Request("http://localhost/api/budget", { headers: { authorization: `Bearer ${key}` } }),
    );
    const ms = performance.now() - started;
    assert.equal(res.status, 503);
    assert.equal((await res.json()).error.code, "kv_unavailable");
    assert.ok(ms < 2000, `answered after ${Math.round(ms)} ms`);
  } finally {
    double.mode = "ok";
    await built.close();
    inner.close();
  }
});

Deno.test("small: a generation stored but not indexed (crash in between) gets its vector at the next start", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const req =
      parseGenerationBody({ appDescription: "A surf school booking app with wetsuit rental" }).request;
    const provider = createOfflineProvider();
    const run = runGeneration(provider, req, {
      id: newId(),
      firstElementTimeoutMs: 5000,
      totalTimeoutMs: 5000,
    });
    let outcome: GenerationOutcome;
    while (true) {
      const step = await run.next();
      if (step.done) {
        outcome = step.value;
        break;
      }
    }
    const engineVersion = engineVersionOf(provider);
    // The store's commit happened; the process "died" before the vector was written.
    const record = await new GenerationStore(kv).save(outcome, {
      requestHash: await requestHashOf(req),
      cacheKey: await cacheKeyOf(req, engineVersion),
      engineVersion,
    });
    assert.notEqual((await kv.get([GENERATION_KEYS.vectorPending, record.id])).versionstamp, null);
    const config = loadConfig({ KV_PATH: ":memory:", LOG_LEVEL: "error" });
    const built = createApp({ config, kv });
    try {
      for (let i = 0; i < 100 && !(await built.services.similar.isIndexed(record.id)); i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal(await built.services.similar.isIndexed(record.id), true);
      for (
        let i = 0;
        i < 50 && (await kv.get([GENERATION_KEYS.vectorPending, record.id])).versionstamp;
        i++
      ) {
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal((await kv.get([GENERATION_KEYS.vectorPending, record.id])).versionstamp, null);
    } finally {
      await built.close();
    }
  } finally {
    kv.close();
  }
});

Deno.test("small: one 413 message per route, whatever the size (17 KB and 10 MB)", async () => {
  const t = await makeTestApp({ LOG_LEVEL: "error" });
  try {
    const messages = new Set<string>();
    for (const size of [17 * 1024, 10 * 1024 * 1024]) {
      const res = await t.generate(JSON.stringify({ appDescription: "x".repeat(size) }));
      assert.equal(res.status, 413);
      messages.add((await res.json()).error.message);
    }
    assert.deepEqual([...messages], ["The body is larger than 16384 bytes."]);
    const forms = new Set<number>();
    for (const size of [17 * 1024, 10 * 1024 * 1024]) {
      const res = await t.request("/", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" },
        body: "appDescription=" + "x".repeat(size),
      });
      forms.add(res.status);
      assert.match(await res.text(), /The form is larger than 16384 bytes/);
    }
    assert.deepEqual([...forms], [413]);
  } finally {
    await t.close();
  }
});

Deno.test("small: the budget reads are bounded — with the budget's getMany hanging, GET /api/budget answers kv_unavailable and the page renders without the snapshot", async () => {
  const inner = await Deno.openKv(":memory:");
  const double = kvDouble(inner);
  const config = loadConfig({
    KV_PATH: ":memory:",
    OFFLINE_PACE_MS: "0",
    RATE_LIMIT_API: "unlimited",
    LOG_LEVEL: "error",
  });
  const built = createApp({ config, kv: double.kv, kvTimeoutMs: 200 });
  // A request that never answers fails the test instead of hanging it (the bound is 200 ms).
  const answered = async (path: string) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const res = await Promise.race([
      built.app.fetch(new Request(`http://localhost${path}`)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${path} did not answer while KV hung`)), 10_000);
      }),
    ]).finally(() => clearTimeout(timer));
    return res;
  };
  try {
    // While KV works, both carry the budget.
    const ok = await answered("/api/budget");
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).remaining, (await built.budget.status()).remaining);
    const page = await (await answered("/")).text();
    assert.match(page, /&quot;initial&quot;:\{&quot;used&quot;/, "the page carries the budget snapshot");

    // Budget.status reads its counters with one getMany: only that method hangs.
    double.only = new Set(["getMany"]);
    double.mode = "hang";
    const res = await answered("/api/budget");
    assert.equal(res.status, 503);
    const body = await res.json();
    assert.equal(body.error.code, "kv_unavailable");
    assert.ok(res.headers.get("retry-after"), "with Retry-After");
    assert.ok(double.failedCalls >= 1, "the budget read did reach the hung KV");
    const hungCalls = double.failedCalls;
    const hungPage = await answered("/");
    assert.equal(hungPage.status, 200, "the page still renders");
    assert.match(await hungPage.text(), /&quot;initial&quot;:null/, "without the snapshot");
    assert.ok(double.failedCalls > hungCalls, "the page's snapshot read reached the hung KV too");
    assert.equal(double.mode, "hang", "both answered while KV was still hanging");
  } finally {
    double.mode = "ok";
    await built.close();
    inner.close();
  }
});
