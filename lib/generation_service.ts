/**
 * The generation service: everything that happens between a validated request and its event stream.
 * It decides whether to answer from storage or to generate, and guards generations (budget, quotas).
 * Outcomes are domain values; routes/ maps them to HTTP.
 */
import type { Config } from "./config.ts";
import type { GenerationEvent } from "./events.ts";
import { runGeneration } from "./generation.ts";
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

/** Decides how each request is answered. */
export class GenerationService {
  constructor(readonly deps: GenerationServiceDeps) {}

  /** Admits (or rejects) one request. `signal` fires when the client goes away. */
  // deno-lint-ignore require-await
  async begin(parsed: ParsedGeneration, _client: ClientIdentity, signal: AbortSignal): Promise<StreamAdmission | Rejection> {
    const { config, provider } = this.deps;
    const events = runGeneration(provider, parsed.request, {
      id: newId(),
      signal,
      firstElementTimeoutMs: config.FIRST_ELEMENT_TIMEOUT_MS,
      totalTimeoutMs: config.GENERATION_TIMEOUT_MS,
    });
    return { kind: "stream", events };
  }
}
