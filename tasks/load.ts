/**
 * `deno task load`: a bounded load run against the real server on loopback.
 *
 * Starts `main.ts` on 127.0.0.1 (random port) over a temporary KV file with the offline planner, relaxed
 * rate limits and a large budget, then runs these phases, each for a fixed time, from many concurrent
 * clients in this process, and stops by itself:
 *  1. mix      — fresh generations, exact repeats, similar requests, budget and history reads, admin status;
 *  2. replays  — exact repeats only (cached replays/s);
 *  3. budget   — `GET /api/budget` only (budget reads/s);
 *  4. streams  — a second server with OFFLINE_PACE_MS high: N streams held open at once, server RSS measured
 *     just after they opened (the target figure) and again 5 s later, all still open ("settled");
 *  5. provider-streams — the same on the OpenAI and then the Anthropic provider path, against the fake model
 *     upstream of bench/fake_model_upstream.ts (its own process, slow streams) over plain HTTP/1.1, where
 *     every open stream holds its own upstream connection;
 *  6. provider-streams-h2 — the same over HTTPS: the fake serves a throwaway loopback certificate made with
 *     `openssl` (tasks/loopback_certificate.ts; skipped when openssl is missing), the server trusts its CA
 *     through `DENO_CERT`, and Deno's fetch negotiates HTTP/2 and multiplexes the streams on one
 *     connection, as it does with api.openai.com and api.anthropic.com. The fake counts the distinct
 *     connections its requests came on, and the phase checks that they were multiplexed. Deno.serve (the
 *     fake) lets 200 streams run at once on a connection (seen; hyper's default) and Deno's fetch queues
 *     the rest rather than open a second connection, so above 200 streams some are still waiting to be
 *     sent upstream at the reading; the phase says how many and its per-stream target then fails (the
 *     figure is not one of mid-flight provider streams). `--streams=200` measures all of them in flight.
 * Per-stream targets: ≤ 120 KB of server RSS per open stream offline, ≤ 150 KB on a provider path.
 * It prints throughput, p50/p95/p99 per route, errors by status, the server's peak memory (VmHWM from
 * /proc/<pid>/status), checks the invariants (no budget overshoot, budget used = generations completed, no
 * 5xx, every stream ended with `complete` or `error`) and one PASS/FAIL line per target. Exit code 1 when an
 * invariant or target fails.
 *
 * Flags: --duration=<s> (mix, default 20) --phase-seconds=<s> (replays/budget, default 5) --clients=<n>
 * (default 64) --streams=<n> (default 1000) --only=mix,replays,budget,streams,provider-streams,provider-streams-h2
 * --v8-flags=<flags for the server>
 */
import { parseArgs } from "node:util";
import { type GenerationEvent, parseSse } from "../lib/protocol/events.ts";
import { WARM_UP_ENDED } from "../lib/platform/startup_checks.ts";
import { LOAD_PHASES, parsePhases } from "./load_phases.ts";
import { type LoopbackCertificate, makeLoopbackCertificate } from "./loopback_certificate.ts";

const { values: flags } = parseArgs({
  args: Deno.args,
  options: {
    duration: { type: "string", default: "20" },
    "phase-seconds": { type: "string", default: "5" },
    clients: { type: "string", default: "64" },
    streams: { type: "string", default: "1000" },
    only: { type: "string", default: LOAD_PHASES.join(",") },
    "v8-flags": { type: "string", default: "" },
  },
});

function positive(name: string, value: string, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > max) {
    console.error(`--${name} must be a number between 0 and ${max} (got ${JSON.stringify(value)})`);
    Deno.exit(2);
  }
  return n;
}
const DURATION_S = positive("duration", flags.duration!, 3600);
const PHASE_S = positive("phase-seconds", flags["phase-seconds"]!, 3600);
const CLIENTS = Math.round(positive("clients", flags.clients!, 5000));
const STREAMS = Math.round(positive("streams", flags.streams!, 20_000));
const parsedPhases = parsePhases(flags.only!);
if ("error" in parsedPhases) {
  console.error(`--only: ${parsedPhases.error}`);
  Deno.exit(2);
}
const PHASES = parsedPhases.phases;

const ROOT = new URL("..", import.meta.url).pathname;
const ADMIN_KEY = Array.from(
  crypto.getRandomValues(new Uint8Array(24)),
  (b) => b.toString(16).padStart(2, "0"),
)
  .join("");
