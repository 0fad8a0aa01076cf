import assert from "node:assert/strict";
import { createApiKey, type Plan } from "../lib/access/api_keys.ts";
import { BUDGET_KEYS } from "../lib/guards/budget.ts";
import { clientIp } from "../lib/access/client_identity.ts";
import { canonicalIp as normalizeIp } from "../lib/platform/ip_address.ts";
import { ConfigError, loadConfig } from "../lib/platform/config.ts";
import {
  parseRateLimitSpec,
  RateLimiter,
  rateLimitRules,
  secondsUntilAllowed,
} from "../lib/guards/rate_limit.ts";
import { makeTestApp, readEvents } from "./helpers.ts";

const body = (i: number) => ({ appDescription: `A rate limited app number ${i}`, competitors: ["Azure"] });
// Refusals are answered as such: the semantic cache (step 4, another module) only serves identical vectors.
const NO_SIMILAR = { SIMILARITY_THRESHOLD: "1" };

Deno.test("rate limit: specs parse per plan; bad specs are a ConfigError naming the variable", () => {
  assert.deepEqual(parseRateLimitSpec("5/10m"), { limit: 5, windowMs: 600_000 });
  assert.deepEqual(parseRateLimitSpec("100/1m"), { limit: 100, windowMs: 60_000 });
  assert.deepEqual(parseRateLimitSpec("1000/1h"), { limit: 1000, windowMs: 3_600_000 });
  assert.deepEqual(parseRateLimitSpec("7/m"), { limit: 7, windowMs: 60_000 });
  assert.deepEqual(parseRateLimitSpec(" 3/30s "), { limit: 3, windowMs: 30_000 });
  assert.equal(parseRateLimitSpec("unlimited"), null);
  assert.equal(parseRateLimitSpec("UNLIMITED"), null);

  const rules = rateLimitRules(loadConfig({ KV_PATH: ":memory:" }));
  assert.deepEqual(rules.generation.anonymous, { limit: 5, windowMs: 600_000 });
  assert.deepEqual(rules.generation.free, { limit: 10, windowMs: 60_000 });
  assert.deepEqual(rules.generation.starter, { limit: 30, windowMs: 60_000 });
  assert.deepEqual(rules.generation.pro, { limit: 100, windowMs: 60_000 });
  assert.equal(rules.generation.enterprise, null);
  assert.deepEqual(rules.api, { limit: 120, windowMs: 60_000 });

  for (
    const [variable, value] of [
      ["RATE_LIMIT_FREE", "ten per minute"],
      ["RATE_LIMIT_PRO", "100/"],
      ["RATE_LIMIT_API", "-1/1m"],
      ["RATE_LIMIT_ANONYMOUS", "5/10y"],
      ["RATE_LIMIT_STARTER", "5/0s"],
      ["RATE_LIMIT_ENTERPRISE", "5/30d"],
    ]
  ) {
    assert.throws(
      () => loadConfig({ KV_PATH: ":memory:", [variable]: value }),
      (e) => e instanceof ConfigError && variable in e.variables && e.message.includes(variable),
      `${variable}=${value}`,
    );
  }
});

