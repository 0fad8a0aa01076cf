import assert from "node:assert/strict";
import type { GenerationEvent, StartEvent } from "../lib/protocol/events.ts";
import { createOfflineProvider } from "../lib/providers/offline.ts";
import type { ArchitectureProvider } from "../lib/providers/types.ts";
import { SingleFlight } from "../lib/generation/single_flight.ts";
import { parseSse } from "../lib/protocol/events.ts";
import { makeTestApp, readEvents } from "./helpers.ts";

/** The offline planner (paced), counting runs and upstream aborts. */
function countingProvider(paceMs: number) {
  const inner = createOfflineProvider({ paceMs });
  const counter = { calls: 0, aborted: 0 };
  const provider: ArchitectureProvider = {
    id: inner.id,
    model: inner.model,
    generate(req, signal) {
      counter.calls++;
      signal.addEventListener("abort", () => counter.aborted++, { once: true });
      return inner.generate(req, signal);
    },
  };
  return { provider, counter };
}

/** Reads SSE frames until `count` events arrived, then cancels the body (the client goes away). */
async function readThenLeave(res: Response, count: number): Promise<GenerationEvent[]> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (parseSse(text).length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    text += value;
  }
  await reader.cancel();
  return parseSse(text);
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("single flight: two concurrent identical requests share one run and get identical events", async () => {
  const { provider, counter } = countingProvider(20);
  const t = await makeTestApp({ OFFLINE_PACE_MS: "20" }, { provider });
  try {
    const [a, b] = await Promise.all([
      t.generate({ appDescription: "A shared flight app" }),
      t.generate({ appDescription: "a SHARED   flight app" }),
    ]);
    const [ea, eb] = await Promise.all([readEvents(a), readEvents(b)]);
    assert.equal(counter.calls, 1);
    assert.equal(ea.at(-1)!.type, "complete");
    assert.deepEqual(eb.slice(1), ea.slice(1));
    assert.equal((ea[0] as StartEvent).id, (eb[0] as StartEvent).id);
    // One stored generation, and a later repeat is a cache hit.
    const list = await (await t.request("/api/generations")).json();
    assert.equal(list.generations.length, 1);
    assert.equal(t.services.flights.size, 0);
  } finally {
    await t.close();
  }
});

Deno.test("single flight: a late joiner gets the events from the beginning", async () => {
  const { provider, counter } = countingProvider(20);
  const t = await makeTestApp({}, { provider });
  try {
    const a = await t.generate({ appDescription: "A late joiner app" });
    const readA = readEvents(a);
    await delay(90); // a few elements in
    const b = await t.generate({ appDescription: "A late joiner app" });
    const [ea, eb] = await Promise.all([readA, readEvents(b)]);
    assert.equal(counter.calls, 1);
    assert.deepEqual(eb, ea);
    assert.equal((eb[0] as StartEvent).source, "generated");
  } finally {
    await t.close();
  }
});

Deno.test("single flight: the leader leaving does not stop the run for the follower", async () => {
  const { provider, counter } = countingProvider(20);
  const t = await makeTestApp({}, { provider });
  try {
    const a = await t.generate({ appDescription: "A leader leaves app" });
    const b = await t.generate({ appDescription: "A leader leaves app" });
    const partial = await readThenLeave(a, 3);
    assert.equal(partial.length >= 3, true);
    const eb = await readEvents(b);
    assert.equal(eb.at(-1)!.type, "complete");
    assert.equal(counter.calls, 1);
    assert.equal(counter.aborted, 0);
    const list = await (await t.request("/api/generations")).json();
    assert.equal(list.generations.length, 1, "the completed run is stored");
  } finally {
    await t.close();
  }
});

Deno.test("single flight: a follower leaving affects no one; the last one leaving aborts upstream", async () => {
  const { provider, counter } = countingProvider(20);
  const t = await makeTestApp({}, { provider });
  try {
    const a = await t.generate({ appDescription: "A follower leaves app" });
    const b = await t.generate({ appDescription: "A follower leaves app" });
    await readThenLeave(b, 2);
    const ea = await readEvents(a);
    assert.equal(ea.at(-1)!.type, "complete");
    assert.equal(counter.aborted, 0);

    const c = await t.generate({ appDescription: "Everyone leaves app" });
    const d = await t.generate({ appDescription: "Everyone leaves app" });
    await readThenLeave(c, 2);
    await delay(30);
    assert.equal(counter.aborted, 0, "one listener is still there");
    await readThenLeave(d, 2);
    for (let i = 0; i < 50 && counter.aborted === 0; i++) await delay(10);
    assert.equal(counter.aborted, 1, "upstream aborted once nobody listens");
    assert.equal(counter.calls, 2);
    await delay(30);
    const list = await (await t.request("/api/generations")).json();
    assert.deepEqual(
      list.generations.map((g: { request: { appDescription: string } }) => g.request.appDescription),
      [
        "A follower leaves app",
      ],
    );
    // A new identical request starts a fresh run rather than joining the cancelled one.
    const e = await readEvents(await t.generate({ appDescription: "Everyone leaves app" }));
    assert.equal(e.at(-1)!.type, "complete");
    assert.equal(counter.calls, 3);
  } finally {
    await t.close();
  }
});

