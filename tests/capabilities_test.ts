import assert from "node:assert/strict";
import {
  CAPABILITIES,
  type Capability,
  detectCapabilities,
  explainCapabilities,
} from "../lib/planner/capabilities.ts";

const cases: [string, Capability[], Capability[]][] = [
  // description, must include, must not include
  ["A chat app with file uploads", ["realtime", "object_storage"], ["ai", "video"]],
  ["A social platform with live chat, video streaming, and real-time feeds", [
    "realtime",
    "video",
    "relational",
  ], ["iot"]],
  ["A collaborative whiteboard app with real-time multiplayer editing", ["realtime"], ["video", "payments"]],
  ["A REST API serving mobile apps with authentication and file uploads", [
    "relational",
    "auth",
    "object_storage",
  ], ["realtime"]],
  ["A real-time analytics dashboard processing millions of events", ["realtime", "analytics", "queues"], [
    "video",
  ]],
  ["A headless CMS with global content delivery and media optimization", [
    "relational",
    "static_site",
    "images",
  ], ["iot"]],
  ["A multiplayer online game with real-time player interactions", ["realtime"], ["video"]],
  ["An IoT platform collecting sensor data from thousands of devices", ["iot"], ["realtime", "video"]],
  ["Enterprise-grade SaaS platform with multi-tenant architecture", ["relational", "zero_trust"], ["video"]],
  ["A high-traffic e-commerce platform with real-time inventory management", [
    "realtime",
    "relational",
    "payments",
    "images",
    "bot_protection",
  ], ["video"]],
  ["RAG chatbot that answers questions over our PDFs using embeddings", ["ai", "vector", "object_storage"], [
    "realtime",
  ]],
  ["Semantic search over product catalogs", ["search", "vector", "relational"], ["video"]],
  ["Send nightly digest emails and weekly reports", ["scheduled", "email"], ["video"]],
  ["Background jobs via a queue for webhooks", ["queues"], ["realtime"]],
  // An admin dashboard is the tool's own screen, not event analytics (planner 20).
  ["Internal admin dashboard for employees behind SSO (SAML via Okta)", ["zero_trust"], [
    "payments",
    "analytics",
  ]],
  ["KPI dashboards of weekly revenue for the board", ["analytics"], ["zero_trust"]],
  ["Subscription billing with Stripe checkout", ["payments"], ["video"]],
  ["A photo gallery with thumbnails", ["images"], ["video"]],
  ["A static marketing site and blog", ["static_site"], ["relational", "realtime"]],
  ["Protect ticket sales from bots and DDoS attacks", ["bot_protection", "payments"], ["video"]],
  ["Live streaming concerts with a webinar mode", ["video"], ["iot"]],
  ["Session store and feature flags in a key-value cache", ["kv"], ["video"]],
  ["Fleet tracking with GPS trackers sending telemetry over MQTT", ["iot", "analytics"], ["video"]],
];

for (const [text, include, exclude] of cases) {
  Deno.test(`capabilities: "${text.slice(0, 50)}…"`, () => {
    const caps = detectCapabilities(text);
    for (const c of include) assert.ok(caps.includes(c), `${c} missing from ${caps.join(",")}`);
    for (const c of exclude) assert.ok(!caps.includes(c), `${c} unexpectedly in ${caps.join(",")}`);
  });
}

Deno.test("capabilities: whole words only (chatbot is AI, not chat; profile is not a file)", () => {
  assert.deepEqual(detectCapabilities("a chatbot"), ["ai"]);
  assert.ok(!detectCapabilities("update your profile").includes("object_storage"));
  assert.ok(!detectCapabilities("we maintain it and said so").includes("ai"));
  assert.ok(!detectCapabilities("in order to grow").includes("relational"));
  assert.ok(!detectCapabilities("accounting rules").includes("auth"));
  assert.ok(!detectCapabilities("a videographer portfolio").includes("video"));
  assert.ok(detectCapabilities("a videographer portfolio").includes("static_site"));
});

Deno.test("capabilities: synonyms and spellings of one capability", () => {
  for (
    const t of [
      "real-time board",
      "realtime board",
      "real time board",
      "WebSocket server",
      "websockets",
      "live cursors",
    ]
  ) {
    assert.ok(detectCapabilities(t).includes("realtime"), t);
  }
  for (
    const t of ["LLM agent", "GPT-4 assistant", "generative AI", "an AI copilot", "machine learning model"]
  ) {
    assert.ok(detectCapabilities(t).includes("ai"), t);
  }
  for (const t of ["e-commerce", "ecommerce", "E Commerce"]) {
    assert.ok(detectCapabilities(t).includes("payments"), t);
  }
  for (const t of ["cron jobs", "scheduled tasks", "runs nightly"]) {
    assert.ok(detectCapabilities(t).includes("scheduled"), t);
  }
});

Deno.test("capabilities: case-insensitive, canonical order, deterministic", () => {
  const a = detectCapabilities("VIDEO uploads with CHAT");
  const b = detectCapabilities("video uploads with chat");
  assert.deepEqual(a, b);
  const order = a.map((c) => CAPABILITIES.indexOf(c));
  assert.deepEqual(order, [...order].sort((x, y) => x - y));
  assert.deepEqual(detectCapabilities("chat and video"), detectCapabilities("video and chat"));
});

Deno.test("capabilities: nothing detected in unrelated text", () => {
  assert.deepEqual(detectCapabilities("An app"), []);
  assert.deepEqual(detectCapabilities("Hello there, nice weather"), []);
});

Deno.test("capabilities: explain returns the triggering phrase", () => {
  const why = explainCapabilities("A Chat app with file uploads");
  assert.equal(why.realtime, "Chat");
  assert.equal(why.object_storage, "file uploads");
  assert.equal(why.video, undefined);
});