const GENERATION_LIMIT = 1_000_000;

// ---- server process --------------------------------------------------------------------------------------

interface Server {
  child: Deno.ChildProcess;
  port: number;
  base: string;
  kvDir: string;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const kvDir = await Deno.makeTempDir({ prefix: "vtp-load-" });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...(flags["v8-flags"] ? [`--v8-flags=${flags["v8-flags"]}`] : []), "main.ts"],
    cwd: ROOT,
    env: {
      KV_PATH: `${kvDir}/kv.sqlite3`,
      HOSTNAME: "127.0.0.1",
      PORT: "0",
      LLM_PROVIDER: "offline",
      LOG_LEVEL: "warn",
      OFFLINE_PACE_MS: "0",
      GENERATION_LIMIT: String(GENERATION_LIMIT),
      RATE_LIMIT_ANONYMOUS: "unlimited",
      RATE_LIMIT_FREE: "unlimited",
      RATE_LIMIT_API: "unlimited",
      PROVIDER_CONCURRENCY: "16",
      QUEUE_MAX_LENGTH: "100000",
      ADMIN_API_KEY: ADMIN_KEY,
      ...env,
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const decoder = new TextDecoder();
  let text = "";
  const reader = child.stdout.getReader();
  const deadline = Date.now() + 30_000;
  let port = 0;
  while (!port) {
    if (Date.now() > deadline) throw new Error("server did not start within 30 s");
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited before listening:\n${text}`);
    text += decoder.decode(value, { stream: true });
    const m = /listening on http:\/\/[^:]+:(\d+)/.exec(text);
    if (m) port = Number(m[1]);
  }
  // The sentence encoder loads in the background once the server listens (a one-time cost of ~200 MB):
  // wait for it, so that "idle" memory includes it and the per-stream figures measure streams only.
  // … and for the start-up warm-up (routes/warm_up.ts), whose compiled code is part of a serving process.
  while (
    !/"msg":"embedder (loaded|failed to load)"/.test(text) || !WARM_UP_ENDED.test(text)
  ) {
    if (Date.now() > deadline) throw new Error("the embedder and the warm-up did not finish within 30 s");
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited before its embedder loaded and it warmed up:\n${text}`);
    text += decoder.decode(value, { stream: true });
  }
  // Keep draining both pipes so the server never blocks on a full pipe; keep warnings/errors for the end.
  const drain = async (r: ReadableStreamDefaultReader<Uint8Array>) => {
    try {
      while (true) {
        const { value, done } = await r.read();
        if (done) break;
        const t = decoder.decode(value);
        if (/"level":"(error)"/.test(t)) serverErrors.push(...t.trim().split("\n").slice(0, 5));
      }
    } catch { /* closed */ }
  };
  drain(reader);
  drain(child.stderr.getReader());
  return { child, port, base: `http://127.0.0.1:${port}`, kvDir };
}

const serverErrors: string[] = [];

async function stopServer(s: Server): Promise<void> {
  try {
    s.child.kill("SIGTERM");
  } catch { /* gone */ }
  const timer = setTimeout(() => {
    try {
      s.child.kill("SIGKILL");
    } catch { /* gone */ }
  }, 5000);
  await s.child.status;
  clearTimeout(timer);
  await Deno.remove(s.kvDir, { recursive: true }).catch(() => {});
}

async function memoryOf(pid: number): Promise<{ rssMb: number; hwmMb: number }> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rssMb: kb("VmRSS") / 1024, hwmMb: kb("VmHWM") / 1024 };
}

// ---- measurement ------------------------------------------------------------------------------------------

class Stats {
  latencies = new Map<string, number[]>();
  statuses = new Map<string, number>();
  streamEnds = new Map<string, number>();
  sources = new Map<string, number>();
  /** Ids of generated runs that completed (identical concurrent requests share one run and one id). */
  generatedIds = new Set<string>();
  get completedGenerated(): number {
    return this.generatedIds.size;
  }

  record(route: string, status: number, ms: number) {
    let l = this.latencies.get(route);
    if (!l) this.latencies.set(route, l = []);
    l.push(ms);
    const key = `${route} ${status}`;
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
  }

  count(route: string): number {
    return this.latencies.get(route)?.length ?? 0;
  }

  percentile(route: string, p: number): number {
    const l = [...(this.latencies.get(route) ?? [])].sort((a, b) => a - b);
    if (!l.length) return NaN;
    return l[Math.min(l.length - 1, Math.ceil((p / 100) * l.length) - 1)];
  }

