/**
 * The end of a generation stream: `complete` is the last thing the request waits for. What it promises (the
 * budget unit kept, the generation stored) is settled before it is sent; the slow finalizers run after the
 * stream has ended, tracked so shutdown drains them.
 */
import assert from "node:assert/strict";
import type { GenerationEvent } from "../lib/protocol/events.ts";
import type { GenerationOutcome } from "../lib/generation/run.ts";
import { track } from "../lib/generation/run_finalizers.ts";
import { makeTestApp, readEvents } from "./helpers.ts";

const START = {
  type: "start",
  id: "01J0000000000000000000000A",
  source: "generated",
  provider: "offline",
  model: "m",
} as unknown as GenerationOutcome["start"];
const COMPLETE = { type: "complete", id: START.id } as unknown as GenerationEvent;

async function* fakeRun(): AsyncGenerator<GenerationEvent, GenerationOutcome> {
  yield START as unknown as GenerationEvent;
  yield COMPLETE;
  return { status: "complete", start: START, elements: [], dropped: 0, elapsedMs: 1 };
}

Deno.test("stream end: complete waits for beforeEnd only; afterEnd runs after the stream, tracked", async () => {
  const order: string[] = [];
  let releaseSlow!: () => void;
  const slow = new Promise<void>((r) => releaseSlow = r);
  const settling = new Set<Promise<void>>();
  const events: string[] = [];
  for await (
    const e of track(fakeRun(), {
      beforeEnd: [async (o) => {
        await new Promise((r) => setTimeout(r, 5));
        order.push(`save:${o.status}`);
      }],
      afterEnd: [async (o) => {
        await slow;
        order.push(`index:${o.status}`);
      }],
    }, settling)
  ) {
    events.push(e.type);
    order.push(`event:${e.type}`);
  }
  assert.deepEqual(events, ["start", "complete"]);
  assert.deepEqual(
    order,
    ["event:start", "save:complete", "event:complete"],
    "complete goes out after the save",
  );
  assert.equal(settling.size, 1, "the slow finalizer is still running, and tracked");
  releaseSlow();
  while (settling.size) await Promise.all([...settling]);
  assert.deepEqual(order.at(-1), "index:complete");
});

Deno.test("stream end: a consumer gone mid-stream still runs every finalizer once, as aborted", async () => {
  const seen: string[] = [];
  const settling = new Set<Promise<void>>();
  const it = track(fakeRun(), {
    beforeEnd: [(o) => void seen.push(`before:${o.status}`)],
    afterEnd: [(o) => void seen.push(`after:${o.status}`)],
  }, settling);
  const first = await it.next();
  assert.equal(!first.done && first.value.type, "start");
  await it.return(undefined);
  while (settling.size) await Promise.all([...settling]);
  assert.deepEqual(seen, ["before:aborted", "after:aborted"]);
});

Deno.test("stream end: the permalink answers right after complete, before the slow finalizers are done", async () => {
  const t = await makeTestApp();
  try {
    const events = await readEvents(
      await t.generate({ appDescription: "A permalink right after complete app" }),
    );
    assert.equal(events.at(-1)?.type, "complete");
    const id = (events[0] as { id: string }).id;
    const res = await t.request(`/api/generations/${id}`);
    assert.equal(res.status, 200, "stored before complete was sent");
    await res.body?.cancel();
    await t.settled();
    assert.ok(await t.services.similar.index.get(id), "indexed once the stream has ended");
    assert.equal((await t.services.budget.status()).used, 1, "the unit is kept");
  } finally {
    await t.close();
  }
});

Deno.test("stream end: whenIdle finalizers wait until no stream of the lane is open", async () => {
  const { BackgroundLane } = await import("../lib/generation/background_lane.ts");
  const lane = new BackgroundLane({ idleDelayMs: 10_000 });
  const order: string[] = [];
  const other = lane.streamOpened(); // another run's stream, still open
  const finalizers = {
    beforeEnd: [(o: GenerationOutcome) => void order.push(`save:${o.status}`)],
    afterEnd: [(o: GenerationOutcome) => void order.push(`spend:${o.status}`)],
    whenIdle: [(o: GenerationOutcome) => void order.push(`index:${o.status}`)],
  };
  for await (const e of track(fakeRun(), finalizers, undefined, lane)) order.push(`event:${e.type}`);
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(order, ["event:start", "save:complete", "event:complete", "spend:complete"]);
  other();
  await lane.drain();
  assert.deepEqual(order.at(-1), "index:complete", "indexed once the other stream closed");
});

Deno.test("stream end: an aborted run runs whenIdle after the others, in one task, even with streams open", async () => {
  const { BackgroundLane } = await import("../lib/generation/background_lane.ts");
  const lane = new BackgroundLane({ idleDelayMs: 10_000 });
  const seen: string[] = [];
  const other = lane.streamOpened();
  const it = track(
    fakeRun(),
    {
      beforeEnd: [(o) => void seen.push(`before:${o.status}`)],
      afterEnd: [(o) => void seen.push(`after:${o.status}`)],
      whenIdle: [(o) => void seen.push(`idle:${o.status}`)],
    },
    undefined,
    lane,
  );
  await it.next();
  await it.return(undefined);
  await lane.drain();
  assert.deepEqual(seen, ["before:aborted", "after:aborted", "idle:aborted"]);
  other();
});
