/** One paginate() with one opaque, validated cursor format (lib/platform/kv/paginate.ts). */
import assert from "node:assert/strict";
import { newId } from "../lib/platform/ids.ts";
import { decodeCursor, encodeCursor, InvalidCursorError, paginate } from "../lib/platform/kv/paginate.ts";

async function pages(kv: Deno.Kv, reverse: boolean, limit: number): Promise<string[][]> {
  const out: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await paginate<number>(kv, { prefix: ["things"], limit, cursor, reverse });
    out.push(page.entries.map((e) => String(e.key[1])));
    cursor = page.cursor ?? undefined;
  } while (cursor);
  return out;
}

Deno.test("paginate: forward and reverse pages cover every entry once, the last page has no cursor", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const id = newId();
      ids.push(id);
      await kv.set(["things", id], i);
      await new Promise((r) => setTimeout(r, 2));
    }
    await kv.set(["other", newId()], 0);
    const sorted = [...ids].sort();
    assert.deepEqual((await pages(kv, false, 3)).flat(), sorted);
    assert.deepEqual((await pages(kv, true, 3)).flat(), [...sorted].reverse());
    assert.deepEqual((await pages(kv, false, 3)).map((p) => p.length), [3, 3, 1]);
    assert.deepEqual(
      (await pages(kv, true, 7)).map((p) => p.length),
      [7],
      "an exact fit has no empty last page",
    );
  } finally {
    kv.close();
  }
});

Deno.test("paginate: the cursor is opaque and validated before any KV call", async () => {
  const id = newId();
  assert.equal(decodeCursor(encodeCursor(id)), id);
  assert.doesNotMatch(encodeCursor(id), new RegExp(id), "the id is not readable in the cursor");
  for (const bad of ["", "nonsense!", id, btoa("c1:not-a-ulid"), btoa(`g1:${id}`), "x".repeat(65)]) {
    assert.throws(() => decodeCursor(bad), InvalidCursorError, bad);
  }
  const kv = await Deno.openKv(":memory:");
  try {
    await assert.rejects(paginate(kv, { prefix: ["things"], limit: 5, cursor: "%%%" }), (err) => {
      assert.ok(err instanceof InvalidCursorError);
      assert.equal(err.field, "cursor");
      return true;
    });
  } finally {
    kv.close();
  }
});
