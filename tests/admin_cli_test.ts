/** The admin CLI, run as a subprocess (`deno run -A tasks/admin.ts`) on a temporary KV file. */
import { openKv } from "../lib/platform/kv/open_kv.ts";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { verifyApiKey } from "../lib/access/api_keys.ts";
import { type AuditEntry, listAudit } from "../lib/access/audit_log.ts";
import { BUDGET_KEYS } from "../lib/guards/budget.ts";
import { makeTestApp, readEvents } from "./helpers.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; `input` is written to stdin (null: stdin closed / not a terminal). */
async function cli(kvPath: string, args: string[], input: string | null = null): Promise<Run> {
  const env: Record<string, string> = { KV_PATH: kvPath, NO_COLOR: "1" };
  for (const name of ["HOME", "PATH", "DENO_DIR", "XDG_CACHE_HOME", "TMPDIR"]) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "tasks/admin.ts", ...args],
    cwd: ROOT,
    env,
    clearEnv: true,
    stdin: input === null ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (input !== null) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(input));
    await writer.close();
  }
  const out = await child.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** A temporary KV file, opened in-process to check what the CLI did. */
async function withKv(fn: (path: string, read: () => Promise<Deno.Kv>) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "vtp_admin_cli_" });
  const path = `${dir}/kv.sqlite3`;
  const opened: Deno.Kv[] = [];
  try {
    await fn(path, async () => {
      const kv = await openKv({ kvPath: path });
      opened.push(kv);
      return kv;
    });
  } finally {
    for (const kv of opened) kv.close();
    await Deno.remove(dir, { recursive: true });
  }
}

async function audit(read: () => Promise<Deno.Kv>): Promise<AuditEntry[]> {
  return (await listAudit(await read(), { limit: 200 })).entries;
}

