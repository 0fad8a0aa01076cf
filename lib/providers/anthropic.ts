/**
 * The Anthropic provider: the Messages API streamed (`stream: true`); the model writes `{"elements":[…]}` as
 * text (the shapes and rules are in the system prompt) and each element is handed on the moment its closing
 * brace arrives, a code fence around the JSON included. Usage comes from `message_start` (input) and
 * `message_delta` (cumulative output). The SDK's retries are off and the caller's signal aborts the HTTP call.
 *
 * The SDK sends the request and maps a failed status; the streamed body is read by
 * lib/providers/event_stream_reader.ts with the SDK's rules (`ping` skipped, an `error` event is an error
 * inside the stream, a malformed event a SyntaxError).
 *
 * Neither the API key nor the prompt is ever logged or put into an error message; the SDK's logger and
 * tracing are off.
 */
import Anthropic from "@anthropic-ai/sdk";
import type { NormalizedRequest } from "../protocol/request_schema.ts";
import { ElementStreamParser } from "./element_stream_parser.ts";
import { EventStreamSource } from "./event_stream_reader.ts";
import {
  elementChunk,
  estimateUsage,
  refusalError,
  sdkErrorToProviderError,
  truncatedOutputError,
} from "./upstream_errors.ts";
import { buildPrompt, preparePrompt } from "./prompt.ts";
import { type ArchitectureProvider, type ProviderChunk, ProviderError } from "./types.ts";

/** Default API root when `ANTHROPIC_BASE_URL` is not set. */
export const ANTHROPIC_DEFAULT_BASE_URL = "https://api.anthropic.com";

/** Options of the Anthropic provider. */
export interface AnthropicProviderOptions {
  apiKey: string;
  model: string;
  /** API root, e.g. `http://127.0.0.1:8080` (the SDK appends `/v1/messages`). */
  baseURL?: string;
  /** Milliseconds to wait for the response to start (the SDK's request timeout). Default 30 s. */
  timeoutMs?: number;
  /** `max_tokens` of the call. Default 8192. */
  maxOutputTokens?: number;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof fetch;
}

/** Builds the Anthropic provider. */
export function createAnthropicProvider(options: AnthropicProviderOptions): ArchitectureProvider {
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? ANTHROPIC_DEFAULT_BASE_URL,
    maxRetries: 0,
    timeout: options.timeoutMs ?? 30_000,
    logLevel: "off",
    openTelemetry: false,
    fetch: (input, init) => (options.fetch ?? globalThis.fetch)(input, init),
  });
  const model = options.model;
  const maxOutputTokens = options.maxOutputTokens ?? 8192;

  return {
    id: "anthropic",
    model,
    prepare: preparePrompt,
    async *generate(request: NormalizedRequest, signal: AbortSignal): AsyncIterable<ProviderChunk> {
      signal.throwIfAborted();
      // Only the prompt's length is kept for the rest of the stream (the generator's frame lives as long as it).
      let prompt: { system: string; user: string } | null = buildPrompt(request);
      const promptChars = prompt.system.length + prompt.user.length;
      const parser = new ElementStreamParser();
      const tally: StreamTally = { outputChars: 0, stopReason: null };
      try {
        const response = await client.messages.create({
          model,
          max_tokens: maxOutputTokens,
          system: prompt.system,
          messages: [{ role: "user", content: prompt.user }],
          stream: true,
        }, { signal }).asResponse();
        prompt = null;
        if (!response.body) throw streamError({});
        const events = new EventStreamSource(response.body);
        try {
          while (!events.ended) {
            for (const message of events.take(await events.read())) {
              if (message.event === "ping") continue;
              if (message.event === "error") throw streamError(parseErrorEvent(message.data));
              if (!message.event || !STREAM_EVENTS.has(message.event)) continue;
              const event = JSON.parse(message.data) as Anthropic.Messages.RawMessageStreamEvent;
              const text = tallyEvent(tally, event);
              if (text) {
                for (const item of parser.push(text)) yield elementChunk(item);
              }
            }
          }
        } finally {
          events.close();
        }
      } catch (err) {
        throw toProviderError(err, signal);
      }
      // An aborted request must never be mistaken for the end of the answer.
      signal.throwIfAborted();
      const estimate = estimateUsage(promptChars, tally.outputChars);
      yield {
        kind: "usage",
        usage: {
          inputTokens: tally.inputTokens ?? estimate.inputTokens,
          outputTokens: tally.outputTokens ?? estimate.outputTokens,
        },
      };
      const stopReason = tally.stopReason;
      if (stopReason === "refusal") {
        throw refusalError();
      }
      try {
        for (const item of parser.end()) yield elementChunk(item);
      } catch (err) {
        if (stopReason === "max_tokens" || stopReason === "model_context_window_exceeded") {
          throw truncatedOutputError();
        }
        throw toProviderError(err, signal);
      }
    },
  };
}

/** What the stream has told so far: token counts (input, cumulative output), output length, stop reason. */
interface StreamTally {
  inputTokens?: number;
  outputTokens?: number;
  outputChars: number;
  stopReason: string | null;
}

/** Folds one stream event into the tally; returns the text it adds to the answer, if any. */
function tallyEvent(t: StreamTally, event: Anthropic.Messages.RawMessageStreamEvent): string | undefined {
  switch (event.type) {
    case "message_start": {
      const u = event.message.usage;
      t.inputTokens = (u.input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0) +
        (u.cache_read_input_tokens ?? 0);
      t.outputTokens = u.output_tokens ?? 0;
      break;
    }
    case "content_block_delta":
      if (event.delta.type === "text_delta") {
        t.outputChars += event.delta.text.length;
        return event.delta.text;
      }
      break;
    case "message_delta": {
      const u = event.usage;
      if (typeof u.output_tokens === "number") t.outputTokens = u.output_tokens;
      if (typeof u.input_tokens === "number") {
        t.inputTokens = u.input_tokens + (u.cache_creation_input_tokens ?? 0) +
          (u.cache_read_input_tokens ?? 0);
      }
      t.stopReason = event.delta.stop_reason ?? t.stopReason;
      break;
    }
  }
  return undefined;
}

/** The event types whose data the stream hands on (as the SDK's stream does). */
const STREAM_EVENTS = new Set([
  "completion",
  "message_start",
  "message_delta",
  "message_stop",
  "content_block_start",
  "content_block_delta",
  "content_block_stop",
]);

/** The error type of an `event: error` payload (`{"type":"error","error":{"type":…}}`), when readable. */
function parseErrorEvent(data: string): { type?: string } {
  try {
    const parsed = JSON.parse(data) as { error?: { type?: unknown } };
    return typeof parsed?.error?.type === "string" ? { type: parsed.error.type } : {};
  } catch {
    return {};
  }
}

/** An `event: error` inside the stream (e.g. overloaded mid-answer). */
function streamError(streamErr: { type?: string }): ProviderError {
  switch (streamErr.type) {
    case "rate_limit_error":
      return new ProviderError("upstream_rate_limited", "Anthropic is rate limiting requests.", true);
    case "overloaded_error":
    case "api_error":
      return new ProviderError("upstream_unavailable", "Anthropic is overloaded or unavailable.", true);
    default:
      return new ProviderError("upstream_error", "Anthropic reported an error while streaming.", true);
  }
}

function toProviderError(err: unknown, signal: AbortSignal): unknown {
  return sdkErrorToProviderError(
    "Anthropic",
    Anthropic,
    err,
    signal,
    (e) => streamError(e as { type?: string }),
  );
}
