/**
 * One streamed call to a model provider's HTTP API: a JSON POST whose answer is an event stream.
 *
 * The providers used to go through the official SDKs for this; per request those built the headers several
 * times over, encoded the body through their own encoder, and kept the client's request state (about 80 KB
 * of short-lived allocations and ~0.5 ms of CPU a request, measured with V8's sampling heap profiler and
 * `--prof`), for a request the providers always make the same way: no SDK retries (retries and fallbacks
 * are decided in lib/providers/resilient.ts), the caller's signal aborting the call and its body, and a
 * timeout until the response starts. Failures are ProviderErrors with the same codes the SDK errors were
 * mapped to (lib/providers/upstream_errors.ts); messages never echo the upstream body.
 */
import { providerErrorForStatus } from "./upstream_errors.ts";
import { ProviderError } from "./types.ts";

/** One call. */
export interface UpstreamCall {
  /** Provider name for messages ("OpenAI"). */
  provider: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  /** Milliseconds until the response must have started. */
  timeoutMs: number;
  /** The caller's signal: aborts the call and, later, the body. */
  signal: AbortSignal;
  fetch?: typeof fetch;
}

/**
 * Sends the call; resolves with the streamed body of a 2xx answer. Rejects with the caller's abort reason
 * when it aborted, else with a ProviderError: the status mapped by `providerErrorForStatus`, `upstream_timeout`
 * when the answer did not start in time, `upstream_unavailable` when no connection could be made.
 */
export async function streamUpstream(call: UpstreamCall): Promise<ReadableStream<Uint8Array>> {
  call.signal.throwIfAborted();
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error("response start timeout")), call.timeoutMs);
  let res: Response;
  try {
    res = await (call.fetch ?? fetch)(call.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", ...call.headers },
      body: JSON.stringify(call.body),
      signal: AbortSignal.any([call.signal, timeout.signal]),
    });
  } catch (err) {
    if (call.signal.aborted) throw call.signal.reason;
    if (timeout.signal.aborted) {
      throw new ProviderError("upstream_timeout", `${call.provider} did not start answering in time.`, true);
    }
    if (err instanceof ProviderError) throw err;
    throw new ProviderError("upstream_unavailable", `Could not connect to ${call.provider}.`, true);
  } finally {
    clearTimeout(timer);
  }
  if (res.status < 200 || res.status > 299) {
    await res.body?.cancel().catch(() => {});
    throw providerErrorForStatus(call.provider, res.status, res.headers);
  }
  if (!res.body) {
    throw new ProviderError("upstream_error", `${call.provider} answered without a body.`, true);
  }
  return res.body;
}
