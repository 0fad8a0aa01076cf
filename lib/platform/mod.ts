/**
 * lib/platform: what every concern runs on. Configuration from the environment (config.ts), the structured
 * logger, the Prometheus metrics registry, time limits on awaits (with_timeout.ts, abortable_sleep.ts), ids
 * (ULIDs), opening Deno KV (kv/), and what the configuration validates with: the client plans (plans.ts), IP
 * addresses, CIDRs and `TRUST_PROXY` (ip_address.ts) and the rate limit spec format (rate_limit_spec.ts).
 *
 * May import: nothing in lib/.
 *
 * (Each module is imported directly; this file documents the folder and re-exports nothing.)
 */
export {};