Deno.test("rate limit: sliding window admits `limit`, refuses with Retry-After, and slides", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    let now = Date.UTC(2030, 0, 1, 12, 0, 0); // the start of a 10-minute window
    const limiter = new RateLimiter(kv, { now: () => now });
    const rule = { limit: 5, windowMs: 600_000 };
    for (let i = 0; i < 5; i++) {
      const d = await limiter.consume("gen", "ip:1.2.3.4", rule);
      assert.ok(d.allowed);
      assert.equal(d.remaining, 4 - i);
    }
    const refused = await limiter.consume("gen", "ip:1.2.3.4", rule);
    assert.equal(refused.allowed, false);
    assert.equal(refused.remaining, 0);
    // The five leave the window 10 minutes (plus one 0.6 s bucket) after they were made.
    assert.equal(refused.retryAfterSeconds, 601);
    // Another client is unaffected.
    assert.ok((await limiter.consume("gen", "ip:5.6.7.8", rule)).allowed);
    // The window slides: 4 minutes later three more are made; at 10 min 1 s the first five have left.
    now += 240_000;
    assert.equal((await limiter.consume("gen", "ip:1.2.3.4", rule)).allowed, false);
    now += 361_000;
    for (let i = 0; i < 5; i++) assert.ok((await limiter.consume("gen", "ip:1.2.3.4", rule)).allowed);
    const full = await limiter.consume("gen", "ip:1.2.3.4", rule);
    assert.equal(full.allowed, false);
    assert.ok(full.retryAfterSeconds! <= 601, `retry after ${full.retryAfterSeconds}`);
    // A whole window later everything has slid out.
    now += 602_000;
    assert.equal((await limiter.peek("gen", "ip:1.2.3.4", rule)).remaining, 5);
  } finally {
    kv.close();
  }
});

Deno.test("rate limit: retry-after arithmetic", () => {
  const rule = { limit: 5, windowMs: 60_000 }; // buckets of 60 ms
  assert.equal(secondsUntilAllowed([[0, 4]], 10_000, rule), 1); // one slot left
  // Full: the oldest bucket (2 requests at t=0) leaves at 60.06 s → 51 s after t=10 s.
  assert.equal(secondsUntilAllowed([[0, 2], [5_000, 3]], 10_000, rule), 51);
  // Needing 3 slots means waiting for the second bucket too (65.06 s → 56 s).
  assert.equal(secondsUntilAllowed([[0, 2], [5_000, 3]], 10_000, rule, 3), 56);
  assert.equal(secondsUntilAllowed([], 0, { limit: 0, windowMs: 60_000 }), 60);
  // Never longer than the window (plus one bucket).
  assert.ok(secondsUntilAllowed([[9_960, 5]], 10_000, rule) <= 61);
});

Deno.test("rate limit: concurrent requests from one client across two limiters admit exactly the limit", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const a = new RateLimiter(kv);
    const b = new RateLimiter(kv);
    const rule = { limit: 10, windowMs: 60_000 };
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).consume("api", "key:x", rule)),
    );
    assert.equal(results.filter((r) => r.allowed).length, 10);
    // A refund gives one slot back.
    const ticket = results.find((r) => r.allowed)!.ticket!;
    await a.refund(ticket);
    assert.ok((await b.consume("api", "key:x", rule)).allowed);
    assert.equal((await b.consume("api", "key:x", rule)).allowed, false);
  } finally {
    kv.close();
  }
});

Deno.test("rate limit: client IP only trusts X-Forwarded-For with TRUST_PROXY", () => {
  assert.equal(
    clientIp({ trustProxy: false, forwardedFor: "203.0.113.9", remoteAddress: "10.0.0.1" }),
    "10.0.0.1",
  );
  assert.equal(
    clientIp({ trustProxy: true, forwardedFor: "198.51.100.1, 203.0.113.9", remoteAddress: "10.0.0.1" }),
    "203.0.113.9",
  );
  assert.equal(
    clientIp({ trustProxy: true, forwardedFor: "garbage", remoteAddress: "10.0.0.1" }),
    "10.0.0.1",
  );
  assert.equal(clientIp({ trustProxy: false, remoteAddress: null }), "unknown");
  assert.equal(normalizeIp("::ffff:192.0.2.1"), "192.0.2.1");
  assert.equal(normalizeIp("[2001:DB8::1]"), "2001:db8::1");
  assert.equal(normalizeIp("192.0.2.1:8080"), "192.0.2.1");
  assert.equal(normalizeIp("not an ip"), null);
});

