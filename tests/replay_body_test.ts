import assert from "node:assert/strict";
import { type GenerationEvent, parseSse, sseBytes } from "../lib/protocol/events.ts";
import {
  hasSseBody,
  ReplayFrameCache,
  replayFrameCache,
  replayGeneration,
  replaySimilar,
} from "../lib/generation/replay.ts";
import type { StoredGeneration } from "../lib/store/generation_store.ts";
import { AppMetrics } from "../lib/platform/metrics.ts";
import { parseGenerationBody } from "../lib/protocol/request_schema.ts";
import { sseResponse } from "../routes/sse.ts";
import { makeTestApp } from "./helpers.ts";

const body = {
  appDescription: "A recipe sharing site with photo uploads",
  scale: "Growth",
  competitors: ["GCP"],
};

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** A stored generation made by the app (offline planner). */
async function storedGeneration(): Promise<StoredGeneration> {
  const t = await makeTestApp();
  try {
    await (await t.generate(body)).text();
    const page = await t.services.store.list({ limit: 1 });
    const stored = await t.services.store.get(page.generations[0].id);
    assert.ok(stored);
    return stored;
  } finally {
    await t.close();
  }
}

/** The events with `complete.elapsedMs` zeroed (it is the replay's own time). */
function withoutElapsed(events: GenerationEvent[]): GenerationEvent[] {
  return events.map((e) => (e.type === "complete" ? { ...e, elapsedMs: 0 } : e));
}

Deno.test("replay body: byte for byte the frames of its events, for cache and similar replays", async () => {
  const stored = await storedGeneration();
  const asking = parseGenerationBody({ ...body, appDescription: "Recipe sharing site with photos" }).request;
  const variants = [
    () => replayGeneration(stored, { source: "cache" }),
    () => replayGeneration(stored, { source: "cache", request: asking, stale: true }),
    () => replaySimilar(stored, { similarity: 0.91, request: asking }),
  ];
  for (const make of variants) {
    const events: GenerationEvent[] = [];
    for await (const e of make()) events.push(e);
    const replay = make();
    assert.ok(hasSseBody(replay));
    const bytes = replay.sseBody();
    const parsed = parseSse(new TextDecoder().decode(bytes));
    assert.deepEqual(withoutElapsed(parsed), withoutElapsed(events));
    // Identical bytes to encoding each event on its own (same elapsedMs on both sides).
    const complete = parsed.at(-1)!;
    assert.equal(complete.type, "complete");
    const expected = concat([...events.slice(0, -1), complete].map((e) => sseBytes(e)));
    assert.deepEqual(bytes, expected);
    assert.equal(parsed.length, stored.elements.length + 2);
  }
});

Deno.test("replay body: taking the body consumes the replay, and iterating first forbids the body", async () => {
  const stored = await storedGeneration();
  const a = replayGeneration(stored, { source: "cache" });
  a.sseBody();
  assert.throws(() => a.sseBody(), /already consumed/);
  const after: GenerationEvent[] = [];
  for await (const e of a) after.push(e);
  assert.deepEqual(after, []);

  const b = replayGeneration(stored, { source: "cache" });
  await b.next();
  assert.throws(() => b.sseBody(), /already consumed/);
});

Deno.test("replay body: recorded in the metrics once, as a complete cache generation", async () => {
  const stored = await storedGeneration();
  const m = new AppMetrics();
  replayGeneration(stored, { source: "cache" }, performance.now(), m).sseBody();
  const it = replayGeneration(stored, { source: "cache" }, performance.now(), m);
  await it.next();
  await it.return(undefined); // consumer left after `start`
  const text = await m.render();
  const line = (outcome: string) =>
    new RegExp(
      `^vtp_generations_total\\{source="cache",provider="offline",model="[^"]+",outcome="${outcome}"\\} (\\d+)$`,
      "m",
    ).exec(text)?.[1];
  assert.equal(line("complete"), "1");
  assert.equal(line("aborted"), "1");
});

Deno.test("replay frame cache: encodes once per generation, bounded in bytes, ignores a changed record", async () => {
  const stored = await storedGeneration();
  const cache = new ReplayFrameCache(64 * 1024);
  const first = cache.framesOf(stored);
  assert.equal(cache.framesOf(stored), first, "the same buffer on a hit");
  assert.deepEqual(first, concat(stored.elements.map((e) => sseBytes(e))));
  // Same id but a different payload (e.g. a hand-made record): encoded again, never the old frames.
  const changed: StoredGeneration = {
    record: { ...stored.record, byteLength: stored.record.byteLength + 1, elementCount: 1 },
    elements: stored.elements.slice(0, 1),
  };
  assert.deepEqual(cache.framesOf(changed), sseBytes(stored.elements[0]));
  assert.equal(cache.size, 1);
  // Bounded: many generations never hold more than maxBytes.
  for (let i = 0; i < 40; i++) {
    cache.framesOf({ record: { ...stored.record, id: `G${i}` }, elements: stored.elements });
    assert.ok(cache.bytes <= cache.maxBytes, `${cache.bytes} ≤ ${cache.maxBytes}`);
  }
  assert.ok(cache.size >= 1 && cache.size < 40);
  // Least recently used goes first: an entry used just before an insertion stays.
  const keep = { record: { ...stored.record, id: "G38" }, elements: stored.elements };
  const kept = cache.framesOf(keep);
  cache.framesOf({ record: { ...stored.record, id: "G40" }, elements: stored.elements });
  assert.equal(cache.framesOf(keep), kept);
});

Deno.test("replay over HTTP: the same frames as the generated stream, from the frame cache", async () => {
  const t = await makeTestApp();
  try {
    const generated = parseSse(await (await t.generate(body)).text());
    const res = await t.generate(body);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/event-stream/);
    const replayed = parseSse(await res.text());
    assert.equal(replayed[0].type, "start");
    assert.equal((replayed[0] as { source: string }).source, "cache");
    assert.deepEqual(replayed.slice(1, -1), generated.slice(1, -1));
    const complete = replayed.at(-1) as Extract<GenerationEvent, { type: "complete" }>;
    assert.equal(complete.cached, true);
    const id = (replayed[0] as { id: string }).id;
    const stored = await t.services.store.get(id);
    assert.ok(stored);
    const cachedFrames = replayFrameCache.framesOf(stored);
    assert.deepEqual(cachedFrames, concat(stored.elements.map((e) => sseBytes(e))));
  } finally {
    await t.close();
  }
});

Deno.test("sseResponse: a stream without a whole body is still pulled event by event", async () => {
  const ac = new AbortController();
  async function* events(): AsyncGenerator<GenerationEvent> {
    yield { type: "queued", position: 1, etaSeconds: 2 };
    yield { type: "error", code: "x", message: "m", retryable: false };
  }
  const res = sseResponse(events(), ac);
  assert.equal(
    await res.text(),
    'event: queued\ndata: {"type":"queued","position":1,"etaSeconds":2}\n\n' +
      'event: error\ndata: {"type":"error","code":"x","message":"m","retryable":false}\n\n',
  );
});
