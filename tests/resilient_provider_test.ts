import assert from "node:assert/strict";
import { loadConfig } from "../lib/platform/config.ts";
import { runGeneration } from "../lib/generation/run.ts";
import { createOfflineProvider } from "../lib/providers/offline.ts";
import {
  createResilientProvider,
  providerChainIds,
  type ResilientOptions,
  retryDelayMs,
} from "../lib/providers/resilient.ts";
import {
  type ArchitectureProvider,
  type ProviderChunk,
  ProviderError,
  type ProviderId,
} from "../lib/providers/types.ts";
import { parseGenerationBody } from "../lib/protocol/request_schema.ts";
import { makeTestApp, readEvents } from "./helpers.ts";

const request = parseGenerationBody({ appDescription: "A photo sharing app with comments" }).request;

/** A provider that fails `failures` times with `error` before answering like the offline planner. */
function flaky(
  id: ProviderId,
  model: string,
  failures: number,
  error: () => Error,
  opts: { failAfterElements?: number } = {},
): ArchitectureProvider & { calls: number } {
  const offline = createOfflineProvider();
  const p = {
    id,
    model,
    calls: 0,
    async *generate(req: typeof request, signal: AbortSignal): AsyncIterable<ProviderChunk> {
      p.calls++;
      const failing = p.calls <= failures;
      if (failing && opts.failAfterElements === undefined) throw error();
      let n = 0;
      for await (const chunk of offline.generate(req, signal)) {
        if (failing && n++ === opts.failAfterElements) throw error();
        yield chunk;
      }
      yield { kind: "usage", usage: { inputTokens: 100, outputTokens: 200 } };
    },
  };
  return p;
}

const sleeps: number[] = [];
const fast: ResilientOptions = {
  sleep: (ms) => {
    sleeps.push(ms);
    return Promise.resolve();
  },
  random: () => 0.5,
};

async function drain(provider: ArchitectureProvider, signal = new AbortController().signal) {
  const chunks: ProviderChunk[] = [];
  for await (const c of provider.generate(request, signal)) chunks.push(c);
  return chunks;
}

Deno.test("resilient: retries rate limits honouring Retry-After, then answers and names the provider", async () => {
  sleeps.length = 0;
  const openai = flaky(
    "openai",
    "gpt-4.1-mini",
    2,
    () => new ProviderError("upstream_rate_limited", "429", true, 429, 1.5),
  );
  const chunks = await drain(createResilientProvider([openai], fast));
  assert.equal(openai.calls, 3);
  assert.deepEqual(sleeps, [1500, 1500]);
  assert.deepEqual(chunks[0], { kind: "provider", id: "openai", model: "gpt-4.1-mini" });
  assert.ok(chunks.filter((c) => c.kind === "provider").length === 1);
});

Deno.test("resilient: exponential backoff with jitter when there is no Retry-After; capped", () => {
  const err = new ProviderError("upstream_unavailable", "503", true, 503);
  const o = { baseDelayMs: 100, maxDelayMs: 1000, random: () => 1 - Number.EPSILON, maxRetries: 5 };
  assert.equal(retryDelayMs(err, 0, o), 100);
  assert.equal(retryDelayMs(err, 1, o), 200);
  assert.equal(retryDelayMs(err, 4, o), 1000);
  assert.equal(retryDelayMs(err, 5, o), undefined, "no retry past maxRetries");
  assert.equal(retryDelayMs(new ProviderError("upstream_auth", "401", false, 401), 0, o), undefined);
  assert.equal(
    retryDelayMs(new ProviderError("upstream_rate_limited", "429", true, 429, 60), 0, o),
    undefined,
  );
  assert.equal(retryDelayMs(new Error("bug"), 0, o), undefined);
});

Deno.test("resilient: falls back along the chain after retries; start.provider names who answered", async () => {
  sleeps.length = 0;
  const openai = flaky(
    "openai",
    "gpt-4.1-mini",
    99,
    () => new ProviderError("upstream_unavailable", "503", true, 503),
  );
  const anthropic = flaky(
    "anthropic",
    "claude-sonnet-4-5",
    99,
    () => new ProviderError("upstream_auth", "401", false),
  );
  const offline = createOfflineProvider();
  const chain = createResilientProvider([openai, anthropic, offline], { ...fast, maxRetries: 2 });
  assert.equal(chain.id, "openai");
  const run = runGeneration(chain, request, { id: "g1", firstElementTimeoutMs: 5000, totalTimeoutMs: 10000 });
  const events = [];
  let step;
  while (!(step = await run.next()).done) events.push(step.value);
  assert.equal(openai.calls, 3, "1 try + 2 retries");
  assert.equal(anthropic.calls, 1, "auth errors are not retried");
  const start = events[0];
  assert.equal(start.type, "start");
  assert.equal(start.type === "start" && start.provider, "offline");
  assert.equal(start.type === "start" && start.model, offline.model);
  assert.equal(events.at(-1)!.type, "complete");
  assert.equal(step.value.start.provider, "offline");
});

