/**
 * Every KV key the app writes, built in one place (one section per stored concept) so a newcomer finds the
 * whole schema here and no module spells a key by hand. `KV_KEY_TABLE` below is the same schema as text; the
 * README's "KV keys" table is checked against it (tests/kv_keys_test.ts).
 *
 * Builders return fresh arrays; prefixes (`…Prefix()`) are for `kv.list` and are never written themselves.
 */

// ---- budget (lib/guards/budget.ts) --------------------------------------------------------------------------

/** `["budget","used"]`: units spent or reserved in the current count. */
export const budgetUsedKey = (): Deno.KvKey => ["budget", "used"];
/** `["budget","limit"]`: the run-time limit (absent = GENERATION_LIMIT). */
export const budgetLimitKey = (): Deno.KvKey => ["budget", "limit"];
/** `["budget","period_start"]`: when the current count began. */
export const budgetPeriodStartKey = (): Deno.KvKey => ["budget", "period_start"];
/** Prefix of the reservation leases. */
export const budgetLeasePrefix = (): Deno.KvKey => ["budget", "lease"];
/** `["budget","lease",id]`: one in-flight reservation. */
export const budgetLeaseKey = (id: string): Deno.KvKey => ["budget", "lease", id];

// ---- per-client rate limits (lib/guards/rate_limit.ts) ------------------------------------------------------

/** Prefix of every rate-limit list. */
export const rateLimitPrefix = (): Deno.KvKey => ["rate_limit"];
/** `["rate_limit",scope,client]`: recent requests of one client in one scope (`gen`, `api`). */
export const rateLimitKey = (scope: string, client: string): Deno.KvKey => ["rate_limit", scope, client];

// ---- provider slots (lib/guards/provider_gate.ts) -----------------------------------------------------------

/** Prefix of one provider's slot leases. */
export const providerSlotPrefix = (provider: string): Deno.KvKey => ["provider_slots", provider];
/** `["provider_slots",provider,i]`: lease of slot `i`. */
export const providerSlotKey = (provider: string, index: number): Deno.KvKey => [
  "provider_slots",
  provider,
  index,
];

// ---- LLM spend (lib/guards/spend.ts) ------------------------------------------------------------------------

/** Prefix of one spend period (`all`, `2026-11-21`, `2026-11-21T13`). */
export const spendPeriodPrefix = (period: string): Deno.KvKey => ["spend", period];
/** `["spend",period,"total"]`: nano-USD spent in the period. */
export const spendTotalKey = (period: string): Deno.KvKey => ["spend", period, "total"];
/** `["spend",period,"model",provider,model]`: nano-USD per model. */
export const spendModelKey = (period: string, provider: string, model: string): Deno.KvKey => [
  "spend",
  period,
  "model",
  provider,
  model,
];
/** `["spend",period,"tokens",provider,model,direction]`: tokens per model and direction. */
export const spendTokensKey = (
  period: string,
  provider: string,
  model: string,
  direction: "input" | "output",
): Deno.KvKey => ["spend", period, "tokens", provider, model, direction];
/** `["spend",period,"calls",provider,model]`: generations with known usage. */
export const spendCallsKey = (period: string, provider: string, model: string): Deno.KvKey => [
  "spend",
  period,
  "calls",
  provider,
  model,
];

// ---- generation store (lib/store/generation_store.ts) -------------------------------------------------------

/** Prefix of the generation headers (listing it in reverse is the time index). */
export const generationPrefix = (): Deno.KvKey => ["generations"];
/** `["generations",id]`: a generation's header. */
export const generationKey = (id: string): Deno.KvKey => ["generations", id];
/** Prefix of one generation's chunks. */
export const generationChunkPrefix = (id: string): Deno.KvKey => ["generation_chunks", id];
/** `["generation_chunks",id,n]`: part `n` of the plan elements. */
export const generationChunkKey = (id: string, n: number): Deno.KvKey => ["generation_chunks", id, n];
/** Prefix of the request-hash index of one request (or of all, without a hash). */
export const generationsByRequestPrefix = (requestHash?: string): Deno.KvKey =>
  requestHash === undefined ? ["generations_by_request"] : ["generations_by_request", requestHash];
/** `["generations_by_request",requestHash,id]`: the exact-cache index. */
export const generationsByRequestKey = (requestHash: string, id: string): Deno.KvKey => [
  "generations_by_request",
  requestHash,
  id,
];

// ---- semantic cache (lib/semantic/vector_index.ts, backfill.ts) ---------------------------------------------

