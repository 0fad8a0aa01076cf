/**
 * lib/generation: one generation from admission to the stored answer. The pipeline of named steps (exact
 * cache, single flight, quota, spend cap, budget, provider slot, run) with its one rollback path
 * (pipeline.ts, undo_stack.ts), its answers as domain values, a stream or a refusal (admission.ts), the
 * `queued` events while waiting for a slot (queue_wait.ts), the run of one provider with its timeouts
 * (run.ts) and what happens when it ends (run_finalizers.ts), validation and assembly of the streamed plan
 * (plan_assembler.ts), joining identical in-flight requests (single_flight.ts) and replays of stored answers
 * (replay.ts).
 *
 * May import: lib/platform, lib/protocol, lib/providers, lib/store, lib/semantic, lib/guards, lib/access,
 * lib/planner.
 *
 * (Each module is imported directly; this file documents the folder and re-exports nothing.)
 */
export {};
