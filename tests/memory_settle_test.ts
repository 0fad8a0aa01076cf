/**
 * Issue 15, item 4 (memory after a slow-body attack): once a spike of requests in flight has ended and the
 * process is quiet, one full collection runs; not without a spike, not while requests keep coming.
 */
import assert from "node:assert/strict";
import { exposedGc, MemorySettler } from "../lib/platform/memory_settle.ts";
import { makeTestApp } from "./helpers.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("memory settle: V8's collector is exposed without a command-line flag", () => {
  const gc = exposedGc();
  assert.equal(typeof gc, "function");
  gc!();
});

Deno.test("memory settle: one collection after a spike ends and stays quiet; none without a spike", async () => {
  let runs = 0;
  const settled: number[] = [];
  const s = new MemorySettler({
    spikeAt: 5,
    quietAt: 1,
    quietMs: 30,
    gc: () => runs++,
    onSettled: ({ peak }) => settled.push(peak),
  });
  // Below the spike: nothing.
  for (let i = 0; i < 4; i++) s.enter();
  for (let i = 0; i < 4; i++) s.leave();
  await sleep(60);
  assert.equal(runs, 0);
  // A spike of 6, then back to 1 in flight: one collection after the quiet time.
  for (let i = 0; i < 6; i++) s.enter();
  for (let i = 0; i < 5; i++) s.leave();
  assert.equal(s.inFlight, 1);
  await sleep(60);
  assert.equal(runs, 1);
  assert.deepEqual(settled, [6]);
  // Quiet goes on: no second collection until another spike.
  s.leave();
  await sleep(60);
  assert.equal(runs, 1);
  s.close();
});

Deno.test("memory settle: traffic that resumes before the quiet time cancels the collection", async () => {
  let runs = 0;
  const s = new MemorySettler({ spikeAt: 3, quietAt: 0, quietMs: 40, gc: () => runs++ });
  for (let i = 0; i < 3; i++) s.enter();
  for (let i = 0; i < 3; i++) s.leave();
  await sleep(10);
  s.enter(); // a new request before the 40 ms are up
  await sleep(60);
  assert.equal(runs, 0, "not while a request runs");
  s.leave();
  await sleep(60);
  assert.equal(runs, 1, "once it is quiet again");
  s.close();
});

Deno.test("memory settle: MEMORY_SETTLE_AT=0 turns it off", () => {
  const s = new MemorySettler({ spikeAt: 0, gc: () => {} });
  assert.equal(s.enabled, false);
});

Deno.test("memory settle (app): slow bodies past MEMORY_SETTLE_AT, answered 408, then one collection", async () => {
  let runs = 0;
  const t = await makeTestApp({ BODY_TIMEOUT_MS: "200", MEMORY_SETTLE_AT: "20", LOG_LEVEL: "error" }, {
    gc: () => runs++,
  });
  try {
    const stalled = () =>
      t.request("/api/generate-architecture-v2", {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": "1000" },
        body: new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode("{")) }),
      });
    const answers = await Promise.all(Array.from({ length: 25 }, stalled));
    assert.deepEqual([...new Set(answers.map((r) => r.status))], [408]);
    await Promise.all(answers.map((r) => r.body?.cancel()));
    assert.equal(runs, 0, "not before the quiet time");
    await sleep(3500);
    assert.equal(runs, 1);
  } finally {
    await t.close();
  }
});
