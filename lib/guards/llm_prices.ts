/**
 * LLM prices: USD per million input and output tokens, per model. The built-in table can be overridden or
 * extended with `LLM_PRICES`, a JSON object `{ "<model>": { "inputPerMTok": n, "outputPerMTok": n } }`
 * (validated; a bad value is a ConfigError naming LLM_PRICES).
 *
 * Lookup: the exact model name, else the longest table entry that is a prefix of it followed by `-`
 * (so `gpt-4.1-mini-2025-04-14` is priced as `gpt-4.1-mini`). The offline planner (`planner-*`) is free.
 * Unknown models have no price: `costOf` returns `undefined` and the cost is reported as unknown.
 */
import { z } from "zod";
import { ConfigError } from "../platform/config.ts";

/** Price of one model. */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
}

/** Token counts of one call. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

/** Built-in list prices (USD per million tokens) at the time of writing; override with LLM_PRICES. */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = Object.freeze({
  "planner": { inputPerMTok: 0, outputPerMTok: 0 },
  "gpt-4.1": { inputPerMTok: 2, outputPerMTok: 8 },
  "gpt-4.1-mini": { inputPerMTok: 0.4, outputPerMTok: 1.6 },
  "gpt-4.1-nano": { inputPerMTok: 0.1, outputPerMTok: 0.4 },
  "gpt-4o": { inputPerMTok: 2.5, outputPerMTok: 10 },
  "gpt-4o-mini": { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  "gpt-5": { inputPerMTok: 1.25, outputPerMTok: 10 },
  "gpt-5-mini": { inputPerMTok: 0.25, outputPerMTok: 2 },
  "gpt-5-nano": { inputPerMTok: 0.05, outputPerMTok: 0.4 },
  "text-embedding-3-small": { inputPerMTok: 0.02, outputPerMTok: 0 },
  "text-embedding-3-large": { inputPerMTok: 0.13, outputPerMTok: 0 },
  "claude-sonnet-4-5": { inputPerMTok: 3, outputPerMTok: 15 },
  "claude-sonnet-4": { inputPerMTok: 3, outputPerMTok: 15 },
  "claude-haiku-4-5": { inputPerMTok: 1, outputPerMTok: 5 },
  "claude-opus-4-1": { inputPerMTok: 15, outputPerMTok: 75 },
  "claude-3-5-haiku": { inputPerMTok: 0.8, outputPerMTok: 4 },
});

const priceSchema = z.object({
  inputPerMTok: z.number().finite().min(0).max(100_000),
  outputPerMTok: z.number().finite().min(0).max(100_000),
}).strict();
const tableSchema = z.record(z.string().trim().min(1).max(200), priceSchema);

/** A price table with lookup and cost computation. */
export class PriceTable {
  readonly prices: Readonly<Record<string, ModelPrice>>;
  constructor(prices: Record<string, ModelPrice> = { ...DEFAULT_PRICES }) {
    this.prices = Object.freeze({ ...prices });
  }

  /** The price of `model`, or undefined when the table does not know it. */
  priceOf(model: string): ModelPrice | undefined {
    const exact = this.prices[model];
    if (exact) return exact;
    let best: string | undefined;
    for (const name of Object.keys(this.prices)) {
      if (model.startsWith(name + "-") && (!best || name.length > best.length)) best = name;
    }
    return best ? this.prices[best] : undefined;
  }

  /** USD cost of one call, or undefined when the model has no price. Negative counts count as 0. */
  costOf(model: string, usage: Usage): number | undefined {
    const price = this.priceOf(model);
    if (!price) return undefined;
    const input = Math.max(0, usage.inputTokens || 0);
    const output = Math.max(0, usage.outputTokens || 0);
    return (input * price.inputPerMTok + output * price.outputPerMTok) / 1_000_000;
  }
}

/**
 * Builds the table from the defaults plus the `LLM_PRICES` JSON (entries override defaults of the same
 * name). Throws ConfigError naming LLM_PRICES when the JSON or an entry is invalid.
 */
export function loadPrices(json: string | undefined): PriceTable {
  if (json === undefined || json.trim() === "") return new PriceTable();
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new ConfigError({ LLM_PRICES: "not valid JSON" });
  }
  const parsed = tableSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? ` at ${issue.path.join(".")}` : "";
    throw new ConfigError({
      LLM_PRICES: `expected {"<model>": {"inputPerMTok": n, "outputPerMTok": n}}${where}: ${issue.message}`,
    });
  }
  return new PriceTable({ ...DEFAULT_PRICES, ...parsed.data });
}

const defaultTable = new PriceTable();

/** USD cost of one call with the built-in prices (undefined for unknown models). */
export function costOf(model: string, usage: Usage, table: PriceTable = defaultTable): number | undefined {
  return table.costOf(model, usage);
}
