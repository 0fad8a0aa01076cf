/**
 * Memory of slow request bodies in the runtime itself: a bare `Deno.serve` (child process, loopback) holding
 * N connections that declare a 10,000-byte body and send one byte every 2 s, read until a 5 s deadline
 * (answered 408 with `Connection: close`), in two ways:
 *  - `chunks` — `body.getReader()` read by read from JavaScript (each read a fresh 64 KiB buffer), and
 *  - `whole` — `arrayBuffer()`, read by the runtime into one buffer (what routes/middleware/body_deadline.ts
 *    does for a declared length up to 64 KiB).
 * Prints server RSS idle, peak, and 5 s after the connections close, per mode, and the ratio of the growth.
 * The app under the same attack: `deno run -A tasks/attack.ts --only=slow`. Run alone with
 * `deno run -A bench/slow_body_memory_bench.ts` (CONNECTIONS=<n>, default 500). With `--bare-server=<mode>`
 * this module is the bare server itself.
 */

const encoder = new TextEncoder();
const DEADLINE_MS = 5000;

/** The bare server: reads every body until the deadline, the way `mode` says. */
function bareServer(mode: "chunks" | "whole"): void {
  Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: ({ port }) => console.log(`listening on http://127.0.0.1:${port}`),
  }, async (req) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("deadline")), DEADLINE_MS);
    });
    expired.catch(() => {});
    try {
      if (mode === "whole") {
        const reading = req.arrayBuffer();
        reading.catch(() => {});
        await Promise.race([reading, expired]);
      } else {
        const reader = req.body!.getReader();
        try {
          while (!(await Promise.race([reader.read(), expired])).done);
        } finally {
          reader.cancel().catch(() => {});
        }
      }
    } catch {
      // deadline or hang-up
    } finally {
      clearTimeout(timer);
    }
    return new Response("late", { status: 408, headers: { connection: "close" } });
  });
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(Deno.readTextFileSync(`/proc/${pid}/status`));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One mode: a child server, N slow connections for 6 s, then closed; RSS figures in MB. */
async function measure(mode: "chunks" | "whole", n: number) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", new URL(import.meta.url).pathname, `--bare-server=${mode}`],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  try {
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!/listening on http:\/\/[^:]+:(\d+)/.test(text)) {
      const { value, done } = await reader.read();
      if (done) throw new Error("bare server exited");
      text += value;
    }
    reader.releaseLock();
    const port = Number(/listening on http:\/\/[^:]+:(\d+)/.exec(text)![1]);
    await sleep(500);
    const idle = rssMb(child.pid);
    const conns: Deno.TcpConn[] = [];
    for (let i = 0; i < n; i++) {
      const c = await Deno.connect({ hostname: "127.0.0.1", port });
      await c.write(encoder.encode(
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{",
      ));
      conns.push(c);
    }
    let peak = rssMb(child.pid);
    for (let k = 0; k < 3; k++) {
      await sleep(2000);
      await Promise.all(conns.map((c) => c.write(encoder.encode(" ")).catch(() => 0)));
      peak = Math.max(peak, rssMb(child.pid));
    }
    for (const c of conns) {
      try {
        c.close();
      } catch { /* closed by the server */ }
    }
    await sleep(5000);
    return { idle, peak, after: rssMb(child.pid) };
  } finally {
    child.kill("SIGTERM");
    await child.status;
  }
}

/** Runs both modes and prints the figures. */
export async function run(): Promise<void> {
  const n = Math.max(1, Number(Deno.env.get("CONNECTIONS") ?? 500));
  const chunks = await measure("chunks", n);
  const whole = await measure("whole", n);
  const line = (name: string, r: typeof chunks) =>
    `  ${name.padEnd(7)} RSS idle ${r.idle} MB, peak ${r.peak} MB (+${
      r.peak - r.idle
    }), 5 s after close ${r.after} MB (+${r.after - r.idle})`;
  console.log(`slow bodies, bare Deno.serve, ${n} connections (1 byte / 2 s, ${DEADLINE_MS} ms deadline):`);
  console.log(line("chunks", chunks));
  console.log(line("whole", whole));
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : "n/a");
  console.log(
    `  whole / chunks growth: peak ${ratio(whole.peak - whole.idle, chunks.peak - chunks.idle)}, after ${
      ratio(whole.after - whole.idle, chunks.after - chunks.idle)
    }`,
  );
}

const bare = Deno.args.find((a) => a.startsWith("--bare-server="));
if (bare) bareServer(bare.split("=")[1] === "whole" ? "whole" : "chunks");
else if (import.meta.main) await run();
