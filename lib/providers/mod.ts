/** Provider selection: builds the configured provider (and, later, its fallbacks). */
import type { Config } from "../config.ts";
import { createOfflineProvider } from "./offline.ts";
import type { ArchitectureProvider, ProviderId } from "./types.ts";

/** Builds the provider with the given id from the configuration. */
export function createProvider(config: Config, id: ProviderId = config.provider): ArchitectureProvider {
  switch (id) {
    case "offline":
      return createOfflineProvider({ paceMs: config.OFFLINE_PACE_MS });
    default:
      throw new Error(`provider ${id} is not available yet`);
  }
}