Deno.test("resilient: no retry or fallback once an element was sent — the error ends the stream", async () => {
  const openai = flaky(
    "openai",
    "gpt-4.1-mini",
    1,
    () => new ProviderError("upstream_unavailable", "stream cut", true, 503),
    { failAfterElements: 3 },
  );
  const offline = createOfflineProvider();
  const chain = createResilientProvider([openai, offline], fast);
  const run = runGeneration(chain, request, { id: "g2", firstElementTimeoutMs: 5000, totalTimeoutMs: 10000 });
  const events = [];
  let step;
  while (!(step = await run.next()).done) events.push(step.value);
  assert.equal(openai.calls, 1);
  assert.equal(events[0].type === "start" && events[0].provider, "openai");
  const last = events.at(-1)!;
  assert.equal(last.type, "error");
  assert.equal(last.type === "error" && last.code, "upstream_unavailable");
  assert.equal(events.filter((e) => e.type !== "start" && e.type !== "error").length, 3);
});

Deno.test("resilient: the last provider's error is reported when every provider fails", async () => {
  const a = flaky("openai", "m1", 99, () => new ProviderError("upstream_rate_limited", "429", true, 429, 0));
  const b = flaky(
    "anthropic",
    "m2",
    99,
    () => new ProviderError("upstream_unavailable", "529", true, 529, 0),
  );
  await assert.rejects(
    drain(createResilientProvider([a, b], { ...fast, maxRetries: 1 })),
    (e) => e instanceof ProviderError && e.code === "upstream_unavailable",
  );
  assert.equal(a.calls, 2);
  assert.equal(b.calls, 2);
});

Deno.test("resilient: a client abort during backoff stops at once without trying the fallback", async () => {
  const a = flaky("openai", "m1", 99, () => new ProviderError("upstream_rate_limited", "429", true, 429, 5));
  const b = flaky("anthropic", "m2", 0, () => new Error("unused"));
  const ac = new AbortController();
  const chain = createResilientProvider([a, b], { maxDelayMs: 10_000 });
  setTimeout(() => ac.abort(new Error("client gone")), 30);
  const t0 = performance.now();
  await assert.rejects(drain(chain, ac.signal), /client gone/);
  assert.ok(performance.now() - t0 < 1000);
  assert.equal(b.calls, 0);
});

Deno.test("resilient: LLM_FALLBACKS is validated and deduplicated", () => {
  const base = { OFFLINE_PACE_MS: "0", KV_PATH: ":memory:" };
  assert.deepEqual(providerChainIds(loadConfig({ ...base, LLM_FALLBACKS: "offline" })), ["offline"]);
  assert.deepEqual(
    providerChainIds(
      loadConfig({ ...base, OPENAI_API_KEY: "sk-test-123456789", LLM_FALLBACKS: " Offline , openai" }),
    ),
    ["openai", "offline"],
  );
  assert.throws(
    () => providerChainIds(loadConfig({ ...base, LLM_FALLBACKS: "offline,gemini" })),
    (e: Error & { variables?: Record<string, string> }) => "LLM_FALLBACKS" in (e.variables ?? {}),
  );
  assert.throws(
    () => providerChainIds(loadConfig({ ...base, LLM_FALLBACKS: "anthropic" })),
    /ANTHROPIC_API_KEY/,
  );
});

Deno.test("resilient: through the API a fallback answers and the start event says so", async () => {
  const failing = flaky(
    "openai",
    "gpt-4.1-mini",
    99,
    () => new ProviderError("upstream_unavailable", "503", true, 503),
  );
  const provider = createResilientProvider([failing, createOfflineProvider()], { ...fast, maxRetries: 1 });
  const t = await makeTestApp({}, { provider });
  try {
    const events = await readEvents(await t.generate({ appDescription: "A recipe sharing site" }));
    assert.equal(events[0].type, "start");
    assert.equal(events[0].type === "start" && events[0].provider, "offline");
    assert.equal(events.at(-1)!.type, "complete");
    assert.equal(failing.calls, 2);
  } finally {
    await t.close();
  }
});
