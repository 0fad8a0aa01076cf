import assert from "node:assert/strict";
import { Hono } from "hono";
import { ConfigError } from "../lib/platform/config.ts";
import { cors, parseCorsOrigins } from "../routes/middleware/cors.ts";
import { requestTimeout } from "../routes/middleware/timeout.ts";
import { makeTestApp, readEvents } from "./helpers.ts";

const XSS = `<script>alert(1)</script> <img src=x onerror=alert(2)> <b>bold</b> "quoted" app`;

Deno.test("security: strict CSP and security headers on pages and API responses", async () => {
  const t = await makeTestApp();
  try {
    for (const path of ["/", "/api/generations", "/healthz", "/nope"]) {
      const res = await t.request(path);
      await res.body?.cancel();
      const csp = res.headers.get("content-security-policy") ?? "";
      for (
        const d of [
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self'",
          "img-src 'self' data:",
          "connect-src 'self'",
          "frame-ancestors 'none'",
          "base-uri 'none'",
          "form-action 'self'",
          "object-src 'none'",
        ]
      ) assert.ok(csp.includes(d), `${path}: CSP lacks ${d}: ${csp}`);
      assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), csp);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
      assert.equal(res.headers.get("x-frame-options"), "DENY");
      assert.equal(res.headers.get("referrer-policy"), "strict-origin-when-cross-origin");
      assert.match(res.headers.get("permissions-policy") ?? "", /camera=\(\)/);
      assert.equal(res.headers.get("strict-transport-security"), null, "no HSTS over plain http");
      assert.equal(res.headers.get("x-powered-by"), null);
    }
    const https = await t.app.fetch(new Request("https://example.test/healthz"));
    assert.match(https.headers.get("strict-transport-security") ?? "", /max-age=\d+/);
  } finally {
    await t.close();
  }
});

