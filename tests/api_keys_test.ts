import assert from "node:assert/strict";
import {
  API_KEY_KEYS,
  ApiKeyInputError,
  createApiKey,
  hashApiKey,
  listApiKeys,
  revokeApiKey,
  verifyApiKey,
} from "../lib/access/api_keys.ts";
import { makeTestApp } from "./helpers.ts";

Deno.test("api keys: created once, stored hashed, verified, revoked", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const { key, record } = await createApiKey(kv, { name: "  Acme CI  ", plan: "pro" });
    assert.match(key, /^vtp_[A-Za-z0-9_-]{43}$/);
    assert.equal(record.name, "Acme CI");
    assert.equal(record.plan, "pro");
    assert.equal(record.prefix, key.slice(0, 12));
    assert.ok(!Number.isNaN(Date.parse(record.createdAt)));
    assert.equal("hash" in record, false);

    // The secret is nowhere in KV; its SHA-256 is.
    const dump: string[] = [];
    for await (const e of kv.list({ prefix: [] })) dump.push(JSON.stringify([e.key, e.value]));
    assert.ok(!dump.join("\n").includes(key));
    assert.ok(dump.join("\n").includes(await hashApiKey(key)));

    assert.deepEqual(await verifyApiKey(kv, key), record);
    assert.equal(await verifyApiKey(kv, key.slice(0, -1) + (key.endsWith("A") ? "B" : "A")), null);
    assert.equal(await verifyApiKey(kv, "vtp_short"), null);
    assert.equal(await verifyApiKey(kv, ""), null);

    const revoked = await revokeApiKey(kv, record.id);
    assert.ok(revoked?.revokedAt);
    assert.equal(await verifyApiKey(kv, key), null);
    const again = await revokeApiKey(kv, record.id);
    assert.equal(again?.revokedAt, revoked.revokedAt); // idempotent
    assert.equal(await revokeApiKey(kv, "01NOSUCHKEY"), null);
    await assert.rejects(
      () => revokeApiKey(kv, ""),
      (e) => e instanceof ApiKeyInputError && e.field === "id",
    );
  } finally {
    kv.close();
  }
});

Deno.test("api keys: bad input names the field", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    await assert.rejects(
      () => createApiKey(kv, { name: "x", plan: "gold" as never }),
      (e) =>
        e instanceof ApiKeyInputError && e.field === "plan" &&
        /free, starter, pro, enterprise/.test(e.message),
    );
    await assert.rejects(
      () => createApiKey(kv, { name: "   ", plan: "free" }),
      (e) => e instanceof ApiKeyInputError && e.field === "name",
    );
    await assert.rejects(
      () => createApiKey(kv, { name: "n".repeat(101), plan: "free" }),
      (e) => e instanceof ApiKeyInputError && e.field === "name",
    );
    await assert.rejects(
      () => listApiKeys(kv, { limit: 0 }),
      (e) => e instanceof ApiKeyInputError && e.field === "limit",
    );
    await createApiKey(kv, { name: "a", plan: "free" });
    await assert.rejects(
      () => listApiKeys(kv, { cursor: "not-a-cursor" }),
      (e) => e instanceof ApiKeyInputError && e.field === "cursor",
    );
    // Nothing half-written by the failures.
    let n = 0;
    for await (const _ of kv.list({ prefix: API_KEY_KEYS.byId })) n++;
    assert.equal(n, 1);
  } finally {
    kv.close();
  }
});

Deno.test("api keys: listed oldest first with cursor pagination, revoked ones included", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const made = [];
    for (let i = 0; i < 5; i++) {
      made.push((await createApiKey(kv, { name: `key ${i}`, plan: "free" })).record);
    }
    await revokeApiKey(kv, made[1].id);
    const first = await listApiKeys(kv, { limit: 2 });
    assert.deepEqual(first.keys.map((k) => k.name), ["key 0", "key 1"]);
    assert.ok(first.keys[1].revokedAt);
    assert.ok(first.cursor);
    const second = await listApiKeys(kv, { limit: 2, cursor: first.cursor! });
    assert.deepEqual(second.keys.map((k) => k.name), ["key 2", "key 3"]);
    const third = await listApiKeys(kv, { limit: 2, cursor: second.cursor! });
    assert.deepEqual(third.keys.map((k) => k.name), ["key 4"]);
    assert.equal(third.cursor, null);
    const all = await listApiKeys(kv);
    assert.equal(all.keys.length, 5);
    assert.equal(all.cursor, null);
  } finally {
    kv.close();
  }
});

Deno.test("api keys http: unknown or revoked vtp_ keys get 401 invalid_api_key; other bearer tokens are not ours", async () => {
  const t = await makeTestApp();
  try {
    const { key, record } = await createApiKey(t.kv, { name: "web", plan: "starter" });
    const call = (authorization: string) => t.request("/api/budget", { headers: { authorization } });
    const ok = await call(`Bearer ${key}`);
    assert.equal(ok.status, 200);
    await ok.body?.cancel();

    const unknown = await call(`Bearer vtp_${"x".repeat(43)}`);
    assert.equal(unknown.status, 401);
    const body = await unknown.json();
    assert.equal(body.error.code, "invalid_api_key");
    assert.ok(!JSON.stringify(body).includes("vtp_x"));
    assert.match(unknown.headers.get("www-authenticate") ?? "", /Bearer/);

    const malformed = await call("Bearer vtp_nope");
    assert.equal(malformed.status, 401);
    await malformed.body?.cancel();

    await revokeApiKey(t.kv, record.id);
    const revoked = await t.generate({ appDescription: "An app behind a revoked key" }, {
      authorization: `Bearer ${key}`,
    });
    assert.equal(revoked.status, 401);
    assert.equal((await revoked.json()).error.code, "invalid_api_key");

    const other = await call("Bearer some-admin-or-metrics-token");
    assert.equal(other.status, 200);
    await other.body?.cancel();
  } finally {
    await t.close();
  }
});
