import { openKv } from "../lib/platform/kv/open_kv.ts";
import assert from "node:assert/strict";
import type { QueuedEvent } from "../lib/protocol/events.ts";
import {
  type GateAdmission,
  type Priority,
  ProviderGate,
  QueueError,
  type Slot,
} from "../lib/guards/provider_gate.ts";
import { KvUnavailableError } from "../lib/platform/kv/bounded_kv.ts";
import { waitForSlot } from "../lib/generation/queue_wait.ts";

function gate(kv: Deno.Kv, over: Partial<ConstructorParameters<typeof ProviderGate>[0]> = {}) {
  return new ProviderGate({ kv, concurrency: 3, maxQueue: 10, maxWaitMs: 5000, pollMs: 20, ...over });
}

async function slotOf(a: GateAdmission): Promise<Slot> {
  if (a.kind === "slot") return a.slot;
  const it = waitForSlot(a.ticket);
  while (true) {
    const step = await it.next();
    if (step.done) return step.value;
  }
}

Deno.test("gate: at most `concurrency` slots across processes sharing one KV file", async () => {
  const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
  const kvA = await openKv({ kvPath: path });
  const kvB = await openKv({ kvPath: path });
  const a = gate(kvA);
  const b = gate(kvB);
  try {
    const held: Slot[] = [];
    for (let i = 0; i < 2; i++) held.push((await a.tryAcquire("openai"))!);
    held.push((await b.tryAcquire("openai"))!);
    assert.ok(held.every(Boolean));
    assert.equal(await a.tryAcquire("openai"), null);
    assert.equal(await b.tryAcquire("openai"), null);
    assert.equal(await b.inFlight("openai"), 3);
    assert.notEqual(await b.tryAcquire("anthropic"), null, "caps are per provider");

    // B queues; A releases: B's poll finds the slot freed by the other "process".
    const admission = await b.admit("openai", "free");
    assert.equal(admission.kind, "queued");
    const got = slotOf(admission);
    await held[0].release();
    const slot = await got;
    assert.equal(await a.inFlight("openai"), 3);
    await slot.release();
    for (const s of held.slice(1)) await s.release();
    assert.equal(await a.inFlight("openai"), 0);
  } finally {
    a.close();
    b.close();
    kvA.close();
    kvB.close();
    await Deno.remove(path);
  }
});

Deno.test("gate: priority order enterprise > pro > starter > free > anonymous, FIFO within a level", async () => {
  const kv = await Deno.openKv(":memory:");
  const g = gate(kv, { concurrency: 1 });
  try {
    const first = await g.admit("openai", "anonymous");
    assert.equal(first.kind, "slot");
    const order: string[] = [];
    const plans: [string, Priority][] = [
      ["anon-1", "anonymous"],
      ["free-1", "free"],
      ["pro-1", "pro"],
      ["ent-1", "enterprise"],
      ["pro-2", "pro"],
      ["starter-1", "starter"],
      ["anon-2", "anonymous"],
    ];
    const waits = [];
    for (const [name, plan] of plans) {
      const a = await g.admit("openai", plan);
      assert.equal(a.kind, "queued", `${name} queues while the slot is held`);
      waits.push(
        slotOf(a).then(async (slot) => {
          order.push(name);
          await new Promise((r) => setTimeout(r, 5));
          await slot.release();
        }),
      );
    }
    assert.equal(g.queueLength("openai"), plans.length);
    await (first as { slot: Slot }).slot.release();
    await Promise.all(waits);
    assert.deepEqual(order, ["ent-1", "pro-1", "pro-2", "starter-1", "free-1", "anon-1", "anon-2"]);
  } finally {
    g.close();
    kv.close();
  }
});

Deno.test("gate: queued events report position and eta, and positions move up", async () => {
  const kv = await Deno.openKv(":memory:");
  const g = gate(kv, { concurrency: 1 });
  try {
    const holder = await g.admit("offline", "free");
    assert.equal(holder.kind, "slot");
    const a = await g.admit("offline", "free");
    const b = await g.admit("offline", "free");
    assert.ok(a.kind === "queued" && b.kind === "queued");
    const itB = waitForSlot(b.ticket, 10_000);
    const e1 = (await itB.next()).value as QueuedEvent;
    assert.equal(e1.type, "queued");
    assert.equal(e1.position, 2);
    assert.ok(Number.isInteger(e1.etaSeconds) && e1.etaSeconds >= 1);
    // A gives up (client gone): B moves to position 1.
    const itA = waitForSlot(a.ticket, 10_000);
    assert.equal(((await itA.next()).value as QueuedEvent).position, 1);
    await itA.return(undefined as never);
    const e2 = (await itB.next()).value as QueuedEvent;
    assert.equal(e2.position, 1);
    await (holder as { slot: Slot }).slot.release();
    const done = await itB.next();
    assert.equal(done.done, true);
    await (done.value as Slot).release();
    assert.equal(await g.inFlight("offline"), 0);
  } finally {
    g.close();
    kv.close();
  }
});