Deno.test("security: the page's scripts all load from 'self' so the CSP lets the islands run", async () => {
  const t = await makeTestApp();
  try {
    const html = await (await t.request("/")).text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.ok(scripts.length >= 1);
    for (const s of scripts) assert.match(s, /\bsrc="\/static\//, `inline or foreign script: ${s}`);
    assert.ok(!/<script\b[^>]*>[^<]+<\/script>/.test(html), "no inline script bodies");
    assert.ok(!/\son[a-z]+=/i.test(html), "no inline event handlers");
    const bundle = await t.request(/src="([^"]+)"/.exec(scripts[0]!)![1]);
    assert.equal(bundle.status, 200, "the islands bundle is served");
    await bundle.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("security: markup in a description is text in the permalink, JSON, Markdown and Mermaid", async () => {
  const t = await makeTestApp();
  try {
    const events = await readEvents(await t.generate({ appDescription: XSS }));
    assert.equal(events.at(-1)!.type, "complete");
    const id = (events[0] as { id: string }).id;
    const page = await (await t.request(`/generations/${id}`)).text();
    assert.ok(!page.includes("<script>alert(1)"), "permalink");
    assert.ok(!page.includes("<img src=x"), "permalink");
    assert.ok(!page.includes("<b>bold</b>"), "permalink");
    assert.ok(
      page.includes("&lt;script>alert(1)&lt;/script>") || page.includes("&lt;script&gt;"),
      "shown as text",
    );
    const json = await (await t.request(`/api/generations/${id}?format=json`)).text();
    assert.ok(!json.includes("<script>"), "json export");
    for (const format of ["md", "mermaid"]) {
      const res = await t.request(`/api/generations/${id}?format=${format}`);
      assert.equal(res.status, 200);
      assert.doesNotMatch(res.headers.get("content-type") ?? "", /html/);
      const text = await res.text();
      assert.ok(!text.includes("<script>"), `${format} export`);
      assert.ok(!text.includes("<img src=x"), `${format} export`);
      assert.ok(!text.includes("<b>bold</b>"), `${format} export`);
    }
  } finally {
    await t.close();
  }
});

Deno.test("security: CORS is same-origin only by default", async () => {
  const t = await makeTestApp();
  try {
    const res = await t.request("/api/generations", { headers: { origin: "https://evil.example" } });
    await res.body?.cancel();
    assert.equal(res.headers.get("access-control-allow-origin"), null);
    const pre = await t.request("/api/generate-architecture-v2", {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    await pre.body?.cancel();
    assert.equal(pre.headers.get("access-control-allow-origin"), null);
  } finally {
    await t.close();
  }
});

Deno.test("security: CORS_ORIGINS allow-list: listed origins only, no credentials", async () => {
  const t = await makeTestApp({ CORS_ORIGINS: "https://app.example, http://localhost:5173" });
  try {
    const ok = await t.request("/api/generations", { headers: { origin: "https://app.example" } });
    await ok.body?.cancel();
    assert.equal(ok.headers.get("access-control-allow-origin"), "https://app.example");
    assert.equal(ok.headers.get("access-control-allow-credentials"), null);
    assert.match(ok.headers.get("vary") ?? "", /origin/i);
    const pre = await t.request("/api/generate-architecture-v2", {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get("access-control-allow-origin"), "http://localhost:5173");
    assert.match(pre.headers.get("access-control-allow-methods") ?? "", /POST/);
    const no = await t.request("/api/generations", { headers: { origin: "https://app.example.evil" } });
    await no.body?.cancel();
    assert.equal(no.headers.get("access-control-allow-origin"), null);
  } finally {
    await t.close();
  }
});

Deno.test("security: invalid CORS_ORIGINS is a ConfigError naming the variable", () => {
  assert.deepEqual(parseCorsOrigins(""), []);
  assert.deepEqual(parseCorsOrigins("https://a.example,*"), ["https://a.example", "*"]);
  for (const bad of ["not a url", "ftp://a.example", "https://a.example/path"]) {
    assert.throws(
      () => parseCorsOrigins(bad),
      (e) => e instanceof ConfigError && "CORS_ORIGINS" in e.variables,
    );
  }
  // The middleware itself with "*" echoes any origin.
  const app = new Hono();
  app.use("*", cors({ origins: ["*"] }));
  app.get("/", (c) => c.text("ok"));
  return Promise.resolve(app.fetch(new Request("http://x/", { headers: { origin: "https://b.example" } })))
    .then(
      (res) => assert.equal(res.headers.get("access-control-allow-origin"), "https://b.example"),
    );
});

Deno.test("security: request size limits — 413 with a JSON error naming the body", async () => {
  const t = await makeTestApp();
  try {
    const big = JSON.stringify({ appDescription: "x".repeat(20_000) });
    const res = await t.generate(big);
    assert.equal(res.status, 413);
    const json = await res.json();
    assert.equal(json.error.code, "payload_too_large");
    assert.ok("body" in json.error.fields);
    // Any route: the global limit (64 KiB) answers before a handler reads the body.
    const huge = await t.request("/admin/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "key=" + "y".repeat(70_000),
    });
    assert.equal(huge.status, 413);
    assert.equal((await huge.json()).error.code, "payload_too_large");
  } finally {
    await t.close();
  }
});

Deno.test("security: request time limit — 504 request_timeout for a slow non-streaming route", async () => {
  const app = new Hono();
  app.use("*", requestTimeout({ ms: 50, skip: (p) => p === "/stream" }));
  app.get("/slow", async (c) => {
    await new Promise((r) => setTimeout(r, 300));
    return c.text("late");
  });
  app.get("/stream", async (c) => {
    await new Promise((r) => setTimeout(r, 100));
    return c.text("streams are not cut");
  });
  app.get("/fast", (c) => c.text("ok"));
  const t0 = performance.now();
  const slow = await app.fetch(new Request("http://x/slow"));
  assert.ok(performance.now() - t0 < 250);
  assert.equal(slow.status, 504);
  assert.equal((await slow.json()).error.code, "request_timeout");
  assert.equal((await app.fetch(new Request("http://x/fast"))).status, 200);
  assert.equal(await (await app.fetch(new Request("http://x/stream"))).text(), "streams are not cut");
  await new Promise((r) => setTimeout(r, 300)); // let the slow handler finish
});
