/**
 * Writes to the vector index: add one vector (replacing the id's old one, in any partition), add many new
 * ones whole blocks per commit, remove one. Every write is one atomic commit checked with versionstamps and
 * retried on conflict, so writers in several processes interleave safely; within a process, writes through
 * one KV handle are queued one after another.
 */
import {
  appendToBlock,
  BLOCK_BYTES,
  blockCapacity,
  blockHasRoom,
  decodeBlock,
  emptyBlock,
  encodeBlock,
  removeFromBlock,
  type VectorBlock,
} from "./block_codec.ts";
import {
  appendToPage,
  decodePage,
  emptyPage,
  encodePage,
  PAGE_HEADER,
  pageCapacity,
  pageSlots,
  releaseSlot,
  type VectorPage,
} from "./page_codec.ts";
import {
  blockKey,
  metaKey,
  pageKey,
  type Partition,
  type PartitionMeta,
  placeOf,
  storedItem,
  unitCopy,
  validateEntry,
  type VectorEntry,
  vectorItemKey,
  withPages,
} from "./records.ts";

/**
 * An optimistic write gives up after at least MIN_ATTEMPTS attempts and RETRY_FOR_MS of retrying, whichever
 * comes last: on a loaded machine another process's queue of writes can win 30 rounds in a row.
 */
const MIN_ATTEMPTS = 30;
const RETRY_FOR_MS = 10_000;
/** KV's per-commit limits, with headroom. */
const MAX_CHECKS = 95;
const MAX_COMMIT_BYTES = 700 * 1024;

