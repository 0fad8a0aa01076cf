/** The KV key builders, the key table next to them, and the README's "KV keys" table agree. */
import assert from "node:assert/strict";
import * as keys from "../lib/platform/kv/keys.ts";
import { KV_KEY_TABLE } from "../lib/platform/kv/keys.ts";

/** `["a",x,"b"|"c"]` → matcher parts (a literal set, or null for a placeholder). */
function partsOf(pattern: string): (string[] | null)[] {
  const inner = pattern.replace(/\s+/g, "").replace(/^\[/, "").replace(/\]$/, "");
  return inner.split(",").map((part) =>
    part.startsWith('"') ? part.split("|").map((alt) => JSON.parse(alt) as string) : null
  );
}

function matches(pattern: string, key: Deno.KvKey): boolean {
  const parts = partsOf(pattern);
  return parts.length === key.length &&
    parts.every((p, i) => p === null ? true : typeof key[i] === "string" && p.includes(key[i] as string));
}

/** The key column of the README's KV table, normalized. */
async function readmeKeys(): Promise<string[]> {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  const section = readme.split(/^## KV keys$/m)[1].split(/^## /m)[0];
  return section.split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => line.replaceAll("\\|", "¦").split("|")[1].replaceAll("¦", "|"))
    .map((cell) => cell.trim().replace(/^`|`$/g, "").replace(/\s+/g, ""));
}

Deno.test("kv keys: the README's KV table lists exactly the key table of lib/platform/kv/keys.ts", async () => {
  const table = KV_KEY_TABLE.map((row) => row.key.replace(/\s+/g, ""));
  assert.deepEqual([...await readmeKeys()].sort(), [...table].sort());
});

Deno.test("kv keys: every builder writes a key of the table, and every table row has a builder", () => {
  const written: Deno.KvKey[] = [
    keys.budgetUsedKey(),
    keys.budgetLimitKey(),
    keys.budgetPeriodStartKey(),
    keys.budgetLeaseKey("01J0000000000000000000000A"),
    keys.rateLimitKey("gen", "ip:203.0.113.7"),
    keys.providerSlotKey("openai", 2),
    keys.spendTotalKey("all"),
    keys.spendModelKey("all", "openai", "gpt-4.1-mini"),
    keys.spendTokensKey("all", "openai", "gpt-4.1-mini", "input"),
    keys.spendTokensKey("2026-11-21", "openai", "gpt-4.1-mini", "output"),
    keys.spendCallsKey("all", "openai", "gpt-4.1-mini"),
    keys.generationKey("01J0000000000000000000000A"),
    keys.generationChunkKey("01J0000000000000000000000A", 0),
    keys.generationsByRequestKey("ab12", "01J0000000000000000000000A"),
    keys.vectorItemKey("01J0000000000000000000000A"),
    keys.vectorBlockKey("local-v1", "startup", "aws", 0),
    keys.vectorMetaKey("local-v1", "startup", "aws"),
    keys.vectorBackfillKey("local-v1"),
    keys.apiKeyKey("01J0000000000000000000000A"),
    keys.apiKeyHashKey("00ff"),
    keys.auditKey("01J0000000000000000000000A"),
  ];
  for (const key of written) {
    const rows = KV_KEY_TABLE.filter((row) => matches(row.key, key));
    assert.equal(rows.length, 1, `${JSON.stringify(key)} matches exactly one table row`);
  }
  for (const row of KV_KEY_TABLE) {
    assert.ok(written.some((key) => matches(row.key, key)), `${row.key} has a builder`);
  }
  // Prefixes are prefixes of the keys they list.
  const isPrefix = (prefix: Deno.KvKey, key: Deno.KvKey) => prefix.every((p, i) => p === key[i]);
  assert.ok(isPrefix(keys.budgetLeasePrefix(), keys.budgetLeaseKey("x")));
  assert.ok(isPrefix(keys.providerSlotPrefix("openai"), keys.providerSlotKey("openai", 0)));
  assert.ok(isPrefix(keys.generationChunkPrefix("x"), keys.generationChunkKey("x", 3)));
  assert.ok(isPrefix(keys.generationsByRequestPrefix("h"), keys.generationsByRequestKey("h", "x")));
  assert.ok(isPrefix(keys.vectorBlockPrefix("e", "s", "c"), keys.vectorBlockKey("e", "s", "c", 1)));
  assert.ok(isPrefix(keys.apiKeyPrefix(), keys.apiKeyKey("x")));
  assert.ok(isPrefix(keys.apiKeyHashPrefix(), keys.apiKeyHashKey("x")));
  assert.ok(isPrefix(keys.auditPrefix(), keys.auditKey("x")));
  assert.ok(isPrefix(keys.spendPeriodPrefix("all"), keys.spendTotalKey("all")));
  assert.ok(isPrefix(keys.rateLimitPrefix(), keys.rateLimitKey("api", "x")));
  assert.ok(isPrefix(keys.vectorPrefix(), keys.vectorItemKey("x")));
  assert.ok(isPrefix(keys.generationPrefix(), keys.generationKey("x")));
});
