import assert from "node:assert/strict";
import { createLogger, type LogLevel, maskSecrets, redact, withLogsMuted } from "../lib/platform/logger.ts";

function capture(level: LogLevel = "debug") {
  const lines: { line: string; level: LogLevel }[] = [];
  const logger = createLogger({
    level,
    sink: (line, l) => lines.push({ line, level: l }),
    now: () => new Date("2025-01-02T03:04:05.000Z"),
  });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l.line)) };
}

Deno.test("logger: one JSON line per event with ts, level, msg and fields", () => {
  const { logger, lines, parsed } = capture();
  logger.info("hello", { requestId: "r-1", n: 3 });
  logger.error("multi\nline message", { err: new Error("boom") });
  assert.equal(lines.length, 2);
  for (const l of lines) assert.ok(!l.line.includes("\n"), "no raw newline inside a line");
  const [a, b] = parsed();
  assert.deepEqual(a, {
    ts: "2025-01-02T03:04:05.000Z",
    level: "info",
    msg: "hello",
    requestId: "r-1",
    n: 3,
  });
  assert.equal(b.level, "error");
  assert.equal(b.err.name, "Error");
  assert.equal(b.err.message, "boom");
});

Deno.test("logger: levels filter lines; child loggers add fields and share the level", () => {
  const { logger, lines, parsed } = capture("warn");
  logger.debug("d");
  logger.info("i");
  logger.warn("w");
  const child = logger.child({ requestId: "abc" });
  child.error("e", { extra: 1 });
  assert.deepEqual(parsed().map((l) => l.msg), ["w", "e"]);
  assert.equal(parsed()[1].requestId, "abc");
  logger.level = "debug";
  child.debug("now visible");
  assert.equal(lines.length, 3);
  assert.equal(child.enabled("debug"), true);
});

Deno.test("logger: secrets never reach a line (keys by name, tokens by shape)", () => {
  const { logger, lines } = capture();
  const secrets = [
    "sk-proj-abcdefghijklmnop1234567890",
    "sk-ant-api03-ZZZZZZZZZZZZZZZZZZZZ",
    "vtp_live_0123456789abcdef",
    "super-secret-admin-key-0123456789abcdef",
    "metrics-token-value-xyz",
  ];
  logger.info("call with Authorization: Bearer sk-proj-abcdefghijklmnop1234567890", {
    headers: new Headers({ authorization: `Bearer ${secrets[2]}`, "x-admin-key": secrets[3], accept: "x" }),
    config: { OPENAI_API_KEY: secrets[0], ANTHROPIC_API_KEY: secrets[1], METRICS_TOKEN: secrets[4] },
    note: `user pasted ${secrets[1]} and ${secrets[2]} in the text`,
    cookie: "session=abc",
    apiKey: secrets[2],
    inputTokens: 123,
    outputTokens: 45,
    nested: { deeper: { adminKey: secrets[3] } },
  });
  const line = lines[0].line;
  for (const s of secrets) assert.ok(!line.includes(s), `leaked ${s}: ${line}`);
  assert.ok(!line.includes("session=abc"));
  const parsed = JSON.parse(line);
  assert.equal(parsed.inputTokens, 123, "token counts are not secrets");
  assert.equal(parsed.headers.accept, "x");
  assert.equal(parsed.headers.authorization, "[redacted]");
  assert.equal(parsed.config.OPENAI_API_KEY, "[redacted]");
  assert.match(parsed.msg, /Bearer \[redacted\]/);
});

Deno.test("logger: descriptions and prompts are truncated, not logged in full", () => {
  const { logger, lines } = capture();
  const description = "A marketplace for vintage synthesizers ".repeat(20);
  logger.info("generation", {
    request: { appDescription: description, scale: "Startup" },
    prompt: "SYSTEM PROMPT ".repeat(100),
    messages: [{ role: "user", content: description }],
  });
  const parsed = JSON.parse(lines[0].line);
  assert.ok(parsed.request.appDescription.length < 120, parsed.request.appDescription);
  assert.match(parsed.request.appDescription, /…\(\+\d+ chars\)$/);
  assert.equal(parsed.request.scale, "Startup");
  assert.ok(parsed.prompt.length < 120);
  assert.equal(parsed.messages, "[1 items]");
  assert.ok(!lines[0].line.includes(description));
});

Deno.test("logger: circular and deep values, bigints and a throwing sink do not break logging", () => {
  const a: Record<string, unknown> = { name: "a" };
  a.self = a;
  const out = redact({ a, big: 10n, deep: { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } } }) as Record<
    string,
    unknown
  >;
  assert.equal((out.a as Record<string, unknown>).self, "[circular]");
  assert.equal(out.big, "10");
  assert.match(JSON.stringify(out.deep), /\[…\]/);
  const logger = createLogger({
    sink: () => {
      throw new Error("disk full");
    },
  });
  logger.error("still fine");
  assert.equal(maskSecrets("Basic dXNlcjpwYXNz"), "Basic [redacted]");
});

Deno.test("logger: lines inside withLogsMuted (and what it starts) are dropped; concurrent work still logs", async () => {
  const { logger, parsed } = capture();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const muted = withLogsMuted(async () => {
    logger.info("muted before");
    await gate;
    setTimeout(() => logger.warn("muted timer"), 0);
    await new Promise((r) => setTimeout(r, 5));
    logger.error("muted after");
  });
  logger.info("outside while muted work waits");
  release();
  await muted;
  logger.info("outside after");
  assert.deepEqual(parsed().map((l) => l.msg), ["outside while muted work waits", "outside after"]);
});
