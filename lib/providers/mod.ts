/**
 * lib/providers: the architecture providers. The offline planner wrapped as a provider (offline.ts), OpenAI
 * and Anthropic (openai.ts, anthropic.ts) with their shared prompt (prompt.ts), their one streamed HTTP call
 * (upstream_call.ts) and event-stream reader (event_stream_reader.ts), the streamed-element parser and upstream
 * error mapping, the fallback chain with retries (resilient.ts) and the provider interface
 * (types.ts). This module selects one configured provider.
 *
 * May import: lib/platform, lib/protocol, lib/planner.
 */
import type { Config } from "../platform/config.ts";
import { createAnthropicProvider } from "./anthropic.ts";
import { createOfflineProvider } from "./offline.ts";
import { createOpenAIProvider } from "./openai.ts";
import type { ArchitectureProvider, ProviderId } from "./types.ts";

/** Thrown when a provider is selected without the key it needs (names the variable). */
export class ProviderConfigError extends Error {
  constructor(readonly variable: string, provider: ProviderId) {
    super(`${variable} is required to use the ${provider} provider`);
    this.name = "ProviderConfigError";
  }
}

/**
 * Builds the provider with the given id from the configuration. The SDK request timeout is the
 * first-element timeout: the response must at least start within it (the generation runner enforces the
 * first-element and total timeouts on the stream itself).
 */
export function createProvider(config: Config, id: ProviderId = config.provider): ArchitectureProvider {
  const timeoutMs = Math.min(config.FIRST_ELEMENT_TIMEOUT_MS, config.GENERATION_TIMEOUT_MS);
  switch (id) {
    case "offline":
      return createOfflineProvider({ paceMs: config.OFFLINE_PACE_MS });
    case "openai":
      if (!config.OPENAI_API_KEY) throw new ProviderConfigError("OPENAI_API_KEY", id);
      return createOpenAIProvider({
        apiKey: config.OPENAI_API_KEY,
        baseURL: config.OPENAI_BASE_URL,
        model: config.OPENAI_MODEL,
        timeoutMs,
      });
    case "anthropic":
      if (!config.ANTHROPIC_API_KEY) throw new ProviderConfigError("ANTHROPIC_API_KEY", id);
      return createAnthropicProvider({
        apiKey: config.ANTHROPIC_API_KEY,
        baseURL: config.ANTHROPIC_BASE_URL,
        model: config.ANTHROPIC_MODEL,
        timeoutMs,
      });
    default:
      throw new Error(`unknown provider ${id satisfies never}`);
  }
}
