/**
 * The end of a stream, one KV commit: a completed run's budget unit is committed in the transaction that
 * stores the generation, and on its own whenever that transaction cannot take it or fails.
 */
import assert from "node:assert/strict";
import { Budget } from "../lib/guards/budget.ts";
import { GenerationStore } from "../lib/store/generation_store.ts";
import { storeCompleted, type StoreRunDeps } from "../lib/generation/run_finalizers.ts";
import type { GenerationOutcome } from "../lib/generation/run.ts";
import { kvCall } from "../lib/platform/kv/bounded_kv.ts";
import { newId } from "../lib/platform/ids.ts";
import { parseGenerationBody } from "../lib/protocol/request_schema.ts";

const parsed = parseGenerationBody({ appDescription: "A unit committed with its generation app" });

function outcome(): GenerationOutcome {
  const id = newId();
  return {
    status: "complete",
    start: {
      type: "start",
      id,
      source: "generated",
      provider: "offline",
      model: "m",
      request: parsed.request,
    },
    elements: [],
    final: { type: "complete", id, cached: false, elapsedMs: 1, counts: { nodes: 0, edges: 0 } },
    dropped: 0,
    elapsedMs: 1,
  } as GenerationOutcome;
}

function deps(store: GenerationStore): StoreRunDeps {
  return {
    store,
    similar: {} as StoreRunDeps["similar"],
    spend: { costOf: () => undefined } as unknown as StoreRunDeps["spend"],
    provider: { id: "offline", model: "m", generate: () => (async function* () {})() },
  };
}

const as = { parsed, requestHash: "h", engineVersion: "offline:m:1", cacheKey: "k" };

async function reserve(budget: Budget) {
  const r = await budget.reserve();
  if (!r.ok) throw new Error("no unit");
  return r.reservation;
}

Deno.test("stream end: the unit is committed with the stored generation; a failed save still commits it", async () => {
  const kv = await Deno.openKv(":memory:");
  const budget = new Budget(kv, { defaultLimit: 10 });
  try {
    const store = new GenerationStore(kv);
    const done = outcome();
    const unit = { budget, reservation: await reserve(budget), kv: kvCall() };
    await storeCompleted(deps(store), as, unit).save(done);
    assert.ok(await store.getRecord(done.start.id), "stored");
    let status = await budget.status();
    assert.deepEqual([status.used, status.reserved], [1, 0], "kept: counted, its lease gone");

    // The same id again: the store refuses it, and the second unit is still committed on its own.
    const again = { budget, reservation: await reserve(budget), kv: kvCall() };
    await assert.rejects(
      async () => await storeCompleted(deps(store), as, again).save(done),
      /already stored/,
    );
    status = await budget.status();
    assert.deepEqual([status.used, status.reserved], [2, 0]);

    // An aborted run gives its unit back.
    const aborted = { budget, reservation: await reserve(budget), kv: kvCall() };
    await storeCompleted(deps(store), as, aborted).save({ ...outcome(), status: "aborted" });
    status = await budget.status();
    assert.deepEqual([status.used, status.reserved], [2, 0]);
  } finally {
    budget.close();
    kv.close();
  }
});

Deno.test("stream end: a budget on another database is committed on its own", async () => {
  const storeKv = await Deno.openKv(":memory:");
  const budgetKv = await Deno.openKv(":memory:");
  const budget = new Budget(budgetKv, { defaultLimit: 10 });
  try {
    const store = new GenerationStore(storeKv);
    const done = outcome();
    await storeCompleted(deps(store), as, { budget, reservation: await reserve(budget), kv: kvCall() })
      .save(done);
    assert.ok(await store.getRecord(done.start.id));
    const status = await budget.status();
    assert.deepEqual([status.used, status.reserved], [1, 0]);
  } finally {
    budget.close();
    storeKv.close();
    budgetKv.close();
  }
});
