/**
 * `deno run -A tasks/attack.ts`: a small, bounded attack run against the real server on loopback, for the
 * hardening rules of the README's security section (identity, slow bodies, limits). Every loop has a fixed
 * count; the server (`main.ts`, offline planner, temporary KV file, 127.0.0.1, free port) is stopped at the end.
 *
 * Phases (`--only=identity,slow,limits`):
 *  - identity — with TRUST_PROXY set and the anonymous limit at 5/10m: generations admitted from one IPv6 /64
 *    with a new address per request, from one IPv6 and one IPv4 address written many ways, and from
 *    `X-Forwarded-For: <random>, unknown` (a malformed last hop). At most 5 per group should get through.
 *  - slow — N connections declare a 10,000-byte body on the generate route and send one byte every 2 s;
 *    counts answers within the deadline window and measures the server's RSS (idle, peak, after). Then N
 *    clients hang up mid-body; counts the `unhandled error` lines in the server's log.
 *  - limits — RATE_LIMIT_API 20/1m: requests accepted on `POST /` and `GET /generations/<id>` once `/api/*`
 *    answers 429; random `vtp_` keys answered 429; wrong admin keys answered 429 on sign-in; whether a signed-out
 *    session cookie still opens the dashboard.
 * Prints one line of figures per check. `--connections=<n>` (slow phase, default 300); `--env=NAME=value,…`
 * adds to the server's environment.
 */
import { parseArgs } from "node:util";

const { values: flags } = parseArgs({
  args: Deno.args,
  options: {
    only: { type: "string", default: "identity,slow,limits" },
    connections: { type: "string", default: "300" },
    env: { type: "string", default: "" },
  },
});
const PHASES = new Set(flags.only!.split(",").map((s) => s.trim()));
/** Extra environment of the server, `--env=NAME=value,NAME=value` (e.g. allocator settings). */
const SERVER_ENV: Record<string, string> = Object.fromEntries(
  flags.env!.split(",").filter(Boolean).map((kv) => [kv.split("=")[0], kv.split("=").slice(1).join("=")]),
);
const CONNECTIONS = Math.min(2000, Math.max(1, Number(flags.connections) || 300));
const ROOT = new URL("..", import.meta.url).pathname;
const ADMIN_KEY = "attack-admin-key-" + crypto.randomUUID();

interface Server {
  child: Deno.ChildProcess;
  url: string;
  port: number;
  log: string[];
  dir: string;
}

async function start(env: Record<string, string>): Promise<Server> {
  const dir = await Deno.makeTempDir();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: ROOT,
    env: {
      PORT: "0",
      HOSTNAME: "127.0.0.1",
      LLM_PROVIDER: "offline",
      OFFLINE_PACE_MS: "0",
      KV_PATH: `${dir}/kv.sqlite3`,
      GENERATION_LIMIT: "100000",
      RATE_LIMIT_ANONYMOUS: "unlimited",
      RATE_LIMIT_API: "unlimited",
      ADMIN_API_KEY: ADMIN_KEY,
      LOG_LEVEL: "info",
      ...SERVER_ENV,
      ...env,
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const log: string[] = [];
  let port = 0;
  let resolvePort: (p: number) => void;
  const listening = new Promise<number>((r) => resolvePort = r);
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    let buf = "";
    for await (
      const text of stream.pipeThrough(
        new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>,
      )
    ) {
      buf += text;
      const lines = buf.split("\n");
      buf = lines.pop()!;
      for (const line of lines) {
        log.push(line);
        const m = /listening on http:\/\/[^:]+:(\d+)/.exec(line);
        if (m) resolvePort(Number(m[1]));
      }
    }
  };
  pump(child.stdout).catch(() => {});
  pump(child.stderr).catch(() => {});
  port = await Promise.race([
    listening,
    new Promise<number>((_, rej) => setTimeout(() => rej(new Error("no listen")), 30_000)),
  ]);
  return { child, url: `http://127.0.0.1:${port}`, port, log, dir };
}

