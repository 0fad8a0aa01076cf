/** The KV toolkit's group commit and conflict retry, and the pipeline's undo stack. */
import assert from "node:assert/strict";
import { CONFLICT, GroupCommit, ItemFailure, retryOnConflict } from "../lib/platform/kv/group_commit.ts";
import { UndoStack } from "../lib/generation/undo_stack.ts";

Deno.test("group commit: callers of one task share a transaction; later ones join the next", async () => {
  const batches: number[][] = [];
  const group = new GroupCommit<number, number>({
    maxBatch: 3,
    commit: async (batch) => {
      batches.push(batch);
      await new Promise((r) => setTimeout(r, 5));
      return batch.map((n) => n * 10);
    },
  });
  const first = [1, 2, 3, 4].map((n) => group.submit(n));
  await new Promise((r) => setTimeout(r, 1)); // the first transaction is in flight
  const later = [5, 6].map((n) => group.submit(n));
  assert.deepEqual(await Promise.all([...first, ...later]), [10, 20, 30, 40, 50, 60]);
  assert.deepEqual(batches, [[1, 2, 3], [4, 5, 6]]);
  assert.equal(group.waiting, 0);
});

Deno.test("group commit: one write per id in a batch; an item failure rejects only that caller", async () => {
  const batches: string[][] = [];
  const group = new GroupCommit<string, string>({
    maxBatch: 10,
    start: "now",
    idOf: (s) => s[0],
    commit: (batch) => {
      batches.push(batch);
      return Promise.resolve(
        batch.map((s) => s === "b2" ? new ItemFailure(new Error("lost")) : s.toUpperCase()),
      );
    },
  });
  const results = await Promise.allSettled(["a1", "a2", "b1", "b2"].map((s) => group.submit(s)));
  assert.deepEqual(batches, [["a1"], ["a2", "b1"], ["b2"]], "started at once; b1 and b2 never share a batch");
  assert.ok(batches.every((b) => new Set(b.map((s) => s[0])).size === b.length), "no id twice in a batch");
  assert.deepEqual(results.map((r) => r.status), ["fulfilled", "fulfilled", "fulfilled", "rejected"]);
});

Deno.test("group commit: a failing transaction rejects its whole batch, and the next batch still runs", async () => {
  let calls = 0;
  const group = new GroupCommit<number, number>({
    maxBatch: 2,
    commit: (batch) => {
      calls++;
      if (calls === 1) return Promise.reject(new Error("kv down"));
      return Promise.resolve(batch);
    },
  });
  const results = await Promise.allSettled([1, 2, 3].map((n) => group.submit(n)));
  assert.deepEqual(results.map((r) => r.status), ["rejected", "rejected", "fulfilled"]);
});

Deno.test("retryOnConflict: repeats until the checks hold, counting the lost rounds", async () => {
  let lost = 0;
  const result = await retryOnConflict(
    (n) => Promise.resolve(n < 4 ? CONFLICT : `won at ${n}`),
    () => lost++,
  );
  assert.equal(result, "won at 4");
  assert.equal(lost, 4);
});

Deno.test("undo stack: rollback runs every undo once, newest first, past a failing one; handOver keeps all", async () => {
  const done: string[] = [];
  const undo = new UndoStack();
  undo.push("quota", () => void done.push("quota"));
  undo.push("budget", () => Promise.reject(new Error("kv down")));
  undo.push("slot", () => void done.push("slot"));
  await undo.rollback();
  await undo.rollback();
  assert.deepEqual(done, ["slot", "quota"]);
  const kept = new UndoStack();
  kept.push("budget", () => void done.push("never"));
  kept.handOver();
  await kept.rollback();
  assert.deepEqual(done, ["slot", "quota"]);
});
