/** The providers' event-stream reader: SSE line and message rules, chunk boundaries anywhere, cancellation. */
import assert from "node:assert/strict";
import {
  type EventStreamMessage,
  EventStreamSource,
  readEventStream,
} from "../lib/providers/event_stream_reader.ts";

const encoder = new TextEncoder();

/** A byte stream that hands out `parts` one read at a time. */
function byteBody(parts: string[], onCancel?: () => void): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    type: "bytes",
    pull(controller) {
      if (i >= parts.length) {
        controller.close();
        controller.byobRequest?.respond(0); // a BYOB read waiting at the end is answered "done"
        return;
      }
      controller.enqueue(encoder.encode(parts[i++]));
    },
    cancel: () => onCancel?.(),
  });
}

async function messages(body: ReadableStream<Uint8Array>) {
  const out = [];
  for await (const m of readEventStream(body, 16)) out.push(m);
  return out;
}

Deno.test("event stream: events, joined data lines, comments, and a message left open at the end is dropped", async () => {
  const text = ': hello\n\nevent: a\ndata: {"x":1}\n\ndata: one\ndata:two\n\nevent: only-name\n\ndata: open';
  assert.deepEqual(await messages(byteBody([text])), [
    { event: "a", data: '{"x":1}' },
    { event: undefined, data: "one\ntwo" },
    { event: "only-name", data: "" },
  ]);
});

Deno.test("event stream: CRLF, CR and LF line ends, split at every byte, give the same messages", async () => {
  const text = "event: a\r\ndata: 1\r\n\r\nevent: b\rdata: é2\r\rdata: 3\n\n";
  const whole = await messages(byteBody([text]));
  assert.deepEqual(whole, [
    { event: "a", data: "1" },
    { event: "b", data: "é2" },
    { event: undefined, data: "3" },
  ]);
  const bytes = encoder.encode(text);
  const oneByOne = new ReadableStream<Uint8Array>({
    type: "bytes",
    start(c) {
      for (const b of bytes) c.enqueue(new Uint8Array([b]));
      c.close();
    },
  });
  assert.deepEqual(await messages(oneByOne), whole);
  // A default (non-byte) stream is read too.
  const plain = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(encoder.encode(text));
      c.close();
    },
  });
  assert.deepEqual(await messages(plain), whole);
});

Deno.test("event stream: stopping early cancels the body", async () => {
  let cancelled = false;
  const body = byteBody(["data: 1\n\n", "data: 2\n\n", "data: 3\n\n"], () => cancelled = true);
  for await (const m of readEventStream(body)) {
    assert.equal(m.data, "1");
    break;
  }
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(cancelled, true);
});

Deno.test("event stream source: each read is parsed on its own (messages split across reads), and close cancels only an unfinished body", async () => {
  let cancelled = 0;
  const parts = ['event: a\ndata: {"x"', ":1}\n\ndata: b\n", "\n"];
  const source = new EventStreamSource(byteBody(parts, () => cancelled++), 64);
  const got: EventStreamMessage[][] = [];
  while (!source.ended) {
    const result = await source.read();
    got.push(source.take(result));
  }
  assert.deepEqual(got, [[], [{ event: "a", data: '{"x":1}' }], [{ event: undefined, data: "b" }], []]);
  source.close();
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(cancelled, 0);

  const early = new EventStreamSource(byteBody(["data: 1\n\n", "data: 2\n\n"], () => cancelled++));
  assert.deepEqual(early.take(await early.read()), [{ event: undefined, data: "1" }]);
  early.close();
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(cancelled, 1);
});
