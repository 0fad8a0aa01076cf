/**
 * lib/protocol: the contract between clients, server and providers, as data. The generation request (zod
 * schema, enums, defaults, presets), the streamed events and their SSE framing, the one SSE parser (shared
 * by the islands, the tests and the tools), request hashing for the exact cache with the engine versions,
 * and the conversion of validation issues into field messages. No HTTP statuses, no KV.
 *
 * May import: lib/platform.
 *
 * (Each module is imported directly; this file documents the folder and re-exports nothing, so the islands
 * bundle pulls in only what it names.)
 */
export {};