  fiveXx(): number {
    let n = 0;
    for (const [k, v] of this.statuses) if (Number(k.split(" ").at(-1)) >= 500) n += v;
    return n;
  }

  print(title: string, seconds: number) {
    console.log(`\n--- ${title} (${seconds.toFixed(1)} s)`);
    console.log(
      "route".padEnd(34) + "count".padStart(8) + "req/s".padStart(9) + "p50 ms".padStart(9) +
        "p95 ms".padStart(9) + "p99 ms".padStart(9),
    );
    for (const route of [...this.latencies.keys()].sort()) {
      const n = this.count(route);
      console.log(
        route.padEnd(34) + String(n).padStart(8) + (n / seconds).toFixed(0).padStart(9) +
          this.percentile(route, 50).toFixed(1).padStart(9) +
          this.percentile(route, 95).toFixed(1).padStart(9) +
          this.percentile(route, 99).toFixed(1).padStart(9),
      );
    }
    const byStatus = [...this.statuses].map(([k, v]) => `${k}: ${v}`).sort();
    console.log("responses by route and status: " + byStatus.join(", "));
    if (this.streamEnds.size) {
      console.log("stream endings: " + [...this.streamEnds].map(([k, v]) => `${k}=${v}`).join(", "));
    }
    if (this.sources.size) {
      console.log("answer sources: " + [...this.sources].map(([k, v]) => `${k}=${v}`).join(", "));
    }
  }
}

const SUBJECTS = [
  "a marketplace for vintage synthesizers",
  "a telehealth app with video visits",
  "an IoT fleet tracker for delivery vans",
  "a multiplayer trivia game",
  "a recipe sharing site with photo uploads",
  "an internal dashboard for sales analytics",
  "a SaaS invoicing tool",
  "a news site with paywall",
  "a chat app with file uploads",
  "an AI writing assistant",
];
const SCALES = ["Startup", "Growth", "Enterprise", "Global"];
const COMPETITORS = ["AWS", "GCP", "Azure", "Vercel"];

let freshCounter = 0;
function freshBody() {
  const i = freshCounter++;
  return {
    appDescription: `Load test ${SUBJECTS[i % SUBJECTS.length]} variant ${i} ${
      crypto.randomUUID().slice(0, 8)
    }`,
    scale: SCALES[i % SCALES.length],
    competitors: [COMPETITORS[i % COMPETITORS.length]],
  };
}
const repeatBodies = SUBJECTS.map((s, i) => ({
  appDescription: `Repeat ${s}`,
  scale: SCALES[i % SCALES.length],
  competitors: [COMPETITORS[i % COMPETITORS.length]],
}));
const similarBody = (i: number) => ({
  appDescription: `Please design ${repeatBodies[i % repeatBodies.length].appDescription.slice(7)} for us`,
  scale: repeatBodies[i % repeatBodies.length].scale,
  competitors: repeatBodies[i % repeatBodies.length].competitors,
});

async function generate(server: Server, stats: Stats, route: string, body: unknown): Promise<void> {
  const t0 = performance.now();
  const res = await fetch(`${server.base}/api/generate-architecture-v2`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) {
    await res.body?.cancel();
    stats.record(route, res.status, performance.now() - t0);
    return;
  }
  const text = await res.text();
  stats.record(route, res.status, performance.now() - t0);
  let events: GenerationEvent[] = [];
  try {
    events = parseSse(text);
  } catch {
    // a frame cut in the middle: counted as unterminated below
  }
  const last = events.at(-1);
  const end = last?.type === "complete" || last?.type === "error" ? last.type : "unterminated";
  stats.streamEnds.set(end, (stats.streamEnds.get(end) ?? 0) + 1);
  const start = events.find((e) => e.type === "start");
  const source = start?.source ?? "none";
  stats.sources.set(source, (stats.sources.get(source) ?? 0) + 1);
  if (end === "complete" && source === "generated" && start?.id) stats.generatedIds.add(start.id);
}

async function get(server: Server, stats: Stats, route: string, path: string, headers: HeadersInit = {}) {
  const t0 = performance.now();
  const res = await fetch(server.base + path, { headers });
  await res.arrayBuffer();
  stats.record(route, res.status, performance.now() - t0);
}

