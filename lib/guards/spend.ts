/**
 * LLM spend per budget period, shared by every process through KV, and the optional cap `SPEND_LIMIT_USD`.
 *
 * Amounts are stored as `Deno.KvU64` nano-dollars (1e-9 USD) and added with the atomic `sum` mutation, so
 * concurrent recordings never conflict or retry. The period follows `BUDGET_PERIOD` in UTC:
 * `none` → `"all"`, `daily` → `"2025-06-01"`, `hourly` → `"2025-06-01T13"`.
 *
 * KV keys (period `p`):
 *  - `spendTotalKey(p)`                                   KvU64 nano-USD spent in the period
 *  - `spendModelKey(p, provider, model)`                  KvU64 nano-USD per model
 *  - `["spend", p, "tokens", provider, model, "input"|"output"]` KvU64 tokens per model and direction
 *  - `spendCallsKey(p, provider, model)`                  KvU64 generations with known usage
 * A hand-edited value that is not a KvU64 makes `status()` report `valid: false`; generations then fail
 * closed while a cap is set (the budget's rule for invalid data) until `reset()` repairs it.
 *
 * The cap is checked before a generation starts (cost is only known after it), so the in-flight
 * generations at the moment the cap is reached may overshoot it by their own cost.
 */
import { nextResetOf } from "./budget.ts";
import type { Config } from "../platform/config.ts";
import { loadPrices, type PriceTable, type Usage } from "./llm_prices.ts";
import { GroupCommit } from "../platform/kv/group_commit.ts";
import {
  spendCallsKey,
  spendModelKey,
  spendPeriodPrefix,
  spendTokensKey,
  spendTotalKey,
} from "../platform/kv/keys.ts";

/** Nano-dollars per dollar. */
const NANO = 1_000_000_000;

/** Spend of one model in a period. */
export interface ModelSpend {
  provider: string;
  model: string;
  usd: number;
  inputTokens: number;
  outputTokens: number;
  calls: number;
}

/** Spend of the current period. */
export interface SpendStatus {
  period: string;
  spentUsd: number;
  /** `null` when no cap is set. */
  limitUsd: number | null;
  remainingUsd: number | null;
  exhausted: boolean;
  /** False when a stored value was edited into something that is not a counter. */
  valid: boolean;
  /** Start of the next period (ISO), `null` for `BUDGET_PERIOD=none`. */
  resetsAt: string | null;
  byModel: ModelSpend[];
}

/** The period key and the time it ends, for `period` at `now`. */
export function spendPeriod(
  period: Config["BUDGET_PERIOD"],
  now = new Date(),
): { key: string; resetsAt: Date | null } {
  if (period === "none") return { key: "all", resetsAt: null };
  // Same UTC boundaries as the generation budget (lib/guards/budget.ts).
  return {
    key: now.toISOString().slice(0, period === "daily" ? 10 : 13),
    resetsAt: new Date(nextResetOf(period, now.getTime())!),
  };
}

/** Converts USD to whole nano-dollars (rounded up so tiny calls still count). */
export function toNanoUsd(usd: number): bigint {
  if (!Number.isFinite(usd) || usd <= 0) return 0n;
  return BigInt(Math.ceil(usd * NANO));
}

function usdOf(v: unknown): number | undefined {
  return v instanceof Deno.KvU64 ? Number(v.value) / NANO : undefined;
}

/** Options of SpendTracker. */
export interface SpendOptions {
  kv: Deno.Kv;
  prices: PriceTable;
  period: Config["BUDGET_PERIOD"];
  limitUsd?: number;
  now?: () => Date;
}

/** The tracker the configuration describes (price table from LLM_PRICES, period, SPEND_LIMIT_USD). */
export function spendTrackerFromConfig(
  config: Pick<Config, "LLM_PRICES" | "BUDGET_PERIOD" | "SPEND_LIMIT_USD">,
  kv: Deno.Kv,
): SpendTracker {
  return new SpendTracker({
    kv,
    prices: loadPrices(config.LLM_PRICES),
    period: config.BUDGET_PERIOD,
    limitUsd: config.SPEND_LIMIT_USD,
  });
}

/** Records spend and answers whether the cap is reached. */
export class SpendTracker {
  constructor(readonly options: SpendOptions) {}

