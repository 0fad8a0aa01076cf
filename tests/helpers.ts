/** Test helpers: an app over `:memory:` KV with the offline planner unpaced, and SSE readers. */
import { type Config, loadConfig } from "../lib/platform/config.ts";
import { type GenerationEvent, parseSse } from "../lib/protocol/events.ts";
import type { ArchitectureProvider } from "../lib/providers/types.ts";
import { type BuiltApp, createApp } from "../routes/app.ts";

/** A test app and its KV; `close()` releases both. */
export interface TestApp extends BuiltApp {
  config: Config;
  kv: Deno.Kv;
  /** Calls the app in-process. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** POSTs a JSON body to the generation endpoint. */
  generate(body: unknown, headers?: Record<string, string>): Promise<Response>;
  /**
   * Waits for the finalizers that run after a stream has ended (vector index, spend totals, metrics): a test
   * that checks them right after reading a stream awaits this first.
   */
  settled(): Promise<void>;
}

/** Builds an app over a fresh `:memory:` KV; `env` overrides the environment. */
export async function makeTestApp(
  env: Record<string, string> = {},
  options: { provider?: ArchitectureProvider; kv?: Deno.Kv; gc?: () => void } = {},
): Promise<TestApp> {
  // Per-client limits are off unless a test sets them (tests/rate_limit_test.ts does), so other suites can
  // generate freely from the one in-process "client".
  const config = loadConfig({
    KV_PATH: ":memory:",
    OFFLINE_PACE_MS: "0",
    RATE_LIMIT_ANONYMOUS: "unlimited",
    RATE_LIMIT_API: "unlimited",
    // Access and generation logs are info lines; keep test output to warnings and errors.
    LOG_LEVEL: "warn",
    ...env,
  });
  const kv = options.kv ?? await Deno.openKv(":memory:");
  const built = createApp({ config, kv, provider: options.provider, gc: options.gc });
  // Like one browser: the anonymous client cookie (`vtp_client`) the app sets is sent back on later requests
  // that carry no cookie of their own, so "my generations" work across calls.
  let clientCookie: string | undefined;
  const request = async (path: string, init?: RequestInit) => {
    const req = new Request(`http://localhost${path}`, init);
    const own = req.headers.has("cookie");
    if (clientCookie && !own) req.headers.set("cookie", clientCookie);
    const res = await built.app.fetch(req);
    const set = res.headers.getSetCookie().find((c) => c.startsWith("vtp_client="));
    if (set && !own) clientCookie ??= set.split(";")[0];
    return res;
  };
  return {
    ...built,
    config,
    kv,
    request,
    generate: (body, headers = {}) =>
      request("/api/generate-architecture-v2", {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    settled: () => built.services.generation.drain(),
    async close() {
      await built.close();
      if (!options.kv) kv.close();
    },
  };
}

/** Reads a whole SSE response into its events. */
export async function readEvents(res: Response): Promise<GenerationEvent[]> {
  return parseSse(await res.text());
}