/** Prefix of everything the vector index stores. */
export const vectorPrefix = (): Deno.KvKey => ["vectors"];
/** `["vectors","item",id]`: one generation's vector (the source of truth). */
export const vectorItemKey = (id: string): Deno.KvKey => ["vectors", "item", id];
/** `["vectors","block",embedderId,scale,competitor]` prefix of one partition's blocks. */
export const vectorBlockPrefix = (embedderId: string, scale: string, competitor: string): Deno.KvKey => [
  "vectors",
  "block",
  embedderId,
  scale,
  competitor,
];
/** `["vectors","block",embedderId,scale,competitor,n]`: packed vectors. */
export const vectorBlockKey = (
  embedderId: string,
  scale: string,
  competitor: string,
  n: number,
): Deno.KvKey => [
  ...vectorBlockPrefix(embedderId, scale, competitor),
  n,
];
/** `["vectors","meta",embedderId,scale,competitor]`: the block being appended to. */
export const vectorMetaKey = (embedderId: string, scale: string, competitor: string): Deno.KvKey => [
  "vectors",
  "meta",
  embedderId,
  scale,
  competitor,
];
/** `["vectors","backfill",embedderId]`: saved backfill progress. */
export const vectorBackfillKey = (embedderId: string): Deno.KvKey => ["vectors", "backfill", embedderId];

// ---- access: API keys and the audit log (lib/access/) -------------------------------------------------------

/** Prefix of the API key records. */
export const apiKeyPrefix = (): Deno.KvKey => ["api_keys", "by_id"];
/** `["api_keys","by_id",id]`: an API key record (with its hash). */
export const apiKeyKey = (id: string): Deno.KvKey => ["api_keys", "by_id", id];
/** Prefix of the hash index. */
export const apiKeyHashPrefix = (): Deno.KvKey => ["api_keys", "by_hash"];
/** `["api_keys","by_hash",sha256hex]`: key id, the lookup index of `verifyApiKey`. */
export const apiKeyHashKey = (hash: string): Deno.KvKey => ["api_keys", "by_hash", hash];
/** Prefix of the audit log. */
export const auditPrefix = (): Deno.KvKey => ["audit"];
/** `["audit",ulid]`: one audit entry. */
export const auditKey = (id: string): Deno.KvKey => ["audit", id];

/**
 * The schema as text: each key pattern (placeholders are bare words) with the module that owns it. The
 * README's KV table lists exactly these patterns.
 */
export const KV_KEY_TABLE: readonly { key: string; owner: string }[] = [
  { key: `["budget","used"]`, owner: "lib/guards/budget.ts" },
  { key: `["budget","limit"]`, owner: "lib/guards/budget.ts" },
  { key: `["budget","period_start"]`, owner: "lib/guards/budget.ts" },
  { key: `["budget","lease",id]`, owner: "lib/guards/budget.ts" },
  { key: `["api_keys","by_id",id]`, owner: "lib/access/api_keys.ts" },
  { key: `["api_keys","by_hash",sha256hex]`, owner: "lib/access/api_keys.ts" },
  { key: `["rate_limit",scope,client]`, owner: "lib/guards/rate_limit.ts" },
  { key: `["generations",id]`, owner: "lib/store/generation_store.ts" },
  { key: `["generation_chunks",id,n]`, owner: "lib/store/generation_store.ts" },
  { key: `["generations_by_request",requestHash,id]`, owner: "lib/store/generation_store.ts" },
  { key: `["vectors","item",id]`, owner: "lib/semantic/vector_index.ts" },
  { key: `["vectors","block",embedderId,scale,competitor,n]`, owner: "lib/semantic/vector_index.ts" },
  { key: `["vectors","meta",embedderId,scale,competitor]`, owner: "lib/semantic/vector_index.ts" },
  { key: `["vectors","backfill",embedderId]`, owner: "lib/semantic/backfill.ts" },
  { key: `["audit",ulid]`, owner: "lib/access/audit_log.ts" },
  { key: `["spend",period,"total"]`, owner: "lib/guards/spend.ts" },
  { key: `["spend",period,"model",provider,model]`, owner: "lib/guards/spend.ts" },
  { key: `["spend",period,"tokens",provider,model,"input"|"output"]`, owner: "lib/guards/spend.ts" },
  { key: `["spend",period,"calls",provider,model]`, owner: "lib/guards/spend.ts" },
  { key: `["provider_slots",provider,i]`, owner: "lib/guards/provider_gate.ts" },
];
