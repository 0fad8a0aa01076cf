/**
 * The HTTP edge in one place (routes/http_errors.ts, routes/middleware/request_id.ts): thrown errors answered
 * by the one `onError`, the validation hook's 400 body, and the request id on every kind of response.
 */
import assert from "node:assert/strict";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { apiError, apiErrorHandler, jsonBody, validate } from "../routes/http_errors.ts";
import { requestId } from "../routes/middleware/request_id.ts";
import { createLogger } from "../lib/platform/logger.ts";
import { makeTestApp } from "./helpers.ts";

function edgeApp() {
  const lines: string[] = [];
  const logger = createLogger({ level: "error", sink: (line) => lines.push(line) });
  const app = new Hono();
  app.use("*", requestId());
  app.get("/api-error", () => {
    throw apiError(409, "conflict", "Already there.", { id: "taken" }, { "x-extra": "1" });
  });
  app.get("/hono-error", () => {
    throw new HTTPException(403, { message: "No." });
  });
  app.get("/bug", () => {
    throw new Error("secret detail");
  });
  app.get("/raw", () => new Response("data: {}\n\n", { headers: { "content-type": "text/event-stream" } }));
  app.get(
    "/q",
    validate("query", z.object({ n: z.coerce.number().int().min(1) })),
    (c) => c.json(c.req.valid("query")),
  );
  app.post(
    "/optional",
    jsonBody({ optional: true }),
    validate("json", z.object({ a: z.number().optional() }).strict()),
    (c) => c.json(c.req.valid("json")),
  );
  app.onError(apiErrorHandler({ logger }));
  return { app, lines };
}

Deno.test("http edge: thrown errors become the JSON error body; unexpected ones a logged 500 without detail", async () => {
  const { app, lines } = edgeApp();
  const conflict = await app.request("/api-error");
  assert.equal(conflict.status, 409);
  assert.equal(conflict.headers.get("x-extra"), "1");
  assert.ok(conflict.headers.get("x-request-id"));
  assert.deepEqual(await conflict.json(), {
    error: { code: "conflict", message: "Already there.", fields: { id: "taken" } },
  });
  const forbidden = await app.request("/hono-error");
  assert.equal(forbidden.status, 403);
  assert.deepEqual(await forbidden.json(), { error: { code: "forbidden", message: "No." } });
  const bug = await app.request("/bug");
  assert.equal(bug.status, 500);
  const body = await bug.json();
  assert.equal(body.error.code, "internal_error");
  assert.ok(!JSON.stringify(body).includes("secret detail"));
  assert.equal(lines.length, 1, "the 500 is logged once");
});

Deno.test("http edge: the validation hook names each bad field; a blank optional body is {}", async () => {
  const { app } = edgeApp();
  const bad = await app.request("/q?n=0");
  assert.equal(bad.status, 400);
  const json = await bad.json();
  assert.equal(json.error.code, "invalid_request");
  assert.deepEqual(Object.keys(json.error.fields), ["n"]);
  assert.deepEqual(await (await app.request("/q?n=3")).json(), { n: 3 });
  assert.deepEqual(await (await app.request("/optional", { method: "POST" })).json(), {});
  const blank = await app.request("/optional", {
    method: "POST",
    body: "  ",
    headers: { "content-type": "text/plain" },
  });
  assert.deepEqual(await blank.json(), {});
  const unknown = await app.request("/optional", {
    method: "POST",
    body: JSON.stringify({ b: 1 }),
    headers: { "content-type": "application/json" },
  });
  assert.equal(unknown.status, 400);
  assert.equal((await unknown.json()).error.fields.b, "unknown field");
  const notJson = await app.request("/optional", {
    method: "POST",
    body: "b=1",
    headers: { "content-type": "text/plain" },
  });
  assert.equal(notJson.status, 415);
});

Deno.test("http edge: a handler's own Response (an event stream) still carries X-Request-Id", async () => {
  const { app } = edgeApp();
  const raw = await app.request("/raw", { headers: { "x-request-id": "proxy.id:7" } });
  assert.equal(raw.headers.get("x-request-id"), "proxy.id:7");
  await raw.body?.cancel();
  const t = await makeTestApp();
  try {
    const stream = await t.generate({ appDescription: "A todo app with reminders" });
    assert.match(stream.headers.get("content-type") ?? "", /text\/event-stream/);
    assert.match(stream.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
    assert.match(await stream.text(), /event: complete/);
  } finally {
    await t.close();
  }
});
