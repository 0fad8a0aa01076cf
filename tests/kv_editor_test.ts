/** The KV editor's JSON API: auth, typed values, known-key validation, versionstamp checks, audit, chunks. */
import assert from "node:assert/strict";
import { createApiKey } from "../lib/access/api_keys.ts";
import { listAudit } from "../lib/access/audit_log.ts";
import { decodeValue, encodeValue } from "../lib/access/kv_editor.ts";
import { BUDGET_KEYS } from "../lib/guards/budget.ts";
import { newId } from "../lib/platform/ids.ts";
import { CHUNK_BYTES, GENERATION_KEYS } from "../lib/store/generation_store.ts";
import { makeTestApp, readEvents, type TestApp } from "./helpers.ts";

const ADMIN_KEY = "kv-editor-admin-key-0123456789abcdef";
const auth = { "X-Admin-Key": ADMIN_KEY };
const jsonHeaders = { ...auth, "content-type": "application/json" };

async function withApp(fn: (t: TestApp) => Promise<void>, env: Record<string, string> = {}) {
  const t = await makeTestApp({ ADMIN_API_KEY: ADMIN_KEY, ...env });
  try {
    await fn(t);
  } finally {
    await t.close();
  }
}

const entryOf = async (t: TestApp, key: unknown[]) => {
  const res = await t.request(`/admin/kv/entry?key=${encodeURIComponent(JSON.stringify(key))}`, {
    headers: auth,
  });
  assert.equal(res.status, 200);
  return (await res.json()).entry;
};
const put = (t: TestApp, body: unknown, headers: Record<string, string> = jsonHeaders) =>
  t.request("/admin/kv", { method: "PUT", headers, body: JSON.stringify(body) });
const del = (t: TestApp, body: unknown) =>
  t.request("/admin/kv", { method: "DELETE", headers: jsonHeaders, body: JSON.stringify(body) });

Deno.test("kv editor API: 503 when admin is disabled, 401 without the key, 200 with it", async () => {
  await withApp(async (t) => {
    assert.equal((await t.request("/admin/kv")).status, 503);
  }, { ADMIN_API_KEY: "" });
  await withApp(async (t) => {
    const none = await t.request("/admin/kv?prefix=budget");
    assert.equal(none.status, 401);
    assert.equal((await none.json()).error.code, "unauthorized");
    const wrong = await t.request("/admin/kv?prefix=budget", { headers: { "X-Admin-Key": "x".repeat(40) } });
    assert.equal(wrong.status, 401);
    await wrong.body?.cancel();
    const ok = await t.request("/admin/kv?prefix=budget", { headers: auth });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get("cache-control"), "no-store");
    assert.deepEqual(await ok.json(), { prefix: ["budget"], entries: [], cursor: null });
    const put401 = await put(t, { key: ["budget", "limit"], value: { type: "number", value: 5 } }, {
      "content-type": "application/json",
    });
    assert.equal(put401.status, 401);
    await put401.body?.cancel();
  });
});

