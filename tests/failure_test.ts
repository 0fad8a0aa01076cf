/**
 * Failure behaviour: KV errors and delays in the generation path (fail closed, bounded), provider errors,
 * client aborts at every stage (before start, mid-stream, while queued), and a server process killed with
 * SIGKILL in the middle of generations while another process keeps serving on the same KV file.
 */
import { type ServerProcess, spawnServer, stopServers } from "./server_process.ts";
import { openKv } from "../lib/platform/kv/open_kv.ts";
import assert from "node:assert/strict";
import { BUDGET_KEYS } from "../lib/guards/budget.ts";
import { loadConfig } from "../lib/platform/config.ts";
import { parseSse } from "../lib/protocol/events.ts";
import { createOfflineProvider } from "../lib/providers/offline.ts";
import { type ArchitectureProvider, ProviderError } from "../lib/providers/types.ts";
import { createApp } from "../routes/app.ts";
import { makeTestApp, readEvents } from "./helpers.ts";
import { kvDouble } from "./kv_double.ts";

const used = async (kv: Deno.Kv) => Number((await kv.get<number>(BUDGET_KEYS.used)).value ?? 0);

function appOver(kv: Deno.Kv, env: Record<string, string> = {}, provider?: ArchitectureProvider) {
  const config = loadConfig({
    KV_PATH: ":memory:",
    OFFLINE_PACE_MS: "0",
    RATE_LIMIT_ANONYMOUS: "unlimited",
    RATE_LIMIT_API: "unlimited",
    LOG_LEVEL: "error",
    ...env,
  });
  const built = createApp({ config, kv, kvTimeoutMs: 150, provider });
  const generate = (body: unknown, init: RequestInit = {}) =>
    Promise.resolve(built.app.fetch(
      new Request("http://localhost/api/generate-architecture-v2", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        ...init,
      }),
    ));
  return { ...built, generate };
}

for (const mode of ["throw", "hang"] as const) {
  Deno.test(`failure: KV that ${mode}s → 503 kv_unavailable at once, nothing generated, nothing spent`, async () => {
    const inner = await Deno.openKv(":memory:");
    const double = kvDouble(inner);
    let calls = 0;
    const offline = createOfflineProvider();
    const provider: ArchitectureProvider = {
      id: "offline",
      model: offline.model,
      generate: (r, s) => {
        calls++;
        return offline.generate(r, s);
      },
    };
    const a = appOver(double.kv, {}, provider);
    try {
      double.mode = mode;
      const t0 = performance.now();
      const res = await a.generate({ appDescription: "A fail closed app" });
      assert.ok(performance.now() - t0 < 3000, `bounded: ${performance.now() - t0} ms`);
      assert.equal(res.status, 503);
      const body = await res.json();
      assert.equal(body.error.code, "kv_unavailable");
      assert.ok(res.headers.get("retry-after"));
      assert.equal(calls, 0, "never a free generation");
      double.mode = "ok";
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(await used(inner), 0);
      // KV back: generations work again.
      const ok = await a.generate({ appDescription: "A fail closed app" });
      assert.equal(ok.status, 200);
      assert.equal(parseSse(await ok.text()).at(-1)!.type, "complete");
    } finally {
      double.mode = "ok";
      await a.close();
      inner.close();
    }
  });
}

Deno.test("failure: slow KV (below the bound) still answers; cached replays are attempted first", async () => {
  const inner = await Deno.openKv(":memory:");
  const double = kvDouble(inner);
  const a = appOver(double.kv);
  try {
    const body = { appDescription: "A slow KV app" };
    assert.equal(parseSse(await (await a.generate(body)).text()).at(-1)!.type, "complete");
    double.mode = "delay";
    double.delayMs = 20;
    const replay = parseSse(await (await a.generate(body)).text());
    assert.equal(replay[0].type === "start" && replay[0].source, "cache");
    assert.equal(replay.at(-1)!.type, "complete");
    assert.ok(double.failedCalls > 0, "the delay was applied");
  } finally {
    double.mode = "ok";
    await a.close();
    inner.close();
  }
});

Deno.test("failure: a provider error ends the stream with an error event and gives the unit back", async () => {
  const failing: ArchitectureProvider = {
    id: "openai",
    model: "gpt-4.1-mini",
    // deno-lint-ignore require-yield
    async *generate() {
      throw new ProviderError("upstream_error", "OpenAI refused the request (400).", false, 400);
    },
  };
  const t = await makeTestApp({}, { provider: failing });
  try {
    const events = await readEvents(await t.generate({ appDescription: "A provider error app" }));
    const last = events.at(-1)!;
    assert.equal(last.type, "error");
    assert.equal(last.type === "error" && last.code, "upstream_error");
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(await used(t.kv), 0);
    assert.equal(t.services.gate.held("openai"), 0, "slot released");
  } finally {
    await t.close();
  }
});