Deno.test("admin CLI: status, reset --yes, limit, with --json and invalid values", async () => {
  await withKv(async (path, read) => {
    let r = await cli(path, ["status"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /used:\s+0/);
    assert.match(r.stdout, /limit:\s+100/);
    assert.match(r.stdout, /remaining:\s+100/);
    assert.match(r.stdout, /state:\s+healthy/);
    assert.match(r.stdout, /LLM spend \(period all\)/);
    assert.match(r.stdout, /cap:\s+none/);

    const kv = await read();
    await kv.set(BUDGET_KEYS.used, "seven");
    r = await cli(path, ["status"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /used:\s+INVALID/);
    assert.match(r.stdout, /INVALID \["budget","used"\] = "seven"/);
    r = await cli(path, ["status", "--json"]);
    assert.equal(JSON.parse(r.stdout).spend.spentUsd, 0);
    const status = JSON.parse(r.stdout).budget;
    assert.equal(status.state, "invalid");
    assert.deepEqual(status.invalid, [{ key: '["budget","used"]', value: "seven" }]);

    r = await cli(path, ["reset", "--yes"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Budget reset/);
    assert.equal((await kv.get(BUDGET_KEYS.used)).value, 0);

    r = await cli(path, ["limit", "25", "--yes", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).budget.limit, 25);
    assert.equal((await kv.get(BUDGET_KEYS.limit)).value, 25);

    const entries = await audit(read);
    assert.deepEqual(entries.map((e) => [e.action, e.interface]), [["budget.limit", "cli"], [
      "budget.reset",
      "cli",
    ]]);
    assert.deepEqual(entries[1].details.repaired, ['["budget","used"]']);
  });
});

Deno.test("admin CLI: destructive commands need confirmation", async () => {
  await withKv(async (path, read) => {
    const kv = await read();
    await kv.set(BUDGET_KEYS.used, 9);
    const key = await cli(path, ["keys", "create", "--plan", "free", "--name", "k", "--json"]);
    const id = JSON.parse(key.stdout).record.id;
    for (
      const args of [["reset"], ["limit", "3"], ["keys", "revoke", id], ["kv", "set", "budget", "used", "1"]]
    ) {
      // No stdin answer (no terminal): refused, non-zero, with a message.
      let r = await cli(path, args, null);
      assert.equal(r.code, 1, args.join(" "));
      assert.match(r.stderr, /--yes/);
      // An explicit "no".
      r = await cli(path, args, "n\n");
      assert.equal(r.code, 1, args.join(" "));
      assert.match(r.stderr, /Cancelled: nothing changed/);
    }
    assert.equal((await kv.get(BUDGET_KEYS.used)).value, 9);
    assert.equal((await kv.get(BUDGET_KEYS.limit)).versionstamp, null);
    assert.equal(
      JSON.parse((await cli(path, ["keys", "list", "--json"])).stdout).keys[0].revokedAt,
      undefined,
    );

    // "y" on stdin confirms.
    const r = await cli(path, ["reset"], "y\n");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Reset the used count \(now 9\) to 0\? \[y\/N\]/);
    assert.equal((await kv.get(BUDGET_KEYS.used)).value, 0);
  });
});

Deno.test("admin CLI: keys create / list / revoke", async () => {
  await withKv(async (path, read) => {
    let r = await cli(path, ["keys", "create", "--plan", "pro", "--name", "ci bot"]);
    assert.equal(r.code, 0, r.stderr);
    const key = r.stdout.match(/vtp_[A-Za-z0-9_-]+/)?.[0];
    assert.ok(key);
    const kv = await read();
    const record = await verifyApiKey(kv, key);
    assert.equal(record?.plan, "pro");
    assert.equal(record?.name, "ci bot");

    r = await cli(path, ["keys", "list"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(`${record!.id}\\s+pro\\s+.*active\\s+ci bot`));
    assert.ok(!r.stdout.includes(key), "list never shows the key");

    r = await cli(path, ["keys", "revoke", record!.id, "--yes"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await verifyApiKey(kv, key), null);
    r = await cli(path, ["keys", "list", "--json"]);
    assert.ok(JSON.parse(r.stdout).keys[0].revokedAt);

    r = await cli(path, ["keys", "revoke", "01ARZ3NDEKTSV4RRFFQ69G5FAV", "--yes"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /No API key has id 01ARZ3NDEKTSV4RRFFQ69G5FAV/);

    const entries = await audit(read);
    assert.deepEqual(entries.map((e) => [e.action, e.interface]), [
      ["api_key.revoke", "cli"],
      ["api_key.create", "cli"],
    ]);
    assert.ok(!JSON.stringify(entries).includes(key));
  });
});

Deno.test("admin CLI: kv get / set / list on hand-editable keys", async () => {
  await withKv(async (path, read) => {
    let r = await cli(path, ["kv", "set", "budget", "limit", "50", "--yes"]);
    assert.equal(r.code, 0, r.stderr);
    const kv = await read();
    assert.equal((await kv.get(["budget", "limit"])).value, 50, "JSON number");

    r = await cli(path, ["kv", "get", "budget", "limit"]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), "50");

    await cli(path, ["kv", "set", "notes", "greeting", "hello world", "--yes"]);
    assert.equal((await kv.get(["notes", "greeting"])).value, "hello world", "not JSON → string");
    await cli(path, ["kv", "set", "notes", "quoted", '"42"', "--yes"]);
    assert.equal((await kv.get(["notes", "quoted"])).value, "42", "JSON string");
    await cli(path, ["kv", "set", "notes", "n:7", '{"a":[1,true]}', "--yes"]);
    assert.deepEqual((await kv.get(["notes", 7])).value, { a: [1, true] }, "typed key part");
    await cli(path, ["kv", "set", "notes", "neg", "--yes", "--", "-1"]);
    assert.equal((await kv.get(["notes", "neg"])).value, -1);

    r = await cli(path, ["kv", "list", "notes", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const listed = JSON.parse(r.stdout);
    // KV order: strings sort before numbers.
    assert.deepEqual(listed.entries.map((e: { key: unknown[] }) => e.key), [
      ["notes", "greeting"],
      ["notes", "neg"],
      ["notes", "quoted"],
      ["notes", 7],
    ]);
    r = await cli(path, ["kv", "list", "notes", "--limit", "2"]);
    assert.match(r.stdout, /More: --cursor \S+/);
    const cursor = r.stdout.match(/--cursor (\S+)/)![1];
    r = await cli(path, ["kv", "list", "notes", "--limit", "2", "--cursor", cursor]);
    assert.match(r.stdout, /\["notes","quoted"\] = "42"/);
    assert.match(r.stdout, /\["notes",7\] = \{"a":\[1,true\]\}/);
    assert.doesNotMatch(r.stdout, /greeting|neg|More:/);

    r = await cli(path, ["kv", "get", "budget", "nothing"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /No entry at \["budget","nothing"\]/);

    // A hand edit that breaks the budget shows as invalid.
    await cli(path, ["kv", "set", "budget", "used", "oops", "--yes"]);
    r = await cli(path, ["status"]);
    assert.match(r.stdout, /state:\s+invalid/);

    const sets = (await audit(read)).filter((e) => e.action === "kv.set");
    assert.equal(sets.length, 6);
    assert.ok(sets.every((e) => e.interface === "cli"));
    assert.deepEqual(sets.at(-1)!.details, { key: '["budget","limit"]', value: 50 });
  });
});

Deno.test("admin CLI: bad arguments exit 2 with a message", async () => {
  await withKv(async (path) => {
    const cases: [string[], RegExp][] = [
      [[], /Usage: deno task admin/],
      [["frobnicate"], /Unknown command: frobnicate/],
      [["limit"], /limit needs a number/],
      [["limit", "abc"], /limit: must be a number/],
      [["limit", "1.5"], /limit: must be an integer/],
      [["limit", "-5"], /limit: must be 0 or more/],
      [["limit", "5", "6"], /Too many arguments/],
      [["keys"], /Unknown keys command/],
      [["keys", "create", "--name", "x"], /needs --plan/],
      [["keys", "create", "--plan", "gold", "--name", "x"], /--plan: must be one of/],
      [["keys", "create", "--plan", "pro", "--name", ""], /--name: must be 1–100 characters/],
      [["keys", "revoke"], /keys revoke needs an id/],
      [["keys", "list", "--limit", "0"], /--limit must be an integer/],
      [["kv"], /Unknown kv command/],
      [["kv", "get"], /kv get needs a key/],
      [["kv", "set", "only-key"], /kv set needs a key and a value/],
      [["kv", "get", "n:abc"], /not a number/],
      [["status", "--bogus"], /Unknown option '--bogus'/],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(path, args)));
    cases.forEach(([args, message], i) => {
      assert.equal(runs[i].code, 2, `${args.join(" ")}: ${runs[i].stderr}`);
      assert.match(runs[i].stderr, message, args.join(" "));
    });
    const help = await cli(path, ["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /kv set <key…> <value>/);
  });
});

Deno.test("admin CLI: embeddings backfill indexes stored generations and is audited", async () => {
  await withKv(async (path, read) => {
    const kv = await read();
    const t = await makeTestApp({}, { kv });
    try {
      const res = await t.generate({ appDescription: "A recipe sharing app with photo uploads" });
      const events = await readEvents(res);
      assert.equal(events.at(-1)?.type, "complete");
    } finally {
      await t.close();
    }
    let r = await cli(path, ["embeddings", "backfill", "--restart", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const first = JSON.parse(r.stdout).progress;
    assert.equal(first.processed, 1);
    assert.equal(first.embedded + first.skipped, 1);
    assert.equal(first.done, true);

    r = await cli(path, ["embeddings", "backfill", "--restart"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 looked at, 0 embedded, 1 already indexed; done\./);

    r = await cli(path, ["embeddings", "frob"]);
    assert.equal(r.code, 2);
    r = await cli(path, ["embeddings", "backfill", "--max", "0"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--max must be an integer/);

    const entries = (await audit(read)).filter((e) => e.action === "embeddings.backfill");
    assert.equal(entries.length, 2);
    assert.ok(entries.every((e) => e.interface === "cli"));
  });
});