Deno.test("gate: a full queue refuses an arrival of the same or a lower plan at once with queue_full", async () => {
  const kv = await Deno.openKv(":memory:");
  const g = gate(kv, { concurrency: 1, maxQueue: 2 });
  try {
    const holder = await g.admit("openai", "pro");
    await g.admit("openai", "pro");
    await g.admit("openai", "pro");
    await assert.rejects(g.admit("openai", "free"), QueueError);
    await assert.rejects(g.admit("openai", "pro"), (err) => {
      assert.ok(err instanceof QueueError);
      assert.equal(err.code, "queue_full");
      assert.ok(err.retryAfterSeconds >= 1);
      return true;
    });
    await (holder as { slot: Slot }).slot.release();
  } finally {
    g.close();
    kv.close();
  }
});

Deno.test("gate: a wait longer than maxWait ends with queue_timeout and leaves the queue", async () => {
  const kv = await Deno.openKv(":memory:");
  const g = gate(kv, { concurrency: 1, maxWaitMs: 80 });
  try {
    const holder = await g.admit("openai", "pro");
    const a = await g.admit("openai", "pro");
    const t0 = performance.now();
    await assert.rejects(slotOf(a), (err) => err instanceof QueueError && err.code === "queue_timeout");
    assert.ok(performance.now() - t0 < 1000);
    assert.equal(g.queueLength("openai"), 0);
    await (holder as { slot: Slot }).slot.release();
  } finally {
    g.close();
    kv.close();
  }
});

Deno.test("gate: an abort while queued removes the waiter; no slot leaks", async () => {
  const kv = await Deno.openKv(":memory:");
  const g = gate(kv, { concurrency: 1 });
  try {
    const holder = await g.admit("openai", "pro");
    const ac = new AbortController();
    const a = await g.admit("openai", "pro", ac.signal);
    const waiting = slotOf(a);
    setTimeout(() => ac.abort(new Error("client gone")), 20);
    await assert.rejects(waiting, /client gone/);
    assert.equal(g.queueLength("openai"), 0);
    await (holder as { slot: Slot }).slot.release();
    assert.equal(await g.inFlight("openai"), 0);
    // An already-aborted signal is refused before anything is taken.
    await assert.rejects(g.admit("openai", "pro", AbortSignal.abort(new Error("gone"))), /gone/);
    assert.equal(await g.inFlight("openai"), 0);
  } finally {
    g.close();
    kv.close();
  }
});

Deno.test("gate: a slot whose process died is taken over after its lease", async () => {
  const kv = await Deno.openKv(":memory:");
  const dead = gate(kv, { concurrency: 1, leaseMs: 60_000 });
  const alive = gate(kv, { concurrency: 1 });
  try {
    const s = await dead.tryAcquire("openai");
    assert.ok(s);
    dead.close();
    // Simulate the process dying: its renew timer stops and its lease runs out.
    const entry = await kv.get<{ holder: string; expiresAt: number }>(["provider_slots", "openai", 0]);
    await kv.set(entry.key, { ...entry.value!, expiresAt: Date.now() - 1 });
    const got = await alive.tryAcquire("openai");
    assert.ok(got, "expired lease is free again");
    await got.release();
    await s.release(); // the dead holder's late release must not delete the new holder's slot
  } finally {
    alive.close();
    kv.close();
  }
});

Deno.test("gate: leases are renewed while a slot is held", async () => {
  const kv = await Deno.openKv(":memory:");
  const g = gate(kv, { concurrency: 1, leaseMs: 150 });
  try {
    const s = (await g.tryAcquire("openai"))!;
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(await g.tryAcquire("openai"), null, "still held after more than one lease");
    await s.release();
    assert.ok(await g.tryAcquire("openai"));
  } finally {
    g.close();
    kv.close();
  }
});

