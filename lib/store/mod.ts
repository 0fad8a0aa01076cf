/**
 * lib/store: stored generations. The generation store in Deno KV (chunked records, indexes by request and
 * by time, history pages), the stored summary of a run (generation_outcome.ts) and the exports of one generation as JSON, Markdown or Mermaid (exports.ts).
 *
 * May import: lib/platform, lib/protocol, lib/providers.
 *
 * (Each module is imported directly; this file documents the folder and re-exports nothing.)
 */
export {};