/** Runs `op` from `clients` concurrent loops until `seconds` pass; returns the elapsed seconds. */
async function drive(seconds: number, clients: number, op: (client: number, i: number) => Promise<void>) {
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(Array.from({ length: clients }, async (_, client) => {
    for (let i = 0; performance.now() < end && i < 10_000_000; i++) {
      try {
        await op(client, i);
      } catch (err) {
        transportErrors.push(String(err));
      }
    }
  }));
  return (performance.now() - t0) / 1000;
}
const transportErrors: string[] = [];

// ---- phases ----------------------------------------------------------------------------------------------

const results: { target: string; figure: string; pass: boolean }[] = [];
const invariants: { name: string; pass: boolean; detail: string }[] = [];

async function budgetStatus(server: Server): Promise<{ used: number; limit: number }> {
  return await (await fetch(`${server.base}/api/budget`)).json();
}

async function warm(server: Server): Promise<Set<string>> {
  const s = new Stats();
  await Promise.all(repeatBodies.map((b) => generate(server, s, "warm", b)));
  return s.generatedIds;
}

/** Per-stream memory targets (KB of server RSS per open stream). */
const OFFLINE_STREAM_KB = 120;
const PROVIDER_STREAM_KB = 150;

/** A running fake model upstream: its process, base URL and its request/connection counts. */
interface FakeUpstream {
  child: Deno.ChildProcess;
  base: string;
  /** Model requests and distinct client connections since the previous call (GET /stats). */
  stats(): Promise<{ requests: number; connections: number }>;
}

/**
 * Starts bench/fake_model_upstream.ts in its own process, over HTTPS with `tls`; resolves once it listens.
 */
async function startFakeUpstream(args: string[], tls?: LoopbackCertificate): Promise<FakeUpstream> {
  const read = tls ? [`--allow-read=${tls.certFile},${tls.keyFile}`] : [];
  const files = tls ? [`--cert=${tls.certFile}`, `--key=${tls.keyFile}`] : [];
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", ...read, "bench/fake_model_upstream.ts", ...args, ...files],
    cwd: ROOT,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.getReader();
  let text = "";
  while (!/listening (\d+)/.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`fake upstream exited before listening: ${text}`);
    text += new TextDecoder().decode(value);
  }
  (async () => {
    while (!(await reader.read()).done);
  })().catch(() => {});
  const base = `${tls ? "https" : "http"}://127.0.0.1:${/listening (\d+)/.exec(text)![1]}`;
  const client = tls ? Deno.createHttpClient({ caCerts: [await Deno.readTextFile(tls.caFile)] }) : undefined;
  const init: RequestInit & { client?: Deno.HttpClient } = client ? { client } : {};
  const stats = async () => await (await fetch(`${base}/stats`, init)).json();
  return { child, base, stats };
}

/** KB of server RSS per open stream, by phase label, for the summary at the end. */
const streamKb = new Map<string, { burst: number; settled: number }>();
/** How long after the first reading the second one ("settled") is taken. */
const SETTLED_AFTER_MS = 5000;

/**
 * Holds STREAMS generation streams open at once against a fresh server started with `env`, and reports the
 * server's RSS per open stream against `targetKb`. With `upstream`, also how many connections the fake
 * upstream saw its requests on; `http2` makes multiplexed requests (fewer connections than requests in
 * flight, which only HTTP/2 can do) an invariant.
 */
