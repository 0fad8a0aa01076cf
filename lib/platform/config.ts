/**
 * Configuration: one zod schema over the environment. Every variable is documented in the README; an invalid
 * value stops start-up with a message naming the variable. Secrets are kept here and never logged: use
 * `describeConfig` for anything that is printed.
 */
import { z } from "zod";
import { rateLimitSpecSchema } from "./rate_limit_spec.ts";
import { parseTrustProxy, type TrustedProxies } from "./ip_address.ts";
import { CLIENT_PLANS, type ClientPlan } from "./plans.ts";

const int = (min: number, max: number) =>
  z.coerce.number({ error: `must be a whole number from ${min} to ${max}` })
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
const num = (min: number, max: number) =>
  z.coerce.number({ error: `must be a number from ${min} to ${max}` })
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
const optionalSecret = z.string().trim().min(1).optional();

/** Shortest admin key accepted; shorter (or unset) disables every admin route. */
export const MIN_ADMIN_KEY_LENGTH = 32;

/** True when `key` is set and long enough for admin routes to be enabled. */
export function adminKeyUsable(key: string | undefined | null): key is string {
  return typeof key === "string" && key.length >= MIN_ADMIN_KEY_LENGTH;
}

/** `QUEUE_SHARES`: comma-separated `plan=percent` pairs → fractions of QUEUE_MAX_LENGTH per plan. */
export const queueSharesSchema = z.string().trim().transform((text, ctx) => {
  const shares: Partial<Record<ClientPlan, number>> = {};
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z]+)\s*=\s*(\d{1,3})%?$/i.exec(part);
    const plan = m?.[1].toLowerCase() as ClientPlan | undefined;
    const percent = Number(m?.[2]);
    if (!m || !CLIENT_PLANS.includes(plan!) || percent < 1 || percent > 100) {
      ctx.addIssue({
        code: "custom",
        message: `expected plan=percent pairs such as "anonymous=50,free=80" (plans: ${
          CLIENT_PLANS.join(", ")
        }; 1–100), got "${part}"`,
      });
      return z.NEVER;
    }
    shares[plan!] = percent / 100;
  }
  return shares;
});

/** The environment schema; keys are the variable names. */
export const envSchema = z.object({
  PORT: int(0, 65535).default(8000),
  HOSTNAME: z.string().default("0.0.0.0"),
  /** A file path, `:memory:`, or a KV Connect URL. Unset: `./data/vibetoprod.sqlite3`, or the platform KV on Deploy. */
  KV_PATH: z.string().trim().min(1).optional(),
  LLM_PROVIDER: z.enum(["offline", "openai", "anthropic"]).optional(),
  /** Milliseconds between elements from the offline planner, so plans visibly stream (0 = no pacing). */
  OFFLINE_PACE_MS: int(0, 10_000).default(40),
  OPENAI_API_KEY: optionalSecret,
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().min(1).default("gpt-4.1-mini"),
  ANTHROPIC_API_KEY: optionalSecret,
  ANTHROPIC_BASE_URL: z.url().optional(),
  ANTHROPIC_MODEL: z.string().min(1).default("claude-sonnet-4-5"),
  /** Milliseconds a provider may take to produce its first element. */
  FIRST_ELEMENT_TIMEOUT_MS: int(100, 600_000).default(30_000),
  /** Milliseconds a whole generation may take. */
  GENERATION_TIMEOUT_MS: int(100, 1_800_000).default(120_000),

  GENERATION_LIMIT: int(0, 1_000_000_000).default(100),
  BUDGET_PERIOD: z.enum(["none", "hourly", "daily"]).default("none"),
  BUDGET_LEASE_SECONDS: int(1, 86_400).default(120),
  /**
   * Proxies trusted to append to `X-Forwarded-For`: `false` (none), `true` (one hop), a hop count, or a
   * comma-separated list of proxy addresses / CIDR ranges. See lib/platform/ip_address.ts.
   */
  TRUST_PROXY: z.string().default("false").transform((raw, ctx) => {
    const parsed = parseTrustProxy(raw);
    if ("error" in parsed) {
      ctx.addIssue({ code: "custom", message: parsed.error });
      return z.NEVER;
    }
    return parsed;
  }),
  /** Bits of an IPv6 address that make one client for the limits (default 64: a subscriber's block). */
  IPV6_CLIENT_PREFIX: int(16, 128).default(64),
  /** Milliseconds a client has to send its whole request body; past it, 408. */
  BODY_TIMEOUT_MS: int(100, 600_000).default(10_000),
  /** Requests in flight at once that make a spike, after which a quiet process runs one full GC (0: never). */
  MEMORY_SETTLE_AT: int(0, 1_000_000).default(200),
  /** Requests with an unknown or revoked `vtp_` key, per sender address; past it, 429. */
  RATE_LIMIT_INVALID_KEY: rateLimitSpecSchema.default("20/1m"),
  /** Failed admin sign-ins per address before the sign-in locks (then doubling lockouts). */
  ADMIN_SIGN_IN_LIMIT: rateLimitSpecSchema.default("10/1m"),
  ADMIN_API_KEY: optionalSecret,
  /** Generation limits per plan, as `count/window` (e.g. `5/10m`, `100/1m`, `unlimited`). */
  RATE_LIMIT_ANONYMOUS: rateLimitSpecSchema.default("5/10m"),
  RATE_LIMIT_FREE: rateLimitSpecSchema.default("10/1m"),
  RATE_LIMIT_STARTER: rateLimitSpecSchema.default("30/1m"),
  RATE_LIMIT_PRO: rateLimitSpecSchema.default("100/1m"),
  RATE_LIMIT_ENTERPRISE: rateLimitSpecSchema.default("unlimited"),
  /** General request limit on every API route, per client. */
  RATE_LIMIT_API: rateLimitSpecSchema.default("120/1m"),

  GENERATION_TTL_DAYS: num(0.001, 36_500).optional(),
  CACHE_MAX_AGE_DAYS: num(0, 36_500).default(7),
  EMBEDDINGS: z.enum(["local", "local-lite", "openai"]).default("local"),
  EMBEDDINGS_MODEL: z.string().min(1).default("text-embedding-3-small"),
  EMBEDDINGS_DIMENSIONS: int(16, 3072).default(256),
  SIMILARITY_THRESHOLD: num(-1, 1).optional(),

  METRICS_TOKEN: optionalSecret,
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  CORS_ORIGINS: z.string().default(""),
  SPEND_LIMIT_USD: num(0, 1_000_000_000).optional(),
  /** JSON object: model → { inputPerMTok, outputPerMTok } overriding the built-in price table. */
  LLM_PRICES: z.string().optional(),
  PROVIDER_CONCURRENCY: int(1, 1000).default(3),
  QUEUE_MAX_LENGTH: int(0, 100_000).default(100),
  QUEUE_MAX_WAIT_SECONDS: int(1, 3600).default(60),
  /** Per-plan caps on the queue, `plan=percent` pairs, e.g. `anonymous=50,free=80` (unlisted plans: 100 %). */
  QUEUE_SHARES: z.string().default("").pipe(queueSharesSchema),
  /** Comma-separated providers tried in order after the primary fails, e.g. `anthropic,offline`. */
  LLM_FALLBACKS: z.string().default(""),
});

