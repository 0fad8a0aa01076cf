/**
 * `deno task bench:gateway`: the generation path side by side with a direct upstream call and with Portkey's
 * open-source gateway, against one fake OpenAI upstream (bench/fake_model_upstream.ts in its own process:
 * first delta at 20 ms, 113 deltas every 3 ms).
 *
 * Targets, each a separate process on 127.0.0.1 with a free port:
 *  - direct: the upstream's Chat Completions stream, read by this process;
 *  - app: `main.ts` on the OpenAI provider path (`POST /api/generate-architecture-v2`, a fresh generation
 *    per request);
 *  - portkey: `@portkey-ai/gateway` (pinned below) run with node from the npm cache (`npm exec`). Its build
 *    answers streamed chat completions with 500 `TypeError: immutable` on current Node (upstream issues
 *    #1389 / #1550), so a COPY of its build is patched at run time with a one-line header clone before
 *    `updateHeaders` (the approach of its PR #1551), and bound to 127.0.0.1; the output says so. When it
 *    cannot be installed, it is skipped with a message.
 * The project's own element parser is applied to the direct and Portkey streams, so "first element" means
 * the same thing everywhere. Requests are interleaved: at each concurrency, round after round, every target
 * gets one batch of `concurrency` simultaneous requests, in a rotating order. Overheads are the target's
 * percentile minus the direct percentile of the same run. Gateway CPU per request comes from
 * /proc/<pid>/stat (utime + stime) over the 64-concurrent batches, each counted until the gateway has settled
 * (no CPU used for 100 ms, so work it defers past the end of its streams is included and never overlaps the
 * next target's batch).
 *
 * Flags: --rounds=<n> (default 3) --sequential=<n> requests per target and round at concurrency 1 (default 10)
 * --no-portkey
 */
import { parseArgs } from "node:util";
import { ElementStreamParser } from "../lib/providers/element_stream_parser.ts";
import { WARM_UP_ENDED } from "../lib/platform/startup_checks.ts";

const PORTKEY = "@portkey-ai/gateway@1.15.2";
const { values: flags } = parseArgs({
  args: Deno.args,
  options: {
    rounds: { type: "string", default: "3" },
    sequential: { type: "string", default: "10" },
    "no-portkey": { type: "boolean", default: false },
  },
});
const ROUNDS = Math.max(1, Number(flags.rounds) || 3);
const SEQUENTIAL = Math.max(1, Number(flags.sequential) || 10);
const ROOT = new URL("..", import.meta.url).pathname;

interface Proc {
  child: Deno.ChildProcess;
  base: string;
  stop(): Promise<void>;
}

/** Waits until `stdout` prints a line matching `re`; keeps draining it afterwards. */
async function waitFor(child: Deno.ChildProcess, re: RegExp, what: string): Promise<RegExpExecArray> {
  const reader = child.stdout.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
  }, 60_000);
  try {
    while (true) {
      const m = re.exec(text);
      if (m) {
        (async () => {
          while (!(await reader.read()).done);
        })().catch(() => {});
        return m;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error(`${what} exited before it was ready:\n${text.slice(-2000)}`);
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    clearTimeout(deadline);
  }
}

function stopper(child: Deno.ChildProcess, cleanup?: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      child.kill("SIGTERM");
    } catch { /* gone */ }
    const t = setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch { /* gone */ }
    }, 5000);
    await child.status;
    clearTimeout(t);
    await cleanup?.();
  };
}

async function startUpstream(): Promise<Proc> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      "bench/fake_model_upstream.ts",
      "--first-ms=20",
      "--every-ms=3",
      "--deltas=113",
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const m = await waitFor(child, /listening (\d+)/, "fake upstream");
  return { child, base: `http://127.0.0.1:${m[1]}`, stop: stopper(child) };
}

