/**
 * A `fetch` for the provider SDKs whose response bodies hold little memory while a stream is open.
 *
 * Deno reads a fetch body with a default reader into a fresh 64 KiB buffer per read, and a long model stream
 * always has one read pending, so every open provider stream pinned ~64 KiB (plus what the connection holds)
 * while waiting for its next few hundred bytes. Here the body is read with a BYOB reader into one small
 * buffer per stream, and each chunk is handed on as an exact-size copy.
 */

/** Bytes of the read buffer of each response body. */
export const LEAN_READ_BYTES = 4096;

/** Wraps `base` so response bodies are read through {@link leanBody}. */
export function leanFetch(base: typeof fetch = fetch, readBytes = LEAN_READ_BYTES): typeof fetch {
  return async function leanFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const res = await base(input, init);
    if (!res.body) return res;
    const body = leanBody(res.body, readBytes);
    if (body === res.body) return res;
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

/**
 * The same bytes as `body`, read `readBytes` at a time into one reused buffer (a BYOB read); `body` itself
 * when it is not a byte stream. Cancelling the result cancels `body`; an error of `body` errors the result.
 */
export function leanBody(
  body: ReadableStream<Uint8Array>,
  readBytes = LEAN_READ_BYTES,
): ReadableStream<Uint8Array> {
  let reader: ReadableStreamBYOBReader;
  try {
    reader = body.getReader({ mode: "byob" });
  } catch {
    return body;
  }
  let buffer: Uint8Array<ArrayBuffer> | null = new Uint8Array(readBytes);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await reader.read(buffer!);
      if (done || !value) {
        buffer = null;
        controller.close();
        return;
      }
      controller.enqueue(value.slice());
      buffer = new Uint8Array(value.buffer as ArrayBuffer);
    },
    cancel(reason) {
      buffer = null;
      return reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
}
