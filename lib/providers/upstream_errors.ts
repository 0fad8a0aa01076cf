/**
 * What the model providers share: turning parsed items into chunks, usage estimates, and mapping upstream
 * failures (HTTP status, SDK errors) to ProviderError codes. Messages never echo the upstream body, so a key
 * or prompt cannot leak through them.
 */
import { ElementStreamError, type ParsedItem } from "./element_stream_parser.ts";
import { normalizeModelElement } from "./prompt.ts";
import { type ProviderChunk, ProviderError, type TokenUsage } from "./types.ts";

/** A parsed item as a provider chunk; malformed JSON becomes an element that fails validation (dropped, counted). */
export function elementChunk(item: ParsedItem): ProviderChunk {
  if (item.ok) return { kind: "element", element: normalizeModelElement(item.value) };
  return { kind: "element", element: { type: "invalid_json", error: item.error, raw: item.raw } };
}

/** The model declined to write a plan (a refusal instead of output). */
export function refusalError(): ProviderError {
  return new ProviderError("upstream_bad_output", "The model refused to produce a plan.", true);
}

/** The output stopped at the model's token limit before the plan was complete. */
export function truncatedOutputError(): ProviderError {
  return new ProviderError(
    "upstream_bad_output",
    "The model's output was cut off at its token limit before the plan was complete.",
    true,
  );
}

/** Rough token counts (4 characters a token) for servers that do not report usage. */
export function estimateUsage(inputChars: number, outputChars: number): TokenUsage {
  return { inputTokens: Math.ceil(inputChars / 4), outputTokens: Math.ceil(outputChars / 4) };
}

/** Seconds to wait from `retry-after-ms` / `retry-after` (seconds or HTTP date), capped at an hour. */
export function retryAfterSeconds(headers: Headers | undefined | null, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get("retry-after-ms"));
  if (headers.get("retry-after-ms") && Number.isFinite(ms) && ms >= 0) return clampSeconds(ms / 1000);
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return clampSeconds(Number(value));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : clampSeconds(Math.max(0, (date - now) / 1000));
}

function clampSeconds(s: number): number {
  return Math.min(3600, Math.max(0, Math.ceil(s)));
}

/** Maps an HTTP status of a model provider to a ProviderError (messages never echo the upstream body). */
export function providerErrorForStatus(
  provider: string,
  status: number,
  headers?: Headers | null,
): ProviderError {
  if (status === 429) {
    const after = retryAfterSeconds(headers);
    return new ProviderError(
      "upstream_rate_limited",
      `${provider} is rate limiting requests (429)` + (after !== undefined ? `; retry in ${after} s.` : "."),
      true,
      status,
      after,
    );
  }
  if (status === 401 || status === 403) {
    return new ProviderError(
      "upstream_auth",
      `${provider} rejected the configured API key (${status}).`,
      false,
      status,
    );
  }
  if (status === 408) {
    return new ProviderError("upstream_timeout", `${provider} timed out (408).`, true, status);
  }
  if (status >= 500) {
    return new ProviderError(
      "upstream_unavailable",
      `${provider} is unavailable (${status}).`,
      true,
      status,
      retryAfterSeconds(headers),
    );
  }
  return new ProviderError("upstream_error", `${provider} refused the request (${status}).`, false, status);
}

/** The error classes both official SDKs export under the same names. */
export interface SdkErrorClasses {
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
  APIUserAbortError: abstract new (...args: never[]) => Error;
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIError: abstract new (...args: never[]) => Error;
}

/**
 * Maps an error thrown while calling a provider's SDK to a ProviderError (or the abort reason when the caller
 * aborted). `streamError` maps an API error that arrived inside the event stream (it has no HTTP status).
 */
export function sdkErrorToProviderError(
  provider: string,
  sdk: SdkErrorClasses,
  err: unknown,
  signal: AbortSignal,
  streamError: (err: Error) => ProviderError,
): unknown {
  if (signal.aborted) return signal.reason;
  if (err instanceof ProviderError) return err;
  if (err instanceof ElementStreamError) {
    return new ProviderError(
      "upstream_bad_output",
      `${provider} returned an unusable plan: ${err.message}.`,
      true,
    );
  }
  if (err instanceof sdk.APIConnectionTimeoutError) {
    return new ProviderError("upstream_timeout", `${provider} did not start answering in time.`, true);
  }
  if (err instanceof sdk.APIUserAbortError) {
    return new ProviderError("upstream_error", `The ${provider} request was aborted.`, true);
  }
  if (err instanceof sdk.APIConnectionError) {
    return new ProviderError("upstream_unavailable", `Could not connect to ${provider}.`, true);
  }
  if (err instanceof sdk.APIError) {
    const { status, headers } = err as Error & { status?: unknown; headers?: Headers | null };
    if (typeof status === "number") return providerErrorForStatus(provider, status, headers);
    return streamError(err);
  }
  if (err instanceof SyntaxError) {
    return new ProviderError("upstream_bad_output", `${provider} sent a malformed event stream.`, true);
  }
  return new ProviderError("upstream_error", `The ${provider} call failed unexpectedly.`, true);
}
