/**
 * The worker thread of the sentence encoder (started by ./sentence_encoder.ts): loads the model once and
 * answers `{id, type: "load"}` with its load time and `{id, type: "encode", texts}` with the vectors.
 *
 * Encodes that arrive while one is running wait in a queue and are run together as one batch (up to
 * {@link MAX_BATCH_TEXTS} texts): a model call on several texts costs less per text than one call each, and
 * under concurrent generations the queue is where the encoder's time goes. The thread lowers its own
 * scheduling priority to `workerData.nice` (Linux keeps a nice value per thread), so that embedding, which
 * is background work for stored generations, yields the CPU to the server's request path when both want it.
 */
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { loadSentenceModel, type SentenceEncoder, type WorkerReply } from "./sentence_encoder.ts";

/** Most texts encoded in one batch of queued requests. */
export const MAX_BATCH_TEXTS = 16;

type Request = { id: number; type: "load" | "encode"; texts?: string[] };

let model: Promise<SentenceEncoder> | undefined;
const queue: Request[] = [];
let running = false;

const nice = Number((workerData as { nice?: number } | undefined)?.nice ?? 0);
if (nice > 0) {
  try {
    setPriority(nice);
  } catch { /* the platform refuses: run at the process's priority */ }
}

/**
 * A model call's cost in characters of padded input: every text in a batch is padded to its longest, and a
 * call costs about as much again as {@link CALL_COST_CHARS} characters of text on its own (measured on
 * USE-lite: one short text ~17 ms, sixteen ~71 ms, one of ~600 characters ~77 ms).
 */
const CALL_COST_CHARS = 96;
const callCost = (count: number, longest: number) => CALL_COST_CHARS + count * longest;

/** Characters of a request's longest text, and how many texts it has. */
const sizeOf = (r: Request) => ({
  count: r.texts?.length ?? 0,
  longest: Math.max(0, ...(r.texts ?? []).map((t) => t.length)),
});

/**
 * Takes the next requests to run together: a load alone, or the first queued encode with every later one
 * that makes the batch cheaper than running it on its own (lengths alike, up to the batch size).
 */
function nextBatch(): Request[] {
  if (queue[0].type === "load") return queue.splice(0, 1);
  const first = sizeOf(queue[0]);
  let count = first.count;
  let longest = first.longest;
  const picked = [0];
  for (let i = 1; i < queue.length && count < MAX_BATCH_TEXTS; i++) {
    if (queue[i].type !== "encode") continue;
    const next = sizeOf(queue[i]);
    if (count + next.count > MAX_BATCH_TEXTS) continue;
    const together = callCost(count + next.count, Math.max(longest, next.longest));
    if (together > callCost(count, longest) + callCost(next.count, next.longest)) continue;
    picked.push(i);
    count += next.count;
    longest = Math.max(longest, next.longest);
  }
  const batch = picked.map((i) => queue[i]);
  // Taken out from the back, so the indices of the rest stay valid.
  for (const i of picked.reverse()) queue.splice(i, 1);
  return batch;
}

async function run(batch: Request[]): Promise<WorkerReply[]> {
  try {
    const encoder = await (model ??= loadSentenceModel());
    if (batch[0].type === "load") return [{ id: batch[0].id, loadMs: encoder.loadMs }];
    const vectors = await encoder.encode(batch.flatMap((r) => r.texts ?? []));
    let at = 0;
    return batch.map((r) => {
      const n = r.texts?.length ?? 0;
      at += n;
      return { id: r.id, vectors: vectors.slice(at - n, at) };
    });
  } catch (err) {
    model = undefined;
    const error = err instanceof Error ? err.message : String(err);
    return batch.map((r) => ({ id: r.id, error }));
  }
}

async function drain(): Promise<void> {
  running = true;
  try {
    while (queue.length) for (const reply of await run(nextBatch())) parentPort?.postMessage(reply);
  } finally {
    running = false;
  }
}

parentPort?.on("message", (message: Request) => {
  queue.push(message);
  if (!running) void drain();
});