async function openStreams(
  label: string,
  env: Record<string, string>,
  targetKb: number,
  upstream?: { fake: FakeUpstream; http2: boolean },
): Promise<void> {
  const server = await startServer({
    PROVIDER_CONCURRENCY: String(Math.min(1000, STREAMS)), // the config allows at most 1000
    GENERATION_TIMEOUT_MS: "600000",
    FIRST_ELEMENT_TIMEOUT_MS: "600000",
    ...env,
  });
  const controllers: AbortController[] = [];
  try {
    const before = await memoryOf(server.child.pid);
    await upstream?.fake.stats(); // counts from here on
    let started = 0;
    let failed = 0;
    let endedEarly = 0;
    const failures = new Map<number, number>();
    const t0 = performance.now();
    const opened = Array.from({ length: STREAMS }, async () => {
      const ac = new AbortController();
      controllers.push(ac);
      try {
        const res = await fetch(`${server.base}/api/generate-architecture-v2`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ ...freshBody(), force: true }),
          signal: ac.signal,
        });
        if (res.status !== 200) {
          failures.set(res.status, (failures.get(res.status) ?? 0) + 1);
          failed++;
          await res.body?.cancel();
          return;
        }
        const reader = res.body!.getReader();
        const first = await reader.read(); // the start event (or a queued one)
        if (!first.done) started++;
        // Keep reading in the background until aborted.
        (async () => {
          try {
            while (!(await reader.read()).done);
            endedEarly++;
          } catch { /* aborted */ }
        })();
      } catch {
        failed++;
      }
    });
    await Promise.all(opened);
    const openMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 1500)); // all open, a few elements each
    const mem = await memoryOf(server.child.pid);
    const perStreamKb = ((mem.rssMb - before.rssMb) * 1024) / Math.max(1, started);
    console.log(
      `\n--- open streams (${label}): ${started}/${STREAMS} open after ${
        openMs.toFixed(0)
      } ms, ${failed} failed` +
        (failures.size ? ` (${[...failures].map(([s, n]) => `${s}×${n}`).join(", ")})` : "") +
        (endedEarly ? `, ${endedEarly} already ended` : ""),
    );
    console.log(
      `server memory: idle RSS ${before.rssMb.toFixed(0)} MB → with streams open RSS ${
        mem.rssMb.toFixed(0)
      } MB,` +
        ` peak (VmHWM) ${mem.hwmMb.toFixed(0)} MB, ≈ ${perStreamKb.toFixed(0)} KB per open stream ` +
        `(bench/stream_memory_bench.ts compares with a bare Deno.serve)`,
    );
    // Read again a few seconds on, every stream still open (the paced and fake streams run for 20 s and
    // more): much of the first figure is the opening burst's garbage, which V8 collects seconds later.
    await new Promise((r) => setTimeout(r, SETTLED_AFTER_MS));
    const settled = await memoryOf(server.child.pid);
    const settledKb = ((settled.rssMb - before.rssMb) * 1024) / Math.max(1, started);
    console.log(
      `${SETTLED_AFTER_MS / 1000} s later, streams still open: RSS ${settled.rssMb.toFixed(0)} MB, ≈ ${
        settledKb.toFixed(0)
      } KB per open stream (not the target figure: that is the reading just after the burst)`,
    );
    streamKb.set(label, { burst: perStreamKb, settled: settledKb });
    const waiting = upstream
      ? await checkUpstreamConnections(label, upstream.fake, upstream.http2, started)
      : 0;
    // Over HTTP/2 a stream still waiting for a stream slot upstream is not a mid-flight provider stream.
    const h2Waiting = upstream?.http2 ? waiting : 0;
    results.push({
      target: `${STREAMS} concurrent open streams (${label}) under 300 MB RSS`,
      figure: `${started} open, peak RSS ${mem.hwmMb.toFixed(0)} MB`,
      pass: started === STREAMS && mem.hwmMb < 300,
    });
    results.push({
      target: `${label}: ≤ ${targetKb} KB of server RSS per open stream`,
      figure: `${perStreamKb.toFixed(0)} KB (${started} open, ${endedEarly} ended before the reading` +
        (h2Waiting ? `; ${h2Waiting} not yet sent upstream, waiting for an HTTP/2 stream slot)` : ")"),
      pass: started === STREAMS && endedEarly === 0 && perStreamKb <= targetKb && h2Waiting === 0,
    });
    invariants.push({
      name: `streams (${label}): no 5xx`,
      pass: [...failures.keys()].every((s) => s < 500),
      detail: JSON.stringify(Object.fromEntries(failures)),
    });
  } finally {
    for (const c of controllers) c.abort();
    await new Promise((r) => setTimeout(r, 300));
    await stopServer(server);
  }
}

/**
 * The OpenAI and then the Anthropic provider path against a fake upstream (bench/fake_model_upstream.ts,
 * its own process) whose streams take ~23 s (113 deltas every 200 ms), so every stream is mid-flight when
 * memory is read: over plain HTTP/1.1, or with `tls` over HTTPS, where the server under test trusts the
 * certificate's CA through `DENO_CERT` and its fetch negotiates HTTP/2.
 */
