import assert from "node:assert/strict";
import { ConfigError, DEFAULT_KV_PATH, describeConfig, loadConfig } from "../lib/platform/config.ts";

Deno.test("config: defaults need no keys: offline planner, local KV file, port 8000", () => {
  const c = loadConfig({});
  assert.equal(c.provider, "offline");
  assert.equal(c.PORT, 8000);
  assert.equal(c.kvPath, DEFAULT_KV_PATH);
  assert.equal(c.GENERATION_LIMIT, 100);
});

Deno.test("config: the provider follows the keys that are set, unless LLM_PROVIDER says otherwise", () => {
  assert.equal(loadConfig({ OPENAI_API_KEY: "sk-x" }).provider, "openai");
  assert.equal(loadConfig({ ANTHROPIC_API_KEY: "a-x" }).provider, "anthropic");
  assert.equal(loadConfig({ OPENAI_API_KEY: "sk-x", ANTHROPIC_API_KEY: "a-x" }).provider, "openai");
  assert.equal(loadConfig({ OPENAI_API_KEY: "sk-x", LLM_PROVIDER: "offline" }).provider, "offline");
  assert.equal(loadConfig({ DENO_DEPLOYMENT_ID: "abc" }).kvPath, undefined, "Deploy: the platform KV");
  assert.equal(loadConfig({ KV_PATH: ":memory:" }).kvPath, ":memory:");
});

for (
  const [variable, value] of [
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["LLM_PROVIDER", "gemini"],
    ["GENERATION_LIMIT", "-1"],
    ["GENERATION_LIMIT", "2.5"],
    ["BUDGET_PERIOD", "weekly"],
    ["TRUST_PROXY", "maybe"],
    ["OPENAI_BASE_URL", "not a url"],
    ["EMBEDDINGS", "word2vec"],
    ["SIMILARITY_THRESHOLD", "2"],
    ["RATE_LIMIT_PRO", "lots"],
  ] as const
) {
  Deno.test(`config: ${variable}=${value} is refused with a message naming ${variable}`, () => {
    assert.throws(
      () => loadConfig({ [variable]: value }),
      (e) => e instanceof ConfigError && variable in e.variables && e.message.includes(variable),
    );
  });
}

Deno.test("config: a provider without its key is refused, naming the key variable", () => {
  assert.throws(
    () => loadConfig({ LLM_PROVIDER: "openai" }),
    (e) => e instanceof ConfigError && "OPENAI_API_KEY" in e.variables,
  );
  assert.throws(
    () => loadConfig({ LLM_PROVIDER: "anthropic" }),
    (e) => e instanceof ConfigError && "ANTHROPIC_API_KEY" in e.variables,
  );
});

Deno.test("config: the printable view never shows secrets", () => {
  const secrets = {
    OPENAI_API_KEY: "sk-secret-1",
    ANTHROPIC_API_KEY: "an-secret-2",
    ADMIN_API_KEY: "a".repeat(40),
  };
  const text = JSON.stringify(describeConfig(loadConfig({ ...secrets, METRICS_TOKEN: "metrics-secret-3" })));
  for (const s of [...Object.values(secrets), "metrics-secret-3"]) assert.ok(!text.includes(s), s);
  assert.match(text, /"OPENAI_API_KEY":"set"/);
});

Deno.test("config: start-up stops with the variable's name and a non-zero exit", async () => {
  for (const env of [{ PORT: "abc" }, { LLM_PRICES: "{not json" }] as Record<string, string>[]) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "main.ts"],
      cwd: new URL("..", import.meta.url).pathname,
      env: { KV_PATH: ":memory:", ...env },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.success, false);
    const stderr = new TextDecoder().decode(out.stderr);
    assert.match(stderr, new RegExp(`Invalid configuration: ${Object.keys(env)[0]}`));
    assert.ok(!stderr.includes("    at "), "no stack trace");
  }
});

Deno.test("config: QUEUE_SHARES parses plan=percent pairs and names the variable on bad input", () => {
  assert.deepEqual(loadConfig({}).QUEUE_SHARES, {});
  assert.deepEqual(loadConfig({ QUEUE_SHARES: "anonymous=50, free=80%" }).QUEUE_SHARES, {
    anonymous: 0.5,
    free: 0.8,
  });
  for (const bad of ["anonymous", "guest=10", "free=0", "pro=101", "pro=ten"]) {
    assert.throws(() => loadConfig({ QUEUE_SHARES: bad }), (err) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /QUEUE_SHARES/);
      return true;
    }, bad);
  }
});