Deno.test("kv editor API: every Deno KV type round-trips with its type kept", async () => {
  await withApp(async (t) => {
    const cases: [string, unknown, (v: unknown) => void][] = [
      ["string", "hello", (v) => assert.equal(v, "hello")],
      ["number", 1.5, (v) => assert.equal(v, 1.5)],
      ["bigint", "123456789012345678901234567890", (v) => assert.equal(v, 123456789012345678901234567890n)],
      ["boolean", false, (v) => assert.equal(v, false)],
      ["null", null, (v) => assert.equal(v, null)],
      ["array", [1, "two", { $kv: "bigint", value: "3" }], (v) => assert.deepEqual(v, [1, "two", 3n])],
      [
        "object",
        {
          a: 1,
          when: { $kv: "Date", value: "2026-01-02T03:04:05.000Z" },
          raw: { $kv: "Uint8Array", value: "AQI=" },
        },
        (v) =>
          assert.deepEqual(v, {
            a: 1,
            when: new Date("2026-01-02T03:04:05.000Z"),
            raw: new Uint8Array([1, 2]),
          }),
      ],
      ["KvU64", "18446744073709551615", (v) => {
        assert.ok(v instanceof Deno.KvU64);
        assert.equal(v.value, 18446744073709551615n);
      }],
      ["Uint8Array", "AAEC/w==", (v) => assert.deepEqual(v, new Uint8Array([0, 1, 2, 255]))],
      ["Date", "2026-12-01T00:00:00.000Z", (v) => assert.deepEqual(v, new Date("2026-12-01T00:00:00.000Z"))],
    ];
    for (const [type, value, check] of cases) {
      const key = ["scratch", type];
      const res = await put(t, { key, value: { type, value }, versionstamp: null });
      assert.equal(res.status, 200, `${type}: ${await res.clone().text()}`);
      const body = await res.json();
      assert.match(body.warning, /does not know this key/);
      check((await t.kv.get(key)).value);
      const shown = await entryOf(t, key);
      assert.equal(shown.value.type, type);
      assert.deepEqual(shown.value.value, value);
      assert.match(shown.versionstamp, /^[0-9a-f]{20}$/);
      assert.equal(shown.kind, "raw");
    }
    // A type JSON cannot hold is shown but not editable.
    await t.kv.set(["scratch", "map"], new Map([["a", 1]]));
    const map = await entryOf(t, ["scratch", "map"]);
    assert.equal(map.value.type, "unsupported");
    assert.equal(map.editable, false);
    // The codec itself: nested tags survive a round trip.
    const nested = { n: 1n, u: new Deno.KvU64(7n), d: new Date(0), b: new Uint8Array([9]), list: [NaN, "x"] };
    assert.deepEqual(decodeValue(encodeValue(nested)), nested);
  });
});

Deno.test("kv editor API: budget keys are checked with the budget's own schema; bad values 400 with the field", async () => {
  await withApp(async (t) => {
    const limit = await entryOf(t, ["budget", "limit"]);
    assert.equal(limit.versionstamp, null);
    assert.equal(limit.kind, "budget_counter");
    for (
      const [value, why] of [
        [{ type: "number", value: -5 }, /0 or more/],
        [{ type: "number", value: 1.5 }, /integer/],
        [{ type: "string", value: "100" }, /must be a number/],
        [{ type: "bigint", value: "100" }, /must be a number/],
      ] as const
    ) {
      const res = await put(t, { key: ["budget", "limit"], value, versionstamp: null });
      assert.equal(res.status, 400);
      const body = await res.json();
      assert.equal(body.error.code, "invalid_input");
      assert.ok(body.error.fields["value.value"], JSON.stringify(body));
      assert.match(body.error.fields["value.value"], why);
      assert.match(body.error.fields["value.value"], /\["budget","limit"\]/);
    }
    assert.equal((await t.kv.get(BUDGET_KEYS.limit)).versionstamp, null, "nothing was written");
    const ok = await put(t, {
      key: ["budget", "limit"],
      value: { type: "number", value: 7 },
      versionstamp: null,
    });
    assert.equal(ok.status, 200);
    const body = await ok.json();
    assert.equal(body.warning, undefined);
    assert.equal(body.entry.value.value, 7);
    assert.equal((await t.budget.status()).limit, 7);
  });
});

Deno.test("kv editor API: writes use the versionstamp read; a concurrent change gives 409 with the new value", async () => {
  await withApp(async (t) => {
    await t.kv.set(BUDGET_KEYS.limit, 10);
    const read = await entryOf(t, ["budget", "limit"]);
    await t.kv.set(BUDGET_KEYS.limit, 20); // someone else, meanwhile
    const res = await put(t, {
      key: ["budget", "limit"],
      value: { type: "number", value: 30 },
      versionstamp: read.versionstamp,
    });
    assert.equal(res.status, 409);
    const body = await res.json();
    assert.equal(body.error.code, "conflict");
    assert.equal(body.current.value.value, 20);
    assert.equal((await t.kv.get(BUDGET_KEYS.limit)).value, 20, "no lost update");
    // Creating over an existing key is a conflict too.
    const create = await put(t, {
      key: ["budget", "limit"],
      value: { type: "number", value: 1 },
      versionstamp: null,
    });
    assert.equal(create.status, 409);
    await create.body?.cancel();
    // With the current versionstamp it goes through.
    const again = await put(t, {
      key: ["budget", "limit"],
      value: { type: "number", value: 30 },
      versionstamp: body.current.versionstamp,
    });
    assert.equal(again.status, 200);
    await again.body?.cancel();
    assert.equal((await t.kv.get(BUDGET_KEYS.limit)).value, 30);
  });
});

