/**
 * Backfill of the vector index: gives every stored generation a vector from the current embedder — the ones
 * stored before the semantic cache existed, and all of them after a change of embedder (a vector whose
 * embedder id differs is re-embedded and moved to the new embedder's partition).
 *
 * Resumable: the position (the store's listing cursor) and the counts are saved in KV after every page, so a
 * run that stops (crash, `maxItems`, time limit, abort) continues where it left off on the next call. A run
 * that reaches the end records `done`; the next call starts a fresh pass (cheap: indexed generations are
 * skipped after one KV read each).
 *
 * KV key: `["vectors", "backfill", embedderId]` → {@link BackfillProgress}.
 */
import type { Embedder } from "./embeddings/mod.ts";
import { embeddingTextOf } from "./embeddings/mod.ts";
import type { GenerationPage, GenerationSummary } from "../store/generation_store.ts";
import { VectorIndex, vectorItemKey } from "./vector_index.ts";
import { vectorBackfillKey } from "../platform/kv/keys.ts";

/** What the backfill needs from the generation store: the newest-first listing with cursors. */
export interface GenerationLister {
  list(options: { limit?: number; cursor?: string }): Promise<GenerationPage>;
}

/** Progress of a backfill pass (also its saved state). */
export interface BackfillProgress {
  embedderId: string;
  /** Generations looked at in this pass. */
  processed: number;
  /** Of those, embedded now (had no vector, or one from another embedder). */
  embedded: number;
  /** Of those, already indexed by this embedder. */
  skipped: number;
  /** Where the next page starts; null at the start of a pass. */
  cursor: string | null;
  /** The pass reached the last stored generation. */
  done: boolean;
  startedAt: string;
  updatedAt: string;
}

/** Options of {@link backfillEmbeddings}. */
export interface BackfillOptions {
  /** Called after every page with the progress so far. */
  onProgress?: (progress: BackfillProgress) => void | Promise<void>;
  /**
   * Where to start: `undefined` resumes the saved pass (or starts a new one when the last pass was done),
   * `null` starts a new pass, a string is a listing cursor of the store.
   */
  cursor?: string | null;
  /** Stop (resumably) after this many generations in this call. */
  maxItems?: number;
  /** Stop (resumably) once this many milliseconds have passed. */
  timeLimitMs?: number;
  /** Generations per page (1–100), default 100. */
  pageSize?: number;
  signal?: AbortSignal;
}

/** KV key of the saved progress of an embedder's backfill. */
export function backfillKey(embedderId: string): Deno.KvKey {
  return vectorBackfillKey(embedderId);
}

/** The saved progress of an embedder's backfill, or null when none ran. */
export async function backfillStatus(kv: Deno.Kv, embedderId: string): Promise<BackfillProgress | null> {
  return (await kv.get<BackfillProgress>(backfillKey(embedderId))).value;
}

/**
 * Indexes every stored generation that has no vector from `embedder`. Returns the progress at the end of this
 * call (`done: false` when it stopped early; call again to resume).
 */
export async function backfillEmbeddings(
  kv: Deno.Kv,
  deps: { store: GenerationLister; embedder: Embedder },
  options: BackfillOptions = {},
): Promise<BackfillProgress> {
  const { store, embedder } = deps;
  const index = new VectorIndex(kv);
  const pageSize = Math.min(100, Math.max(1, options.pageSize ?? 100));
  const began = Date.now();
  const now = () => new Date().toISOString();
  const saved = await backfillStatus(kv, embedder.id);
  const fresh = (): BackfillProgress => ({
    embedderId: embedder.id,
    processed: 0,
    embedded: 0,
    skipped: 0,
    cursor: null,
    done: false,
    startedAt: now(),
    updatedAt: now(),
  });
  let progress: BackfillProgress;
  if (options.cursor === undefined) progress = saved && !saved.done ? { ...saved } : fresh();
  else progress = { ...fresh(), cursor: options.cursor };

  let thisCall = 0;
  while (true) {
    if (options.signal?.aborted) break;
    if (options.maxItems !== undefined && thisCall >= options.maxItems) break;
    if (options.timeLimitMs !== undefined && Date.now() - began >= options.timeLimitMs) break;
    const limit = options.maxItems === undefined ? pageSize : Math.min(pageSize, options.maxItems - thisCall);
    const page = await store.list({ limit, cursor: progress.cursor ?? undefined });
    const todo: GenerationSummary[] = [];
    for (let i = 0; i < page.generations.length; i += 10) {
      const chunk = page.generations.slice(i, i + 10);
      const items = await kv.getMany<{ embedderId: string }[]>(
        chunk.map((g) => vectorItemKey(g.id)),
      );
      chunk.forEach((g, k) => {
        if (items[k].value?.embedderId === embedder.id) progress.skipped++;
        else todo.push(g);
      });
    }
    if (todo.length) {
      const vectors = await embedder.embed(todo.map((g) => embeddingTextOf(g.request)));
      await index.addMany(todo.map((g, k) => ({
        id: g.id,
        embedderId: embedder.id,
        scale: g.request.scale,
        competitor: g.request.competitor,
        vector: vectors[k],
      })));
      progress.embedded += todo.length;
    }
    progress.processed += page.generations.length;
    thisCall += page.generations.length;
    progress.cursor = page.cursor;
    progress.done = page.cursor === null;
    progress.updatedAt = now();
    await kv.set(backfillKey(embedder.id), progress);
    await options.onProgress?.({ ...progress });
    if (progress.done) break;
  }
  return progress;
}
