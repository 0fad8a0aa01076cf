import assert from "node:assert/strict";
import { elementSchema } from "../lib/protocol/events.ts";
import { makeTestApp, readEvents } from "./helpers.ts";

Deno.test("generate: streams start, elements, complete in order with type on every frame", async () => {
  const t = await makeTestApp();
  try {
    const res = await t.generate({ appDescription: "A chat app with file uploads", competitors: ["GCP"] });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
    const text = await res.text();
    for (const frame of text.trim().split("\n\n")) {
      const [eventLine, dataLine] = frame.split("\n");
      assert.match(eventLine, /^event: \w+$/);
      assert.equal(JSON.parse(dataLine.slice(6)).type, eventLine.slice(7));
    }
    const events = (await import("../lib/protocol/events.ts")).parseSse(text);
    assert.equal(events[0].type, "start");
    assert.equal(events.at(-1)!.type, "complete");
    const start = events[0] as Extract<typeof events[0], { type: "start" }>;
    assert.equal(start.source, "generated");
    assert.equal(start.request.competitor, "GCP");
    const middle = events.slice(1, -1);
    assert.ok(middle.length > 0);
    for (const el of middle) assert.ok(elementSchema.safeParse(el).success, JSON.stringify(el));
    // Edges only after both endpoints; node ids unique per platform.
    const seen = { cloudflare: new Set<string>(), competitor: new Set<string>() };
    for (const el of middle) {
      if (el.type === "node") {
        assert.ok(!seen[el.platform].has(el.data.id), `duplicate node ${el.data.id}`);
        seen[el.platform].add(el.data.id);
      } else if (el.type === "edge") {
        assert.ok(seen[el.platform].has(el.data.from) && seen[el.platform].has(el.data.to));
      }
    }
    const complete = events.at(-1) as Extract<typeof events[0], { type: "complete" }>;
    assert.equal(complete.cached, false);
    assert.equal(complete.id, start.id);
    assert.equal(complete.counts.nodes, middle.filter((e) => e.type === "node").length);
  } finally {
    await t.close();
  }
});

Deno.test("generate: accepts the { input: … } wrapper and applies persona defaults", async () => {
  const t = await makeTestApp();
  try {
    const events = await readEvents(
      await t.generate({ input: { appDescription: "  An IoT fleet   ", persona: "CIO/CTO" } }),
    );
    const start = events[0];
    assert.equal(start.type, "start");
    if (start.type !== "start") return;
    assert.deepEqual(start.request, {
      appDescription: "An IoT fleet",
      persona: "CIO/CTO",
      scale: "Enterprise",
      constraints: ["Enterprise Security", "Scalability", "Cost Optimization"],
      competitor: "AWS",
      region: "Global",
    });
  } finally {
    await t.close();
  }
});

const invalid: [string, unknown, string][] = [
  ["too short description", { appDescription: "  a " }, "appDescription"],
  ["too long description", { appDescription: "x".repeat(2001) }, "appDescription"],
  ["missing description", { persona: "Vibe Coder" }, "appDescription"],
  ["unknown persona", { appDescription: "An app", persona: "Manager" }, "persona"],
  ["unknown scale", { appDescription: "An app", scale: "Huge" }, "scale"],
  ["four constraints", {
    appDescription: "An app",
    constraints: ["Scalability", "Cost Optimization", "Global Performance", "Developer Velocity"],
  }, "constraints"],
  [
    "repeated constraint",
    { appDescription: "An app", constraints: ["Scalability", "Scalability"] },
    "constraints",
  ],
  ["unknown competitor", { appDescription: "An app", competitors: ["IBM"] }, "competitors.0"],
  ["unknown region", { appDescription: "An app", region: "Mars" }, "region"],
  ["unknown field", { appDescription: "An app", colour: "red" }, "colour"],
  ["wrapped bad field", { input: { appDescription: "ok app", scale: 3 } }, "input.scale"],
  ["array body", [1, 2], "body"],
];

for (const [name, body, field] of invalid) {
  Deno.test(`generate: 400 invalid_request for ${name}, naming ${field}`, async () => {
    const t = await makeTestApp();
    try {
      const res = await t.generate(body);
      assert.equal(res.status, 400);
      const json = await res.json();
      assert.equal(json.error.code, "invalid_request");
      assert.equal(typeof json.error.message, "string");
      assert.ok(field in json.error.fields, `fields: ${JSON.stringify(json.error.fields)}`);
    } finally {
      await t.close();
    }
  });
}

Deno.test("generate: malformed JSON is a 400 naming the body", async () => {
  const t = await makeTestApp();
  try {
    const res = await t.generate("{not json");
    assert.equal(res.status, 400);
    const json = await res.json();
    assert.equal(json.error.code, "invalid_request");
    assert.ok("body" in json.error.fields);
  } finally {
    await t.close();
  }
});

Deno.test("generate: 415 for a non-JSON content type, 413 over 16 KiB", async () => {
  const t = await makeTestApp();
  try {
    const r415 = await t.request("/api/generate-architecture-v2", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "hello",
    });
    assert.equal(r415.status, 415);
    assert.equal((await r415.json()).error.code, "unsupported_media_type");
    const r413 = await t.generate({ appDescription: "x".repeat(17 * 1024) });
    assert.equal(r413.status, 413);
    assert.equal((await r413.json()).error.code, "payload_too_large");
  } finally {
    await t.close();
  }
});
