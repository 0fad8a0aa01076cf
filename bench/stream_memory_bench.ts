/**
 * Memory of open event streams: server RSS with N streams held open at once, per stream, for
 *  - a bare `Deno.serve` answering every request with an open SSE `ReadableStream` (the runtime's own cost
 *    of an open HTTP/1.1 response: the floor of an offline stream);
 *  - a bare `Deno.serve` piping one streaming fetch per request from the fake model upstream
 *    (bench/fake_model_upstream.ts, in this process): the floor of an open provider stream;
 *  - the app (`main.ts`) on the OpenAI provider path against the same fake, and on the offline planner paced
 *    so every stream stays open (provider cap lifted): the setups of `deno task load`'s streams phases.
 * The servers run as child processes on loopback over a temporary KV file. Prints RSS idle → open and the
 * difference per stream, just after the streams opened and 5 s later (all still open: "settled"). Run alone
 * with `deno run -A bench/stream_memory_bench.ts` (STREAMS=<n>, default 1000). With `--bare-server` or
 * `--bare-proxy <upstream>` this module is that bare server itself.
 */

import { WARM_UP_ENDED } from "../lib/platform/startup_checks.ts";
import { fakeModelHandler } from "./fake_model_upstream.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const encoder = new TextEncoder();

/** The app is ready to measure once its sentence encoder has loaded and its warm-up has ended. */
const APP_READY = (log: string) =>
  /"msg":"embedder (loaded|failed to load)"/.test(log) && WARM_UP_ENDED.test(log);

/**
 * The bare proxy: every request is answered with the body of one streaming chat completion fetched from the
 * fake model upstream at `upstream` (a ~9 KB prompt, as the app sends), piped through unchanged: the runtime's
 * own cost of an open provider stream (an inbound response plus an outbound fetch) with no app in between.
 */
function bareProxy(upstream: string): void {
  const prompt = "x".repeat(9000);
  Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: ({ port }) => console.log(`listening on http://127.0.0.1:${port}`),
  }, async (req) => {
    await req.arrayBuffer();
    const res = await fetch(`${upstream}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer sk-bench-fake-key" },
      body: JSON.stringify({ model: "fake", stream: true, messages: [{ role: "user", content: prompt }] }),
      signal: req.signal,
    });
    return new Response(res.body, { headers: { "content-type": "text/event-stream" } });
  });
}

/** The bare server: every request gets an SSE stream that sends one frame every 3 s until cancelled. */
function bareServer(): void {
  Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: ({ port }) => console.log(`listening on http://127.0.0.1:${port}`),
  }, async (req) => {
    await req.arrayBuffer();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(encoder.encode('event: start\ndata: {"type":"start"}\n\n'));
      },
      async pull(c) {
        await new Promise((r) => (timer = setTimeout(r, 3000)));
        c.enqueue(encoder.encode('event: node\ndata: {"type":"node"}\n\n'));
      },
      cancel() {
        clearTimeout(timer);
      },
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  });
}

async function rssMb(pid: number): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

