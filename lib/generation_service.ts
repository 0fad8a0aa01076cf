/**
 * The generation service: everything that happens between a validated request and its event stream.
 * It decides whether to answer from storage or to generate, and guards generations (budget, quotas).
 * Outcomes are domain values; routes/ maps them to HTTP.
 */
import type { Config } from "./config.ts";
import type { GenerationEvent } from "./events.ts";
import { type GenerationOutcome, runGeneration } from "./generation.ts";
import { newId } from "./ids.ts";
import type { ArchitectureProvider } from "./providers/types.ts";
import type { ParsedGeneration } from "./request_schema.ts";

/** Who is asking (filled by the client identification middleware). */
export interface ClientIdentity {
  /** Stable key for per-client limits, e.g. `ip:203.0.113.7` or `key:<id>`. */
  key: string;
  plan: "anonymous" | "free" | "starter" | "pro" | "enterprise";
  apiKeyId?: string;
}

/** A request that will be answered with an event stream. */
export interface StreamAdmission {
  kind: "stream";
  events: AsyncIterable<GenerationEvent>;
  headers?: Record<string, string>;
}

/** A request refused before any event (budget spent, rate limited, KV down…). */
export interface Rejection {
  kind: "rejected";
  status: 429 | 503;
  body: { error: { code: string; message: string; [k: string]: unknown }; [k: string]: unknown };
  headers?: Record<string, string>;
}

/** Dependencies of the service. */
export interface GenerationServiceDeps {
  config: Config;
  kv: Deno.Kv;
  provider: ArchitectureProvider;
}

/** Called once per generation run when it ends, however it ends (complete, error, or client abort). */
export type RunFinalizer = (outcome: GenerationOutcome) => Promise<void> | void;

/**
 * Decides how each request is answered. `begin` goes through these steps in order; each step lives in its
 * own lib module and only the wiring is here:
 *  1. exact cache: a stored answer for the same normalized request is replayed (spends nothing);
 *  2. per-client generation quota;
 *  3. global budget reservation (refused → 4);
 *  4. similar answer from the semantic cache when the budget or quota is spent, else the 429;
 *  5. single flight: identical in-flight requests attach to the running generation;
 *  6. provider slot (concurrency cap / priority queue);
 *  7. run; on the outcome commit or give back the budget unit, store the generation and its vector,
 *     record metrics.
 */
export class GenerationService {
  constructor(readonly deps: GenerationServiceDeps) {}

  /** Admits (or rejects) one request. `signal` fires when the client goes away. */
  // deno-lint-ignore require-await
  async begin(
    parsed: ParsedGeneration,
    _client: ClientIdentity,
    signal: AbortSignal,
  ): Promise<StreamAdmission | Rejection> {
    const { config, provider } = this.deps;
    const finalizers: RunFinalizer[] = [];
    const run = runGeneration(provider, parsed.request, {
      id: newId(),
      signal,
      firstElementTimeoutMs: config.FIRST_ELEMENT_TIMEOUT_MS,
      totalTimeoutMs: config.GENERATION_TIMEOUT_MS,
    });
    return { kind: "stream", events: track(run, finalizers) };
  }
}

/**
 * Forwards a run's events and calls every finalizer with its outcome exactly once — also when the consumer
 * stops early (client gone), in which case the outcome's status is `aborted`.
 */
export async function* track(
  run: AsyncGenerator<GenerationEvent, GenerationOutcome>,
  finalizers: RunFinalizer[],
): AsyncGenerator<GenerationEvent, GenerationOutcome | undefined> {
  let outcome: GenerationOutcome | undefined;
  let first: GenerationEvent | undefined;
  const sent: GenerationEvent[] = [];
  try {
    while (true) {
      const step = await run.next();
      if (step.done) {
        outcome = step.value;
        break;
      }
      first ??= step.value;
      sent.push(step.value);
      yield step.value;
    }
  } finally {
    if (!outcome) {
      // The consumer went away mid-stream: stop the run and report it as aborted.
      await run.return(undefined as never).catch(() => {});
      const elements = sent.filter((e) => e.type !== "start" && e.type !== "queued" && e.type !== "complete" &&
        e.type !== "error") as GenerationOutcome["elements"];
      outcome = {
        status: "aborted",
        start: first as GenerationOutcome["start"],
        elements,
        dropped: 0,
        elapsedMs: 0,
      };
    }
    for (const finalize of finalizers) {
      try {
        await finalize(outcome);
      } catch (err) {
        console.error(JSON.stringify({ level: "error", msg: "generation finalizer failed", error: String(err) }));
      }
    }
  }
  return outcome;
}
