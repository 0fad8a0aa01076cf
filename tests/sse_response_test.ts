/** The SSE response of a live stream: the first element leaves before a fast producer has finished the rest. */
import assert from "node:assert/strict";
import type { GenerationEvent } from "../lib/protocol/events.ts";
import { sseResponse } from "../routes/sse.ts";

Deno.test("sse: the first element is on the wire while the producer is still busy with the rest", async () => {
  const busyMs = 300;
  async function* events(): AsyncGenerator<GenerationEvent> {
    yield { type: "start", id: "01J00000000000000000000001" } as unknown as GenerationEvent;
    yield {
      type: "node",
      platform: "cloudflare",
      data: { id: "a", name: "A" },
    } as unknown as GenerationEvent;
    // A producer that computes the rest without awaiting anything (as the offline planner does).
    const until = performance.now() + busyMs;
    while (performance.now() < until) { /* busy */ }
    yield {
      type: "node",
      platform: "cloudflare",
      data: { id: "b", name: "B" },
    } as unknown as GenerationEvent;
  }
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () => sseResponse(events(), new AbortController()),
  );
  try {
    const res = await fetch(`http://127.0.0.1:${(server.addr as Deno.NetAddr).port}/`);
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    assert.match(first, /event: start/);
    let text = first;
    while (!text.includes('"id":"a"')) text += new TextDecoder().decode((await reader.read()).value);
    assert.ok(
      !text.includes('"id":"b"'),
      "the first node arrived on its own, before the producer's busy rest",
    );
    while (!(await reader.read()).done);
  } finally {
    await server.shutdown();
  }
});