Deno.test("failure: client aborts before start, mid-stream and while queued give everything back", async () => {
  const t = await makeTestApp({ OFFLINE_PACE_MS: "30", PROVIDER_CONCURRENCY: "1" });
  try {
    // Before start: the request is already aborted.
    const gone = new AbortController();
    gone.abort();
    const pre = await t.app.fetch(
      new Request("http://localhost/api/generate-architecture-v2", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ appDescription: "Aborted before start" }),
        signal: gone.signal,
      }),
    );
    await pre.body?.cancel().catch(() => {});

    // Mid-stream: read two events, then go away.
    const mid = await t.generate({ appDescription: "Aborted mid stream" });
    const reader = mid.body!.getReader();
    await reader.read();
    await reader.read();
    // While queued: the slot is busy (concurrency 1), so this one waits.
    const holder = await t.generate({ appDescription: "Holds the only slot" });
    const holderReader = holder.body!.getReader();
    const queued = await t.generate({ appDescription: "Aborted while queued" });
    const qReader = queued.body!.getReader();
    const first = new TextDecoder().decode((await qReader.read()).value);
    assert.match(first, /event: queued/);
    await reader.cancel();
    await qReader.cancel();
    await holderReader.cancel();

    const until = Date.now() + 3000;
    while (Date.now() < until && (await used(t.kv) !== 0 || t.services.gate.queueLength("offline") !== 0)) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(await used(t.kv), 0, "every unit given back");
    assert.equal(t.services.gate.queueLength("offline"), 0, "the queued request left the queue");
    assert.equal(t.services.gate.held("offline"), 0, "no slot leaked");
    // And the service still works.
    const ok = await readEvents(await t.generate({ appDescription: "After the aborts" }));
    assert.equal(ok.at(-1)!.type, "complete");
  } finally {
    await t.close();
  }
});

// ---- a process killed mid-generation -----------------------------------------------------------------

Deno.test({
  name: "failure: kill -9 a server mid-generation — no committed data lost, no budget leak beyond the lease",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir();
    const kvPath = `${dir}/kv.sqlite3`;
    const env = {
      OFFLINE_PACE_MS: "60",
      BUDGET_LEASE_SECONDS: "2",
      GENERATION_LIMIT: "1000",
      PROVIDER_CONCURRENCY: "50",
      ADMIN_API_KEY: "failure-test-admin-key-0123456789abcdef",
    };
    const [victim, survivor] = await Promise.all([
      spawnServer({ KV_PATH: kvPath, ...env }),
      spawnServer({ KV_PATH: kvPath, ...env }),
    ]);
    const post = (p: ServerProcess, i: number) =>
      fetch(`http://127.0.0.1:${p.port}/api/generate-architecture-v2`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ appDescription: `Killed process app number ${i}` }),
      });
    try {
      // A generation the victim completes before dying: committed, must survive.
      const committed = parseSse(await (await post(victim, 0)).text());
      assert.equal(committed.at(-1)!.type, "complete");
      const committedId = (committed[0] as { id: string }).id;

      // Load on both; the victim is killed while its streams are mid-way. Its requests may die at any
      // stage (also before their response headers, which a fixed pause before the kill cannot rule out on
      // a loaded machine), so every failure of theirs is expected; the kill waits until each has started
      // streaming (or 5 s), so it does land mid-generation.
      const started: Promise<void>[] = [];
      const victimStreams = Array.from({ length: 5 }, (_, i) => {
        let streaming: () => void = () => {};
        started.push(new Promise<void>((r) => streaming = r));
        return (async () => {
          try {
            const res = await post(victim, 100 + i);
            const r = res.body!.getReader();
            await r.read();
            streaming();
            while (!(await r.read()).done);
          } catch {
            /* connection reset by the kill */
          } finally {
            streaming();
          }
        })();
      });
      const survivorRuns = Array.from(
        { length: 5 },
        async (_, i) => parseSse(await (await post(survivor, 200 + i)).text()),
      );
      let startWait: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([Promise.all(started), new Promise((r) => startWait = setTimeout(r, 5000))]);
      clearTimeout(startWait);
      victim.child.kill("SIGKILL");
      await victim.child.status;
      await Promise.all(victimStreams);
      const done = await Promise.all(survivorRuns);
      for (const events of done) {
        assert.equal(events.at(-1)!.type, "complete", "the other process is unaffected");
      }

      // After the lease (2 s) the dead process's reservations are given back by the survivor's sweep.
      const expected = 1 + done.length;
      const kv = await openKv({ kvPath: kvPath });
      try {
        let now = -1;
        const until = Date.now() + 10_000;
        while (Date.now() < until) {
          now = await used(kv);
          if (now === expected) break;
          await new Promise((r) => setTimeout(r, 200));
        }
        assert.equal(now, expected, "used = completed generations only");
      } finally {
        kv.close();
      }
      const stored = await (await fetch(`http://127.0.0.1:${survivor.port}/api/generations/${committedId}`))
        .json();
      assert.equal(stored.id ?? stored.generation?.id ?? committedId, committedId);
      // The admin key lists every client's generations (a plain caller sees only its own).
      const list = await (await fetch(`http://127.0.0.1:${survivor.port}/api/generations?limit=50`, {
        headers: { "x-admin-key": env.ADMIN_API_KEY },
      })).json();
      assert.equal(
        list.generations.length,
        expected,
        "every completed generation is stored, nothing partial",
      );
    } finally {
      await stopServers([victim, survivor], "SIGKILL");
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});