Deno.test("rate limit http: anonymous 5 per 10 min with IETF headers, then 429 rate_limited scope gen", async () => {
  const t = await makeTestApp({ ...NO_SIMILAR, RATE_LIMIT_ANONYMOUS: "5/10m" });
  try {
    for (let i = 0; i < 5; i++) {
      const res = await t.generate(body(i));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("ratelimit-policy"), '"gen";q=5;w=600');
      assert.match(res.headers.get("ratelimit") ?? "", new RegExp(`^"gen";r=${4 - i};t=\\d+$`));
      assert.equal((await readEvents(res)).at(-1)?.type, "complete");
    }
    const res = await t.generate(body(5));
    assert.equal(res.status, 429);
    const retry = Number(res.headers.get("retry-after"));
    assert.ok(retry > 0 && retry <= 1200, String(retry));
    assert.match(res.headers.get("ratelimit") ?? "", /^"gen";r=0;t=\d+$/);
    const json = await res.json();
    assert.equal(json.error.code, "rate_limited");
    assert.equal(json.error.scope, "gen");
    assert.match(json.error.message, /5 per 10 minutes/);
    // The refused request spent no budget; an exact repeat (cache) is not a generation and is still served.
    assert.equal((await t.kv.get(BUDGET_KEYS.used)).value, 5);
    const cached = await t.generate(body(0));
    assert.equal(cached.status, 200);
    assert.equal((await readEvents(cached))[0].type, "start");
  } finally {
    await t.close();
  }
});

Deno.test("rate limit http: a request refused by the budget does not spend the client's quota", async () => {
  const t = await makeTestApp({ ...NO_SIMILAR, RATE_LIMIT_ANONYMOUS: "2/1m", GENERATION_LIMIT: "0" });
  try {
    for (let i = 0; i < 4; i++) assert.equal((await t.generate(body(i))).status, 429);
    await t.budget.setLimit(5);
    const ok = await t.generate(body(10));
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get("ratelimit") ?? "", /^"gen";r=1;/);
    await readEvents(ok);
  } finally {
    await t.close();
  }
});

Deno.test("rate limit http: limits and headers follow the API key's plan", async () => {
  const t = await makeTestApp({
    ...NO_SIMILAR,
    RATE_LIMIT_FREE: "2/1m",
    RATE_LIMIT_STARTER: "30/1m",
    RATE_LIMIT_PRO: "100/1m",
    RATE_LIMIT_ENTERPRISE: "unlimited",
  });
  try {
    const keys: Record<string, string> = {};
    for (const plan of ["free", "starter", "pro", "enterprise"] as Plan[]) {
      keys[plan] = (await createApiKey(t.kv, { name: `${plan} client`, plan })).key;
    }
    const gen = (plan: string, i: number) =>
      t.generate(body(i + 100), { authorization: `Bearer ${keys[plan]}` });
    const expected: Record<string, string | null> = {
      starter: '"gen";q=30;w=60',
      pro: '"gen";q=100;w=60',
      enterprise: null,
    };
    let i = 0;
    for (const [plan, policy] of Object.entries(expected)) {
      const res = await gen(plan, i++);
      assert.equal(res.status, 200, plan);
      assert.equal(res.headers.get("ratelimit-policy"), policy, plan);
      await readEvents(res);
    }
    assert.equal((await gen("free", i++)).status, 200);
    assert.equal((await gen("free", i++)).status, 200);
    const refused = await gen("free", i++);
    assert.equal(refused.status, 429);
    assert.equal((await refused.json()).error.scope, "gen");
    // Each key is its own client: the anonymous quota is untouched by keyed requests (and vice versa).
    assert.equal((await gen("pro", i++)).status, 200);
  } finally {
    await t.close();
  }
});

