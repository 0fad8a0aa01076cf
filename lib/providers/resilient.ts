/**
 * A provider that survives upstream trouble: retries with exponential backoff (honouring `Retry-After`) on
 * `upstream_rate_limited` / `upstream_unavailable`, then falls back along a chain (`LLM_PROVIDER` followed by
 * `LLM_FALLBACKS`, e.g. `openai,anthropic,offline`).
 *
 * Retries and fallbacks happen only before the first element: once an element has been yielded the
 * stream belongs to that provider and a later failure ends the generation. Just before its first element,
 * the answering provider is announced with a `{kind:"provider", id, model}` chunk, which the generation
 * runner puts into `start.provider` / `start.model`. All attempts run inside one generation, so the
 * request's budget unit is reserved once, whatever the number of attempts.
 */
import { abortableSleep } from "../platform/abortable_sleep.ts";
import { ConfigError } from "../platform/config.ts";
import type { Config } from "../platform/config.ts";
import type { AppMetrics } from "../platform/metrics.ts";
import type { NormalizedRequest } from "../protocol/request_schema.ts";
import { type ArchitectureProvider, type ProviderChunk, ProviderError, type ProviderId } from "./types.ts";

/** Provider ids accepted in LLM_PROVIDER / LLM_FALLBACKS. */
export const PROVIDER_IDS: readonly ProviderId[] = ["offline", "openai", "anthropic"];

/** Options of the resilient provider. */
export interface ResilientOptions {
  /** Retries per provider after the first attempt (default 2). */
  maxRetries?: number;
  /** First backoff in milliseconds, doubled each retry, with jitter (default 500). */
  baseDelayMs?: number;
  /** Longest wait before a retry; a `Retry-After` beyond it moves on to the next provider (default 8 000). */
  maxDelayMs?: number;
  /** Sleeps `ms` unless `signal` aborts (tests replace it). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** 0 ≤ x < 1, for jitter (tests replace it). */
  random?: () => number;
  metrics?: AppMetrics;
  /** Told about every retry and fallback (for logs). */
  onEvent?: (
    e: { kind: "retry" | "fallback"; provider: string; code: string; delayMs?: number; to?: string },
  ) => void;
}

const RETRY_CODES = new Set(["upstream_rate_limited", "upstream_unavailable"]);

/** Milliseconds to wait before retry number `attempt` (0-based) of `err`, or undefined to not retry. */
export function retryDelayMs(
  err: unknown,
  attempt: number,
  options: Pick<ResilientOptions, "maxRetries" | "baseDelayMs" | "maxDelayMs" | "random"> = {},
): number | undefined {
  const maxRetries = options.maxRetries ?? 2;
  if (!(err instanceof ProviderError) || !RETRY_CODES.has(err.code) || attempt >= maxRetries) {
    return undefined;
  }
  const maxDelay = options.maxDelayMs ?? 8_000;
  if (err.retryAfterSeconds !== undefined && Number.isFinite(err.retryAfterSeconds)) {
    const ms = Math.max(0, err.retryAfterSeconds * 1000);
    return ms <= maxDelay ? ms : undefined;
  }
  const base = (options.baseDelayMs ?? 500) * 2 ** attempt;
  const jittered = base * (0.5 + 0.5 * (options.random ?? Math.random)());
  return Math.min(maxDelay, Math.round(jittered));
}

/** A provider chain with retries; `chain[0]` is the primary. */
export interface ResilientProvider extends ArchitectureProvider {
  readonly chain: readonly ArchitectureProvider[];
}

/** Wraps `chain` (primary first) into one provider with retries and fallbacks. */
export function createResilientProvider(
  chain: ArchitectureProvider[],
  options: ResilientOptions = {},
): ResilientProvider {
  if (chain.length === 0) throw new Error("a provider chain needs at least one provider");
  const sleep = options.sleep ?? abortableSleep;
  const primary = chain[0];
  return {
    id: primary.id,
    model: primary.model,
    announcesProvider: chain.length > 1,
    chain,
    prepare(request: NormalizedRequest) {
      primary.prepare?.(request);
    },
    async *generate(request: NormalizedRequest, signal: AbortSignal): AsyncIterable<ProviderChunk> {
      for (let p = 0; p < chain.length; p++) {
        const provider = chain[p];
        for (let attempt = 0;; attempt++) {
          signal.throwIfAborted();
          let announced = false;
          const pending: ProviderChunk[] = [];
          const iterator = provider.generate(request, signal)[Symbol.asyncIterator]();
          let finished = false;
          try {
            while (true) {
              const step = await iterator.next();
              if (step.done) break;
              const chunk = step.value;
              if (chunk.kind === "provider") continue; // a nested chain announces through us
              if (!announced && chunk.kind === "element") {
                announced = true;
                yield { kind: "provider", id: provider.id, model: provider.model };
                for (const c of pending.splice(0)) yield c;
              }
              if (announced) yield chunk;
              else pending.push(chunk);
            }
            finished = true;
            if (!announced) {
              // Finished without an element: this provider answered (the runner reports the empty plan).
              yield { kind: "provider", id: provider.id, model: provider.model };
              for (const c of pending.splice(0)) yield c;
            }
            return;
          } catch (err) {
            finished = true;
            if (signal.aborted || announced) throw err;
            const code = err instanceof ProviderError ? err.code : "internal_error";
            const delay = retryDelayMs(err, attempt, options);
            if (delay !== undefined) {
              options.metrics?.providerRetries.inc({ provider: provider.id, code });
              options.onEvent?.({ kind: "retry", provider: provider.id, code, delayMs: delay });
              await sleep(delay, signal);
              continue;
            }
            const next = chain[p + 1];
            if (!next) throw err;
            options.metrics?.providerFallbacks.inc({ from: provider.id, to: next.id });
            options.onEvent?.({ kind: "fallback", provider: provider.id, code, to: next.id });
            break;
          } finally {
            if (!finished) await iterator.return?.(undefined)?.catch?.(() => {});
          }
        }
      }
    },
  };
}

/**
 * The provider order from the configuration: `LLM_PROVIDER` (resolved) then `LLM_FALLBACKS`, without
 * repeats. Throws ConfigError naming LLM_FALLBACKS for an unknown name or a provider without its key.
 */
export function providerChainIds(
  config: Pick<Config, "provider" | "LLM_FALLBACKS" | "OPENAI_API_KEY" | "ANTHROPIC_API_KEY">,
): ProviderId[] {
  const ids: ProviderId[] = [config.provider];
  const names = config.LLM_FALLBACKS.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const name of names) {
    if (!PROVIDER_IDS.includes(name as ProviderId)) {
      throw new ConfigError({ LLM_FALLBACKS: `unknown provider "${name}" (use ${PROVIDER_IDS.join(", ")})` });
    }
    const id = name as ProviderId;
    if (id === "openai" && !config.OPENAI_API_KEY) {
      throw new ConfigError({ LLM_FALLBACKS: "openai needs OPENAI_API_KEY" });
    }
    if (id === "anthropic" && !config.ANTHROPIC_API_KEY) {
      throw new ConfigError({ LLM_FALLBACKS: "anthropic needs ANTHROPIC_API_KEY" });
    }
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** Builds the configured chain with `create` (normally `createProvider`) and wraps it. */
export function createResilientFromConfig(
  config: Config,
  create: (config: Config, id: ProviderId) => ArchitectureProvider,
  options: ResilientOptions = {},
): ResilientProvider {
  return createResilientProvider(providerChainIds(config).map((id) => create(config, id)), options);
}