Deno.test("kv editor API: malformed requests name the field", async () => {
  await withApp(async (t) => {
    const cases: [unknown, string][] = [
      [{ value: { type: "number", value: 1 }, versionstamp: null }, "key"],
      [{ key: [], value: { type: "number", value: 1 }, versionstamp: null }, "key"],
      [{ key: ["a", { nope: 1 }], value: { type: "number", value: 1 }, versionstamp: null }, "key[1]"],
      [{ key: ["a"], versionstamp: null }, "value"],
      [{ key: ["a"], value: 5, versionstamp: null }, "value"],
      [{ key: ["a"], value: { type: "Map", value: {} }, versionstamp: null }, "value.type"],
      [{ key: ["a"], value: { type: "bigint", value: "1.5" }, versionstamp: null }, "value.value"],
      [{ key: ["a"], value: { type: "Uint8Array", value: "!!" }, versionstamp: null }, "value.value"],
      [{ key: ["a"], value: { type: "Date", value: "yesterday" }, versionstamp: null }, "value.value"],
      [{ key: ["a"], value: { type: "string", value: "x" } }, "versionstamp"],
      [{ key: ["a"], value: { type: "string", value: "x" }, versionstamp: "abc" }, "versionstamp"],
      [
        { key: ["a"], value: { type: "string", value: "x" }, versionstamp: null, expireInMs: -1 },
        "expireInMs",
      ],
      [{ key: ["a"], value: { type: "string", value: "x" }, versionstamp: null, extra: 1 }, "extra"],
    ];
    for (const [body, field] of cases) {
      const res = await put(t, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      const json = await res.json();
      assert.ok(json.error.fields[field], `${JSON.stringify(body)} → ${JSON.stringify(json)}`);
    }
    const badKey = await t.request("/admin/kv/entry?key=budget", { headers: auth });
    assert.equal(badKey.status, 400);
    assert.ok((await badKey.json()).error.fields.key);
    const badCursor = await t.request("/admin/kv?prefix=budget&cursor=%21%21", { headers: auth });
    assert.equal(badCursor.status, 400);
    assert.ok((await badCursor.json()).error.fields.cursor);
    const badLimit = await t.request("/admin/kv?limit=0", { headers: auth });
    assert.equal(badLimit.status, 400);
    assert.ok((await badLimit.json()).error.fields.limit);
    const notJson = await t.request("/admin/kv", {
      method: "PUT",
      headers: { ...auth, "content-type": "text/plain" },
      body: "x",
    });
    assert.equal(notJson.status, 415);
    await notJson.body?.cancel();
    assert.equal((await t.kv.get(["a"])).versionstamp, null, "nothing was written");
  });
});

Deno.test("kv editor API: expiry is set when asked and cleared when left out", async () => {
  await withApp(async (t) => {
    const res = await put(t, {
      key: ["tmp"],
      value: { type: "string", value: "x" },
      versionstamp: null,
      expireInMs: 60_000,
    });
    assert.equal(res.status, 200);
    const { entry } = await res.json();
    const again = await put(t, {
      key: ["tmp"],
      value: { type: "string", value: "y" },
      versionstamp: entry.versionstamp,
    });
    assert.equal(again.status, 200);
    const audit = (await listAudit(t.kv)).entries.filter((e) => e.action === "kv.set");
    assert.equal(audit.length, 2);
    assert.equal(audit[1].details.expireInMs, 60_000);
    assert.equal(audit[0].details.expireInMs, undefined);
    await again.body?.cancel();
  });
});

Deno.test("kv editor API: changes are audited with interface kv-editor, key, old and new values", async () => {
  await withApp(async (t) => {
    await t.kv.set(BUDGET_KEYS.limit, 10);
    const read = await entryOf(t, ["budget", "limit"]);
    const res = await put(t, {
      key: ["budget", "limit"],
      value: { type: "number", value: 12 },
      versionstamp: read.versionstamp,
    });
    assert.equal(res.status, 200);
    const { entry } = await res.json();
    const gone = await del(t, { key: ["budget", "limit"], versionstamp: entry.versionstamp });
    assert.equal(gone.status, 200);
    assert.deepEqual(await gone.json(), { deleted: true });
    const [deleted, set] = (await listAudit(t.kv)).entries;
    assert.equal(set.interface, "kv-editor");
    assert.equal(set.action, "kv.set");
    assert.deepEqual(set.details, {
      key: '["budget","limit"]',
      old: { type: "number", value: 10 },
      new: { type: "number", value: 12 },
    });
    assert.equal(deleted.action, "kv.delete");
    assert.equal(deleted.interface, "kv-editor");
    assert.deepEqual(deleted.details.old, { type: "number", value: 12 });
    assert.equal(deleted.details.new, null);
    const missing = await del(t, { key: ["budget", "limit"], versionstamp: null });
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
  });
});

Deno.test("kv editor API: API keys are shown with hashes redacted and never edited here", async () => {
  await withApp(async (t) => {
    const { record } = await createApiKey(t.kv, { name: "ci", plan: "pro" });
    const res = await t.request("/admin/kv?prefix=api_keys", { headers: auth });
    const text = await res.text();
    const stored = (await t.kv.get<{ hash: string }>(["api_keys", "by_id", record.id])).value!;
    assert.ok(!text.includes(stored.hash), "no hash in the listing");
    const { entries } = JSON.parse(text);
    assert.equal(entries.length, 2);
    const byId = entries.find((e: { keyText: string }) => e.keyText.includes("by_id"));
    assert.equal(byId.value.value.hash, "[redacted]");
    assert.equal(byId.value.value.name, "ci");
    assert.equal(byId.editable, false);
    const byHash = entries.find((e: { keyText: string }) => e.keyText.includes("by_hash"));
    assert.equal(byHash.keyText, '["api_keys","by_hash","[redacted]"]');
    const edit = await put(t, {
      key: ["api_keys", "by_id", record.id],
      value: { type: "object", value: { ...stored, plan: "enterprise" } },
      versionstamp: (await t.kv.get(["api_keys", "by_id", record.id])).versionstamp,
    });
    assert.equal(edit.status, 400);
    assert.match((await edit.json()).error.fields.key, /API keys/);
    // The audit log is append-only.
    const audit = await put(t, {
      key: ["audit", newId()],
      value: { type: "string", value: "x" },
      versionstamp: null,
    });
    assert.equal(audit.status, 400);
    await audit.body?.cancel();
  });
});

/** Stores a generation big enough to be chunked, derived from a real one. */
async function chunkedGeneration(t: TestApp): Promise<string> {
  const res = await t.generate({ appDescription: "a photo sharing app with comments" });
  const events = await readEvents(res);
  const firstId = (events[0] as { id: string }).id;
  const stored = (await t.services.store.get(firstId))!;
  const id = newId();
  const elements = Array.from({ length: 400 }, (_, i) => stored.elements[i % stored.elements.length]);
  await t.services.store.save({
    status: "complete",
    start: { ...stored.record.start, id },
    elements,
    final: { ...stored.record.complete, id },
    dropped: 0,
    elapsedMs: 1,
  }, { requestHash: "f".repeat(64), cacheKey: "c".repeat(64), engineVersion: stored.record.engineVersion });
  return id;
}

Deno.test("kv editor API: chunked generations show as their logical generation; chunks are never edited", async () => {
  await withApp(async (t) => {
    const id = await chunkedGeneration(t);
    const header = await entryOf(t, [GENERATION_KEYS.record, id]);
    assert.equal(header.kind, "generation");
    assert.ok(header.generation.chunkCount > 1, "the generation is chunked");
    assert.ok(header.value.value.byteLength > CHUNK_BYTES);
    assert.equal(header.generation.permalink, `/generations/${id}`);
    const chunks =
      await (await t.request(`/admin/kv?prefix=generation_chunks&prefix=${id}`, { headers: auth })).json();
    assert.equal(chunks.entries.length, 1, "one row for all chunks of the generation");
    assert.equal(chunks.entries[0].kind, "generation_chunk");
    assert.equal(chunks.entries[0].value, undefined, "no raw bytes");
    assert.equal(chunks.entries[0].generation.permalink, `/generations/${id}`);
    assert.deepEqual(chunks.entries[0].generation.headerKey, ["generations", id]);
    const chunk = await t.kv.get([GENERATION_KEYS.chunks, id, 0]);
    const edit = await put(t, {
      key: [GENERATION_KEYS.chunks, id, 0],
      value: { type: "Uint8Array", value: "AA==" },
      versionstamp: chunk.versionstamp,
    });
    assert.equal(edit.status, 400);
    assert.match((await edit.json()).error.fields.key, /chunk/);
    const rm = await del(t, { key: [GENERATION_KEYS.chunks, id, 0], versionstamp: chunk.versionstamp });
    assert.equal(rm.status, 400);
    await rm.body?.cancel();
    // A header edit must keep what ties it to its chunks, and must still parse.
    const bad = await put(t, {
      key: [GENERATION_KEYS.record, id],
      value: { type: "object", value: { ...header.value.value, chunkCount: 1 } },
      versionstamp: header.versionstamp,
    });
    assert.equal(bad.status, 400);
    assert.ok((await bad.json()).error.fields["value.value.chunkCount"]);
    const broken = await put(t, {
      key: [GENERATION_KEYS.record, id],
      value: { type: "object", value: { ...header.value.value, start: "no" } },
      versionstamp: header.versionstamp,
    });
    assert.equal(broken.status, 400);
    assert.match((await broken.json()).error.fields["value.value"], /start/);
    const fine = await put(t, {
      key: [GENERATION_KEYS.record, id],
      value: { type: "object", value: { ...header.value.value, model: "renamed" } },
      versionstamp: header.versionstamp,
    });
    assert.equal(fine.status, 200);
    const { entry } = await fine.json();
    assert.equal((await t.services.store.get(id))?.record.model, "renamed");
    // Deleting the header deletes the whole generation.
    const gone = await del(t, { key: [GENERATION_KEYS.record, id], versionstamp: entry.versionstamp });
    assert.equal(gone.status, 200);
    await gone.body?.cancel();
    assert.equal(await t.services.store.get(id), null);
    let left = 0;
    for await (const _ of t.kv.list({ prefix: [GENERATION_KEYS.chunks, id] })) left++;
    assert.equal(left, 0, "no chunk left behind");
  });
});

Deno.test("kv editor API: a dashboard session works too, with the CSRF token for writes", async () => {
  await withApp(async (t) => {
    const signIn = await t.request("/admin/session", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", Origin: "http://localhost" },
      body: new URLSearchParams({ adminKey: ADMIN_KEY }).toString(),
    });
    assert.equal(signIn.status, 303);
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0];
    const list = await t.request("/admin/kv?prefix=budget", { headers: { cookie } });
    assert.equal(list.status, 200);
    await list.body?.cancel();
    const { csrf } = await (await t.request("/admin/kv/csrf", { headers: { cookie } })).json();
    const body = JSON.stringify({
      key: ["budget", "limit"],
      value: { type: "number", value: 3 },
      versionstamp: null,
    });
    const headers = { cookie, "content-type": "application/json", Origin: "http://localhost" };
    const noToken = await t.request("/admin/kv", { method: "PUT", headers, body });
    assert.equal(noToken.status, 403);
    await noToken.body?.cancel();
    const crossSite = await t.request("/admin/kv", {
      method: "PUT",
      headers: { ...headers, Origin: "http://evil.example", "X-CSRF-Token": csrf },
      body,
    });
    assert.equal(crossSite.status, 403);
    await crossSite.body?.cancel();
    const ok = await t.request("/admin/kv", {
      method: "PUT",
      headers: { ...headers, "X-CSRF-Token": csrf },
      body,
    });
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
    assert.equal((await t.budget.status()).limit, 3);
  });
});

