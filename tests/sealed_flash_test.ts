import assert from "node:assert/strict";
import { newFlashToken, openFlash, sealFlash } from "../lib/access/sealed_flash.ts";

const PREFIX: Deno.KvKey = ["admin", "new_key_flash"];

Deno.test("sealed flash: KV holds neither the secret nor the token, and the value opens once", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const token = newFlashToken();
    const secret = "vtp_" + "s".repeat(43);
    await sealFlash(kv, PREFIX, token, { key: secret }, 60_000);
    const raw: string[] = [];
    for await (const e of kv.list({ prefix: PREFIX })) {
      raw.push(JSON.stringify(e.key) + JSON.stringify(e.value));
    }
    assert.equal(raw.length, 1);
    const stored = raw[0];
    assert.ok(!stored.includes(secret), "the secret is not stored in clear");
    assert.ok(!stored.includes(token), "the token is not stored");
    assert.equal(await openFlash(kv, PREFIX, newFlashToken()), null, "another token opens nothing");
    assert.deepEqual(await openFlash(kv, PREFIX, token), { key: secret });
    assert.equal(await openFlash(kv, PREFIX, token), null, "shown only once");
  } finally {
    kv.close();
  }
});
