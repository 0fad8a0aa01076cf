import assert from "node:assert/strict";
import { loadConfig } from "../lib/platform/config.ts";
import { createApp } from "../routes/app.ts";
import { makeTestApp, readEvents } from "./helpers.ts";
import { kvDouble } from "./kv_double.ts";

const METRICS_TOKEN = "metrics-token-for-tests-0123456789";

Deno.test("ops: /healthz is 200 and /readyz reports KV and provider checks", async () => {
  const t = await makeTestApp();
  try {
    const health = await t.request("/healthz");
    assert.equal(health.status, 200);
    assert.equal((await health.json()).status, "ok");
    const ready = await t.request("/readyz");
    assert.equal(ready.status, 200);
    const body = await ready.json();
    assert.equal(body.status, "ready");
    assert.equal(body.checks.kv.ok, true);
    assert.equal(body.checks.provider.ok, true);
    assert.equal(body.checks.provider.id, "offline");
    assert.equal(ready.headers.get("cache-control"), "no-store");
  } finally {
    await t.close();
  }
});

for (const mode of ["throw", "hang"] as const) {
  Deno.test(`ops: /readyz is 503 within its bound when KV ${mode}s; /healthz stays 200`, async () => {
    const inner = await Deno.openKv(":memory:");
    const double = kvDouble(inner);
    const config = loadConfig({ KV_PATH: ":memory:", OFFLINE_PACE_MS: "0" });
    const built = createApp({ config, kv: double.kv, kvTimeoutMs: 100 });
    try {
      double.mode = mode;
      const t0 = performance.now();
      const res = await built.app.fetch(new Request("http://localhost/readyz"));
      assert.ok(performance.now() - t0 < 2000, "bounded");
      assert.equal(res.status, 503);
      const body = await res.json();
      assert.equal(body.status, "unavailable");
      assert.equal(body.checks.kv.ok, false);
      assert.match(body.checks.kv.error, mode === "hang" ? /no answer within 100 ms/ : /failed/);
      assert.equal(body.checks.provider.ok, true);
      assert.equal((await built.app.fetch(new Request("http://localhost/healthz"))).status, 200);
    } finally {
      double.mode = "ok";
      await built.close();
      inner.close();
    }
  });
}

Deno.test("ops: /metrics needs the bearer token when METRICS_TOKEN is set (no hint on failure)", async () => {
  const t = await makeTestApp({ METRICS_TOKEN });
  try {
    for (const auth of [undefined, "Bearer wrong", `Basic ${METRICS_TOKEN}`, `Bearer ${METRICS_TOKEN}x`]) {
      const res = await t.request("/metrics", { headers: auth ? { authorization: auth } : {} });
      assert.equal(res.status, 401, String(auth));
      const text = await res.text();
      assert.ok(!text.includes(METRICS_TOKEN));
      assert.match(res.headers.get("www-authenticate") ?? "", /^Bearer/);
    }
    const ok = await t.request("/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    assert.match(await ok.text(), /# TYPE vtp_generations_total counter/);
  } finally {
    await t.close();
  }
});

Deno.test("ops: /metrics is open without METRICS_TOKEN and shows generations, cache, budget and HTTP", async () => {
  const t = await makeTestApp({ GENERATION_LIMIT: "7" });
  try {
    const body = { appDescription: "A metrics demo app with a unique name 8841" };
    assert.equal((await readEvents(await t.generate(body))).at(-1)!.type, "complete");
    assert.equal((await readEvents(await t.generate(body))).at(-1)!.type, "complete"); // exact repeat
    const res = await t.request("/metrics");
    assert.equal(res.status, 200);
    const text = await res.text();
    const value = (line: string) => {
      const m = text.split("\n").find((l) => l.startsWith(line + " "));
      return m === undefined ? undefined : Number(m.slice(line.length + 1));
    };
    const model = t.services.provider.model;
    const gen = (source: string) =>
      value(
        `vtp_generations_total{source="${source}",provider="offline",model="${model}",outcome="complete"}`,
      );
    assert.ok(gen("generated")! >= 1);
    assert.ok(gen("cache")! >= 1);
    assert.ok(value('vtp_cache_lookups_total{kind="exact",result="hit"}')! >= 1);
    assert.ok(value('vtp_cache_lookups_total{kind="exact",result="miss"}')! >= 1);
    assert.equal(
      value("vtp_budget_limit"),
      7,
      "budget gauges are read from this app's Budget at scrape time",
    );
    assert.equal(value("vtp_budget_used"), 1);
    assert.ok(
      value('vtp_http_requests_total{method="POST",route="/api/generate-architecture-v2",status="200"}')! >=
        2,
    );
    assert.match(
      text,
      /vtp_generation_duration_seconds_bucket\{source="generated",provider="offline",le="\+Inf"\}/,
    );
  } finally {
    await t.close();
  }
});

Deno.test("ops: X-Request-Id is echoed when well-formed, replaced when not, and set on errors too", async () => {
  const t = await makeTestApp();
  try {
    const kept = await t.request("/healthz", { headers: { "x-request-id": "abc-123_DEF.4:5" } });
    assert.equal(kept.headers.get("x-request-id"), "abc-123_DEF.4:5");
    for (const bad of ["has space", "x".repeat(200), "<script>", "a\u00e9"]) {
      const res = await t.request("/healthz", { headers: { "x-request-id": bad } });
      const id = res.headers.get("x-request-id") ?? "";
      assert.notEqual(id, bad);
      assert.match(id, /^[0-9a-f-]{36}$/);
    }
    const notFound = await t.request("/nope");
    assert.equal(notFound.status, 404);
    assert.match(notFound.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
    const invalid = await t.generate({ appDescription: "x" });
    assert.equal(invalid.status, 400);
    assert.ok(invalid.headers.get("x-request-id"));
  } finally {
    await t.close();
  }
});