/** The raw, validated environment. */
export type Env = z.infer<typeof envSchema>;

/** Resolved configuration used by the app. */
export type Config = Omit<Env, "TRUST_PROXY"> & {
  /** Whether any proxy is trusted (X-Forwarded-Proto/Host are honoured); the details are `trustedProxies`. */
  TRUST_PROXY: boolean;
  /** The parsed `TRUST_PROXY`. */
  trustedProxies: TrustedProxies;
  provider: "offline" | "openai" | "anthropic";
  /** Resolved KV location; `undefined` means `Deno.openKv()` with no argument (Deno Deploy). */
  kvPath: string | undefined;
};

/** Thrown when the environment is invalid; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly variables: Record<string, string>) {
    super(
      "Invalid configuration: " +
        Object.entries(variables).map(([k, v]) => `${k}: ${v}`).join("; "),
    );
    this.name = "ConfigError";
  }
}

/** Default KV file for local runs. */
export const DEFAULT_KV_PATH = "./data/vibetoprod.sqlite3";

/** Validates an environment (by default the process's) and resolves derived settings. */
export function loadConfig(env: Record<string, string | undefined> = Deno.env.toObject()): Config {
  // Empty strings mean "unset": `FOO= deno task start` should not fail validation.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const variables: Record<string, string> = {};
    for (const issue of parsed.error.issues) variables[String(issue.path[0] ?? "env")] ??= issue.message;
    throw new ConfigError(variables);
  }
  const e = parsed.data;
  const provider = e.LLM_PROVIDER ??
    (e.OPENAI_API_KEY ? "openai" : e.ANTHROPIC_API_KEY ? "anthropic" : "offline");
  if (provider === "openai" && !e.OPENAI_API_KEY) {
    throw new ConfigError({ OPENAI_API_KEY: "required when LLM_PROVIDER=openai" });
  }
  if (provider === "anthropic" && !e.ANTHROPIC_API_KEY) {
    throw new ConfigError({ ANTHROPIC_API_KEY: "required when LLM_PROVIDER=anthropic" });
  }
  if (e.EMBEDDINGS === "openai" && !e.OPENAI_API_KEY) {
    throw new ConfigError({ OPENAI_API_KEY: "required when EMBEDDINGS=openai" });
  }
  const onDeploy = Boolean(env.DENO_DEPLOYMENT_ID);
  const kvPath = e.KV_PATH ?? (onDeploy ? undefined : DEFAULT_KV_PATH);
  const trustedProxies = e.TRUST_PROXY;
  const trusted = trustedProxies.kind === "hops" ? trustedProxies.hops > 0 : trustedProxies.kind === "cidrs";
  return { ...e, TRUST_PROXY: trusted, trustedProxies, provider, kvPath };
}

const SECRET_KEYS = ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "ADMIN_API_KEY", "METRICS_TOKEN"] as const;

/** A printable view of the configuration: secrets reduced to "set"/"unset". */
export function describeConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  for (const key of SECRET_KEYS) out[key] = config[key] ? "set" : "unset";
  if (config.ADMIN_API_KEY && !adminKeyUsable(config.ADMIN_API_KEY)) {
    out.ADMIN_API_KEY = "too short (admin disabled)";
  }
  const t = config.trustedProxies;
  out.trustedProxies = t.kind === "none"
    ? "none"
    : t.kind === "hops"
    ? `${t.hops} hop(s)`
    : `${t.cidrs.length} range(s)`;
  return out;
}
