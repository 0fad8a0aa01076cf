/**
 * Fake model upstreams for tests: a `Deno.serve` on 127.0.0.1 (port 0) that speaks the real streaming wire
 * format of OpenAI Chat Completions (`data: {chat.completion.chunk}` lines ending with `data: [DONE]`) or of
 * the Anthropic Messages API (`event: message_start` … `event: message_stop` frames), so the real SDKs can be
 * used as clients.
 *
 * Each request takes the next queued scenario: a stream of text deltas (optionally paused after N deltas until
 * `resume()`, or paced), or an error status with a provider-shaped error body. The fake records what it was
 * sent and whether the client went away before the stream was finished (`aborted`), so tests can assert
 * that an abort reached the upstream.
 */

/** Which wire format the fake speaks. */
export type FakeKind = "openai" | "anthropic";

/** What the fake answers to one request. */
export type FakeScenario =
  | {
    kind: "stream";
    /** Text deltas the model "writes". */
    deltas: string[];
    /** Stop after this many deltas until `resume()` is called (or forever if never). */
    pauseAfter?: number;
    /** Milliseconds between deltas. */
    delayMs?: number;
    usage?: { input: number; output: number };
    /** OpenAI finish_reason / Anthropic stop_reason. Default "stop" / "end_turn". */
    stopReason?: string;
    /** Leave out the usage chunk (OpenAI) as some compatible servers do. */
    omitUsage?: boolean;
    /** After this many deltas, send the provider's in-stream error frame and end the stream. */
    failAfter?: number;
  }
  | { kind: "status"; status: number; headers?: Record<string, string>; message?: string };

/** A request the fake received. */
export interface RecordedRequest {
  path: string;
  headers: Headers;
  body: Record<string, unknown>;
}

/** A running fake upstream. */
export interface FakeUpstream {
  /** Base URL to give the SDK (`…/v1` for OpenAI, the origin for Anthropic). */
  url: string;
  requests: RecordedRequest[];
  /** Queues the scenario of the next request. */
  enqueue(scenario: FakeScenario): void;
  /** Releases a stream paused by `pauseAfter`. */
  resume(): void;
  /** Resolves once a paused stream has reached its pause point. */
  paused: Promise<void>;
  /** True once a stream was written completely (final frame sent). */
  readonly finished: boolean;
  /** Resolves when a client disconnected before its stream was finished. */
  aborted: Promise<void>;
  readonly abortCount: number;
  close(): Promise<void>;
}

const encoder = new TextEncoder();

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function openaiChunk(model: string, delta: Record<string, unknown>, finish: string | null): string {
  return `data: ${
    JSON.stringify({
      id: "chatcmpl-fake1",
      object: "chat.completion.chunk",
      created: 1_700_000_000,
      model,
      system_fingerprint: "fp_fake",
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      usage: null,
    })
  }\n\n`;
}

