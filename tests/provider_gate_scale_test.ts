import assert from "node:assert/strict";
import { ProviderGate, type Slot } from "../lib/guards/provider_gate.ts";
import { retryOnLock } from "../lib/platform/kv/open_kv.ts";

/** A KV whose reads are counted (gets, getMany, lists); everything else passes through. */
function countingKv(kv: Deno.Kv) {
  const counts = { get: 0, list: 0, commits: 0 };
  const wrapped = new Proxy(kv, {
    get(target, prop) {
      if (prop === "get") {
        return (...args: Parameters<Deno.Kv["get"]>) => {
          counts.get++;
          return target.get(...args);
        };
      }
      if (prop === "list") {
        return (...args: Parameters<Deno.Kv["list"]>) => {
          counts.list++;
          return target.list(...args);
        };
      }
      if (prop === "atomic") {
        return () => {
          const op = target.atomic();
          const commit = op.commit.bind(op);
          op.commit = () => {
            counts.commits++;
            return commit();
          };
          return op;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { kv: wrapped as Deno.Kv, counts };
}

Deno.test("gate scale: 300 admissions at once in one process take 300 distinct slots without listing them", async () => {
  const inner = await Deno.openKv(":memory:");
  const { kv, counts } = countingKv(inner);
  const g = new ProviderGate({ kv, concurrency: 300, maxQueue: 10, maxWaitMs: 5000 });
  const held: (Slot | null)[] = [];
  try {
    held.push(...await Promise.all(Array.from({ length: 300 }, () => g.tryAcquire("offline"))));
    assert.ok(held.every(Boolean), "every admission got a slot");
    assert.equal(new Set(held.map((s) => s!.index)).size, 300, "no slot handed out twice");
    // Each admission probes slots this process does not hold or claim: no listing of all slots, and no
    // lost races between admissions of the same process (one get each).
    assert.equal(counts.list, 0, "no full listing");
    assert.equal(counts.get, 300);
    // Group commit: the takes made while a commit was in flight went out together.
    assert.ok(counts.commits <= 10, `${counts.commits} commits for 300 takes`);
    assert.equal(g.held("offline"), 300);
    // Every slot is ours: refused without asking KV.
    const before = { ...counts };
    assert.equal(await g.tryAcquire("offline"), null);
    assert.deepEqual(counts, before);
    assert.equal(await g.inFlight("offline"), 300);
  } finally {
    for (const s of held) await s?.release();
    g.close();
    inner.close();
  }
});

Deno.test("gate scale: a released slot is taken again; slots held by another process are still respected", async () => {
  const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
  // Opened as the app opens a shared local file (lock contention retried in the handle).
  const kvA = retryOnLock(await Deno.openKv(path));
  const kvB = retryOnLock(await Deno.openKv(path));
  const a = new ProviderGate({ kv: kvA, concurrency: 20, maxQueue: 10, maxWaitMs: 5000 });
  const b = new ProviderGate({ kv: kvB, concurrency: 20, maxQueue: 10, maxWaitMs: 5000 });
  const held: Slot[] = [];
  try {
    // B (another process) holds 12 slots; A can take only the other 8.
    for (let i = 0; i < 12; i++) held.push((await b.tryAcquire("openai"))!);
    const fromA = await Promise.all(Array.from({ length: 10 }, () => a.tryAcquire("openai")));
    const taken = fromA.filter((s): s is Slot => s !== null);
    assert.equal(taken.length, 8);
    held.push(...taken);
    const indices = new Set(held.map((s) => s.index));
    assert.equal(indices.size, 20, "20 distinct slots across both processes");
    assert.equal(await a.inFlight("openai"), 20);
    // A releases one of its slots: the next admission (in A or B) gets exactly that one.
    const freed = taken[3];
    await freed.release();
    held.splice(held.indexOf(freed), 1);
    const again = await a.tryAcquire("openai");
    assert.equal(again?.index, freed.index);
    held.push(again!);
    assert.equal(await b.tryAcquire("openai"), null);
  } finally {
    for (const s of held) await s.release();
    a.close();
    b.close();
    kvA.close();
    kvB.close();
    await Deno.remove(path).catch(() => {});
  }
});

Deno.test("gate scale: two processes racing for the same slots never share one (group commits with failed checks)", async () => {
  const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
  // Opened as the app opens a shared local file (lock contention retried in the handle).
  const kvA = retryOnLock(await Deno.openKv(path));
  const kvB = retryOnLock(await Deno.openKv(path));
  const a = new ProviderGate({ kv: kvA, concurrency: 40, maxQueue: 10, maxWaitMs: 5000 });
  const b = new ProviderGate({ kv: kvB, concurrency: 40, maxQueue: 10, maxWaitMs: 5000 });
  let held: Slot[] = [];
  try {
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all([
        ...Array.from({ length: 35 }, () => a.tryAcquire("openai")),
        ...Array.from({ length: 35 }, () => b.tryAcquire("openai")),
      ]);
      held = results.filter((s): s is Slot => s !== null);
      assert.ok(held.length <= 40, `${held.length} ≤ 40`);
      assert.equal(new Set(held.map((s) => s.index)).size, held.length, "no slot held twice");
      assert.equal(await a.inFlight("openai"), held.length);
      assert.equal(a.held("openai") + b.held("openai"), held.length);
      for (const s of held) await s.release();
      held = [];
      assert.equal(await a.inFlight("openai"), 0);
    }
  } finally {
    for (const s of held) await s.release();
    a.close();
    b.close();
    kvA.close();
    kvB.close();
    await Deno.remove(path).catch(() => {});
  }
});
