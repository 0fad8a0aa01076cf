/**
 * lib/generation: one generation from admission to the stored answer. The service that admits a request
 * (exact cache, single flight, quota, spend cap, budget, provider slot) and answers with events or a refusal
 * (service.ts), the run of one provider with its timeouts (run.ts), validation and assembly of the streamed
 * plan (plan_assembler.ts), joining identical in-flight requests (single_flight.ts) and replays of stored
 * answers (replay.ts).
 *
 * May import: lib/platform, lib/protocol, lib/providers, lib/store, lib/semantic, lib/guards, lib/access.
 *
 * (Each module is imported directly; this file documents the folder and re-exports nothing.)
 */
export {};