async function startApp(upstream: string): Promise<Proc> {
  const dir = await Deno.makeTempDir({ prefix: "vtp-bench-gateway-" });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: ROOT,
    env: {
      KV_PATH: `${dir}/kv.sqlite3`,
      HOSTNAME: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "warn",
      LLM_PROVIDER: "openai",
      OPENAI_API_KEY: "sk-bench-fake-key",
      OPENAI_BASE_URL: `${upstream}/v1`,
      GENERATION_LIMIT: "1000000",
      RATE_LIMIT_ANONYMOUS: "unlimited",
      RATE_LIMIT_FREE: "unlimited",
      RATE_LIMIT_API: "unlimited",
      PROVIDER_CONCURRENCY: "1000",
      QUEUE_MAX_LENGTH: "100000",
    },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  // Measured at rest: once it listens, its sentence encoder has loaded and its start-up warm-up
  // (routes/warm_up.ts) is done, as a production process is after boot.
  const m = await waitFor(
    child,
    new RegExp(
      `^(?=[\\s\\S]*${WARM_UP_ENDED.source})(?=[\\s\\S]*"msg":"embedder (?:loaded|failed to load)")` +
        `[\\s\\S]*listening on http://[^:]+:(\\d+)`,
    ),
    "app",
  );
  return {
    child,
    base: `http://127.0.0.1:${m[1]}`,
    stop: stopper(child, () => Deno.remove(dir, { recursive: true }).catch(() => {})),
  };
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** Portkey from the npm cache, its build copied and patched (see the module comment); null when unavailable. */
async function startPortkey(): Promise<{ proc: Proc; notes: string[] } | { skipped: string }> {
  const which = await new Deno.Command("npm", {
    args: ["exec", "--yes", `--package=${PORTKEY}`, "--", "sh", "-c", "command -v gateway"],
    stdout: "piped",
    stderr: "piped",
  }).output().catch((err) => ({ success: false, stdout: new Uint8Array(), stderr: String(err) }));
  if (!which.success) return { skipped: `${PORTKEY} could not be installed from npm` };
  const bin = new TextDecoder().decode(which.stdout).trim();
  const pkg = (await Deno.realPath(bin)).replace(/\/build\/start-server\.js$/, "");
  const nodeModules = pkg.replace(/\/@portkey-ai\/gateway$/, "");
  const original = await Deno.readTextFile(`${pkg}/build/start-server.js`);
  const notes: string[] = [];
  let patched = original;
  const call = "this.updateHeaders(i,n.cacheStatus,o)";
  if (patched.includes(call)) {
    patched = patched.replace(
      call,
      "(i=new Response(i.body,{status:i.status,statusText:i.statusText,headers:new Headers(i.headers)})," +
        `${call})`,
    );
    notes.push("patched a copy: response headers cloned before updateHeaders (TypeError: immutable, #1389)");
  } else notes.push("header-clone patch not applied (pattern not found in this build)");
  const listen = "e({fetch:Lu.fetch,port:Ku})";
  if (patched.includes(listen)) {
    patched = patched.replace(listen, 'e({fetch:Lu.fetch,port:Ku,hostname:"127.0.0.1"})');
    notes.push("bound to 127.0.0.1");
  }
  const dir = await Deno.makeTempDir({ prefix: "portkey-copy-" });
  await Deno.symlink(nodeModules, `${dir}/node_modules`);
  await Deno.writeTextFile(`${dir}/start-server.mjs`, patched);
  const port = freePort();
  const child = new Deno.Command("node", {
    args: [`${dir}/start-server.mjs`, `--port=${port}`, "--headless"],
    env: { NODE_ENV: "production" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  (async () => {
    for await (const _ of child.stderr) { /* drained */ }
  })().catch(() => {});
  const base = `http://127.0.0.1:${port}`;
  (async () => {
    for await (const _ of child.stdout) { /* drained */ }
  })().catch(() => {});
  const deadline = Date.now() + 30_000;
  while (true) {
    try {
      await (await fetch(`${base}/`)).body?.cancel();
      break;
    } catch {
      if (Date.now() > deadline) {
        await stopper(child)();
        return { skipped: "Portkey did not start within 30 s" };
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    proc: { child, base, stop: stopper(child, () => Deno.remove(dir, { recursive: true }).catch(() => {})) },
    notes,
  };
}

type Target = "direct" | "app" | "portkey";
interface Sample {
  firstMs: number;
  endMs: number;
  completeMs?: number;
  ok: boolean;
}

let counter = 0;
const CHAT_BODY = JSON.stringify({
  model: "gpt-fake-mini",
  stream: true,
  messages: [{ role: "user", content: "Plan a team chat app" }],
});

/** Reads an OpenAI SSE stream, feeding content deltas to the project's parser. */
async function readChat(res: Response, t0: number): Promise<Sample> {
  const parser = new ElementStreamParser();
  const decoder = new TextDecoder();
  let buffer = "";
  let firstMs = NaN;
  for await (const bytes of res.body!) {
    buffer += decoder.decode(bytes, { stream: true });
    let at;
    while ((at = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, at);
      buffer = buffer.slice(at + 2);
      const data = frame.split("\n").find((l) => l.startsWith("data: "))?.slice(6);
      if (!data || data === "[DONE]") continue;
      const text = JSON.parse(data).choices?.[0]?.delta?.content;
      if (text && parser.push(text).length && Number.isNaN(firstMs)) firstMs = performance.now() - t0;
    }
  }
  return { firstMs, endMs: performance.now() - t0, ok: res.status === 200 && !Number.isNaN(firstMs) };
}

const CONTROL = new Set(["start", "queued", "complete", "error", "heartbeat"]);

/** Reads the app's generation stream: first element frame, `complete` frame, end of the response. */
async function readApp(res: Response, t0: number): Promise<Sample> {
  const decoder = new TextDecoder();
  let buffer = "";
  let firstMs = NaN, completeMs = NaN;
  for await (const bytes of res.body!) {
    buffer += decoder.decode(bytes, { stream: true });
    let at;
    while ((at = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, at);
      buffer = buffer.slice(at + 2);
      const type = /^event: (\S+)/m.exec(frame)?.[1];
      if (!type) continue;
      if (!CONTROL.has(type) && Number.isNaN(firstMs)) firstMs = performance.now() - t0;
      if (type === "complete") completeMs = performance.now() - t0;
    }
  }
  return {
    firstMs,
    completeMs,
    endMs: performance.now() - t0,
    ok: res.status === 200 && !Number.isNaN(firstMs) && !Number.isNaN(completeMs),
  };
}

async function once(target: Target, bases: Record<Target, string>, upstream: string): Promise<Sample> {
  const t0 = performance.now();
  try {
    if (target === "app") {
      const i = counter++;
      const res = await fetch(`${bases.app}/api/generate-architecture-v2`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          appDescription: `Gateway bench team chat app with uploads, variant ${i} ${crypto.randomUUID()}`,
          scale: "Startup",
          competitors: ["AWS"],
          force: true,
        }),
      });
      return await readApp(res, t0);
    }
    const url = target === "direct"
      ? `${upstream}/v1/chat/completions`
      : `${bases.portkey}/v1/chat/completions`;
    const headers: Record<string, string> = {
      "content-type": "application/json",
      authorization: "Bearer sk-bench-fake-key",
    };
    if (target === "portkey") {
      headers["x-portkey-provider"] = "openai";
      headers["x-portkey-custom-host"] = `${upstream}/v1`;
    }
    const res = await fetch(url, { method: "POST", headers, body: CHAT_BODY });
    if (res.status !== 200) {
      await res.body?.cancel();
      return { firstMs: NaN, endMs: NaN, ok: false };
    }
    return await readChat(res, t0);
  } catch {
    return { firstMs: NaN, endMs: NaN, ok: false };
  }
}

function cpuMs(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of the full line (11 and 12 after the command name and state).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Waits until `pid` has used no CPU for 100 ms (two clock ticks), at most 5 s. */
async function settled(pid: number): Promise<void> {
  const until = performance.now() + 5_000;
  let last = cpuMs(pid);
  let quiet = 0;
  while (quiet < 2 && performance.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    const now = cpuMs(pid);
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
}

const pct = (xs: number[], p: number) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};

async function main(): Promise<number> {
  const upstream = await startUpstream();
  const procs: Proc[] = [upstream];
  try {
    const app = await startApp(upstream.base);
    procs.push(app);
    const bases: Record<Target, string> = { direct: upstream.base, app: app.base, portkey: "" };
    const targets: Target[] = ["direct", "app"];
    const pids: Partial<Record<Target, number>> = { app: app.child.pid };
    if (flags["no-portkey"]) console.log("portkey: skipped (--no-portkey)");
    else {
      const pk = await startPortkey();
      if ("skipped" in pk) console.log(`portkey: skipped — ${pk.skipped}`);
      else {
        procs.push(pk.proc);
        bases.portkey = pk.proc.base;
        const probe = await once("portkey", bases, upstream.base);
        if (!probe.ok) {
          console.log("portkey: skipped — it did not stream a chat completion from the fake upstream");
        } else {
          targets.push("portkey");
          pids.portkey = pk.proc.child.pid;
          console.log(`portkey: ${PORTKEY} on node ${await nodeVersion()}; ${pk.notes.join("; ")}`);
        }
      }
    }
    // Warm-up: JIT and connection pools of every target.
    for (let i = 0; i < 8; i++) for (const t of targets) await once(t, bases, upstream.base);

    const samples = new Map<string, Sample[]>();
    const failures = new Map<Target, number>();
    const cpu = new Map<Target, { ms: number; requests: number }>();
    for (const concurrency of [1, 16, 64]) {
      for (let round = 0; round < ROUNDS; round++) {
        const batches = concurrency === 1 ? SEQUENTIAL : 1;
        for (let b = 0; b < batches; b++) {
          const order = targets.map((_, i) => targets[(i + round + b) % targets.length]);
          for (const t of order) {
            const pid = pids[t];
            const before = pid && concurrency === 64 ? cpuMs(pid) : 0;
            const got = await Promise.all(
              Array.from({ length: concurrency }, () => once(t, bases, upstream.base)),
            );
            // What the gateway still does after its streams ended (the app's deferred vector index, say) is
            // counted in its CPU and never overlaps the next target's batch.
            if (pid) await settled(pid);
            if (pid && concurrency === 64) {
              const c = cpu.get(t) ?? { ms: 0, requests: 0 };
              c.ms += cpuMs(pid) - before;
              c.requests += concurrency;
              cpu.set(t, c);
            }
            const key = `${t}@${concurrency}`;
            const list = samples.get(key) ?? [];
            for (const s of got) {
              if (s.ok) list.push(s);
              else failures.set(t, (failures.get(t) ?? 0) + 1);
            }
            samples.set(key, list);
          }
        }
      }
    }

    const stat = (t: Target, c: number, f: (s: Sample) => number | undefined, p: number) =>
      pct((samples.get(`${t}@${c}`) ?? []).map((s) => f(s) ?? NaN), p);
    const over = (t: Target, c: number, f: (s: Sample) => number | undefined, p: number) =>
      stat(t, c, f, p) - stat("direct", c, (s) => f === completeOf ? s.endMs : f(s), p);
    const completeOf = (s: Sample) => s.completeMs;
    const first = (s: Sample) => s.firstMs;
    const end = (s: Sample) => s.endMs;
    const fmt = (n: number) => Number.isFinite(n) ? `${n >= 0 ? "+" : ""}${n.toFixed(1)}` : "n/a";
    const cols = targets.filter((t) => t !== "direct");
    const row = (label: string, cells: (t: Target) => string) =>
      `| ${label} | ${cols.map(cells).join(" | ")} |`;
    const n = (t: Target, c: number) => samples.get(`${t}@${c}`)?.length ?? 0;

    console.log(
      `\nfake OpenAI upstream: first delta at 20 ms, 113 deltas every 3 ms; ${ROUNDS} rounds, interleaved; ` +
        `samples per target: ${[1, 16, 64].map((c) => `${n("direct", c)} at ${c}`).join(", ")}`,
    );
    console.log(
      `direct (baseline, ms): first element p50 ${stat("direct", 1, first, 50).toFixed(1)} sequential, ` +
        `${stat("direct", 64, first, 50).toFixed(1)} / p99 ${
          stat("direct", 64, first, 99).toFixed(1)
        } at 64; ` +
        `end of stream p50/p99 ${stat("direct", 16, end, 50).toFixed(1)}/${
          stat("direct", 16, end, 99).toFixed(1)
        } ` +
        `at 16, ${stat("direct", 64, end, 50).toFixed(1)}/${stat("direct", 64, end, 99).toFixed(1)} at 64\n`,
    );
    console.log(`| overhead vs direct (ms) | ${cols.join(" | ")} |`);
    console.log(`|---|${cols.map(() => "---").join("|")}|`);
    console.log(row("first element p50, sequential", (t) => fmt(over(t, 1, first, 50))));
    console.log(
      row(
        "first element p50 / p99, 64 concurrent",
        (t) => `${fmt(over(t, 64, first, 50))} / ${fmt(over(t, 64, first, 99))}`,
      ),
    );
    for (const c of [16, 64]) {
      console.log(
        row(
          `end of stream p50 / p99, ${c} concurrent`,
          (t) => `${fmt(over(t, c, end, 50))} / ${fmt(over(t, c, end, 99))}`,
        ),
      );
    }
    if (cols.includes("app")) {
      console.log(
        row(
          "app: \`complete\` frame p50 / p99 vs direct end, 64 concurrent",
          (t) =>
            t === "app" ? `${fmt(over(t, 64, completeOf, 50))} / ${fmt(over(t, 64, completeOf, 99))}` : "—",
        ),
      );
    }
    console.log(
      row("gateway CPU per request, 64 concurrent", (t) => {
        const c = cpu.get(t);
        return c ? `${(c.ms / c.requests).toFixed(1)} ms` : "n/a";
      }),
    );
    if (failures.size) console.log(`\nfailed requests: ${JSON.stringify(Object.fromEntries(failures))}`);
    return failures.size ? 1 : 0;
  } finally {
    for (const p of procs.reverse()) await p.stop();
  }
}

async function nodeVersion(): Promise<string> {
  const out = await new Deno.Command("node", { args: ["--version"], stdout: "piped" }).output();
  return new TextDecoder().decode(out.stdout).trim();
}

Deno.exit(await main());
