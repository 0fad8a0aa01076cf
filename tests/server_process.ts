/**
 * Test helper: the real app (`main.ts`) as a separate process on a free loopback port, for tests that need
 * several processes on one KV file or a process to kill.
 */
import { WARM_UP_ENDED } from "../lib/platform/startup_checks.ts";

/** A running server process. */
export interface ServerProcess {
  child: Deno.ChildProcess;
  port: number;
  url: string;
}

/** Defaults for test servers: offline planner, no per-client limits, quiet logs. */
const TEST_SERVER_ENV: Record<string, string> = {
  PORT: "0",
  HOSTNAME: "127.0.0.1",
  LLM_PROVIDER: "offline",
  LOG_LEVEL: "warn",
  RATE_LIMIT_ANONYMOUS: "unlimited",
  RATE_LIMIT_API: "unlimited",
};

/**
 * Starts `main.ts` with `env` (over the defaults) and waits until it listens and its start-up warm-up
 * (routes/warm_up.ts) has finished, so a test's requests meet a process at rest.
 */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: new URL("..", import.meta.url).pathname,
    env: { ...TEST_SERVER_ENV, ...env },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(
    new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>,
  )
    .getReader();
  let text = "";
  let port = 0;
  const deadline = Date.now() + 30_000;
  while (!port) {
    if (Date.now() > deadline) throw new Error(`server did not listen and warm up in time: ${text}`);
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited before listening: ${text}`);
    text += value;
    const m = /listening on http:\/\/[^:]+:(\d+)/.exec(text);
    if (m && WARM_UP_ENDED.test(text)) port = Number(m[1]);
  }
  // Keep draining stdout so the child never blocks on a full pipe.
  (async () => {
    try {
      while (!(await reader.read()).done);
    } catch { /* closed */ }
  })();
  return { child, port, url: `http://127.0.0.1:${port}` };
}

/** Stops servers (SIGTERM by default) and waits for them to exit. */
export async function stopServers(servers: ServerProcess[], signal: Deno.Signal = "SIGTERM"): Promise<void> {
  for (const s of servers) {
    try {
      s.child.kill(signal);
    } catch { /* already gone */ }
  }
  await Promise.all(servers.map((s) => s.child.status));
}