/** Starts `args` (a deno subcommand line), opens `streams` streams, returns RSS idle and open. */
async function measure(
  args: string[],
  env: Record<string, string>,
  streams: number,
  ready?: (log: string) => boolean,
): Promise<{ idleMb: number; openMb: number; settledMb: number; opened: number; failed: number }> {
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    env,
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let port = 0;
  const controllers: AbortController[] = [];
  try {
    while (!port) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`server exited before listening:\n${text}`);
      text += decoder.decode(value, { stream: true });
      port = Number(/listening on http:\/\/[^:]+:(\d+)/.exec(text)?.[1] ?? 0);
    }
    // The app loads its sentence encoder and warms up after it listens: idle memory includes both.
    while (ready && !ready(text)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`server exited before it was ready:\n${text}`);
      text += decoder.decode(value, { stream: true });
    }
    (async () => {
      while (!(await reader.read()).done);
    })().catch(() => {});
    await new Promise((r) => setTimeout(r, 1000));
    const idleMb = await rssMb(child.pid);
    let opened = 0;
    let failed = 0;
    await Promise.all(Array.from({ length: streams }, async (_, i) => {
      const ac = new AbortController();
      controllers.push(ac);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/generate-architecture-v2`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            appDescription: `Memory bench chat app with file uploads, variant ${i}`,
            scale: "Startup",
            competitors: ["AWS"],
            force: true,
          }),
          signal: ac.signal,
        });
        if (res.status !== 200) {
          failed++;
          await res.body?.cancel();
          return;
        }
        const body = res.body!.getReader();
        if (!(await body.read()).done) opened++;
        (async () => {
          while (!(await body.read()).done);
        })().catch(() => {});
      } catch {
        failed++;
      }
    }));
    await new Promise((r) => setTimeout(r, 1500));
    const openMb = await rssMb(child.pid);
    // Again once the opening burst's garbage has had time to be collected, every stream still open.
    await new Promise((r) => setTimeout(r, 5000));
    return { idleMb, openMb, settledMb: await rssMb(child.pid), opened, failed };
  } finally {
    for (const c of controllers) c.abort();
    await new Promise((r) => setTimeout(r, 200));
    try {
      child.kill("SIGTERM");
    } catch { /* gone */ }
    await child.status;
  }
}

/** Runs both measurements and prints them. */
export async function run(): Promise<void> {
  const streams = Number(Deno.env.get("STREAMS") ?? 1000);
  const kvDir = await Deno.makeTempDir({ prefix: "vtp-stream-mem-" });
  // The fake model upstream, in this process (only the server under test is measured): streams of ~23 s.
  const upstream = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    fakeModelHandler({ firstMs: 200, everyMs: 200 }),
  );
  const upstreamBase = `http://127.0.0.1:${upstream.addr.port}`;
  const self = new URL(import.meta.url).pathname;
  const app = {
    KV_PATH: `${kvDir}/kv.sqlite3`,
    HOSTNAME: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "warn",
    OFFLINE_PACE_MS: "3000",
    GENERATION_LIMIT: "1000000",
    RATE_LIMIT_ANONYMOUS: "unlimited",
    RATE_LIMIT_FREE: "unlimited",
    RATE_LIMIT_API: "unlimited",
    PROVIDER_CONCURRENCY: String(Math.min(1000, streams)),
    QUEUE_MAX_LENGTH: "100000",
    GENERATION_TIMEOUT_MS: "600000",
    FIRST_ELEMENT_TIMEOUT_MS: "600000",
  };
  try {
    const rows: [string, Awaited<ReturnType<typeof measure>>][] = [];
    rows.push([
      "bare Deno.serve + ReadableStream",
      await measure(["run", "-A", self, "--bare-server"], {}, streams),
    ]);
    rows.push([
      "bare Deno.serve + fetch proxy",
      await measure(["run", "-A", self, "--bare-proxy", upstreamBase], {}, streams),
    ]);
    rows.push([
      "app, OpenAI provider (fake)",
      await measure(
        ["run", "-A", "main.ts"],
        {
          ...app,
          LLM_PROVIDER: "openai",
          OPENAI_API_KEY: "sk-bench-fake-key",
          OPENAI_BASE_URL: `${upstreamBase}/v1`,
        },
        streams,
        APP_READY,
      ),
    ]);
    rows.push([
      "app (main.ts, offline paced)",
      await measure(["run", "-A", "main.ts"], { ...app, LLM_PROVIDER: "offline" }, streams, APP_READY),
    ]);
    console.log(
      `${streams} open streams, server RSS (MB); KB per stream just after opening and 5 s later (settled):`,
    );
    for (const [label, m] of rows) {
      const kb = (mb: number) => (((mb - m.idleMb) * 1024) / Math.max(1, m.opened)).toFixed(0).padStart(4);
      console.log(
        `${label.padEnd(34)} idle ${m.idleMb.toFixed(0).padStart(4)}  open ${
          m.openMb.toFixed(0).padStart(4)
        }` +
          `  ≈ ${kb(m.openMb)} KB/stream, settled ${kb(m.settledMb)}  (${m.opened} open, ${m.failed} failed)`,
      );
    }
  } finally {
    await upstream.shutdown();
    await Deno.remove(kvDir, { recursive: true }).catch(() => {});
  }
}

if (import.meta.main) {
  const proxy = Deno.args.indexOf("--bare-proxy");
  if (Deno.args.includes("--bare-server")) bareServer();
  else if (proxy >= 0) bareProxy(Deno.args[proxy + 1]);
  else await run();
}