async function providerStreams(tls?: LoopbackCertificate): Promise<void> {
  const fake = await startFakeUpstream(["--first-ms=200", "--every-ms=200"], tls);
  const suffix = tls ? " over HTTPS (HTTP/2)" : "";
  const trust: Record<string, string> = tls ? { DENO_CERT: tls.caFile } : {};
  try {
    await openStreams(
      `OpenAI provider, fake upstream${suffix}`,
      {
        LLM_PROVIDER: "openai",
        OPENAI_API_KEY: "sk-load-fake-key",
        OPENAI_BASE_URL: `${fake.base}/v1`,
        ...trust,
      },
      PROVIDER_STREAM_KB,
      { fake, http2: !!tls },
    );
    await openStreams(
      `Anthropic provider, fake upstream${suffix}`,
      {
        LLM_PROVIDER: "anthropic",
        ANTHROPIC_API_KEY: "sk-ant-load-fake-key",
        ANTHROPIC_BASE_URL: fake.base,
        ...trust,
      },
      PROVIDER_STREAM_KB,
      { fake, http2: !!tls },
    );
  } finally {
    fake.child.kill("SIGTERM");
    await fake.child.status;
  }
}

/** Prints the KB of server RSS per open stream of every streams phase run, side by side. */
function printStreamSummary() {
  if (!streamKb.size) return;
  console.log(
    "\n=== KB of server RSS per open stream (targets: offline ≤ 120, provider ≤ 150, on the first reading)",
  );
  console.log(`${"".padEnd(58)} ${"burst".padStart(8)} ${"settled".padStart(8)}`);
  for (const [label, kb] of streamKb) {
    console.log(
      `${label.padEnd(58)} ${kb.burst.toFixed(0).padStart(5)} KB ${kb.settled.toFixed(0).padStart(5)} KB`,
    );
  }
}

/**
 * Prints the fake upstream's requests and connections since the streams opened; with `http2`, checks
 * they were multiplexed (more requests than connections, which HTTP/1.1 cannot do). Returns how many open
 * streams had not reached the upstream: Deno.serve (the fake) allows 200 concurrent HTTP/2 streams per
 * connection, and Deno's fetch queues requests over that limit instead of opening another connection.
 */
async function checkUpstreamConnections(
  label: string,
  fake: FakeUpstream,
  http2: boolean,
  started: number,
): Promise<number> {
  const { requests, connections } = await fake.stats();
  const multiplexed = requests > 0 && connections < requests;
  const waiting = Math.max(0, started - requests);
  console.log(
    `fake upstream: ${requests} model requests on ${connections} connection(s)` +
      (multiplexed ? " — multiplexed, so HTTP/2" : " — one connection per request (HTTP/1.1)") +
      (waiting ? `; ${waiting} open streams had not reached the upstream (no free stream slot)` : ""),
  );
  if (http2) {
    invariants.push({
      name: `streams (${label}): the upstream requests were multiplexed on HTTP/2 connections`,
      pass: multiplexed,
      detail: `${requests} requests (${started} streams open) on ${connections} connection(s)`,
    });
  }
  return waiting;
}