  /**
   * Records that arrive while one is being committed share the next transaction, their sums added up per key
   * (group commit: on a local KV file each commit waits for the disk, and every generation records one).
   */
  readonly #records = new GroupCommit<[Deno.KvKey, bigint][], void>({
    maxBatch: 100,
    start: "now",
    commit: async (batch) => {
      const totals = new Map<string, { key: Deno.KvKey; sum: bigint }>();
      for (const sums of batch) {
        for (const [key, n] of sums) {
          const id = JSON.stringify(key);
          const t = totals.get(id) ?? totals.set(id, { key, sum: 0n }).get(id)!;
          t.sum += n;
        }
      }
      const op = this.options.kv.atomic();
      for (const { key, sum } of totals.values()) op.sum(key, sum);
      const res = await op.commit();
      if (!res.ok) throw new Error("spend record failed");
      return batch.map(() => undefined);
    },
  });

  #period() {
    return spendPeriod(this.options.period, (this.options.now ?? (() => new Date()))());
  }

  /** The cost of a call from the price table alone (no KV); undefined for a model without a price. */
  costOf(model: string, usage: Usage): number | undefined {
    return this.options.prices.costOf(model, usage);
  }

  /** The cap, or null when none is set. */
  get limitUsd(): number | null {
    return this.options.limitUsd ?? null;
  }

  /**
   * Records one generation's usage; returns its cost in USD (undefined when the model has no price, in
   * which case only the tokens are recorded).
   */
  async record(provider: string, model: string, usage: Usage): Promise<number | undefined> {
    const cost = this.options.prices.costOf(model, usage);
    const p = this.#period().key;
    const sums: [Deno.KvKey, bigint][] = [
      [spendTokensKey(p, provider, model, "input"), BigInt(Math.max(0, Math.round(usage.inputTokens)))],
      [spendTokensKey(p, provider, model, "output"), BigInt(Math.max(0, Math.round(usage.outputTokens)))],
      [spendCallsKey(p, provider, model), 1n],
    ];
    if (cost !== undefined) {
      const nano = toNanoUsd(cost);
      sums.push([spendTotalKey(p), nano], [spendModelKey(p, provider, model), nano]);
    }
    await this.#records.submit(sums);
    return cost;
  }

  /** USD spent in the current period (one key read); NaN when the stored total is not a counter. */
  async spentUsd(): Promise<number> {
    const entry = await this.options.kv.get(spendTotalKey(this.#period().key));
    return entry.value === null ? 0 : usdOf(entry.value) ?? NaN;
  }

  /** Spent amount of the current period and whether the cap is reached (reads one key). */
  async check(): Promise<{ exhausted: boolean; spentUsd: number; limitUsd: number | null; valid: boolean }> {
    const limitUsd = this.limitUsd;
    const spent = await this.spentUsd();
    if (Number.isNaN(spent)) return { exhausted: limitUsd !== null, spentUsd: NaN, limitUsd, valid: false };
    return { exhausted: limitUsd !== null && spent >= limitUsd, spentUsd: spent, limitUsd, valid: true };
  }

  /** Full status of the current period, with the per-model breakdown (at most 500 entries read). */
  async status(): Promise<SpendStatus> {
    const { key, resetsAt } = this.#period();
    const byKey = new Map<string, ModelSpend>();
    let spentUsd = 0;
    let valid = true;
    const get = (provider: string, model: string) => {
      const k = `${provider}\u0000${model}`;
      let m = byKey.get(k);
      if (!m) byKey.set(k, m = { provider, model, usd: 0, inputTokens: 0, outputTokens: 0, calls: 0 });
      return m;
    };
    for await (const entry of this.options.kv.list({ prefix: spendPeriodPrefix(key) }, { limit: 500 })) {
      const [, , kind, provider, model, dir] = entry.key as string[];
      if (!(entry.value instanceof Deno.KvU64)) {
        valid = false;
        continue;
      }
      const n = Number(entry.value.value);
      if (kind === "total") spentUsd = n / NANO;
      else if (kind === "model") get(provider, model).usd = n / NANO;
      else if (kind === "calls") get(provider, model).calls = n;
      else if (kind === "tokens") get(provider, model)[dir === "input" ? "inputTokens" : "outputTokens"] = n;
    }
    const limitUsd = this.limitUsd;
    return {
      period: key,
      spentUsd,
      limitUsd,
      remainingUsd: limitUsd === null ? null : Math.max(0, limitUsd - spentUsd),
      exhausted: limitUsd !== null && (!valid || spentUsd >= limitUsd),
      valid,
      resetsAt: resetsAt?.toISOString() ?? null,
      byModel: [...byKey.values()].sort((a, b) => b.usd - a.usd),
    };
  }

  /** Deletes the current period's spend (admin reset; also repairs hand-edited values). */
  async reset(): Promise<void> {
    const keys: Deno.KvKey[] = [];
    for await (const e of this.options.kv.list({ prefix: spendPeriodPrefix(this.#period().key) })) {
      keys.push(e.key);
    }
    for (let i = 0; i < keys.length; i += 10) {
      const op = this.options.kv.atomic();
      for (const k of keys.slice(i, i + 10)) op.delete(k);
      await op.commit();
    }
  }
}
