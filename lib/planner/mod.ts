/**
 * lib/planner: the offline planner, which turns a request into the two architectures without a model.
 * Capability detection from the description (capabilities.ts), the per-cloud service, price and region
 * catalog (catalog.ts), and the plan itself: nodes, edges, costs and value propositions (planner.ts).
 *
 * May import: lib/platform, lib/protocol.
 *
 * (Each module is imported directly; this file documents the folder and re-exports nothing.)
 */
export {};