async function stop(s: Server) {
  try {
    s.child.kill("SIGTERM");
  } catch { /* gone */ }
  await s.child.status;
  await Deno.remove(s.dir, { recursive: true }).catch(() => {});
}

function rssMb(pid: number): number {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The server's RSS and V8 heap used (MB), from its own `vtp_process_memory_bytes` gauge on /metrics. */
async function memoryOf(
  s: Server,
): Promise<{ rss: number; heap: number; heapTotal: number; external: number }> {
  try {
    const text = await (await fetch(`${s.url}/metrics`)).text();
    const mb = (kind: string) => {
      const m = new RegExp(`^vtp_process_memory_bytes\\{kind="${kind}"\\} (\\S+)$`, "m").exec(text);
      return m ? Math.round(Number(m[1]) / 1024 / 1024) : NaN;
    };
    return { rss: mb("rss"), heap: mb("heap_used"), heapTotal: mb("heap_total"), external: mb("external") };
  } catch {
    return { rss: rssMb(s.child.pid), heap: NaN, heapTotal: NaN, external: NaN };
  }
}

let seq = 0;
function description() {
  return `An attack-run inventory app number ${++seq} ${crypto.randomUUID()} for warehouses`;
}

/** One generation; true when it was admitted (a `generated` start event). */
async function generate(s: Server, headers: Record<string, string>): Promise<boolean> {
  const res = await fetch(`${s.url}/api/generate-architecture-v2`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ appDescription: description() }),
  });
  const text = await res.text();
  return res.status === 200 && text.includes('"source":"generated"');
}

async function identity() {
  const s = await start({ TRUST_PROXY: "true", RATE_LIMIT_ANONYMOUS: "5/10m" });
  try {
    let admitted = 0;
    for (let i = 1; i <= 60; i++) {
      if (await generate(s, { "x-forwarded-for": `2001:db8:1:2::${i.toString(16)}` })) admitted++;
    }
    console.log(`identity: one IPv6 /64, 60 addresses: ${admitted}/60 admitted (limit 5)`);
    const v6 = [
      "2001:db8:5:6::7",
      "2001:0db8:0005:0006:0000:0000:0000:0007",
      "2001:DB8:5:6::7",
      "[2001:db8:5:6::7]",
      "2001:db8:5:6:0:0:0:7",
      "2001:db8:5:6:0::7",
      "[2001:db8:5:6::7]:443",
    ];
    admitted = 0;
    for (const a of [...v6, ...v6]) if (await generate(s, { "x-forwarded-for": a })) admitted++;
    console.log(`identity: one IPv6 written 7 ways x2: ${admitted}/14 admitted (limit 5)`);
    const v4 = [
      "198.51.100.7",
      "::ffff:198.51.100.7",
      "::ffff:c633:6407",
      "0:0:0:0:0:ffff:c633:6407",
      "[::ffff:198.51.100.7]",
      "198.51.100.7:1234",
    ];
    admitted = 0;
    for (const a of [...v4, ...v4]) if (await generate(s, { "x-forwarded-for": a })) admitted++;
    console.log(`identity: one IPv4 written 6 ways x2: ${admitted}/12 admitted (limit 5)`);
    admitted = 0;
    for (let i = 1; i <= 8; i++) {
      if (await generate(s, { "x-forwarded-for": `9.8.7.${i}, unknown` })) admitted++;
    }
    console.log(`identity: "9.8.7.<i>, unknown": ${admitted}/8 admitted (limit 5)`);
  } finally {
    await stop(s);
  }
}

/** Opens a raw connection and declares a 10,000-byte JSON body; returns it with the first bytes sent. */
async function slowConnection(port: number, path: string): Promise<Deno.TcpConn> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
    `Content-Length: 10000\r\n\r\n{`;
  await conn.write(new TextEncoder().encode(head));
  return conn;
}

/** Reads the status line of whatever the server answers, or null at `deadline`. */
async function statusOf(conn: Deno.TcpConn, deadline: number): Promise<number | null> {
  const buf = new Uint8Array(512);
  const read = conn.read(buf).then((n) => n === null ? null : new TextDecoder().decode(buf.subarray(0, n)))
    .catch(() => null);
  const text = await Promise.race([read, sleep(Math.max(0, deadline - Date.now())).then(() => undefined)]);
  if (!text) return null;
  const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
  return m ? Number(m[1]) : null;
}