Deno.test("gate: KV failures surface as KvUnavailableError, bounded in time", async () => {
  const kv = await Deno.openKv(":memory:");
  const failing = new Proxy(kv, {
    get(target, prop) {
      if (prop === "list") {
        return () => ({ [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => {}) }) });
      }
      if (prop === "get" || prop === "getMany") return () => new Promise(() => {});
      const v = Reflect.get(target, prop);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  const g = new ProviderGate({ kv: failing, concurrency: 1, maxQueue: 1, maxWaitMs: 1000, kvTimeoutMs: 50 });
  try {
    const t0 = performance.now();
    await assert.rejects(g.admit("openai", "pro"), KvUnavailableError);
    assert.ok(performance.now() - t0 < 1000);
  } finally {
    g.close();
    kv.close();
  }
});

Deno.test("gate: large caps (random probes, then a full listing) still admit exactly `concurrency`", async () => {
  const kv = await Deno.openKv(":memory:");
  const g = gate(kv, { concurrency: 25 });
  try {
    const held = await Promise.all(Array.from({ length: 25 }, () => g.tryAcquire("openai")));
    assert.ok(held.every(Boolean), "all 25 taken");
    assert.equal(new Set(held.map((s) => s!.index)).size, 25);
    assert.equal(await g.tryAcquire("openai"), null);
    await held[7]!.release();
    const again = await g.tryAcquire("openai");
    assert.equal(again?.index, held[7]!.index);
    for (const s of [...held.filter((_, i) => i !== 7), again]) await s!.release();
    assert.equal(await g.inFlight("openai"), 0);
  } finally {
    g.close();
    kv.close();
  }
});

Deno.test("gate: a full queue makes room for a higher plan by evicting the lowest plan's newest waiter", async () => {
  const kv = await Deno.openKv(":memory:");
  const g = gate(kv, { concurrency: 1, maxQueue: 3 });
  try {
    const holder = await g.admit("openai", "anonymous");
    const free = await g.admit("openai", "free");
    const anon1 = await g.admit("openai", "anonymous");
    const anon2 = await g.admit("openai", "anonymous");
    assert.ok(free.kind === "queued" && anon1.kind === "queued" && anon2.kind === "queued");
    const ent = await g.admit("openai", "enterprise");
    assert.equal(ent.kind, "queued", "the enterprise request takes a place");
    await assert.rejects(anon2.ticket.slot, (err) => {
      assert.ok(err instanceof QueueError);
      assert.equal(err.code, "queue_full");
      assert.ok(err.retryAfterSeconds >= 1);
      return true;
    });
    assert.equal(anon1.ticket.position(), 3, "the older anonymous waiter keeps its place");
    assert.equal((ent as { ticket: { position(): number } }).ticket.position(), 1);
    assert.equal(g.queueLength("openai"), 3);
    // Another enterprise arrival evicts the remaining anonymous waiter, then the free one.
    await g.admit("openai", "enterprise");
    await assert.rejects(anon1.ticket.slot, QueueError);
    await g.admit("openai", "pro");
    await assert.rejects(free.ticket.slot, QueueError);
    await assert.rejects(g.admit("openai", "free"), QueueError, "nobody lower left to evict");
    await (holder as { slot: Slot }).slot.release();
  } finally {
    g.close();
    kv.close();
  }
});

Deno.test("gate: a plan's share caps its part of the queue", async () => {
  const kv = await Deno.openKv(":memory:");
  const g = gate(kv, { concurrency: 1, maxQueue: 4, shares: { anonymous: 0.5 } });
  try {
    const holder = await g.admit("openai", "pro");
    const a = await g.admit("openai", "anonymous");
    const b = await g.admit("openai", "anonymous");
    assert.ok(a.kind === "queued" && b.kind === "queued");
    await assert.rejects(g.admit("openai", "anonymous"), (err) => {
      assert.ok(err instanceof QueueError);
      assert.equal(err.code, "queue_full");
      assert.match(err.message, /anonymous plan's share/);
      return true;
    });
    assert.equal((await g.admit("openai", "free")).kind, "queued", "other plans still queue");
    assert.equal(g.queueLength("openai"), 3);
    await (holder as { slot: Slot }).slot.release();
  } finally {
    g.close();
    kv.close();
  }
});

Deno.test("gate: a release during a renewal in flight still frees the slot (no lease left behind)", async () => {
  const kv = await Deno.openKv(":memory:");
  let slowCommits = false;
  // Every atomic commit takes 100 ms while `slowCommits` is on: a renewal is in flight when the slot is released.
  const slow = new Proxy(kv, {
    get(target, prop) {
      if (prop === "atomic") {
        return () => {
          const op = target.atomic();
          const commit = op.commit.bind(op);
          op.commit = async () => {
            if (slowCommits) await new Promise((r) => setTimeout(r, 100));
            return await commit();
          };
          return op;
        };
      }
      const v = Reflect.get(target, prop);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  const g = new ProviderGate({ kv: slow, concurrency: 1, maxQueue: 1, maxWaitMs: 1000, leaseMs: 150 });
  try {
    const s = (await g.tryAcquire("openai"))!;
    slowCommits = true;
    await new Promise((r) => setTimeout(r, 70)); // the first renewal (every 50 ms) is now in flight
    await s.release();
    slowCommits = false;
    await new Promise((r) => setTimeout(r, 120)); // anything still in flight has landed
    assert.equal((await kv.get(["provider_slots", "openai", 0])).versionstamp, null, "the lease is gone");
    const again = await g.tryAcquire("openai");
    assert.ok(again, "the slot is free at once, not after another lease");
    await again.release();
  } finally {
    g.close();
    kv.close();
  }
});
