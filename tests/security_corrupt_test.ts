/**
 * Issue 15, item 3: one corrupt stored value must not take pages down. Corrupt generations are skipped (and
 * counted) in listings, answer 409 `corrupt_entry` on the permalink and exports, show on the dashboard with a
 * delete button, and can be deleted with every key they occupy (HTTP, dashboard, CLI `kv delete`).
 */
import assert from "node:assert/strict";
import { listAudit } from "../lib/access/audit_log.ts";
import { openKv } from "../lib/platform/kv/open_kv.ts";
import { GENERATION_KEYS, GenerationStore } from "../lib/store/generation_store.ts";
import { makeTestApp, readEvents, type TestApp } from "./helpers.ts";

const ADMIN_KEY = "corrupt-test-admin-key-0123456789abcdef";
const ROOT = new URL("..", import.meta.url).pathname;
const browser = { "sec-fetch-site": "same-origin", origin: "http://localhost" };

async function generated(t: TestApp, appDescription: string): Promise<string> {
  const events = await readEvents(await t.generate({ appDescription }));
  assert.equal(events.at(-1)!.type, "complete");
  return (events[0] as { id: string }).id;
}

async function keysOf(kv: Deno.Kv, id: string): Promise<string[]> {
  const found: string[] = [];
  for (const prefix of Object.values(GENERATION_KEYS)) {
    for await (const e of kv.list({ prefix: [prefix] })) if (e.key.includes(id)) found.push(String(e.key[0]));
  }
  if ((await kv.get(["vectors", "item", id])).versionstamp !== null) found.push("vector");
  return found;
}

async function signIn(t: TestApp): Promise<{ cookie: string; csrf: string }> {
  const res = await t.request("/admin/session", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...browser },
    body: new URLSearchParams({ adminKey: ADMIN_KEY }).toString(),
  });
  assert.equal(res.status, 303);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
  const page = await (await t.request("/admin", { headers: { cookie } })).text();
  return { cookie, csrf: page.match(/name="_csrf" value="([^"]+)"/)![1] };
}

Deno.test("corrupt: a garbage header is skipped in listings (counted), the dashboard shows it, delete works", async () => {
  const t = await makeTestApp({ ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: "error" });
  try {
    const good = await generated(t, "A bakery ordering app with pickup slots");
    const bad = await generated(t, "A gym class booking app with waitlists");
    await t.kv.set([GENERATION_KEYS.record, bad], "garbage");

    const list = await t.request("/api/generations");
    assert.equal(list.status, 200);
    const body = await list.json();
    assert.deepEqual(body.generations.map((g: { id: string }) => g.id), [good]);
    assert.equal(body.corrupt, 1);
    const admin = await (await t.request("/api/generations", { headers: { "x-admin-key": ADMIN_KEY } }))
      .json();
    assert.deepEqual(admin.corruptIds, [bad]);

    for (const path of [`/api/generations/${bad}`, `/api/generations/${bad}?format=md`]) {
      const res = await t.request(path);
      assert.equal(res.status, 409, path);
      assert.equal((await res.json()).error.code, "corrupt_entry");
    }
    const page = await t.request(`/generations/${bad}`);
    assert.equal(page.status, 409);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    assert.match(await page.text(), /corrupt_entry/);

    const { cookie, csrf } = await signIn(t);
    const dash = await t.request("/admin", { headers: { cookie } });
    assert.equal(dash.status, 200);
    const html = await dash.text();
    assert.match(html, new RegExp(`data-corrupt-id="${bad}"`));
    assert.match(html, new RegExp(`action="/admin/ui/generations/${bad}/delete"`));
    // Dashboard delete: confirmation first, then the entry and all its keys are gone.
    const post = (fields: Record<string, string>) =>
      t.request(`/admin/ui/generations/${bad}/delete`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie, ...browser },
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      });
    const confirm = await post({});
    assert.equal(confirm.status, 200);
    assert.match(await confirm.text(), /Please confirm/);
    assert.ok((await keysOf(t.kv, bad)).length > 1, "chunks and indexes still there before the delete");
    const done = await post({ confirm: "yes" });
    assert.equal(done.status, 303);
    assert.deepEqual(await keysOf(t.kv, bad), []);
    assert.equal((await (await t.request("/api/generations")).json()).corrupt, 0);
    const { entries } = await listAudit(t.kv, { limit: 10 });
    assert.ok(entries.some((e) => e.action === "generation.delete" && e.details.id === bad));
  } finally {
    await t.close();
  }
});

