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
