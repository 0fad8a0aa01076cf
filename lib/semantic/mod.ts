/**
 * lib/semantic: the semantic cache. Finding the stored generation most similar to a request
 * (similar_search.ts), the vector index in Deno KV (vector_index.ts, one handle over vectors/: block and page codecs, scoring kernels, records, writes, search), the embedders (embeddings/) and the
 * backfill that embeds generations stored before (backfill.ts).
 *
 * May import: lib/platform, lib/protocol, lib/store.
 *
 * (Each module is imported directly; this file documents the folder and re-exports nothing.)
 */
export {};
