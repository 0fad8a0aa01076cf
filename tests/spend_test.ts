import assert from "node:assert/strict";
import { ConfigError } from "../lib/platform/config.ts";
import { costOf, loadPrices, PriceTable } from "../lib/guards/llm_prices.ts";
import type { ArchitectureProvider } from "../lib/providers/types.ts";
import { createOfflineProvider } from "../lib/providers/offline.ts";
import { spendPeriod, SpendTracker } from "../lib/guards/spend.ts";
import { makeTestApp, readEvents } from "./helpers.ts";

Deno.test("prices: cost per model, dated model names, free planner, unknown models", () => {
  assert.equal(costOf("gpt-4.1-mini", { inputTokens: 1_000_000, outputTokens: 1_000_000 }), 0.4 + 1.6);
  assert.equal(
    costOf("gpt-4.1-mini-2025-04-14", { inputTokens: 2000, outputTokens: 1000 }),
    (2000 * 0.4 + 1000 * 1.6) / 1e6,
  );
  assert.equal(costOf("claude-sonnet-4-5", { inputTokens: 1000, outputTokens: 0 }), 0.003);
  assert.equal(costOf("planner-3", { inputTokens: 5000, outputTokens: 5000 }), 0);
  assert.equal(costOf("mystery-model", { inputTokens: 1, outputTokens: 1 }), undefined);
  assert.equal(new PriceTable().priceOf("gpt-4.1mini"), undefined, "a prefix must be followed by a dash");
});

Deno.test("prices: LLM_PRICES overrides and extends; invalid values are a ConfigError naming LLM_PRICES", () => {
  const t = loadPrices(
    '{"gpt-4.1-mini":{"inputPerMTok":1,"outputPerMTok":2},"my-model":{"inputPerMTok":0.5,"outputPerMTok":0.5}}',
  );
  assert.equal(t.costOf("gpt-4.1-mini", { inputTokens: 1e6, outputTokens: 0 }), 1);
  assert.equal(t.costOf("my-model", { inputTokens: 1e6, outputTokens: 1e6 }), 1);
  assert.equal(t.costOf("gpt-4o", { inputTokens: 1e6, outputTokens: 0 }), 2.5, "defaults kept");
  for (
    const bad of [
      "{not json",
      "[]",
      '{"m":{"inputPerMTok":-1,"outputPerMTok":1}}',
      '{"m":{"inputPerMTok":1}}',
      '{"m":{"inputPerMTok":1,"outputPerMTok":1,"extra":3}}',
      '{"m":{"inputPerMTok":"1","outputPerMTok":1}}',
    ]
  ) {
    assert.throws(() => loadPrices(bad), (e) => e instanceof ConfigError && "LLM_PRICES" in e.variables, bad);
  }
});

Deno.test("spend: concurrent records add up exactly per period, with a per-model breakdown", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const s = new SpendTracker({ kv, prices: new PriceTable(), period: "daily", limitUsd: 1 });
    await Promise.all(
      Array.from(
        { length: 50 },
        () => s.record("openai", "gpt-4.1-mini", { inputTokens: 1000, outputTokens: 500 }),
      ),
    );
    await s.record("offline", "planner-1", { inputTokens: 10, outputTokens: 10 });
    const status = await s.status();
    const each = (1000 * 0.4 + 500 * 1.6) / 1e6;
    assert.ok(Math.abs(status.spentUsd - 50 * each) < 1e-9, String(status.spentUsd));
    assert.equal(status.period, new Date().toISOString().slice(0, 10));
    const openai = status.byModel.find((m) => m.provider === "openai")!;
    assert.equal(openai.calls, 50);
    assert.equal(openai.inputTokens, 50_000);
    assert.equal(openai.outputTokens, 25_000);
    assert.equal(status.exhausted, false);
    assert.equal(status.remainingUsd! > 0.9, true);
    assert.equal(status.valid, true);
    // A hand edit that breaks the counter is reported and fails closed while a cap is set.
    await kv.set(["spend", status.period, "total"], "lots");
    const bad = await s.check();
    assert.equal(bad.valid, false);
    assert.equal(bad.exhausted, true);
    await s.reset();
    assert.equal((await s.status()).spentUsd, 0);
  } finally {
    kv.close();
  }
});

Deno.test("spend: period keys follow BUDGET_PERIOD in UTC", () => {
  const at = new Date("2025-06-01T13:45:00Z");
  assert.deepEqual(spendPeriod("none", at), { key: "all", resetsAt: null });
  assert.equal(spendPeriod("daily", at).key, "2025-06-01");
  assert.equal(spendPeriod("daily", at).resetsAt!.toISOString(), "2025-06-02T00:00:00.000Z");
  assert.equal(spendPeriod("hourly", at).key, "2025-06-01T13");
  assert.equal(spendPeriod("hourly", at).resetsAt!.toISOString(), "2025-06-01T14:00:00.000Z");
});

Deno.test("spend: SPEND_LIMIT_USD refuses new generations with 429 spend_exhausted once reached", async () => {
  const offline = createOfflineProvider();
  const priced: ArchitectureProvider = {
    id: "openai",
    model: "gpt-4.1-mini",
    async *generate(r, s) {
      yield* offline.generate(r, s);
      yield { kind: "usage", usage: { inputTokens: 100_000, outputTokens: 50_000 } }; // $0.12
    },
  };
  const t = await makeTestApp({ SPEND_LIMIT_USD: "0.2", LLM_PRICES: "" }, { provider: priced });
  try {
    for (const i of [1, 2]) {
      const events = await readEvents(await t.generate({ appDescription: `Spend cap app ${i}` }));
      assert.equal(events.at(-1)!.type, "complete");
    }
    const spend = await t.services.spend.status();
    assert.ok(Math.abs(spend.spentUsd - 0.24) < 1e-9, String(spend.spentUsd));
    const res = await t.generate({ appDescription: "Spend cap app 3" });
    assert.equal(res.status, 429);
    const json = await res.json();
    assert.equal(json.error.code, "spend_exhausted");
    assert.equal(json.spend.limitUsd, 0.2);
    // A cached repeat is still answered (spends nothing).
    const cached = await readEvents(await t.generate({ appDescription: "Spend cap app 1" }));
    assert.equal(cached[0].type === "start" && cached[0].source, "cache");
    const metrics = await (await t.request("/metrics")).text();
    assert.match(
      metrics,
      /vtp_llm_tokens_total\{direction="input",provider="openai",model="gpt-4.1-mini"\} \d+/,
    );
    assert.match(metrics, /vtp_spend_limit_usd 0.2/);
  } finally {
    await t.close();
  }
});