function anthropicFrame(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

/** Frames before the first text delta. */
function openingFrames(
  kind: FakeKind,
  model: string,
  s: Extract<FakeScenario, { kind: "stream" }>,
): string[] {
  if (kind === "openai") return [openaiChunk(model, { role: "assistant", content: "", refusal: null }, null)];
  return [
    anthropicFrame("message_start", {
      message: {
        id: "msg_fake1",
        type: "message",
        role: "assistant",
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: s.usage?.input ?? 0,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          output_tokens: 1,
        },
      },
    }),
    anthropicFrame("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
    anthropicFrame("ping", {}),
  ];
}

function deltaFrame(kind: FakeKind, model: string, text: string): string {
  if (kind === "openai") return openaiChunk(model, { content: text }, null);
  return anthropicFrame("content_block_delta", { index: 0, delta: { type: "text_delta", text } });
}

function closingFrames(
  kind: FakeKind,
  model: string,
  s: Extract<FakeScenario, { kind: "stream" }>,
): string[] {
  if (kind === "openai") {
    const frames = [openaiChunk(model, {}, s.stopReason ?? "stop")];
    if (!s.omitUsage) {
      const input = s.usage?.input ?? 0, output = s.usage?.output ?? 0;
      frames.push(
        `data: ${
          JSON.stringify({
            id: "chatcmpl-fake1",
            object: "chat.completion.chunk",
            created: 1_700_000_000,
            model,
            system_fingerprint: "fp_fake",
            choices: [],
            usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
          })
        }\n\n`,
      );
    }
    frames.push("data: [DONE]\n\n");
    return frames;
  }
  return [
    anthropicFrame("content_block_stop", { index: 0 }),
    anthropicFrame("message_delta", {
      delta: { stop_reason: s.stopReason ?? "end_turn", stop_sequence: null },
      usage: { output_tokens: s.usage?.output ?? 0 },
    }),
    anthropicFrame("message_stop", {}),
  ];
}

/** The error a provider sends inside an already started stream (the HTTP status was 200). */
function streamErrorFrame(kind: FakeKind): string {
  if (kind === "openai") {
    return `data: ${
      JSON.stringify({ error: { message: "The server had an error", type: "server_error" } })
    }\n\n`;
  }
  return anthropicFrame("error", { error: { type: "overloaded_error", message: "Overloaded" } });
}

function errorBody(kind: FakeKind, status: number, message: string): string {
  if (kind === "openai") {
    const type = status === 429 ? "requests" : status === 401 ? "invalid_request_error" : "server_error";
    return JSON.stringify({
      error: { message, type, param: null, code: status === 429 ? "rate_limit_exceeded" : null },
    });
  }
  const type = status === 429
    ? "rate_limit_error"
    : status === 401
    ? "authentication_error"
    : status === 529
    ? "overloaded_error"
    : "api_error";
  return JSON.stringify({ type: "error", error: { type, message } });
}

/** Starts a fake upstream of the given kind on 127.0.0.1 with a free port. */
export function startFakeUpstream(kind: FakeKind): FakeUpstream {
  const queue: FakeScenario[] = [];
  const requests: RecordedRequest[] = [];
  let resumeGate = deferred();
  const pausedGate = deferred();
  const abortedGate = deferred();
  const closing = deferred();
  let finished = false;
  let abortCount = 0;
  const streams = new Set<Promise<void>>();

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const url = new URL(req.url);
    const expected = kind === "openai" ? "/v1/chat/completions" : "/v1/messages";
    if (req.method !== "POST" || url.pathname !== expected) {
      return new Response(errorBody(kind, 404, "not found"), { status: 404 });
    }
    const body = await req.json();
    requests.push({ path: url.pathname, headers: req.headers, body });
    const scenario = queue.shift();
    if (!scenario) return new Response(errorBody(kind, 500, "no scenario queued"), { status: 500 });
    if (scenario.kind === "status") {
      return new Response(errorBody(kind, scenario.status, scenario.message ?? `fake ${scenario.status}`), {
        status: scenario.status,
        headers: { "content-type": "application/json", ...scenario.headers },
      });
    }
    const model = String(body.model ?? "fake-model");
    let cancelled = false;
    let complete = false;
    const cancelGate = deferred();
    const markAborted = () => {
      if (cancelled || complete) return;
      cancelled = true;
      cancelGate.resolve();
      abortCount++;
      abortedGate.resolve();
    };
    req.signal.addEventListener("abort", markAborted, { once: true });
    const done = deferred();
    streams.add(done.promise);
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (text: string) => {
          if (!cancelled) controller.enqueue(encoder.encode(text));
        };
        try {
          for (const frame of openingFrames(kind, model, scenario)) send(frame);
          for (let i = 0; i < scenario.deltas.length && !cancelled; i++) {
            if (scenario.pauseAfter !== undefined && i === scenario.pauseAfter) {
              pausedGate.resolve();
              await Promise.race([resumeGate.promise, cancelGate.promise, closing.promise]);
              if (cancelled) return;
            }
            if (scenario.failAfter !== undefined && i === scenario.failAfter) {
              send(streamErrorFrame(kind));
              complete = true;
              controller.close();
              return;
            }
            if (scenario.delayMs) await new Promise((r) => setTimeout(r, scenario.delayMs));
            send(deltaFrame(kind, model, scenario.deltas[i]));
          }
          if (cancelled) return;
          for (const frame of closingFrames(kind, model, scenario)) send(frame);
          complete = true;
          finished = true;
          controller.close();
        } catch {
          // The client went away while we were writing.
          markAborted();
        } finally {
          done.resolve();
          streams.delete(done.promise);
        }
      },
      cancel() {
        markAborted();
      },
    });
    return new Response(stream, {
      headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
    });
  });

  const origin = `http://127.0.0.1:${server.addr.port}`;
  return {
    url: kind === "openai" ? `${origin}/v1` : origin,
    requests,
    enqueue: (s) => queue.push(s),
    resume() {
      resumeGate.resolve();
      resumeGate = deferred();
    },
    get paused() {
      return pausedGate.promise;
    },
    get finished() {
      return finished;
    },
    aborted: abortedGate.promise,
    get abortCount() {
      return abortCount;
    },
    async close() {
      closing.resolve();
      await Promise.all([...streams]);
      await server.shutdown();
    },
  };
}

/** Splits text into deltas of `size` characters (models stream small, arbitrary pieces). */
export function splitDeltas(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