Deno.test("kv editor page: browsing asks for a session and lists typed entries", async () => {
  await withApp(async (t) => {
    const html = { Accept: "text/html" };
    const noSession = await t.request("/admin/kv?prefix=budget", { headers: html });
    assert.equal(noSession.status, 401);
    assert.match(await noSession.text(), /Sign in on the dashboard/);
    const signIn = await t.request("/admin/session", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", Origin: "http://localhost" },
      body: new URLSearchParams({ adminKey: ADMIN_KEY }).toString(),
    });
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0];
    await t.kv.set(BUDGET_KEYS.used, 2);
    const page = await t.request("/admin/kv?prefix=budget", { headers: { ...html, cookie } });
    assert.equal(page.status, 200);
    const text = await page.text();
    assert.match(text, /&quot;budget&quot;,&quot;used&quot;/);
    assert.match(text, /<td>number<\/td>/);
    // Forms need the CSRF token.
    const form = await t.request("/admin/kv/ui/set", {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded", Origin: "http://localhost" },
      body: new URLSearchParams({ key: '["budget","used"]', type: "number", value: "0", versionstamp: "" })
        .toString(),
    });
    assert.equal(form.status, 403);
    await form.body?.cancel();
  });
});

Deno.test("kv editor page: the edit form refuses bad values (400), shows a concurrent change (409), saves good ones", async () => {
  await withApp(async (t) => {
    const signIn = await t.request("/admin/session", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", Origin: "http://localhost" },
      body: new URLSearchParams({ adminKey: ADMIN_KEY }).toString(),
    });
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0];
    await t.kv.set(BUDGET_KEYS.limit, 10);
    const entryPage =
      await (await t.request(`/admin/kv/entry?key=${encodeURIComponent('["budget","limit"]')}`, {
        headers: { Accept: "text/html", cookie },
      })).text();
    const csrf = entryPage.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? "";
    const versionstamp = entryPage.match(/name="versionstamp" value="([0-9a-f]{20})"/)?.[1] ?? "";
    assert.ok(csrf && versionstamp);
    const submit = (value: string, vs = versionstamp) =>
      t.request("/admin/kv/ui/set", {
        method: "POST",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded", Origin: "http://localhost" },
        body: new URLSearchParams({
          _csrf: csrf,
          key: '["budget","limit"]',
          type: "number",
          value,
          versionstamp: vs,
        })
          .toString(),
      });
    const bad = await submit("-5");
    assert.equal(bad.status, 400);
    assert.match(
      await bad.text(),
      /value\.value: \[&quot;budget&quot;,&quot;limit&quot;\] must be 0 or more/,
    );
    const notJson = await submit("ten");
    assert.equal(notJson.status, 400);
    assert.match(await notJson.text(), /value: is not valid JSON/);
    await t.kv.set(BUDGET_KEYS.limit, 20); // changed meanwhile
    const conflict = await submit("30");
    assert.equal(conflict.status, 409);
    const conflictPage = await conflict.text();
    assert.match(conflictPage, /changed since you opened it/);
    assert.match(conflictPage, /<code data-field="value">20<\/code>/);
    assert.equal((await t.kv.get(BUDGET_KEYS.limit)).value, 20);
    const fresh = conflictPage.match(/name="versionstamp" value="([0-9a-f]{20})"/)?.[1] ?? "";
    const ok = await submit("30", fresh);
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /Saved\./);
    assert.equal((await t.kv.get(BUDGET_KEYS.limit)).value, 30);
  });
});

