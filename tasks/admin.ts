/**
 * The admin CLI (`deno task admin …`), working directly on the app's KV (`KV_PATH`, `--kv <path>`, or a KV
 * Connect URL with `DENO_KV_ACCESS_TOKEN`). Every change is written to the audit log with interface `cli`.
 *
 *   deno task admin status                          budget: used, limit, remaining, state, invalid values
 *   deno task admin reset                           set the used count to 0 (repairs invalid values)
 *   deno task admin limit <n>                       set the run-time limit (non-negative integer)
 *   deno task admin keys create --plan pro --name x create an API key (printed once)
 *   deno task admin keys list [--limit n] [--cursor c]
 *   deno task admin keys revoke <id>
 *   deno task admin kv get <key…>                   e.g. `kv get budget used` → ["budget","used"]
 *   deno task admin kv set <key…> <value>           value: JSON when it parses as JSON, else a string
 *   deno task admin kv list [<prefix…>] [--limit n] [--cursor c]
 *   deno task admin kv delete <key…>                delete one KV entry; `kv delete generations <id>` deletes
 *                                                   that generation with every key it occupies (corrupt too)
 *   deno task admin embeddings backfill [--max n] [--time s] [--restart]
 *                                                   give every stored generation a vector (resumable)
 *
 * Options: `--json` (machine-readable output), `--yes`/`-y` (skip confirmation), `--kv <path|url>`.
 * Key parts are strings (`budget 1` → ["budget","1"]); type one with a prefix: `n:42` (number), `big:42`
 * (bigint), `b:true` (boolean), `s:text` (a string, e.g. `s:n:1` for the string "n:1"). Put negative numbers
 * after `--`, e.g. `kv set budget used -- -1`.
 * Destructive commands (reset, limit, keys revoke, kv set, kv delete) ask for confirmation on stdin unless `--yes`; with
 * no answer (no terminal, closed stdin) they refuse. Exit codes: 0 done, 1 failed or refused, 2 bad usage.
 */
import { parseArgs } from "node:util";
import {
  type AdminContext,
  adminStatus,
  apiKeyIdSchema,
  createKey,
  createKeyInputSchema,
  fieldErrors,
  limitInputSchema,
  resetBudget,
  revokeKey,
  setBudgetLimit,
} from "../lib/access/admin_actions.ts";
import { type SpendStatus, spendTrackerFromConfig } from "../lib/guards/spend.ts";
import { listApiKeys } from "../lib/access/api_keys.ts";
import { recordAudit } from "../lib/access/audit_log.ts";
import { budgetFromConfig, type BudgetStatus } from "../lib/guards/budget.ts";
import { ConfigError, loadConfig } from "../lib/platform/config.ts";
import { backfillEmbeddings } from "../lib/semantic/backfill.ts";
import { createEmbedder } from "../lib/semantic/embeddings/mod.ts";
import { GENERATION_KEYS, GenerationStore, ULID_PATTERN } from "../lib/store/generation_store.ts";
import { VectorIndex } from "../lib/semantic/vector_index.ts";
import { openKv } from "../lib/platform/kv/open_kv.ts";

/** Usage text. */
export const USAGE = `Usage: deno task admin [options] <command>

Commands:
  status                              show the generation budget (used, limit, remaining, state)
  reset                               reset the used count to 0 (also repairs invalid values)
  limit <n>                           set the budget limit (a non-negative integer)
  keys create --plan <plan> --name <name>
                                      create an API key (plan: free, starter, pro, enterprise)
  keys list [--limit n] [--cursor c]  list API keys
  keys revoke <id>                    revoke an API key
  kv get <key…>                       read one KV entry, e.g. kv get budget used
  kv set <key…> <value>               write one KV entry (value: JSON if it parses, else a string)
  kv list [<prefix…>] [--limit n] [--cursor c]
  kv delete <key…>                    delete one KV entry (a generation header: the whole generation)
                                      list KV entries under a prefix
  embeddings backfill [--max n] [--time seconds] [--restart]
                                      embed stored generations that have no vector from the current
                                      embedder (resumes the last pass unless --restart)

Options:
  --json         print JSON (for scripts)
  -y, --yes      do not ask for confirmation
  --kv <path>    KV file or KV Connect URL (default: KV_PATH, else ./data/vibetoprod.sqlite3)
  -h, --help     show this help

Key parts are strings; n:42 is a number, big:42 a bigint, b:true a boolean, s:x the string x.
Exit codes: 0 done, 1 failed or refused, 2 bad usage.`;

