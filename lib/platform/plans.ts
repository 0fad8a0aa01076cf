/**
 * The client plans, below every other concern because the configuration names them (`QUEUE_SHARES`), the
 * guards limit by them and API keys carry them: one list and one `ClientPlan` type for all.
 */

/** Client plans an API key can carry, cheapest first. */
export const PLANS = ["free", "starter", "pro", "enterprise"] as const;

/** A plan an API key can carry. */
export type Plan = typeof PLANS[number];

/** Plans a client can be on: an API key's plan, or `anonymous` without one. */
export type ClientPlan = "anonymous" | Plan;

/** Every client plan, `anonymous` first. */
export const CLIENT_PLANS: readonly ClientPlan[] = ["anonymous", ...PLANS];
