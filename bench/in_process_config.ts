/**
 * The configuration of a benchmark that runs the app in-process: `:memory:` KV, the offline planner unpaced,
 * a budget and per-client limits that never refuse, warnings only. `overrides` change single settings.
 */
import { type Config, loadConfig } from "../lib/platform/config.ts";

/** The in-process benchmark configuration, with `overrides` applied. */
export function inProcessConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    KV_PATH: ":memory:",
    OFFLINE_PACE_MS: "0",
    GENERATION_LIMIT: "1000000",
    RATE_LIMIT_ANONYMOUS: "unlimited",
    RATE_LIMIT_API: "unlimited",
    LOG_LEVEL: "warn",
    ...overrides,
  });
}