/** A usage error: exit code 2. */
class UsageError extends Error {}

/** A failure or refusal: exit code 1. */
class Failure extends Error {}

/** Parses a key part typed on the command line (see the module doc). */
export function parseKeyPart(part: string): Deno.KvKeyPart {
  if (part.startsWith("s:")) return part.slice(2);
  if (part.startsWith("n:")) {
    const n = Number(part.slice(2));
    if (part.length === 2 || !Number.isFinite(n)) throw new UsageError(`Key part ${part}: not a number.`);
    return n;
  }
  if (part.startsWith("big:")) {
    if (!/^-?\d+$/.test(part.slice(4))) throw new UsageError(`Key part ${part}: not an integer.`);
    return BigInt(part.slice(4));
  }
  if (part.startsWith("b:")) {
    if (part !== "b:true" && part !== "b:false") {
      throw new UsageError(`Key part ${part}: use b:true or b:false.`);
    }
    return part === "b:true";
  }
  return part;
}

/** Parses a value for `kv set`: JSON when it parses as JSON, else the text itself. */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** JSON for KV values and keys: bigint, KvU64 and bytes become tagged objects. */
function toJson(value: unknown, space?: number): string {
  return JSON.stringify(value, (_k, v) => {
    if (typeof v === "bigint") return { $bigint: v.toString() };
    if (v instanceof Deno.KvU64) return { $u64: v.value.toString() };
    if (v instanceof Uint8Array) return { $bytes: btoa(String.fromCharCode(...v.subarray(0, 4096))) };
    if (v instanceof Map) return { $map: [...v.entries()] };
    if (v instanceof Set) return { $set: [...v.values()] };
    return v;
  }, space);
}

/** A readable key: `["budget","used"]`. */
function showKey(key: Deno.KvKey): string {
  return toJson(key);
}

/** Reads one line from stdin; null at end of input. */
async function readLine(): Promise<string | null> {
  const reader = Deno.stdin.readable.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) return text.length ? text : null;
      text += value;
      const nl = text.indexOf("\n");
      if (nl >= 0) return text.slice(0, nl);
    }
  } finally {
    reader.releaseLock();
  }
}

/** Asks `question`; true only for a `y`/`yes` answer. Refuses (false) with no answer on stdin. */
async function confirmed(question: string, yes: boolean): Promise<boolean> {
  if (yes) return true;
  await Deno.stderr.write(new TextEncoder().encode(`${question} [y/N] `));
  let answer: string | null;
  try {
    answer = await readLine();
  } catch {
    answer = null;
  }
  if (answer === null) {
    throw new Failure("No confirmation on stdin: nothing changed. Pass --yes to confirm without a prompt.");
  }
  return /^\s*y(es)?\s*$/i.test(answer);
}

/** Output sink (tests inject their own). */
interface Io {
  out(text: string): void;
  err(text: string): void;
}

function describeStatus(s: BudgetStatus): string {
  const lines = [
    "Generation budget",
    `  used:      ${s.used ?? "INVALID"}`,
    `  limit:     ${s.limit ?? "INVALID"}`,
    `  remaining: ${s.remaining ?? "—"}`,
    `  reserved:  ${s.reserved} (in flight)`,
    `  state:     ${s.state}`,
    `  period:    ${s.period}${s.resetsAt ? ` (resets at ${s.resetsAt})` : ""}`,
  ];
  for (const bad of s.invalid) {
    lines.push(
      `  INVALID ${bad.key} = ${
        toJson(bad.value)
      }: not a non-negative integer. Generation is refused (503) ` +
        `until repaired: \`deno task admin reset\` repairs it.`,
    );
  }
  return lines.join("\n");
}

function describeSpend(s: SpendStatus): string {
  const usd = (n: number) => `$${n.toFixed(n < 1 ? 4 : 2)}`;
  const lines = [
    `LLM spend (period ${s.period})`,
    `  spent:     ${s.valid ? usd(s.spentUsd) : "INVALID (a stored value is not a counter)"}`,
    `  cap:       ${s.limitUsd === null ? "none (SPEND_LIMIT_USD unset)" : usd(s.limitUsd)}`,
  ];
  for (const m of s.byModel) {
    lines.push(
      `  ${m.provider}/${m.model}: ${m.calls} generations, ${m.inputTokens} in / ${m.outputTokens} out tokens, ${
        usd(m.usd)
      }`,
    );
  }
  return lines.join("\n");
}

function intOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}.`);
  }
  return Number(value);
}

/** Runs the CLI with `args`; returns the exit code. */
export async function main(args: string[], io: Io = {
  out: (t) => console.log(t),
  err: (t) => console.error(t),
}): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: "boolean", default: false },
        yes: { type: "boolean", short: "y", default: false },
        help: { type: "boolean", short: "h", default: false },
        kv: { type: "string" },
        plan: { type: "string" },
        name: { type: "string" },
        limit: { type: "string" },
        cursor: { type: "string" },
        max: { type: "string" },
        time: { type: "string" },
        restart: { type: "boolean", default: false },
      },
    });
  } catch (err) {
    const negative = args.find((a) => /^-\d/.test(a));
    if (negative !== undefined && args.find((a) => !a.startsWith("-")) === "limit") {
      io.err(`limit: must be 0 or more (got ${negative}).\n\nRun \`deno task admin --help\` for usage.`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    const hint = negative !== undefined ? " (put negative numbers after `--`)" : "";
    io.err(`${message}${hint}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0 || positionals[0] === "help") {
    (values.help || positionals[0] === "help" ? io.out : io.err)(USAGE);
    return values.help || positionals[0] === "help" ? 0 : 2;
  }

  let kv: Deno.Kv | undefined;
  try {
    const command = positionals.join(" ");
    // Validate the command shape before touching KV.
    const [cmd, sub, ...rest] = positionals;
    const known = ["status", "reset", "limit", "keys", "kv", "embeddings"];
    if (!known.includes(cmd)) throw new UsageError(`Unknown command: ${cmd}.`);

    const env = Deno.env.toObject();
    if (values.kv !== undefined) env.KV_PATH = values.kv;
    const config = loadConfig(env);
    const open = async () => {
      kv = await openKv(config);
      const budget = budgetFromConfig(config, kv);
      const ctx: AdminContext = { kv, budget, spend: spendTrackerFromConfig(config, kv), via: "cli" };
      return ctx;
    };
    const print = (json: unknown, text: string) => io.out(values.json ? toJson(json, 2) : text);
    const refuse = () => {
      throw new Failure("Cancelled: nothing changed.");
    };
    const noExtra = (n: number) => {
      if (positionals.length > n) {
        throw new UsageError(`Too many arguments for \`${positionals.slice(0, n).join(" ")}\`.`);
      }
    };

    switch (cmd) {
      case "status": {
        noExtra(1);
        const ctx = await open();
        const status = await adminStatus(ctx);
        print(status, `${describeStatus(status.budget)}\n${describeSpend(status.spend)}`);
        return 0;
      }
      case "reset": {
        noExtra(1);
        const ctx = await open();
        const before = await ctx.budget.status();
        if (!(await confirmed(`Reset the used count (now ${before.used ?? "invalid"}) to 0?`, values.yes))) {
          refuse();
        }
        const s = await resetBudget(ctx);
        print({ budget: s }, `Budget reset.\n${describeStatus(s)}`);
        return 0;
      }
      case "limit": {
        if (sub === undefined) throw new UsageError("limit needs a number: deno task admin limit <n>.");
        noExtra(2);
        const check = limitInputSchema.safeParse({ limit: /^-?\d+(\.\d+)?$/.test(sub) ? Number(sub) : sub });
        if (!check.success) {
          throw new UsageError(
            `limit: ${fieldErrors(check.error).limit ?? "must be a non-negative integer"} (got ${sub}).`,
          );
        }
        const ctx = await open();
        const before = await ctx.budget.status();
        const question = `Change the limit from ${before.limit ?? "invalid"} to ${check.data.limit}?`;
        if (!(await confirmed(question, values.yes))) refuse();
        const s = await setBudgetLimit(ctx, check.data.limit);
        print({ budget: s }, `Limit set to ${check.data.limit}.\n${describeStatus(s)}`);
        return 0;
      }
      case "keys": {
        if (sub === "create") {
          noExtra(2);
          if (values.plan === undefined || values.name === undefined) {
            throw new UsageError("keys create needs --plan <free|starter|pro|enterprise> and --name <name>.");
          }
          const input = createKeyInputSchema.safeParse({ name: values.name, plan: values.plan });
          if (!input.success) {
            const fields = fieldErrors(input.error);
            throw new UsageError(Object.entries(fields).map(([k, v]) => `--${k}: ${v}`).join("; "));
          }
          const ctx = await open();
          const created = await createKey(ctx, input.data);
          const r = created.record;
          print(
            created,
            `Created API key ${r.id} (${r.plan}, "${r.name}").\nKey (shown only this once):\n${created.key}`,
          );
          return 0;
        }
        if (sub === "list") {
          noExtra(2);
          const limit = intOption("limit", values.limit, 1, 1000);
          const ctx = await open();
          const page = await listApiKeys(ctx.kv, { cursor: values.cursor, limit }).catch((err) => {
            if (values.cursor !== undefined) throw new UsageError("--cursor is not a valid cursor.");
            throw err;
          });
          const text = page.keys.length === 0
            ? "No API keys."
            : page.keys.map((k) =>
              `${k.id}  ${k.plan.padEnd(10)} ${k.prefix}…  ${k.createdAt}  ${
                k.revokedAt ? `revoked ${k.revokedAt}` : "active"
              }  ${k.name}`
            ).join("\n") + (page.cursor ? `\nMore: --cursor ${page.cursor}` : "");
          print(page, text);
          return 0;
        }
        if (sub === "revoke") {
          const id = rest[0];
          if (id === undefined) {
            throw new UsageError("keys revoke needs an id: deno task admin keys revoke <id>.");
          }
          noExtra(3);
          if (!apiKeyIdSchema.safeParse(id).success) throw new UsageError(`Not a key id: ${id}.`);
          const ctx = await open();
          if (
            !(await confirmed(`Revoke API key ${id}? Clients using it are refused from then on.`, values.yes))
          ) {
            refuse();
          }
          const record = await revokeKey(ctx, id);
          if (!record) throw new Failure(`No API key has id ${id}.`);
          print({ record }, `Revoked API key ${record.id} ("${record.name}").`);
          return 0;
        }
        throw new UsageError(`Unknown keys command: ${sub ?? "(none)"}. Use keys create | list | revoke.`);
      }
      case "kv": {
        if (sub === "get") {
          if (rest.length === 0) throw new UsageError("kv get needs a key, e.g. kv get budget used.");
          const key = rest.map(parseKeyPart);
          const ctx = await open();
          const entry = await ctx.kv.get(key);
          if (entry.versionstamp === null) {
            if (values.json) io.out(toJson({ key, value: null, versionstamp: null }, 2));
            throw new Failure(`No entry at ${showKey(key)}.`);
          }
          print({ key, value: entry.value, versionstamp: entry.versionstamp }, toJson(entry.value, 2));
          return 0;
        }
        if (sub === "set") {
          if (rest.length < 2) {
            throw new UsageError("kv set needs a key and a value, e.g. kv set budget limit 50.");
          }
          const key = rest.slice(0, -1).map(parseKeyPart);
          const value = parseValue(rest[rest.length - 1]);
          const ctx = await open();
          const old = await ctx.kv.get(key);
          const question = `Set ${showKey(key)} from ${
            old.versionstamp === null ? "(none)" : toJson(old.value)
          } to ${toJson(value)}?`;
          if (!(await confirmed(question, values.yes))) refuse();
          // Only write over what was shown: a concurrent change makes this fail instead of being clobbered.
          const res = await ctx.kv.atomic().check(old).set(key, value).commit();
          if (!res.ok) throw new Failure(`${showKey(key)} changed meanwhile; nothing written. Retry.`);
          await recordAudit(ctx.kv, {
            action: "kv.set",
            interface: "cli",
            details: {
              key: showKey(key),
              ...(value === null || ["number", "boolean"].includes(typeof value)
                ? { value }
                : { valueType: Array.isArray(value) ? "array" : typeof value }),
            },
          });
          print({ key, value, versionstamp: res.versionstamp }, `Set ${showKey(key)} = ${toJson(value)}.`);
          return 0;
        }
        if (sub === "list") {
          const prefix = rest.map(parseKeyPart);
          const limit = intOption("limit", values.limit, 1, 1000) ?? 100;
          const ctx = await open();
          const entries: { key: Deno.KvKey; value: unknown; versionstamp: string }[] = [];
          let cursor: string | null = null;
          try {
            // One entry past the page tells whether more follow; the cursor is taken at the page's last entry.
            const iter = ctx.kv.list({ prefix }, { limit: limit + 1, cursor: values.cursor });
            let pageEnd: string | null = null;
            for await (const e of iter) {
              if (entries.length === limit) {
                cursor = pageEnd;
                break;
              }
              entries.push({ key: e.key, value: e.value, versionstamp: e.versionstamp });
              pageEnd = iter.cursor;
            }
          } catch (err) {
            if (values.cursor !== undefined) throw new UsageError("--cursor is not a valid cursor.");
            throw err;
          }
          const text = entries.length === 0
            ? `No entries under ${showKey(prefix)}.`
            : entries.map((e) => `${showKey(e.key)} = ${toJson(e.value)}`).join("\n") +
              (cursor ? `\nMore: --cursor ${cursor}` : "");
          print({ entries, cursor }, text);
          return 0;
        }
        if (sub === "delete") {
          if (rest.length === 0) {
            throw new UsageError("kv delete needs a key, e.g. kv delete generations <id>.");
          }
          const key = rest.map(parseKeyPart);
          const ctx = await open();
          const old = await ctx.kv.get(key);
          if (old.versionstamp === null) throw new Failure(`No entry at ${showKey(key)}.`);
          const wholeGeneration = key.length === 2 && key[0] === GENERATION_KEYS.record &&
            typeof key[1] === "string" && ULID_PATTERN.test(key[1]);
          const question = wholeGeneration
            ? `Delete the generation ${String(key[1])} (header, chunks, indexes and vector)?`
            : `Delete ${showKey(key)} (now ${toJson(old.value).slice(0, 200)})?`;
          if (!(await confirmed(question, values.yes))) refuse();
          if (wholeGeneration) {
            const store = new GenerationStore(ctx.kv);
            const index = new VectorIndex(ctx.kv);
            store.addDeleteListener(async (record) => {
              await index.remove(record.id);
            });
            if (!(await store.delete(key[1] as string))) {
              throw new Failure(`No generation ${String(key[1])}.`);
            }
          } else {
            // Only delete what was shown: a concurrent change makes this fail.
            const res = await ctx.kv.atomic().check(old).delete(key).commit();
            if (!res.ok) throw new Failure(`${showKey(key)} changed meanwhile; nothing deleted. Retry.`);
          }
          await recordAudit(ctx.kv, {
            action: "kv.delete",
            interface: "cli",
            details: { key: showKey(key), ...(wholeGeneration ? { generation: true } : {}) },
          });
          print({ key, deleted: true }, `Deleted ${showKey(key)}.`);
          return 0;
        }
        throw new UsageError(`Unknown kv command: ${sub ?? "(none)"}. Use kv get | set | list | delete.`);
      }
      case "embeddings": {
        if (sub !== "backfill") {
          throw new UsageError(`Unknown embeddings command: ${sub ?? "(none)"}. Use embeddings backfill.`);
        }
        noExtra(2);
        const maxItems = intOption("max", values.max, 1, 1_000_000);
        const seconds = intOption("time", values.time, 1, 86_400);
        const ctx = await open();
        const embedder = createEmbedder(config);
        const progress = await backfillEmbeddings(ctx.kv, { store: new GenerationStore(ctx.kv), embedder }, {
          cursor: values.restart ? null : undefined,
          maxItems,
          timeLimitMs: seconds === undefined ? undefined : seconds * 1000,
          onProgress: (p) => {
            if (!values.json) {
              io.err(`… ${p.processed} looked at, ${p.embedded} embedded, ${p.skipped} already indexed`);
            }
          },
        });
        const { embedderId, processed, embedded, skipped, done } = progress;
        await recordAudit(ctx.kv, {
          action: "embeddings.backfill",
          interface: "cli",
          details: { embedderId, processed, embedded, skipped, done },
        });
        print(
          { progress },
          `Backfill with ${embedderId}: ${processed} looked at, ${embedded} embedded, ${skipped} already indexed; ` +
            (done ? "done." : "stopped early; run again to resume."),
        );
        return 0;
      }
    }
    throw new UsageError(`Unknown command: ${command}.`);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n\nRun \`deno task admin --help\` for usage.`);
      return 2;
    }
    if (err instanceof Failure) {
      io.err(err.message);
      return 1;
    }
    if (err instanceof ConfigError) {
      io.err(err.message);
      return 1;
    }
    io.err(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    kv?.close();
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
