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

/** Attempts of an optimistic write before giving up. */
const MAX_ATTEMPTS = 30;
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
  return serialized(kv, () => addOne(kv, entry));
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

async function addOne(kv: Deno.Kv, entry: VectorEntry): Promise<void> {
  const vector = unitCopy(entry.vector);
  const dims = vector.length;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const [item, meta] = await kv.getMany<[unknown, PartitionMeta]>([
      vectorItemKey(entry.id),
      metaKey(entry),
    ]);
    const old = placeOf(item.value);
    const m = withPages(meta.value);
    const values = new Map<
      string,
      { key: Deno.KvKey; versionstamp: string | null; bytes: Uint8Array | null }
    >();
    const read = async (key: Deno.KvKey) => {
      const id = JSON.stringify(key);
      if (!values.has(id)) {
        const res = await kv.get<Uint8Array>(key);
        values.set(id, { key, versionstamp: res.versionstamp, bytes: res.value });
      }
      return values.get(id)!;
    };
    const blocks = new Map<string, VectorBlock | null>();
    const pages = new Map<string, VectorPage | null>();
    const readBlock = async (p: Partition, n: number) => {
      const key = blockKey(p, n);
      const id = JSON.stringify(key);
      if (!blocks.has(id)) {
        const v = await read(key);
        blocks.set(id, v.bytes ? decodeBlock(v.bytes) : null);
      }
      return id;
    };
    const readPage = async (p: Partition, n: number) => {
      const key = pageKey(p, n);
      const id = JSON.stringify(key);
      if (!pages.has(id)) {
        const v = await read(key);
        pages.set(id, v.bytes ? decodePage(v.bytes) : null);
      }
      return id;
    };
    // Every value this add may rewrite, read at once (a short read-to-commit window under contention).
    const wanted = [blockKey(entry, m.open), pageKey(entry, m.page)];
    if (old) wanted.push(blockKey(old, old.block));
    if (old?.page !== undefined) wanted.push(pageKey(old, old.page));
    const unique = [...new Map(wanted.map((k) => [JSON.stringify(k), k])).values()];
    (await kv.getMany<Uint8Array[]>(unique)).forEach((res, k) =>
      values.set(JSON.stringify(unique[k]), {
        key: unique[k],
        versionstamp: res.versionstamp,
        bytes: res.value,
      })
    );
    const op = kv.atomic().check(item).check(meta);
    if (old) {
      const oldBlock = await readBlock(old, old.block);
      const b = blocks.get(oldBlock);
      if (b) blocks.set(oldBlock, removeFromBlock(b, entry.id));
      if (old.page !== undefined && old.slot !== undefined) {
        const oldPage = await readPage(old, old.page);
        const pg = pages.get(oldPage);
        if (pg) pages.set(oldPage, releaseSlot(pg, old.slot));
      }
    }
    let openId = await readBlock(entry, m.open);
    let openNo = m.open;
    const current = blocks.get(openId) ?? emptyBlock(dims);
    if (current.dims !== dims) {
      throw new Error(`vector of ${entry.id} has ${dims} dimensions; partition has ${current.dims}`);
    }
    if (!blockHasRoom(current, entry.id)) {
      openNo = m.next;
      openId = await readBlock(entry, openNo);
      m.open = openNo;
      m.next = openNo + 1;
    }
    blocks.set(openId, appendToBlock(blocks.get(openId) ?? emptyBlock(dims), entry.id, vector));
    let pageId = await readPage(entry, m.page);
    let pageNo = m.page;
    const openPage = pages.get(pageId);
    if (openPage && openPage.dims !== dims) {
      throw new Error(`vector of ${entry.id} has ${dims} dimensions; partition has ${openPage.dims}`);
    }
    if (pageSlots(pages.get(pageId) ?? emptyPage(dims)) >= pageCapacity(dims)) {
      pageNo = m.nextPage;
      pageId = await readPage(entry, pageNo);
      m.page = pageNo;
      m.nextPage = pageNo + 1;
    }
    const before = pages.get(pageId) ?? emptyPage(dims);
    const slot = pageSlots(before);
    pages.set(pageId, appendToPage(before, vector));
    for (const [id, v] of values) {
      op.check({ key: v.key, versionstamp: v.versionstamp });
      const block = blocks.get(id);
      const page = pages.get(id);
      if (block && block.ids.length) op.set(v.key, encodeBlock(block));
      else if (page && page.live) op.set(v.key, encodePage(page));
      else op.delete(v.key);
    }
    op.set(metaKey(entry), m);
    op.set(vectorItemKey(entry.id), storedItem(entry, openNo, pageNo, slot));
    if ((await op.commit()).ok) return;
    await sleep(Math.random() * Math.min(50, 2 ** attempt));
  }
  throw new VectorIndexConflictError(`adding ${entry.id}`);
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

/** One checked commit appending a prefix of `entries` (one partition); returns how many it consumed. */
async function appendBatch(
  kv: Deno.Kv,
  entries: VectorEntry[],
  assumeNew: boolean,
): Promise<{ consumed: number; written: number; existing: VectorEntry[] }> {
  const p = entries[0];
  const dims = p.vector.length;
  const capacity = blockCapacity(dims);
  const perPage = pageCapacity(dims);
  const pageBytes = PAGE_HEADER + perPage * 4 * dims;
  const itemBytes = dims * 4 + 200;
  // As many items as fit one commit with the blocks and pages they fill (and, when checked, KV's check limit).
  let n = 1;
  while (
    n < entries.length &&
    (n + 1) * itemBytes + (Math.ceil((n + 1) / capacity) + 1) * BLOCK_BYTES + pageBytes <=
      MAX_COMMIT_BYTES &&
    (assumeNew || (n + 1) + Math.ceil((n + 1) / capacity) + Math.ceil((n + 1) / perPage) + 4 <= MAX_CHECKS)
  ) n++;
  const slice = entries.slice(0, n);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    let fresh = slice;
    const existing: VectorEntry[] = [];
    if (!assumeNew) {
      const found = new Set<string>();
      for (let i = 0; i < slice.length; i += 10) {
        const res = await kv.getMany(slice.slice(i, i + 10).map((e) => vectorItemKey(e.id)));
        res.forEach((r, k) => r.versionstamp !== null && found.add(slice[i + k].id));
      }
      fresh = slice.filter((e) => !found.has(e.id));
      existing.push(...slice.filter((e) => found.has(e.id)));
    }
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
    await sleep(Math.random() * Math.min(50, 2 ** attempt));
  }
  throw new VectorIndexConflictError("a batch add");
}

async function removeOne(kv: Deno.Kv, id: string): Promise<boolean> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
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
    await sleep(Math.random() * Math.min(50, 2 ** attempt));
  }
  throw new VectorIndexConflictError(`removing ${id}`);
}