Deno.test("corrupt: wrong-typed fields answer 409 corrupt_entry on permalink, JSON and Markdown; HTTP delete removes it", async () => {
  const t = await makeTestApp({ ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: "error" });
  try {
    for (
      const damage of [
        (r: Record<string, unknown>) => ({ ...r, createdAt: "x" }),
        (r: Record<string, unknown>) => ({
          ...r,
          request: { ...(r.request as object), appDescription: 123 },
        }),
        (r: Record<string, unknown>) => ({ ...r, chunkCount: 3 }), // structural: chunks missing
      ]
    ) {
      const id = await generated(t, `A parking spot sharing app ${crypto.randomUUID()}`);
      const key = [GENERATION_KEYS.record, id];
      await t.kv.set(key, damage((await t.kv.get<Record<string, unknown>>(key)).value!));
      for (
        const path of [
          `/api/generations/${id}`,
          `/api/generations/${id}?format=json`,
          `/api/generations/${id}?format=md`,
        ]
      ) {
        const res = await t.request(path);
        assert.equal(res.status, 409, path);
        assert.equal((await res.json()).error.code, "corrupt_entry");
      }
      assert.equal((await t.request(`/generations/${id}`)).status, 409);
      const list = await t.request("/api/generations");
      assert.equal(list.status, 200, "the listing never fails");
      await list.body?.cancel();
      const del = await t.request(`/api/generations/${id}`, {
        method: "DELETE",
        headers: { "x-admin-key": ADMIN_KEY },
      });
      assert.equal(del.status, 200);
      await del.body?.cancel();
      assert.deepEqual(await keysOf(t.kv, id), []);
      assert.equal((await t.request(`/api/generations/${id}`)).status, 404);
    }
  } finally {
    await t.close();
  }
});

Deno.test("corrupt: an entry whose requestHash is damaged too is deleted with its index entries found by id", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const t = await makeTestApp({ LOG_LEVEL: "error" }, { kv });
    const id = await generated(t, "A volunteer shift planner for food banks");
    await kv.set([GENERATION_KEYS.record, id], { requestHash: 42, chunkCount: "many" });
    const store = new GenerationStore(kv);
    assert.equal((await store.read(id)).status, "corrupt");
    assert.equal(await store.get(id), null, "caches treat it as absent");
    assert.equal(await store.delete(id), true);
    const left = (await keysOf(kv, id)).filter((k) => k !== "vector");
    assert.deepEqual(left, []);
    await t.close();
  } finally {
    kv.close();
  }
});

Deno.test("corrupt: CLI `kv delete` asks first, deletes a whole generation or one key, and is audited", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/kv.sqlite3`;
  try {
    let kv = await openKv({ kvPath: path });
    const t = await makeTestApp({ LOG_LEVEL: "error" }, { kv });
    const id = await generated(t, "A tool library for neighbours to lend drills");
    await t.close();
    await kv.set([GENERATION_KEYS.record, id], "garbage");
    await kv.set(["scratch", "x"], 1);
    kv.close();
    const run = async (args: string[], input: string | null) => {
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "tasks/admin.ts", "--kv", path, ...args],
        cwd: ROOT,
        env: { NO_COLOR: "1" },
        stdin: input === null ? "null" : "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      if (input !== null) {
        const w = child.stdin.getWriter();
        await w.write(new TextEncoder().encode(input));
        await w.close();
      }
      return await child.output();
    };
    assert.equal((await run(["kv", "delete", "generations", id], null)).code, 1, "no confirmation: refused");
    assert.equal((await run(["kv", "delete", "generations", id], "no\n")).code, 1);
    kv = await openKv({ kvPath: path });
    assert.ok((await keysOf(kv, id)).length > 1);
    kv.close();
    assert.equal((await run(["kv", "delete", "generations", id], "yes\n")).code, 0);
    assert.equal((await run(["kv", "delete", "scratch", "x", "--yes"], null)).code, 0);
    assert.equal((await run(["kv", "delete", "scratch", "x", "--yes"], null)).code, 1, "already gone");
    kv = await openKv({ kvPath: path });
    assert.deepEqual(await keysOf(kv, id), []);
    assert.equal((await kv.get(["scratch", "x"])).versionstamp, null);
    const { entries } = await listAudit(kv, { limit: 10 });
    assert.equal(entries.filter((e) => e.action === "kv.delete" && e.interface === "cli").length, 2);
    kv.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