Deno.test("rate limit http: the general API limit covers every /api route, with its own headers", async () => {
  const t = await makeTestApp({ RATE_LIMIT_API: "3/1m" });
  try {
    for (let i = 0; i < 3; i++) {
      const res = await t.request("/api/budget");
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("ratelimit-policy"), '"api";q=3;w=60');
      assert.match(res.headers.get("ratelimit") ?? "", new RegExp(`^"api";r=${2 - i};t=\\d+$`));
      await res.body?.cancel();
    }
    const res = await t.request("/api/budget");
    assert.equal(res.status, 429);
    assert.ok(Number(res.headers.get("retry-after")) > 0);
    const json = await res.json();
    assert.deepEqual([json.error.code, json.error.scope], ["rate_limited", "api"]);
    const gen = await t.generate(body(1));
    assert.equal(gen.status, 429);
    assert.equal((await gen.json()).error.scope, "api");
    // Pages are not API routes.
    const page = await t.request("/");
    assert.notEqual(page.status, 429);
    assert.equal(page.headers.get("ratelimit-policy"), null);
    await page.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("rate limit http: both policies are listed on a generation response", async () => {
  const t = await makeTestApp({ RATE_LIMIT_API: "100/1m", RATE_LIMIT_ANONYMOUS: "5/10m" });
  try {
    const res = await t.generate(body(1));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("ratelimit-policy"), '"gen";q=5;w=600, "api";q=100;w=60');
    assert.match(res.headers.get("ratelimit") ?? "", /^"gen";r=4;t=\d+, "api";r=99;t=\d+$/);
    await readEvents(res);
  } finally {
    await t.close();
  }
});

Deno.test("rate limit http: X-Forwarded-For separates clients only with TRUST_PROXY=true", async () => {
  for (const trust of [true, false]) {
    const t = await makeTestApp({ RATE_LIMIT_API: "1/1m", TRUST_PROXY: String(trust) });
    try {
      const a = await t.request("/api/budget", { headers: { "x-forwarded-for": "203.0.113.1" } });
      const b = await t.request("/api/budget", { headers: { "x-forwarded-for": "203.0.113.2" } });
      await a.body?.cancel();
      await b.body?.cancel();
      assert.equal(a.status, 200);
      assert.equal(b.status, trust ? 200 : 429, `TRUST_PROXY=${trust}`);
    } finally {
      await t.close();
    }
  }
});

Deno.test("api rate limit middleware: rejections are counted; a KV failure lets the read through", async () => {
  const { Hono } = await import("hono");
  const { apiRateLimit } = await import("../routes/middleware/api_rate_limit.ts");
  const { AppMetrics } = await import("../lib/platform/metrics.ts");
  const kv = await Deno.openKv(":memory:");
  try {
    const metrics = new AppMetrics();
    const rule = { limit: 1, windowMs: 60_000 };
    const build = (limiter: RateLimiter) => {
      const app = new Hono();
      app.use("*", async (c, next) => {
        c.set("client" as never, { key: "ip:9.9.9.9", plan: "anonymous" } as never);
        await next();
      });
      app.use("*", apiRateLimit({ limiter, rule, metrics, kvTimeoutMs: 50 }));
      app.get("/api/x", (c) => c.text("ok"));
      return app;
    };
    const app = build(new RateLimiter(kv));
    assert.equal((await app.request("/api/x")).status, 200);
    assert.equal((await app.request("/api/x")).status, 429);
    assert.match(await metrics.render(), /vtp_rate_limit_rejections_total\{scope="api",plan="anonymous"\} 1/);

    const broken = new RateLimiter(kv);
    broken.consume = () => Promise.reject(new Error("injected KV failure"));
    const res = await build(broken).request("/api/x");
    assert.equal(res.status, 200, "fails open for reads");
    assert.equal(res.headers.get("RateLimit"), null);
    const hanging = new RateLimiter(kv);
    hanging.consume = () => new Promise(() => {});
    const started = Date.now();
    assert.equal((await build(hanging).request("/api/x")).status, 200);
    assert.ok(Date.now() - started < 2000, "bounded by the KV timeout");
  } finally {
    kv.close();
  }
});