Deno.test("kv editor API: browsing pages through a prefix with the cursor, in key order, nothing twice", async () => {
  await withApp(async (t) => {
    for (let i = 0; i < 7; i++) await t.kv.set(["scratch", i], `v${i}`);
    await t.kv.set(["scratchy"], "not under the prefix");
    const seen: unknown[] = [];
    let cursor: string | null = "";
    let pages = 0;
    while (cursor !== null) {
      const q: string = `/admin/kv?prefix=scratch&limit=3${
        cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""
      }`;
      const page: { entries: { key: unknown[] }[]; cursor: string | null } = await (await t.request(q, {
        headers: auth,
      })).json();
      seen.push(...page.entries.map((e) => e.key));
      cursor = page.cursor;
      pages++;
      assert.ok(pages < 10);
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, Array.from({ length: 7 }, (_, i) => ["scratch", i]));
  });
});

Deno.test("kv editor API: deleting a malformed generation header removes its chunks too", async () => {
  await withApp(async (t) => {
    const id = newId();
    await t.kv.set([GENERATION_KEYS.record, id], { id, broken: true });
    await t.kv.set([GENERATION_KEYS.chunks, id, 0], new Uint8Array([1]));
    await t.kv.set([GENERATION_KEYS.chunks, id, 1], new Uint8Array([2]));
    const header = await entryOf(t, [GENERATION_KEYS.record, id]);
    assert.equal(header.kind, "generation");
    const gone = await del(t, { key: [GENERATION_KEYS.record, id], versionstamp: header.versionstamp });
    assert.equal(gone.status, 200);
    await gone.body?.cancel();
    let left = 0;
    for await (const _ of t.kv.list({ prefix: [GENERATION_KEYS.chunks, id] })) left++;
    assert.equal(left, 0);
    assert.equal((await t.kv.get([GENERATION_KEYS.record, id])).versionstamp, null);
  });
});
