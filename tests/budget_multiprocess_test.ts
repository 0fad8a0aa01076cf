/**
 * The budget across processes: three server processes share one KV file; concurrent generation requests are
 * fired at all of them. Exactly `limit` are admitted and `["budget","used"]` ends at `limit`. A budget stream
 * served by one process sees a reset made by another process (as the CLI would).
 */
import { openKv } from "../lib/platform/kv/open_kv.ts";
import { spawnServer, stopServers } from "./server_process.ts";
import assert from "node:assert/strict";
import { Budget, BUDGET_KEYS } from "../lib/guards/budget.ts";

const body = (i: number) =>
  JSON.stringify({ appDescription: `Multi-process app number ${i} with a queue`, competitors: ["GCP"] });

Deno.test({
  name: "budget multi-process: three servers on one KV file admit exactly the limit",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir();
    const kvPath = `${dir}/kv.sqlite3`;
    const limit = 40;
    const servers = await Promise.all(
      [1, 2, 3].map(() =>
        spawnServer({
          KV_PATH: kvPath,
          GENERATION_LIMIT: String(limit),
          OFFLINE_PACE_MS: "0",
          // The provider gate is not under test: no queueing behind its cross-process slots.
          PROVIDER_CONCURRENCY: "1000",
        })
      ),
    );
    try {
      const started = performance.now();
      // No retries: lock contention between the processes is absorbed by the KV handle (lib/platform/kv/open_kv.ts), so
      // every request is answered 200 (generated or similar) or 429 at the first attempt.
      const responses = await Promise.all(Array.from({ length: 240 }, async (_, i) => {
        const { port } = servers[i % servers.length];
        const res = await fetch(`http://127.0.0.1:${port}/api/generate-architecture-v2`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: body(i),
        });
        return { status: res.status, text: await res.text(), server: i % servers.length };
      }));
      const ms = performance.now() - started;
      // Generated streams only: a 200 may also be a similar answer from the semantic cache (step 4).
      const admitted = responses.filter((r) => r.status === 200 && /"source":"generated"/.test(r.text));
      const refused = responses.filter((r) => !admitted.includes(r));
      const odd = responses.filter((r) => r.status !== 200 && r.status !== 429).slice(0, 3);
      assert.equal(admitted.length, limit, JSON.stringify(odd));
      const others = responses.filter((r) => r.status !== 200 && r.status !== 429).slice(0, 3);
      assert.equal(refused.length, 240 - limit, JSON.stringify(others));
      for (const r of refused) {
        if (r.status === 429) assert.equal(JSON.parse(r.text).error.code, "budget_exhausted");
        else assert.match(r.text, /"source":"similar"/);
      }
      for (const r of admitted) assert.match(r.text, /event: complete/);
      // Every server answered its share (with 200 or 429: nothing failed).
      for (const i of [0, 1, 2]) assert.equal(responses.filter((r) => r.server === i).length, 80);

      const kv = await openKv({ kvPath: kvPath });
      try {
        // Commits happen in the run finalizers, right after the last event.
        const until = Date.now() + 5000;
        let leases = -1;
        while (Date.now() < until) {
          leases = 0;
          for await (const _ of kv.list({ prefix: BUDGET_KEYS.leasePrefix })) leases++;
          if (leases === 0) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        assert.equal(leases, 0);
        assert.equal((await kv.get(BUDGET_KEYS.used)).value, limit);
      } finally {
        kv.close();
      }
      console.log(
        `3 processes, 240 requests vs ${limit}: answered in ${ms.toFixed(0)} ms`,
      );
    } finally {
      await stopServers(servers);
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});

Deno.test({
  name:
    "budget multi-process: the live stream of one server sees resets and hand edits made by another process",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir();
    const kvPath = `${dir}/kv.sqlite3`;
    const servers = [
      await spawnServer({ KV_PATH: kvPath, GENERATION_LIMIT: "10", PROVIDER_CONCURRENCY: "1000" }),
    ];
    const kv = await openKv({ kvPath: kvPath });
    const abort = new AbortController();
    try {
      const res = await fetch(`http://127.0.0.1:${servers[0].port}/api/budget/stream`, {
        signal: abort.signal,
      });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = "";
      const waitFor = async (pattern: RegExp, ms = 3000) => {
        const until = Date.now() + ms;
        while (!pattern.test(text)) {
          assert.ok(Date.now() < until, `timed out waiting for ${pattern}; got ${text}`);
          const { value, done } = await reader.read();
          if (done) break;
          text += decoder.decode(value, { stream: true });
        }
      };
      await waitFor(/"used":0,"limit":10/);
      // A hand edit from this (other) process.
      text = "";
      let t0 = performance.now();
      await kv.set(BUDGET_KEYS.used, 9);
      await waitFor(/"used":9,"limit":10,"remaining":1,"reserved":0,"state":"exhausted"/);
      const editMs = performance.now() - t0;
      // A reset as the CLI does it: a Budget over the same file in this process.
      text = "";
      t0 = performance.now();
      await new Budget(kv, { defaultLimit: 10 }).reset();
      await waitFor(/"used":0,"limit":10/);
      const resetMs = performance.now() - t0;
      assert.ok(editMs < 1500 && resetMs < 1500, `edit ${editMs} ms, reset ${resetMs} ms`);
      console.log(
        `cross-process change seen after ${editMs.toFixed(0)} ms (edit) / ${resetMs.toFixed(0)} ms (reset)`,
      );
      await reader.cancel();
    } finally {
      abort.abort();
      kv.close();
      await stopServers(servers);
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});
