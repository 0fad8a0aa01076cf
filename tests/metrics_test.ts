import assert from "node:assert/strict";
import { AppMetrics, escapeLabelValue, formatValue, Registry } from "../lib/platform/metrics.ts";

/** Parses exposition text into `name{labels}` → value, checking every line's syntax on the way. */
function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  const seenTypes = new Set<string>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    if (line.startsWith("# HELP ")) continue;
    if (line.startsWith("# TYPE ")) {
      const [, , name, type] = line.split(" ");
      assert.ok(["counter", "gauge", "histogram"].includes(type), line);
      assert.ok(!seenTypes.has(name), `TYPE twice for ${name}`);
      seenTypes.add(name);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (\S+)$/
      .exec(line);
    assert.ok(m, `bad sample line: ${JSON.stringify(line)}`);
    const v = m[3] === "+Inf" ? Infinity : m[3] === "-Inf" ? -Infinity : Number(m[3]);
    assert.ok(!Number.isNaN(v) || m[3] === "NaN", line);
    samples.set(m[1] + (m[2] ?? ""), v);
  }
  return samples;
}

Deno.test("metrics: counter, gauge and histogram render in the exposition format", async () => {
  const r = new Registry();
  const c = r.counter("t_requests_total", "Requests.\nSecond line with \\ backslash", ["route", "status"]);
  c.inc({ route: "/a", status: 200 });
  c.inc({ route: "/a", status: 200 }, 2);
  c.inc({ route: "/b", status: 500 });
  const g = r.gauge("t_depth", "Depth.");
  g.set({}, 7);
  g.inc({}, -2);
  const h = r.histogram("t_seconds", "Durations.", ["kind"], [0.1, 1, 10]);
  h.observe({ kind: "x" }, 0.05);
  h.observe({ kind: "x" }, 0.5);
  h.observe({ kind: "x" }, 50);
  const text = await r.render();
  assert.match(text, /# HELP t_requests_total Requests\.\\nSecond line with \\\\ backslash\n/);
  assert.match(text, /# TYPE t_seconds histogram\n/);
  const s = parseExposition(text);
  assert.equal(s.get('t_requests_total{route="/a",status="200"}'), 3);
  assert.equal(s.get('t_requests_total{route="/b",status="500"}'), 1);
  assert.equal(s.get("t_depth"), 5);
  assert.equal(s.get('t_seconds_bucket{kind="x",le="0.1"}'), 1);
  assert.equal(s.get('t_seconds_bucket{kind="x",le="1"}'), 2);
  assert.equal(s.get('t_seconds_bucket{kind="x",le="10"}'), 2);
  assert.equal(s.get('t_seconds_bucket{kind="x",le="+Inf"}'), 3);
  assert.equal(s.get('t_seconds_count{kind="x"}'), 3);
  assert.equal(s.get('t_seconds_sum{kind="x"}'), 50.55);
});

Deno.test("metrics: label values are escaped and cannot break the format", async () => {
  const r = new Registry();
  const c = r.counter("t_total", "x", ["v"]);
  const nasty = 'a"b\\c\nd} 1\n# TYPE evil counter';
  c.inc({ v: nasty });
  const text = await r.render();
  assert.equal(escapeLabelValue(nasty), 'a\\"b\\\\c\\nd} 1\\n# TYPE evil counter');
  const s = parseExposition(text);
  assert.equal(s.size, 1);
  assert.ok(!text.includes("\n# TYPE evil"));
  assert.equal(formatValue(Infinity), "+Inf");
  assert.equal(formatValue(NaN), "NaN");
});

Deno.test("metrics: bad names, unknown labels and negative counter increments are refused", () => {
  const r = new Registry();
  assert.throws(() => r.counter("bad-name", "x"));
  assert.throws(() => r.counter("ok_total", "x", ["le"]));
  const c = r.counter("ok_total", "x", ["a"]);
  assert.throws(() => r.counter("ok_total", "again"), /twice/);
  assert.throws(() => c.inc({ b: "1" }), /unknown label/);
  assert.throws(() => c.inc({ a: "1" }, -1), /only go up/);
});

Deno.test("metrics: label cardinality is bounded per metric", async () => {
  const r = new Registry(5);
  const c = r.counter("t_total", "x", ["id"]);
  for (let i = 0; i < 100; i++) c.inc({ id: String(i) });
  const s = parseExposition(await r.render());
  const series = [...s.keys()].filter((k) => k.startsWith("t_total"));
  assert.equal(series.length, 6); // 5 real + one "_other"
  assert.equal(s.get('t_total{id="_other"}'), 95);
});

Deno.test("metrics: scrape-time budget and spend gauges; a failing collector is counted, not fatal", async () => {
  const m = new AppMetrics(new Registry());
  let used = 3;
  m.setBudgetSource(() => Promise.resolve({ used, limit: 10 }));
  m.setSpendSource(() => Promise.resolve({ spentUsd: 1.25, limitUsd: null }));
  let s = parseExposition(await m.render());
  assert.equal(s.get("vtp_budget_used"), 3);
  assert.equal(s.get("vtp_budget_limit"), 10);
  assert.equal(s.get("vtp_spend_usd"), 1.25);
  assert.equal(s.has("vtp_spend_limit_usd"), false);
  used = 4;
  s = parseExposition(await m.render());
  assert.equal(s.get("vtp_budget_used"), 4);

  m.setBudgetSource(() => Promise.reject(new Error("kv down")));
  s = parseExposition(await m.render());
  assert.equal(s.has("vtp_budget_used"), false, "a failed read exports no stale value");
  assert.equal(s.get('vtp_metrics_collector_errors_total{collector="budget"}'), 1);

  m.registry.collectorTimeoutMs = 30;
  m.setBudgetSource(() => new Promise(() => {})); // never answers
  const t0 = performance.now();
  await m.render();
  assert.ok(performance.now() - t0 < 1000, "a hanging collector does not hang the scrape");
  m.setBudgetSource(undefined);
});

Deno.test("metrics: recording functions fill the application metrics", async () => {
  const m = new AppMetrics(new Registry());
  m.generationFinished({
    source: "generated",
    provider: "openai",
    model: "gpt-4.1-mini",
    outcome: "complete",
    durationMs: 1500,
    firstElementMs: 300,
  });
  m.generationFinished({ source: "cache", provider: "offline", model: "planner-1", outcome: "complete" });
  m.cacheLookup("exact", "hit");
  m.cacheLookup("similar", "miss");
  m.rateLimited("gen", "anonymous");
  m.similarity(0.91);
  m.llmUsage("openai", "gpt-4.1-mini", { inputTokens: 1000, outputTokens: 500 }, 0.0012);
  m.queue("openai", 4);
  m.queueWaited("openai", 2.5, "acquired");
  m.queueWaited("openai", 60, "timeout");
  m.queueFull("openai");
  m.httpRequest("GET", "/api/budget", 200, 3);
  const s = parseExposition(await m.render());
  assert.equal(
    s.get(
      'vtp_generations_total{source="generated",provider="openai",model="gpt-4.1-mini",outcome="complete"}',
    ),
    1,
  );
  assert.equal(s.get('vtp_generation_duration_seconds_count{source="generated",provider="openai"}'), 1);
  assert.equal(s.get('vtp_generation_first_element_seconds_sum{source="generated",provider="openai"}'), 0.3);
  assert.equal(s.get('vtp_cache_lookups_total{kind="exact",result="hit"}'), 1);
  assert.equal(s.get('vtp_rate_limit_rejections_total{scope="gen",plan="anonymous"}'), 1);
  assert.equal(s.get('vtp_similarity_score_bucket{le="0.92"}'), 1);
  assert.equal(s.get('vtp_similarity_score_bucket{le="0.9"}'), 0);
  assert.equal(s.get('vtp_llm_tokens_total{direction="input",provider="openai",model="gpt-4.1-mini"}'), 1000);
  assert.equal(s.get('vtp_llm_cost_usd_total{provider="openai",model="gpt-4.1-mini"}'), 0.0012);
  assert.equal(s.get('vtp_queue_depth{provider="openai"}'), 4);
  assert.equal(s.get('vtp_queue_rejections_total{provider="openai",reason="queue_timeout"}'), 1);
  assert.equal(s.get('vtp_queue_rejections_total{provider="openai",reason="queue_full"}'), 1);
  assert.equal(s.get('vtp_http_requests_total{method="GET",route="/api/budget",status="200"}'), 1);
});

Deno.test("metrics: the Grafana dashboard has a panel query for every application metric", async () => {
  const dashboard = JSON.parse(
    await Deno.readTextFile(new URL("../ops/grafana_dashboard.json", import.meta.url)),
  );
  const exprs = (dashboard.panels as { targets: { expr: string }[] }[]).flatMap((p) =>
    p.targets.map((t) => t.expr)
  )
    .join("\n");
  const text = await new AppMetrics(new Registry()).render();
  const names = [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]);
  assert.ok(names.length >= 20);
  for (const name of names) assert.ok(exprs.includes(name), `no panel for ${name}`);
});