async function main() {
  console.log(
    `load: mix ${DURATION_S}s, replays/budget ${PHASE_S}s each, ${CLIENTS} clients, ${STREAMS} open streams; ` +
      `phases: ${[...PHASES].join(",")}`,
  );
  let generatedTotal = 0;
  if (PHASES.has("mix") || PHASES.has("replays") || PHASES.has("budget")) {
    const server = await startServer({});
    try {
      const all = new Set<string>();
      const warmStats = await warm(server);
      for (const id of warmStats) all.add(id);
      const adminHeaders = { "x-admin-key": ADMIN_KEY };

      if (PHASES.has("mix")) {
        const stats = new Stats();
        const secs = await drive(DURATION_S, CLIENTS, async (client, i) => {
          const r = (client * 7919 + i * 104729) % 100;
          if (r < 8) await generate(server, stats, "POST generate (fresh)", freshBody());
          else if (r < 43) {
            await generate(server, stats, "POST generate (exact repeat)", repeatBodies[i % 10]);
          } else if (r < 50) await generate(server, stats, "POST generate (similar)", similarBody(i));
          else if (r < 80) await get(server, stats, "GET /api/budget", "/api/budget");
          else if (r < 95) await get(server, stats, "GET /api/generations", "/api/generations?limit=20");
          else await get(server, stats, "GET /admin/status", "/admin/status", adminHeaders);
        });
        stats.print("mix", secs);
        for (const id of stats.generatedIds) all.add(id);
        invariants.push({
          name: "mix: no 5xx",
          pass: stats.fiveXx() === 0,
          detail: `${stats.fiveXx()} responses`,
        });
        const unterminated = stats.streamEnds.get("unterminated") ?? 0;
        invariants.push({
          name: "mix: every stream ended with complete or error",
          pass: unterminated === 0,
          detail: `${unterminated} unterminated`,
        });
      }

      if (PHASES.has("replays")) {
        const stats = new Stats();
        const secs = await drive(
          PHASE_S,
          CLIENTS,
          (_c, i) => generate(server, stats, "POST generate (exact repeat)", repeatBodies[i % 10]),
        );
        stats.print("cached replays", secs);
        const route = "POST generate (exact repeat)";
        const rate = stats.count(route) / secs;
        const p99 = stats.percentile(route, 99);
        const cacheOnly = (stats.sources.get("generated") ?? 0) === 0;
        results.push({
          target: "cached replays ≥ 1,000/s, p99 < 50 ms",
          figure: `${rate.toFixed(0)}/s, p99 ${p99.toFixed(1)} ms${
            cacheOnly ? "" : " (some were generated!)"
          }`,
          pass: rate >= 1000 && p99 < 50 && cacheOnly,
        });
        for (const id of stats.generatedIds) all.add(id);
        invariants.push({ name: "replays: no 5xx", pass: stats.fiveXx() === 0, detail: `${stats.fiveXx()}` });
      }

      if (PHASES.has("budget")) {
        const stats = new Stats();
        const secs = await drive(
          PHASE_S,
          CLIENTS,
          () => get(server, stats, "GET /api/budget", "/api/budget"),
        );
        stats.print("budget reads", secs);
        const rate = stats.count("GET /api/budget") / secs;
        const p99 = stats.percentile("GET /api/budget", 99);
        results.push({
          target: "budget reads ≥ 2,000/s, p99 < 50 ms",
          figure: `${rate.toFixed(0)}/s, p99 ${p99.toFixed(1)} ms`,
          pass: rate >= 2000 && p99 < 50,
        });
        invariants.push({
          name: "budget reads: no 5xx",
          pass: stats.fiveXx() === 0,
          detail: `${stats.fiveXx()}`,
        });
      }

      // Budget invariants: never over the limit; after the runs settle, used = generations completed.
      await new Promise((r) => setTimeout(r, 500));
      generatedTotal = all.size;
      const b = await budgetStatus(server);
      invariants.push({
        name: "no budget overshoot",
        pass: b.used <= b.limit,
        detail: `used ${b.used} ≤ ${b.limit}`,
      });
      invariants.push({
        name: "budget used = generations completed",
        pass: b.used === generatedTotal,
        detail: `used ${b.used}, completed ${generatedTotal}`,
      });
      const mem = await memoryOf(server.child.pid);
      console.log(
        `\nserver memory (mix/replays/budget): RSS ${mem.rssMb.toFixed(0)} MB, peak ${
          mem.hwmMb.toFixed(0)
        } MB`,
      );
    } finally {
      await stopServer(server);
    }
  }

  if (PHASES.has("streams")) {
    // Paced so every stream stays open for the whole measurement; the provider cap is lifted so they all run.
    await openStreams("offline planner", { OFFLINE_PACE_MS: "3000" }, OFFLINE_STREAM_KB);
  }
  if (PHASES.has("provider-streams")) await providerStreams();
  if (PHASES.has("provider-streams-h2")) {
    const dir = await Deno.makeTempDir({ prefix: "vtp-load-tls-" });
    try {
      const cert = await makeLoopbackCertificate(dir);
      if ("skipped" in cert) console.log(`\n--- provider streams over HTTPS (HTTP/2): ${cert.skipped}`);
      else await providerStreams(cert);
    } finally {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  }
  printStreamSummary();

  console.log("\n=== invariants");
  for (const i of invariants) console.log(`${i.pass ? "PASS" : "FAIL"}  ${i.name} (${i.detail})`);
  if (transportErrors.length) {
    console.log(`transport errors: ${transportErrors.length} (first: ${transportErrors[0]})`);
  }
  if (serverErrors.length) {
    console.log(`server error lines (first 3):\n${serverErrors.slice(0, 3).join("\n")}`);
  }
  console.log("\n=== targets");
  for (const r of results) console.log(`${r.pass ? "PASS" : "FAIL"}  ${r.target}: ${r.figure}`);
  const ok = invariants.every((i) => i.pass) && results.every((r) => r.pass) && transportErrors.length === 0;
  return ok ? 0 : 1;
}

Deno.exit(await main());
