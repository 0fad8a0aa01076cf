/** The background lane: deferred work waits behind urgent work (up to a bound), runs once, and drains. */
import assert from "node:assert/strict";
import { BackgroundLane } from "../lib/generation/background_lane.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("background lane: a deferred task starts only once the urgent work is done", async () => {
  const lane = new BackgroundLane({ maxDelayMs: 10_000 });
  const order: string[] = [];
  let finishUrgent!: () => void;
  const urgent = lane.urgent(async () => {
    await new Promise<void>((r) => finishUrgent = r);
    order.push("urgent");
  });
  lane.defer("test", () => void order.push("deferred"));
  await sleep(30);
  assert.deepEqual(order, [], "still waiting behind the urgent work");
  assert.equal(lane.pending, 1);
  finishUrgent();
  await urgent;
  await lane.drain();
  assert.deepEqual(order, ["urgent", "deferred"]);
  assert.equal(lane.pending, 0);
});

Deno.test("background lane: a task waits at most maxDelayMs behind urgent work; a failure does not stop the rest", async () => {
  const lane = new BackgroundLane({ maxDelayMs: 20, concurrency: 1 });
  const ran: string[] = [];
  let finishUrgent!: () => void;
  const urgent = lane.urgent(() => new Promise<void>((r) => finishUrgent = r));
  lane.defer("failing", () => {
    throw new Error("boom");
  });
  lane.defer("second", () => void ran.push("second"));
  await lane.drain();
  assert.deepEqual(ran, ["second"], "ran although the urgent work is still going");
  finishUrgent();
  await urgent;
});

Deno.test("background lane: a whenIdle task waits while a stream is open, and runs once the last one closes", async () => {
  const lane = new BackgroundLane({ idleDelayMs: 10_000 });
  const order: string[] = [];
  const closeA = lane.streamOpened();
  const closeB = lane.streamOpened();
  lane.defer("index", () => void order.push("idle"), { whenIdle: true });
  lane.defer("spend", () => void order.push("plain"));
  await sleep(20);
  assert.deepEqual(order, ["plain"], "a plain task is not held by open streams; the idle one is");
  closeA();
  closeA(); // a second call does nothing
  await sleep(20);
  assert.deepEqual(order, ["plain"], "one stream is still open");
  closeB();
  await lane.drain();
  assert.deepEqual(order, ["plain", "idle"]);
});

Deno.test("background lane: a whenIdle task runs after idleDelayMs even if streams never close", async () => {
  const lane = new BackgroundLane({ idleDelayMs: 30 });
  const close = lane.streamOpened();
  let ran = 0;
  lane.defer("index", () => void ran++, { whenIdle: true });
  await sleep(5);
  assert.equal(ran, 0);
  await lane.drain();
  assert.equal(ran, 1, "ran although a stream is still open");
  close();
});

Deno.test("background lane: a waiting whenIdle task does not hold back plain tasks queued after it", async () => {
  const lane = new BackgroundLane({ idleDelayMs: 10_000, concurrency: 1 });
  const close = lane.streamOpened();
  const order: string[] = [];
  lane.defer("index", () => void order.push("idle"), { whenIdle: true });
  lane.defer("metrics", () => void order.push("plain"));
  await sleep(20);
  assert.deepEqual(order, ["plain"]);
  close();
  await lane.drain();
  assert.deepEqual(order, ["plain", "idle"]);
});

Deno.test("background lane: whenIdle tasks run up to idleConcurrency at once, apart from the plain ones", async () => {
  const lane = new BackgroundLane({ concurrency: 1, idleConcurrency: 3 });
  let running = 0;
  let most = 0;
  const task = async () => {
    running++;
    most = Math.max(most, running);
    await sleep(10);
    running--;
  };
  for (let i = 0; i < 7; i++) lane.defer("index", task, { whenIdle: true });
  await lane.drain();
  assert.equal(most, 3, "three encodings queued together, so the encoder can batch them");
});
