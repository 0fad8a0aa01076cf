/**
 * The provider contract: anything that turns a normalized request into a stream of raw plan elements
 * (the offline planner, OpenAI, Anthropic). Elements are `unknown` here on purpose: the generation runner
 * validates every one before it is sent.
 */
import type { NormalizedRequest } from "../protocol/request_schema.ts";

/** Provider names as configured in `LLM_PROVIDER` / `LLM_FALLBACKS`. */
export type ProviderId = "offline" | "openai" | "anthropic";

/** Tokens a model call consumed. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/**
 * What a provider yields: a candidate element, or (once, usually last) its token usage. A provider chain
 * (lib/providers/resilient.ts) also yields `provider` before the first element, naming who answered; the
 * runner's `start` event carries it.
 */
export type ProviderChunk =
  | { kind: "element"; element: unknown }
  | { kind: "usage"; usage: TokenUsage }
  | { kind: "provider"; id: ProviderId; model: string };

/** A source of architecture plans. Must stop promptly and release the upstream call when `signal` aborts. */
export interface ArchitectureProvider {
  readonly id: ProviderId;
  readonly model: string;
  /**
   * True when `generate` yields a `provider` chunk before its first element (a chain with fallbacks); the
   * runner then sends `start` once it knows which provider answered.
   */
  readonly announcesProvider?: boolean;
  generate(request: NormalizedRequest, signal: AbortSignal): AsyncIterable<ProviderChunk>;
  /**
   * Optional: does now the CPU work `generate` will need for this request object (the prompt's reading of the
   * description), so a caller can run it while it waits on I/O before the call (the budget commit).
   */
  prepare?(request: NormalizedRequest): void;
}

/** A provider failure with a stable code the client sees in the `error` event. */
export class ProviderError extends Error {
  constructor(
    readonly code:
      | "upstream_rate_limited"
      | "upstream_unavailable"
      | "upstream_error"
      | "upstream_timeout"
      | "upstream_bad_output"
      | "upstream_auth",
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}
