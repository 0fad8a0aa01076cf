/**
 * Issue 15, item 4: a stalled request body is timed out on every route (BODY_TIMEOUT_MS → 408), and a client
 * hanging up mid-body is an info line, not a 500 `unhandled error`. (Memory after a slow-body attack on the
 * real server: `deno run -A tasks/attack.ts --only=slow`.)
 */
import assert from "node:assert/strict";
import { Hono } from "hono";
import { log } from "../lib/platform/logger.ts";
import { bodyDeadline, compactChunk } from "../routes/middleware/body_deadline.ts";
import { makeTestApp } from "./helpers.ts";

/** A body that sends `first` and then one byte every `everyMs` for ever (until cancelled). */
function trickle(first: string, everyMs: number): ReadableStream<Uint8Array> {
  let timer: ReturnType<typeof setInterval> | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(first));
      timer = setInterval(() => {
        try {
          controller.enqueue(new TextEncoder().encode(" "));
        } catch {
          clearInterval(timer);
        }
      }, everyMs);
    },
    cancel() {
      clearInterval(timer);
    },
  });
}

/** A body that sends `first` and then fails as a dropped connection does. */
function hangUp(first: string): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(first));
      setTimeout(
        () => controller.error(new Deno.errors.ConnectionReset("connection closed before message completed")),
        20,
      );
    },
  });
}

const ROUTES: [string, Record<string, string>][] = [
  ["/api/generate-architecture-v2", { "content-type": "application/json" }],
  ["/", { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" }],
  ["/admin/session", {
    "content-type": "application/x-www-form-urlencoded",
    "sec-fetch-site": "same-origin",
  }],
  ["/api/admin/budget/reset", { "content-type": "application/json" }],
];

Deno.test("slow body: a trickled body gets 408 body_timeout within BODY_TIMEOUT_MS on every route", async () => {
  const t = await makeTestApp({ BODY_TIMEOUT_MS: "300", ADMIN_API_KEY: "y".repeat(40), LOG_LEVEL: "error" });
  try {
    for (const [path, headers] of ROUTES) {
      const started = performance.now();
      const body = trickle(path.startsWith("/api/") ? '{"appDescription":' : "appDescription=", 50);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const res = await Promise.race([
        t.request(path, { method: "POST", headers, body, duplex: "half" } as RequestInit),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${path}: no answer within 5 s`)), 5000);
        }),
      ]).finally(() => clearTimeout(timer));
      const ms = performance.now() - started;
      assert.equal(res.status, 408, path);
      assert.equal((await res.json()).error.code, "body_timeout", path);
      assert.ok(ms < 3000, `${path}: answered after ${Math.round(ms)} ms`);
    }
    assert.equal((await (await t.request("/api/budget")).json()).used, 0, "nothing generated");
  } finally {
    await t.close();
  }
});

Deno.test("slow body: a body that arrives in time is unaffected (also a slow one within the deadline)", async () => {
  const t = await makeTestApp({ BODY_TIMEOUT_MS: "2000", LOG_LEVEL: "error" });
  try {
    const text = JSON.stringify({ appDescription: "A language exchange app pairing learners by level" });
    const parts = [text.slice(0, 10), text.slice(10, 30), text.slice(30)];
    const res = await t.request("/api/generate-architecture-v2", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new ReadableStream<Uint8Array>({
        async start(controller) {
          for (const p of parts) {
            controller.enqueue(new TextEncoder().encode(p));
            await new Promise((r) => setTimeout(r, 100));
          }
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /"type":"complete"/);
  } finally {
    await t.close();
  }
});

Deno.test("slow body: a client hanging up mid-body is logged at info, never as an unhandled 500", async () => {
  const t = await makeTestApp({ BODY_TIMEOUT_MS: "5000", LOG_LEVEL: "info" });
  const errors: string[] = [];
  const infos: string[] = [];
  const { error, info } = log;
  log.error = (msg: string) => void errors.push(msg);
  log.info = (msg: string) => void infos.push(msg);
  try {
    for (const [path, headers] of ROUTES) {
      const res = await t.request(path, {
        method: "POST",
        headers,
        body: hangUp(path.startsWith("/api") ? '{"appDescription":"half' : "appDescription=half"),
        duplex: "half",
      } as RequestInit);
      assert.notEqual(res.status, 500, path);
      await res.body?.cancel();
    }
    assert.deepEqual(errors.filter((m) => m === "unhandled error"), []);
    assert.equal(infos.filter((m) => m === "client closed the connection mid-body").length, ROUTES.length);
  } finally {
    log.error = error;
    log.info = info;
    await t.close();
  }
});

Deno.test("slow body: a trickled body keeps about its own size, not the runtime's 64 KiB read buffer per chunk", async () => {
  // The runtime hands every read of a request body as a view of a fresh 64 KiB buffer; a handler that
  // collects a trickled body's chunks must not keep those buffers alive.
  const app = new Hono();
  app.use("*", bodyDeadline({ ms: 5000 }));
  app.post("/", async (c) => {
    const held: number[] = [];
    const reader = c.req.raw.body!.getReader();
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      held.push(value.buffer.byteLength);
    }
    return c.json({ held });
  });
  const bytes = new TextEncoder().encode('{"appDescription":"trickled"}');
  const big = new Uint8Array(65_536);
  const res = await app.request("/", {
    method: "POST",
    body: new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i++) {
          big[i] = bytes[i];
          controller.enqueue(big.subarray(i, i + 1)); // one byte, viewing the whole 64 KiB buffer
        }
        // A chunk that fills its buffer is passed on as it is.
        controller.enqueue(new Uint8Array(4096));
        controller.close();
      },
    }),
    duplex: "half",
  } as RequestInit);
  const { held } = await res.json() as { held: number[] };
  assert.equal(held.length, bytes.length + 1);
  assert.deepEqual(held.slice(0, bytes.length), Array(bytes.length).fill(1), "each byte holds 1 byte");
  assert.equal(held.at(-1), 4096);
  assert.equal(compactChunk(big.subarray(0, 40_000)).buffer.byteLength, 65_536, "a mostly full view is kept");
});

Deno.test("slow body: a body with a declared length is read whole: on time it arrives intact, trickled it gets 408, cut short it is client_gone", async () => {
  const t = await makeTestApp({ BODY_TIMEOUT_MS: "300", LOG_LEVEL: "error" });
  try {
    const text = JSON.stringify({ appDescription: "A plant watering reminder app for offices" });
    const bytes = new TextEncoder().encode(text);
    const onTime = await t.request("/api/generate-architecture-v2", {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(bytes.length) },
      body: new ReadableStream<Uint8Array>({
        async start(controller) {
          for (let i = 0; i < bytes.length; i += 7) {
            controller.enqueue(bytes.subarray(i, i + 7));
            await new Promise((r) => setTimeout(r, 2));
          }
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    assert.equal(onTime.status, 200);
    assert.match(await onTime.text(), /"type":"complete"/);

    const trickled = await t.request("/api/generate-architecture-v2", {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": "10000" },
      body: trickle('{"appDescription":', 50),
      duplex: "half",
    } as RequestInit);
    assert.equal(trickled.status, 408);
    assert.equal((await trickled.json()).error.code, "body_timeout");

    const cut = await t.request("/api/generate-architecture-v2", {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": "10000" },
      body: hangUp('{"appDescription":"half'),
      duplex: "half",
    } as RequestInit);
    assert.equal(cut.status, 400);
    assert.equal((await cut.json()).error.code, "client_closed");
  } finally {
    await t.close();
  }
});