/** One round of `n` slow bodies: answers seen within 15 s, and the peak RSS while they are held. */
async function slowRound(s: Server, n: number) {
  const conns: Deno.TcpConn[] = [];
  for (let i = 0; i < n; i++) conns.push(await slowConnection(s.port, "/api/generate-architecture-v2"));
  const deadline = Date.now() + 15_000;
  let peak = rssMb(s.child.pid);
  let peakHeap = (await memoryOf(s)).heap;
  const statuses = conns.map((c) => statusOf(c, deadline));
  // Trickle one byte every 2 s to every connection until all have an answer or the window closes.
  let settled = false;
  const all = Promise.all(statuses).finally(() => settled = true);
  while (!settled && Date.now() < deadline - 2000) {
    await Promise.race([sleep(2000), all]);
    await Promise.all(conns.map((c) => c.write(new TextEncoder().encode(" ")).catch(() => 0)));
    peak = Math.max(peak, rssMb(s.child.pid));
    peakHeap = Math.max(peakHeap, (await memoryOf(s)).heap);
  }
  const results = await all;
  const answered = new Map<string, number>();
  for (const r of results) answered.set(String(r ?? "none"), (answered.get(String(r ?? "none")) ?? 0) + 1);
  for (const c of conns) {
    try {
      c.close();
    } catch { /* closed */ }
  }
  return { answered: JSON.stringify(Object.fromEntries(answered)), peak, peakHeap };
}

async function slow() {
  const s = await start({ BODY_TIMEOUT_MS: "5000" });
  try {
    // Warm up (code paths compiled, KV open, pools sized) so "idle" is a serving process at rest.
    for (let i = 0; i < 20; i++) await generate(s, {});
    await sleep(1000);
    const idle = rssMb(s.child.pid);
    const idleMem = await memoryOf(s);
    const idleHeap = idleMem.heap;
    const over = (now: number, base: number) => `${Math.round((now / base - 1) * 100)}%`;
    const rounds: string[] = [];
    for (let round = 1; round <= 2; round++) {
      const { answered, peak, peakHeap } = await slowRound(s, CONNECTIONS);
      await sleep(5000);
      const after = rssMb(s.child.pid);
      const afterHeap = (await memoryOf(s)).heap;
      await sleep(15_000);
      const later = rssMb(s.child.pid);
      const laterMem = await memoryOf(s);
      const laterHeap = laterMem.heap;
      rounds.push(
        `round ${round}: answers ${answered}; RSS peak ${peak} MB, 5 s after close ${after} MB (${
          over(after, idle)
        } over idle), 20 s after ${later} MB (${
          over(later, idle)
        }); heap used peak ${peakHeap} MB, 5 s after ${afterHeap} MB (${
          over(afterHeap, idleHeap)
        }), 20 s after ${laterHeap} MB (${
          over(laterHeap, idleHeap)
        }; V8 heap total ${laterMem.heapTotal} MB, external ${laterMem.external} MB)`,
      );
    }
    console.log(
      `slow: ${CONNECTIONS} slow bodies on the generate route; idle RSS ${idle} MB, heap used ${idleHeap} MB (total ${idleMem.heapTotal} MB, external ${idleMem.external} MB); ${
        rounds.join("; ")
      }`,
    );
    // Hang-ups mid-body.
    const before = s.log.length;
    for (let i = 0; i < Math.min(CONNECTIONS, 200); i++) {
      const c = await slowConnection(s.port, "/api/generate-architecture-v2");
      await c.write(new TextEncoder().encode('"appDescription":"half'));
      c.close();
    }
    await sleep(1500);
    const lines = s.log.slice(before);
    const unhandled = lines.filter((l) => l.includes("unhandled error")).length;
    const info = lines.filter((l) =>
      l.includes('"level":"info"') && /client (closed|went away|hung up)/i.test(l)
    )
      .length;
    console.log(
      `slow: ${
        Math.min(CONNECTIONS, 200)
      } hang-ups mid-body: ${unhandled} "unhandled error" lines, ${info} info lines`,
    );
  } finally {
    await stop(s);
  }
}

function randomKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return "vtp_" +
    btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function limits() {
  const s = await start({ RATE_LIMIT_API: "20/1m" });
  try {
    const first = await fetch(`${s.url}/api/generate-architecture-v2`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        appDescription: "A recipe sharing site with photos and comments for home cooks",
      }),
    });
    const id = /"id":"([0-9A-Z]{26})"/.exec(await first.text())?.[1];
    let api429 = 0;
    for (let i = 0; i < 30; i++) {
      const r = await fetch(`${s.url}/api/generations`);
      await r.body?.cancel();
      if (r.status === 429) api429++;
    }
    const form = new URLSearchParams({
      appDescription: "A recipe sharing site with photos and comments for home cooks",
    });
    let formOk = 0;
    for (let i = 0; i < 100; i++) {
      const r = await fetch(`${s.url}/`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: s.url,
          "sec-fetch-site": "same-origin",
        },
        body: form,
      });
      await r.body?.cancel();
      if (r.status !== 429) formOk++;
    }
    let pageOk = 0;
    for (let i = 0; i < 100; i++) {
      const r = await fetch(`${s.url}/generations/${id}`);
      await r.body?.cancel();
      if (r.status === 200) pageOk++;
    }
    console.log(
      `limits: after /api/* answered 429 (${api429}/30): POST / not refused ${formOk}/100, /generations/<id> 200 ${pageOk}/100`,
    );
    let key429 = 0;
    for (let i = 0; i < 300; i++) {
      const r = await fetch(`${s.url}/api/budget`, { headers: { authorization: `Bearer ${randomKey()}` } });
      await r.body?.cancel();
      if (r.status === 429) key429++;
    }
    console.log(`limits: 300 random vtp_ keys: ${key429} answered 429, ${300 - key429} answered 401`);
    let admin429 = 0, admin401 = 0;
    for (let i = 0; i < 200; i++) {
      const r = await fetch(`${s.url}/admin/session`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: s.url,
          "sec-fetch-site": "same-origin",
        },
        body: new URLSearchParams({ adminKey: `wrong-${i}-${crypto.randomUUID()}` }),
      });
      await r.body?.cancel();
      if (r.status === 429) admin429++;
      if (r.status === 401) admin401++;
    }
    console.log(
      `limits: 200 wrong admin keys on sign-in: ${admin401} answered 401, ${admin429} answered 429`,
    );
    // Sign-out revocation, from a fresh address so the sign-in limit above does not apply.
    const s2 = await start({});
    try {
      const signIn = await fetch(`${s2.url}/admin/session`, {
        method: "POST",
        redirect: "manual",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: s2.url,
          "sec-fetch-site": "same-origin",
        },
        body: new URLSearchParams({ adminKey: ADMIN_KEY }),
      });
      await signIn.body?.cancel();
      const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0];
      const dash = await (await fetch(`${s2.url}/admin`, { headers: { cookie } })).text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(dash)?.[1] ?? "";
      const out = await fetch(`${s2.url}/admin/session/end`, {
        method: "POST",
        redirect: "manual",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: s2.url,
          "sec-fetch-site": "same-origin",
          cookie,
        },
        body: new URLSearchParams({ _csrf: csrf }),
      });
      await out.body?.cancel();
      const again = await (await fetch(`${s2.url}/admin`, { headers: { cookie } })).text();
      console.log(
        `limits: old session cookie after sign-out (${out.status}) opens the dashboard: ${
          again.includes("Sign out") ? "yes" : "no"
        }`,
      );
    } finally {
      await stop(s2);
    }
  } finally {
    await stop(s);
  }
}

if (PHASES.has("identity")) await identity();
if (PHASES.has("slow")) await slow();
if (PHASES.has("limits")) await limits();
