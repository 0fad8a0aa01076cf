/**
 * Versions of the two answer engines, part of every cache key (lib/protocol/request_hash.ts): answers made
 * by another version are stale. They live here, beside the hash, so the protocol depends on no engine; the
 * planner (lib/planner/planner.ts) and the LLM prompt (lib/providers/prompt.ts) re-export theirs.
 */

/** Version of the offline planner's output. Bump when the planner's output for a request changes. */
export const PLANNER_VERSION = "24";

/** Version of the LLM prompt and output schema. Bump whenever the prompt or the schema changes. */
export const PROMPT_VERSION = "llm-3";
