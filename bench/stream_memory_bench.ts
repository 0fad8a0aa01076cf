/**
 * Memory of open event streams: server RSS with N streams held open at once, per stream, for
 *  - a bare `Deno.serve` answering every request with an open SSE `ReadableStream` (the runtime's own cost
 *    of an open HTTP/1.1 response: the floor), and
 *  - the app (`main.ts`, offline planner paced so every stream stays open, provider cap lifted) — the same
 *    setup as the open-streams phase of `deno task load`.
 * Both servers run as child processes on loopback over a temporary KV file. Prints RSS idle → open and the
 * difference per stream. Run alone with `deno run -A bench/stream_memory_bench.ts` (STREAMS=<n>, default
 * 1000). With `--bare-server` this module is the bare server itself.
 */

const ROOT = new URL("..", import.meta.url).pathname;
const encoder = new TextEncoder();

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
): Promise<{ idleMb: number; openMb: number; opened: number; failed: number }> {
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
    return { idleMb, openMb: await rssMb(child.pid), opened, failed };
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
  try {
    const rows: [string, Awaited<ReturnType<typeof measure>>][] = [];
    rows.push([
      "bare Deno.serve + ReadableStream",
      await measure(["run", "-A", new URL(import.meta.url).pathname, "--bare-server"], {}, streams),
    ]);
    rows.push([
      "app (main.ts, offline paced)",
      await measure(["run", "-A", "main.ts"], {
        KV_PATH: `${kvDir}/kv.sqlite3`,
        HOSTNAME: "127.0.0.1",
        PORT: "0",
        LLM_PROVIDER: "offline",
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
      }, streams),
    ]);
    console.log(`${streams} open streams, server RSS (MB):`);
    for (const [label, m] of rows) {
      const perStream = ((m.openMb - m.idleMb) * 1024) / Math.max(1, m.opened);
      console.log(
        `${label.padEnd(34)} idle ${m.idleMb.toFixed(0).padStart(4)}  open ${
          m.openMb.toFixed(0).padStart(4)
        }  ≈ ${perStream.toFixed(0).padStart(4)} KB/stream  (${m.opened} open, ${m.failed} failed)`,
      );
    }
  } finally {
    await Deno.remove(kvDir, { recursive: true }).catch(() => {});
  }
}

if (import.meta.main) {
  if (Deno.args.includes("--bare-server")) bareServer();
  else await run();
}
