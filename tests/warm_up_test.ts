import assert from "node:assert/strict";
import { loadConfig } from "../lib/platform/config.ts";
import { metrics } from "../lib/platform/metrics.ts";
import { warmUpApp } from "../routes/warm_up.ts";

Deno.test("warm-up: generations through a throwaway app; nothing reaches the provider, the metrics or the logs", async () => {
  // A configured OpenAI provider pointed at a local upstream that counts what reaches it.
  let upstreamCalls = 0;
  const upstream = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, () => {
    upstreamCalls++;
    return new Response("no", { status: 500 });
  });
  const { port } = upstream.addr as Deno.NetAddr;
  const config = loadConfig({
    KV_PATH: ":memory:",
    OPENAI_API_KEY: "sk-test-warm-up-0000000000",
    OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
    LOG_LEVEL: "debug",
  });
  assert.equal(config.provider, "openai");
  const before = await metrics.registry.render();
  const lines: string[] = [];
  const { log: origLog, error: origError, warn: origWarn } = console;
  console.log = console.error = console.warn = (...a: unknown[]) => void lines.push(a.join(" "));
  let ms: number;
  try {
    ms = await warmUpApp(config, { requests: 2 });
  } finally {
    Object.assign(console, { log: origLog, error: origError, warn: origWarn });
    await upstream.shutdown();
  }
  assert.ok(ms > 0);
  assert.equal(upstreamCalls, 0, "the warm-up plans offline whatever the configured provider");
  assert.deepEqual(lines, [], "the warm-up's requests and generations are not logged");
  const generated = (text: string) => text.split("\n").filter((l) => l.startsWith("vtp_generations_total"));
  assert.deepEqual(generated(await metrics.registry.render()), generated(before));
});
