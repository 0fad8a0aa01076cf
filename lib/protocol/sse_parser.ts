/**
 * The server-sent-events parser of this app's own streams, shared by the browser islands (EventSource cannot
 * POST, so the studio reads the `fetch` body with it), the tests and the tools: yields each frame's event name
 * and data as soon as its blank line arrives. (Upstream model streams are read by
 * lib/providers/event_stream_reader.ts instead: same SSE rules, but over a reused byte buffer and with the
 * SDKs' dispatch rules; folding the two into one is open work.) Handles CRLF/CR line ends, multi-line `data:`, comments and frames split across
 * chunks at any byte. No imports, so the islands bundle stays small.
 */

/** One parsed frame. `event` defaults to "message" as in the SSE spec. */
export interface SseFrame {
  event: string;
  data: string;
  id?: string;
}

/** Incremental parser: feed text, get the frames completed so far. */
export class SseParser {
  #buffer = "";
  #event = "";
  #data: string[] = [];
  #id: string | undefined;

  /** Adds text; returns the frames it completed. */
  push(text: string): SseFrame[] {
    this.#buffer += text;
    const frames: SseFrame[] = [];
    let nl: number;
    while ((nl = this.#buffer.search(/\r\n|\r|\n/)) >= 0) {
      // A lone "\r" at the end may be the first half of "\r\n": wait for more.
      if (this.#buffer[nl] === "\r" && nl === this.#buffer.length - 1) break;
      const line = this.#buffer.slice(0, nl);
      const width = this.#buffer.startsWith("\r\n", nl) ? 2 : 1;
      this.#buffer = this.#buffer.slice(nl + width);
      const frame = this.#line(line);
      if (frame) frames.push(frame);
    }
    return frames;
  }

  /** Ends the input; returns a last frame that lacked its blank line, if any. */
  end(): SseFrame[] {
    const frames = this.#buffer ? this.push("\n") : [];
    const last = this.#line("");
    return last ? [...frames, last] : frames;
  }

  #line(line: string): SseFrame | null {
    if (line === "") {
      if (!this.#data.length) {
        this.#event = "";
        return null;
      }
      const frame: SseFrame = { event: this.#event || "message", data: this.#data.join("\n") };
      if (this.#id !== undefined) frame.id = this.#id;
      this.#event = "";
      this.#data = [];
      return frame;
    }
    if (line.startsWith(":")) return null;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.#data.push(value);
    else if (field === "event") this.#event = value;
    else if (field === "id") this.#id = value;
    return null;
  }
}

/** Reads a response body as SSE frames until it ends (or its reader is cancelled by an abort). */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseFrame> {
  const parser = new SseParser();
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    yield* parser.push(decoder.decode());
    yield* parser.end();
  } finally {
    reader.releaseLock();
  }
}