Deno.test("single flight: a forced request does not join the run in flight", async () => {
  const { provider, counter } = countingProvider(10);
  const t = await makeTestApp({}, { provider });
  try {
    const a = await t.generate({ appDescription: "A forced flight app" });
    const b = await t.generate({ appDescription: "A forced flight app", force: true });
    const c = await t.generate({ appDescription: "A forced flight app" });
    const [ea, eb, ec] = await Promise.all([readEvents(a), readEvents(b), readEvents(c)]);
    assert.equal(counter.calls, 2);
    assert.notEqual((ea[0] as StartEvent).id, (eb[0] as StartEvent).id);
    assert.deepEqual(ec, ea, "an unforced repeat joins the first run");
  } finally {
    await t.close();
  }
});

// ---------------------------------------------------------------------------------------- SingleFlight unit

/** A source that yields what the test pushes, and records its abort. */
function manualSource() {
  const queue: GenerationEvent[] = [];
  let wake = () => {};
  let ended = false;
  const state = { aborted: false };
  const push = (e: GenerationEvent) => {
    queue.push(e);
    wake();
  };
  const end = () => {
    ended = true;
    wake();
  };
  const source = (signal: AbortSignal) =>
    (async function* () {
      signal.addEventListener("abort", () => {
        state.aborted = true;
        end();
      });
      while (true) {
        while (queue.length) yield queue.shift()!;
        if (ended) return;
        await new Promise<void>((r) => (wake = r));
      }
    })();
  return { source, push, end, state };
}

const ev = (n: number): GenerationEvent => ({ type: "queued", position: n, etaSeconds: 0 });

async function collect(it: AsyncIterable<GenerationEvent>): Promise<GenerationEvent[]> {
  const out: GenerationEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

Deno.test("SingleFlight: join replays the buffer then follows live; the registry empties at the end", async () => {
  const flights = new SingleFlight();
  const m = manualSource();
  const leader = flights.lead("k", m.source, new AbortController().signal);
  assert.equal(flights.has("k"), true);
  m.push(ev(1));
  m.push(ev(2));
  const leaderDone = collect(leader);
  await delay(5);
  const follower = flights.join("k", new AbortController().signal);
  assert.ok(follower);
  const followerDone = collect(follower);
  m.push(ev(3));
  await delay(5);
  m.end();
  assert.deepEqual(await leaderDone, [ev(1), ev(2), ev(3)]);
  assert.deepEqual(await followerDone, [ev(1), ev(2), ev(3)]);
  assert.equal(flights.has("k"), false);
  assert.equal(flights.join("k", new AbortController().signal), null);
  assert.equal(m.state.aborted, false);
});

Deno.test("SingleFlight: a waiting subscriber is released at once by its signal; upstream aborts with the last", async () => {
  const flights = new SingleFlight();
  const m = manualSource();
  const c1 = new AbortController();
  const c2 = new AbortController();
  const s1 = flights.lead("k", m.source, c1.signal);
  const s2 = flights.join("k", c2.signal)!;
  const d1 = collect(s1);
  const d2 = collect(s2);
  m.push(ev(1));
  await delay(5);
  c1.abort();
  assert.deepEqual(await d1, [ev(1)], "released without waiting for another event");
  assert.equal(m.state.aborted, false);
  c2.abort();
  assert.deepEqual(await d2, [ev(1)]);
  await delay(5);
  assert.equal(m.state.aborted, true);
  assert.equal(flights.has("k"), false);
});

Deno.test("SingleFlight: a key already in flight or null runs unregistered", async () => {
  const flights = new SingleFlight();
  const m1 = manualSource();
  const m2 = manualSource();
  const a = flights.lead("k", m1.source, new AbortController().signal);
  const b = flights.lead("k", m2.source, new AbortController().signal);
  m1.push(ev(1));
  m2.push(ev(2));
  m1.end();
  m2.end();
  assert.deepEqual(await collect(a), [ev(1)]);
  assert.deepEqual(await collect(b), [ev(2)]);
  const c = flights.lead(null, manualSource().source, new AbortController().signal);
  assert.equal(flights.size, 0);
  await c.return(undefined);
});
