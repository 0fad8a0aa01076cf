import assert from "node:assert/strict";
import { isLocalKvFile, isTransientKvError, kvRetry, retryOnLock } from "../lib/platform/kv/open_kv.ts";

const locked = () => new TypeError("database is locked");

/** A real in-memory KV whose calls fail with lock contention `failures` times first. */
function flaky(kv: Deno.Kv, failures: { commit?: number; get?: number; listAfter?: number }) {
  let commits = failures.commit ?? 0;
  let gets = failures.get ?? 0;
  let listBreaks = failures.listAfter === undefined ? 0 : 1;
  return new Proxy(kv, {
    get(target, prop) {
      if (prop === "get") {
        return (key: Deno.KvKey) => (gets-- > 0 ? Promise.reject(locked()) : target.get(key));
      }
      if (prop === "atomic") {
        return () => {
          const op = target.atomic();
          const commit = op.commit.bind(op);
          op.commit = () => (commits-- > 0 ? Promise.reject(locked()) : commit());
          return op;
        };
      }
      if (prop === "list") {
        return (selector: Deno.KvListSelector, options?: Deno.KvListOptions) => {
          const inner = target.list(selector, options);
          let n = 0;
          return {
            get cursor() {
              return inner.cursor;
            },
            next() {
              if (listBreaks > 0 && n++ === failures.listAfter) {
                listBreaks--;
                return Promise.reject(locked());
              }
              return inner.next();
            },
            [Symbol.asyncIterator]() {
              return this;
            },
          };
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

Deno.test("kv: lock contention is recognised; other errors are not", () => {
  assert.ok(isTransientKvError(locked()));
  assert.ok(!isTransientKvError(new TypeError("Value too large")));
  assert.ok(isLocalKvFile("./data/x.sqlite3"));
  assert.ok(!isLocalKvFile(":memory:"));
  assert.ok(!isLocalKvFile("https://api.deno.com/databases/x/connect"));
  assert.ok(!isLocalKvFile(undefined));
});

Deno.test("kv: kvRetry retries lock errors only, and gives up at the deadline", async () => {
  let calls = 0;
  assert.equal(await kvRetry(() => (++calls < 3 ? Promise.reject(locked()) : Promise.resolve("ok"))), "ok");
  assert.equal(calls, 3);
  await assert.rejects(kvRetry(() => Promise.reject(new Error("boom"))), /boom/);
  await assert.rejects(kvRetry(() => Promise.reject(locked()), 30), /locked/);
});

Deno.test("kv: a wrapped handle replays a locked atomic commit with its checks intact", async () => {
  const raw = await Deno.openKv(":memory:");
  try {
    const kv = retryOnLock(flaky(raw, { commit: 2, get: 2 }));
    const before = await kv.get(["n"]); // two locked gets, then the real one
    assert.equal(before.versionstamp, null);
    const res = await kv.atomic().check(before).set(["n"], 1).commit();
    assert.ok(res.ok);
    assert.equal((await raw.get(["n"])).value, 1);
    // The replayed check still guards: a stale versionstamp fails, it is not retried into success.
    const stale = await kv.atomic().check(before).set(["n"], 2).commit();
    assert.equal(stale.ok, false);
    assert.equal((await raw.get(["n"])).value, 1);
  } finally {
    raw.close();
  }
});

Deno.test("kv: a list locked mid-way resumes after the last entry, honouring the limit", async () => {
  const raw = await Deno.openKv(":memory:");
  try {
    for (let i = 0; i < 10; i++) await raw.set(["items", i], i);
    const kv = retryOnLock(flaky(raw, { listAfter: 4 }));
    const seen: number[] = [];
    for await (const e of kv.list<number>({ prefix: ["items"] }, { limit: 8 })) seen.push(e.value);
    assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6, 7]);
  } finally {
    raw.close();
  }
});
