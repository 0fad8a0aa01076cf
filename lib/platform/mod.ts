/**
 * lib/platform: what every concern runs on. Configuration from the environment (config.ts), the structured
 * logger, the Prometheus metrics registry, time limits on awaits (with_timeout.ts, abortable_sleep.ts), ids
 * (ULIDs) and opening Deno KV (kv/).
 *
 * May import: nothing in lib/.
 *
 * (Each module is imported directly; this file documents the folder and re-exports nothing.)
 */
export {};