/** Thrown when a write keeps conflicting with other writers. */
export class VectorIndexConflictError extends Error {
  constructor(what: string) {
    super(`vector index: ${what} kept conflicting with concurrent writes`);
    this.name = "VectorIndexConflictError";
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Attempt numbers of one optimistic write (see MIN_ATTEMPTS and RETRY_FOR_MS). */
function* attempts(): Generator<number> {
  const began = performance.now();
  for (let attempt = 0; attempt < MIN_ATTEMPTS || performance.now() - began < RETRY_FOR_MS; attempt++) {
    yield attempt;
  }
}

/** The jittered pause after a conflicted attempt (up to 50 ms, growing with the attempt). */
const backOff = (attempt: number) => sleep(Math.random() * Math.min(50, 2 ** attempt));

/**
 * Writes through one KV handle are queued one after another (per process and handle): concurrent writers of
 * the same process would otherwise all contend for the same partition meta key and starve each other.
 * Across processes, the versionstamp checks and retries keep writes correct.
 */
const writeQueues = new WeakMap<Deno.Kv, Promise<unknown>>();
function serialized<T>(kv: Deno.Kv, fn: () => Promise<T>): Promise<T> {
  const previous = writeQueues.get(kv) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  writeQueues.set(kv, run.catch(() => {}));
  return run;
}

/**
 * Indexes (or re-indexes) one vector. An existing vector of the same id is replaced in the same atomic
 * commit, also when it lives in another partition (other embedder, scale or competitor).
 */
export function addVector(kv: Deno.Kv, entry: VectorEntry): Promise<void> {
  try {
    validateEntry(entry);
  } catch (err) {
    return Promise.reject(err);
  }
  return new Promise<void>((resolve, reject) => {
    let waiting = waitingAdds.get(kv);
    // Join the adds waiting for their turn only if no other write (a removal) was queued behind them, so
    // writes still happen in the order they were asked for.
    if (!waiting || writeQueues.get(kv) !== waiting.tail) {
      const adds: WaitingAdd[] = [];
      // One turn of the write queue takes every add that has joined by then (see addWaiting).
      serialized(kv, () => addWaiting(kv, adds)).catch(() => {});
      waiting = { adds, tail: writeQueues.get(kv) };
      waitingAdds.set(kv, waiting);
    }
    waiting.adds.push({ entry, resolve, reject });
  });
}

interface WaitingAdd {
  entry: VectorEntry;
  resolve(): void;
  reject(e: unknown): void;
}

/** Adds that wait for their turn of a handle's write queue, and the queue's tail when they were queued. */
const waitingAdds = new WeakMap<Deno.Kv, { adds: WaitingAdd[]; tail: Promise<unknown> | undefined }>();

/**
 * The adds that queued up behind other writes, written together: one alone as before; several (concurrent
 * generations ending together) through the many-vector path, whole blocks per commit, so that a burst costs a
 * few commits instead of one each (on a local KV file every commit waits for the disk). The many path checks
 * each id absent and re-adds an indexed one on its own, so the result is the same as one add after another;
 * when it fails, each add is tried on its own and fails alone.
 */
async function addWaiting(kv: Deno.Kv, batch: WaitingAdd[]): Promise<void> {
  // Its turn has come: adds from now on start the next batch.
  if (waitingAdds.get(kv)?.adds === batch) waitingAdds.delete(kv);
  const ids = new Set(batch.map((a) => a.entry.id));
  if (batch.length > 1 && ids.size === batch.length) {
    try {
      await addManyNow(kv, batch.map((a) => a.entry), {});
      for (const a of batch) a.resolve();
      return;
    } catch { /* one at a time below */ }
  }
  for (const a of batch) await addOne(kv, a.entry).then(a.resolve, a.reject);
}

/**
 * Indexes many vectors of new ids fast: whole blocks per commit. Each item is checked absent unless
 * `assumeNew` is set (the caller guarantees the ids are not indexed, e.g. a freshly built corpus); an id that
 * turns out to exist falls back to {@link addVector}. `onProgress` gets the number written so far.
 */
export function addVectors(
  kv: Deno.Kv,
  entries: VectorEntry[],
  options: { assumeNew?: boolean; onProgress?: (written: number) => void } = {},
): Promise<void> {
  return serialized(kv, () => addManyNow(kv, entries, options));
}

/** Removes the vector of a generation id; false when there was none. */
export function removeVector(kv: Deno.Kv, id: string): Promise<boolean> {
  return serialized(kv, () => removeOne(kv, id));
}

/** The stored value of one key, with the versionstamp it was read at. */
interface ReadValue {
  key: Deno.KvKey;
  versionstamp: string | null;
  bytes: Uint8Array | null;
}

/**
 * The blocks and pages one add reads and may rewrite, decoded, each remembered with the versionstamp it was
 * read at. Blocks and pages are named by their key's JSON.
 */
class AddStage {
  readonly values = new Map<string, ReadValue>();
  readonly blocks = new Map<string, VectorBlock | null>();
  readonly pages = new Map<string, VectorPage | null>();

  constructor(private readonly kv: Deno.Kv) {}

  /** Reads every value this add may rewrite at once (a short read-to-commit window under contention). */
  async prefetch(wanted: Deno.KvKey[]): Promise<void> {
    const unique = [...new Map(wanted.map((k) => [JSON.stringify(k), k])).values()];
    (await this.kv.getMany<Uint8Array[]>(unique)).forEach((res, k) =>
      this.values.set(JSON.stringify(unique[k]), {
        key: unique[k],
        versionstamp: res.versionstamp,
        bytes: res.value,
      })
    );
  }

  private async read(key: Deno.KvKey): Promise<ReadValue> {
    const id = JSON.stringify(key);
    if (!this.values.has(id)) {
      const res = await this.kv.get<Uint8Array>(key);
      this.values.set(id, { key, versionstamp: res.versionstamp, bytes: res.value });
    }
    return this.values.get(id)!;
  }

  /** Reads (once) and decodes block `n` of the partition; returns its name in {@link blocks}. */
  async readBlock(p: Partition, n: number): Promise<string> {
    const key = blockKey(p, n);
    const id = JSON.stringify(key);
    if (!this.blocks.has(id)) {
      const v = await this.read(key);
      this.blocks.set(id, v.bytes ? decodeBlock(v.bytes) : null);
    }
    return id;
  }

  /** Reads (once) and decodes page `n` of the partition; returns its name in {@link pages}. */
  async readPage(p: Partition, n: number): Promise<string> {
    const key = pageKey(p, n);
    const id = JSON.stringify(key);
    if (!this.pages.has(id)) {
      const v = await this.read(key);
      this.pages.set(id, v.bytes ? decodePage(v.bytes) : null);
    }
    return id;
  }

  /** Checks every value read and writes it back: a block with ids or a live page is set, an empty one deleted. */
  writeInto(op: Deno.AtomicOperation): void {
    for (const [id, v] of this.values) {
      op.check({ key: v.key, versionstamp: v.versionstamp });
      const block = this.blocks.get(id);
      const page = this.pages.get(id);
      if (block && block.ids.length) op.set(v.key, encodeBlock(block));
      else if (page && page.live) op.set(v.key, encodePage(page));
      else op.delete(v.key);
    }
  }
}

async function addOne(kv: Deno.Kv, entry: VectorEntry): Promise<void> {
  const vector = unitCopy(entry.vector);
  for (const attempt of attempts()) {
    if (await tryAddOne(kv, entry, vector)) return;
    await backOff(attempt);
  }
  throw new VectorIndexConflictError(`adding ${entry.id}`);
}

/**
 * One checked commit of {@link addOne}: takes the id's old vector out of its block and page, appends the new
 * one to the partition's open block and page (opening new ones when full); false when the commit conflicted.
 */
async function tryAddOne(kv: Deno.Kv, entry: VectorEntry, vector: Float32Array): Promise<boolean> {
  const [item, meta] = await kv.getMany<[unknown, PartitionMeta]>([
    vectorItemKey(entry.id),
    metaKey(entry),
  ]);
  const old = placeOf(item.value);
  const m = withPages(meta.value);
  const stage = new AddStage(kv);
  const wanted = [blockKey(entry, m.open), pageKey(entry, m.page)];
  if (old) wanted.push(blockKey(old, old.block));
  if (old?.page !== undefined) wanted.push(pageKey(old, old.page));
  await stage.prefetch(wanted);
  const op = kv.atomic().check(item).check(meta);
  if (old) {
    const oldBlock = await stage.readBlock(old, old.block);
    const b = stage.blocks.get(oldBlock);
    if (b) stage.blocks.set(oldBlock, removeFromBlock(b, entry.id));
    if (old.page !== undefined && old.slot !== undefined) {
      const oldPage = await stage.readPage(old, old.page);
      const pg = stage.pages.get(oldPage);
      if (pg) stage.pages.set(oldPage, releaseSlot(pg, old.slot));
    }
  }
  const openNo = await appendToOpenBlock(stage, entry, m, vector);
  const { pageNo, slot } = await appendToOpenPage(stage, entry, m, vector);
  stage.writeInto(op);
  op.set(metaKey(entry), m);
  op.set(vectorItemKey(entry.id), storedItem(entry, openNo, pageNo, slot));
  return (await op.commit()).ok;
}

/** Appends the vector to the open block (a new one when it is full, moving `m` on); returns the block's number. */
async function appendToOpenBlock(
  stage: AddStage,
  entry: VectorEntry,
  m: Required<PartitionMeta>,
  vector: Float32Array,
): Promise<number> {
  const dims = vector.length;
  let openId = await stage.readBlock(entry, m.open);
  let openNo = m.open;
  const current = stage.blocks.get(openId) ?? emptyBlock(dims);
  if (current.dims !== dims) {
    throw new Error(`vector of ${entry.id} has ${dims} dimensions; partition has ${current.dims}`);
  }
  if (!blockHasRoom(current, entry.id)) {
    openNo = m.next;
    openId = await stage.readBlock(entry, openNo);
    m.open = openNo;
    m.next = openNo + 1;
  }
  stage.blocks.set(openId, appendToBlock(stage.blocks.get(openId) ?? emptyBlock(dims), entry.id, vector));
  return openNo;
}

/** Appends the vector to the open page (a new one when it is full, moving `m` on); returns page and slot. */
async function appendToOpenPage(
  stage: AddStage,
  entry: VectorEntry,
  m: Required<PartitionMeta>,
  vector: Float32Array,
): Promise<{ pageNo: number; slot: number }> {
  const dims = vector.length;
  let pageId = await stage.readPage(entry, m.page);
  let pageNo = m.page;
  const openPage = stage.pages.get(pageId);
  if (openPage && openPage.dims !== dims) {
    throw new Error(`vector of ${entry.id} has ${dims} dimensions; partition has ${openPage.dims}`);
  }
  if (pageSlots(stage.pages.get(pageId) ?? emptyPage(dims)) >= pageCapacity(dims)) {
    pageNo = m.nextPage;
    pageId = await stage.readPage(entry, pageNo);
    m.page = pageNo;
    m.nextPage = pageNo + 1;
  }
  const before = stage.pages.get(pageId) ?? emptyPage(dims);
  const slot = pageSlots(before);
  stage.pages.set(pageId, appendToPage(before, vector));
  return { pageNo, slot };
}

async function addManyNow(
  kv: Deno.Kv,
  entries: VectorEntry[],
  options: { assumeNew?: boolean; onProgress?: (written: number) => void },
): Promise<void> {
  const groups = new Map<string, VectorEntry[]>();
  const unique = new Map<string, VectorEntry>();
  for (const entry of entries) unique.set(entry.id, entry); // the last vector of an id wins
  for (const entry of unique.values()) {
    validateEntry(entry);
    const k = JSON.stringify(metaKey(entry));
    const list = groups.get(k) ?? [];
    list.push(entry);
    groups.set(k, list);
  }
  let written = 0;
  for (const group of groups.values()) {
    let rest = group;
    while (rest.length) {
      const done = await appendBatch(kv, rest, options.assumeNew ?? false);
      written += done.written;
      for (const existing of done.existing) await addOne(kv, existing);
      written += done.existing.length;
      rest = rest.slice(done.consumed);
      options.onProgress?.(written);
    }
  }
}

/**
 * How many of `count` items (of `dims` dimensions) one commit takes: as many as fit KV's commit size with the
 * blocks and pages they fill (and, when each item is checked absent, KV's check limit).
 */
function batchSize(count: number, dims: number, assumeNew: boolean): number {
  const capacity = blockCapacity(dims);
  const perPage = pageCapacity(dims);
  const pageBytes = PAGE_HEADER + perPage * 4 * dims;
  const itemBytes = dims * 4 + 200;
  let n = 1;
  while (
    n < count &&
    (n + 1) * itemBytes + (Math.ceil((n + 1) / capacity) + 1) * BLOCK_BYTES + pageBytes <=
      MAX_COMMIT_BYTES &&
    (assumeNew || (n + 1) + Math.ceil((n + 1) / capacity) + Math.ceil((n + 1) / perPage) + 4 <= MAX_CHECKS)
  ) n++;
  return n;
}

/** Splits entries into those whose id is not indexed yet and those already indexed (read 10 per call). */
async function splitExisting(
  kv: Deno.Kv,
  slice: VectorEntry[],
): Promise<{ fresh: VectorEntry[]; existing: VectorEntry[] }> {
  const found = new Set<string>();
  for (let i = 0; i < slice.length; i += 10) {
    const res = await kv.getMany(slice.slice(i, i + 10).map((e) => vectorItemKey(e.id)));
    res.forEach((r, k) => r.versionstamp !== null && found.add(slice[i + k].id));
  }
  return { fresh: slice.filter((e) => !found.has(e.id)), existing: slice.filter((e) => found.has(e.id)) };
}

/** One checked commit appending a prefix of `entries` (one partition); returns how many it consumed. */
async function appendBatch(
  kv: Deno.Kv,
  entries: VectorEntry[],
  assumeNew: boolean,
): Promise<{ consumed: number; written: number; existing: VectorEntry[] }> {
  const p = entries[0];
  const dims = p.vector.length;
  const perPage = pageCapacity(dims);
  const slice = entries.slice(0, batchSize(entries.length, dims, assumeNew));
  for (const attempt of attempts()) {
    const { fresh, existing } = assumeNew ? { fresh: slice, existing: [] } : await splitExisting(kv, slice);
    if (!fresh.length) return { consumed: slice.length, written: 0, existing };
    const meta = await kv.get<PartitionMeta>(metaKey(p));
    const m = withPages(meta.value);
    const [openRes, pageRes] = await kv.getMany<[Uint8Array, Uint8Array]>([
      blockKey(p, m.open),
      pageKey(p, m.page),
    ]);
    let block = (openRes.value ? decodeBlock(openRes.value) : null) ?? emptyBlock(dims);
    let page = (pageRes.value ? decodePage(pageRes.value) : null) ?? emptyPage(dims);
    if (block.dims !== dims || page.dims !== dims) {
      throw new Error(`vector dimensions ${dims} differ from the partition's ${block.dims}`);
    }
    let blockNo = m.open;
    let pageNo = m.page;
    const op = kv.atomic().check(meta).check(openRes).check(pageRes);
    const staged: { no: number; block: VectorBlock }[] = [];
    const stagedPages: { no: number; page: VectorPage }[] = [];
    for (const entry of fresh) {
      if (entry.vector.length !== dims) {
        throw new Error(`vector of ${entry.id} has another dimension count`);
      }
      if (!blockHasRoom(block, entry.id)) {
        staged.push({ no: blockNo, block });
        blockNo = m.next;
        m.open = blockNo;
        m.next = blockNo + 1;
        block = emptyBlock(dims);
        op.check({ key: blockKey(p, blockNo), versionstamp: null });
      }
      if (pageSlots(page) >= perPage) {
        stagedPages.push({ no: pageNo, page });
        pageNo = m.nextPage;
        m.page = pageNo;
        m.nextPage = pageNo + 1;
        page = emptyPage(dims);
        op.check({ key: pageKey(p, pageNo), versionstamp: null });
      }
      const vector = unitCopy(entry.vector);
      block = appendToBlock(block, entry.id, vector);
      const slot = pageSlots(page);
      page = appendToPage(page, vector);
      if (!assumeNew) op.check({ key: vectorItemKey(entry.id), versionstamp: null });
      op.set(vectorItemKey(entry.id), storedItem(entry, blockNo, pageNo, slot));
    }
    staged.push({ no: blockNo, block });
    stagedPages.push({ no: pageNo, page });
    for (const st of staged) op.set(blockKey(p, st.no), encodeBlock(st.block));
    for (const st of stagedPages) op.set(pageKey(p, st.no), encodePage(st.page));
    op.set(metaKey(p), m);
    if ((await op.commit()).ok) return { consumed: slice.length, written: fresh.length, existing };
    await backOff(attempt);
  }
  throw new VectorIndexConflictError("a batch add");
}

async function removeOne(kv: Deno.Kv, id: string): Promise<boolean> {
  for (const attempt of attempts()) {
    const item = await kv.get<unknown>(vectorItemKey(id));
    const place = placeOf(item.value);
    if (!item.value) return false;
    if (!place) {
      // An unreadable item: delete it, nothing else points at it.
      if ((await kv.atomic().check(item).delete(vectorItemKey(id)).commit()).ok) return true;
      continue;
    }
    const key = blockKey(place, place.block);
    const slot = place.slot ?? -1;
    const pKey = place.page === undefined ? null : pageKey(place, place.page);
    const [block, page] = await kv.getMany<Uint8Array[]>(pKey ? [key, pKey] : [key]);
    const op = kv.atomic().check(item).check(block).delete(vectorItemKey(id));
    const decoded = block.value ? decodeBlock(block.value) : null;
    if (decoded) {
      const next = removeFromBlock(decoded, id);
      if (next.ids.length) op.set(key, encodeBlock(next));
      else op.delete(key);
    }
    if (pKey && page) {
      op.check(page);
      const decodedPage = page.value ? decodePage(page.value) : null;
      if (decodedPage && slot >= 0 && slot < pageSlots(decodedPage)) {
        const next = releaseSlot(decodedPage, slot);
        if (next) op.set(pKey, encodePage(next));
        else op.delete(pKey);
      }
    }
    if ((await op.commit()).ok) return true;
    await backOff(attempt);
  }
  throw new VectorIndexConflictError(`removing ${id}`);
}
