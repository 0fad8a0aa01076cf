/**
 * The OpenAI provider: Chat Completions, streamed, with JSON-schema structured output (strict) so the model
 * writes `{"elements":[…]}`; each element is handed on the moment its closing brace arrives. Works with any
 * OpenAI-compatible server through `baseURL`. The SDK's own retries are off (retries and fallbacks are decided
 * above the provider) and the caller's signal aborts the HTTP call, including while the body streams.
 *
 * The SDK sends the request and maps a failed status; the streamed body is read by
 * lib/providers/event_stream_reader.ts (one small buffer per stream, no SDK stream helpers or async layers per delta), with
 * the SDK's rules: `[DONE]` ends the stream, a malformed event is a SyntaxError, an `error` event or payload
 * is an error inside the stream.
 *
 * Neither the API key nor the prompt is ever logged or put into an error message; the SDK's logger is off.
 */
import OpenAI from "openai";
import type { NormalizedRequest } from "../protocol/request_schema.ts";
import { ElementStreamParser } from "./element_stream_parser.ts";
import { EventStreamSource } from "./event_stream_reader.ts";
import { buildPrompt, PLAN_JSON_SCHEMA, PLAN_SCHEMA_NAME, preparePrompt } from "./prompt.ts";
import {
  elementChunk,
  estimateUsage,
  refusalError,
  sdkErrorToProviderError,
  truncatedOutputError,
} from "./upstream_errors.ts";
import { type ArchitectureProvider, type ProviderChunk, ProviderError, type TokenUsage } from "./types.ts";

/** Default API root when `OPENAI_BASE_URL` is not set. */
export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

/** Options of the OpenAI provider. */
export interface OpenAIProviderOptions {
  apiKey: string;
  model: string;
  /** API root of an OpenAI-compatible server, e.g. `http://127.0.0.1:8080/v1`. */
  baseURL?: string;
  /** Milliseconds to wait for the response to start (the SDK's request timeout). Default 30 s. */
  timeoutMs?: number;
  /** Cap on output tokens. Default 8192. */
  maxOutputTokens?: number;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof fetch;
}

/** Builds the OpenAI provider. */
export function createOpenAIProvider(options: OpenAIProviderOptions): ArchitectureProvider {
  const client = sdkClient(options);
  const model = options.model;
  const maxOutputTokens = options.maxOutputTokens ?? 8192;

  return {
    id: "openai",
    model,
    prepare: preparePrompt,
    async *generate(request: NormalizedRequest, signal: AbortSignal): AsyncIterable<ProviderChunk> {
      signal.throwIfAborted();
      // Only the prompt's length is kept for the rest of the stream (the generator's frame lives as long as it).
      let prompt: { system: string; user: string } | null = buildPrompt(request);
      const promptChars = prompt.system.length + prompt.user.length;
      const parser = new ElementStreamParser();
      const tally: ChunkTally = { outputChars: 0, finishReason: null, refusal: "" };
      try {
        const response = await client.chat.completions.create({
          model,
          stream: true,
          stream_options: { include_usage: true },
          max_completion_tokens: maxOutputTokens,
          messages: [
            { role: "system", content: prompt.system },
            { role: "user", content: prompt.user },
          ],
          response_format: {
            type: "json_schema",
            json_schema: { name: PLAN_SCHEMA_NAME, strict: true, schema: PLAN_JSON_SCHEMA },
          },
        }, { signal }).asResponse();
        prompt = null;
        if (!response.body) throw streamError();
        const events = new EventStreamSource(response.body);
        try {
          read: while (!events.ended) {
            for (const message of events.take(await events.read())) {
              if (message.data === "[DONE]") break read;
              const chunk = JSON.parse(message.data) as OpenAI.Chat.Completions.ChatCompletionChunk & {
                error?: unknown;
              };
              if (message.event === "error" || chunk?.error) throw streamError();
              if (!chunk || typeof chunk !== "object") continue;
              const text = tallyChunk(tally, chunk);
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
      yield {
        kind: "usage",
        usage: tally.usage ?? estimateUsage(promptChars, tally.outputChars),
      };
      if (tally.refusal) {
        throw refusalError();
      }
      try {
        for (const item of parser.end()) yield elementChunk(item);
      } catch (err) {
        if (tally.finishReason === "length") {
          throw truncatedOutputError();
        }
        throw toProviderError(err, signal);
      }
    },
  };
}

/** The SDK client: its retries and logger off, the request timeout and fetch of `options`. */
function sdkClient(options: OpenAIProviderOptions): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? OPENAI_DEFAULT_BASE_URL,
    maxRetries: 0,
    timeout: options.timeoutMs ?? 30_000,
    logLevel: "off",
    fetch: (input, init) => (options.fetch ?? globalThis.fetch)(input, init),
  });
}

/** What the stream has told so far: usage, output length, finish reason and any refusal text. */
interface ChunkTally {
  usage?: TokenUsage;
  outputChars: number;
  finishReason: string | null;
  refusal: string;
}

/** Folds one stream chunk into the tally; returns the text it adds to the answer, if any. */
function tallyChunk(t: ChunkTally, chunk: OpenAI.Chat.Completions.ChatCompletionChunk): string | undefined {
  if (chunk.usage) {
    t.usage = {
      inputTokens: chunk.usage.prompt_tokens ?? 0,
      outputTokens: chunk.usage.completion_tokens ?? 0,
    };
  }
  const choice = chunk.choices?.[0];
  if (!choice) return undefined;
  if (choice.delta?.refusal) t.refusal += choice.delta.refusal;
  if (choice.finish_reason) t.finishReason = choice.finish_reason;
  const text = choice.delta?.content;
  if (text) t.outputChars += text.length;
  return text ?? undefined;
}

/** An error sent inside the event stream. */
function streamError(): ProviderError {
  return new ProviderError("upstream_error", "OpenAI reported an error while streaming.", true);
}

function toProviderError(err: unknown, signal: AbortSignal): unknown {
  return sdkErrorToProviderError("OpenAI", OpenAI, err, signal, streamError);
}
