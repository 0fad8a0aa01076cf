/**
 * lib/guards: what limits generations. The race-free global budget (budget.ts), per-client sliding-window
 * rate limits (rate_limit.ts), LLM spend per period with its cap (spend.ts) and the model price table
 * (llm_prices.ts), and the provider concurrency gate across processes (provider_gate.ts).
 *
 * May import: lib/platform, lib/protocol.
 *
 * (Each module is imported directly; this file documents the folder and re-exports nothing.)
 */
export {};
