/**
 * Start-up repair for the semantic cache: every generation is stored with a "vector pending" marker in the
 * same atomic commit as its header (lib/store/generation_store.ts), cleared once its vector is indexed. A
 * process killed in between (`kill -9`) leaves the marker; this drains them: each pending generation gets its
 * vector (unless it already has one from this embedder) and its marker is cleared. Bounded and best-effort:
 * a failure is logged and the marker stays for the next start.
 */
import type { GenerationStore } from "../store/generation_store.ts";
import type { SimilarSearch } from "./similar_search.ts";
import { log } from "../platform/logger.ts";

/** Indexes the generations left with a pending vector; returns how many were indexed. */
export async function drainPendingVectors(
  store: GenerationStore,
  similar: SimilarSearch,
  options: { batch?: number; maxBatches?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const batch = options.batch ?? 100;
  let indexed = 0;
  for (let round = 0; round < (options.maxBatches ?? 1000); round++) {
    if (options.signal?.aborted) break;
    const ids = await store.pendingVectors(batch);
    if (ids.length === 0) break;
    let progressed = false;
    for (const id of ids) {
      if (options.signal?.aborted) break;
      try {
        const record = await store.getRecord(id);
        if (record && !(await similar.isIndexed(id))) {
          await similar.indexGeneration(record);
          indexed++;
        }
        await store.markIndexed(id);
        progressed = true;
      } catch (err) {
        log.warn("pending vector not indexed", { id, error: err });
      }
    }
    if (!progressed) break;
  }
  if (indexed > 0) log.info("pending vectors indexed", { indexed });
  return indexed;
}
