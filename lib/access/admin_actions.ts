/**
 * Admin actions shared by the three admin interfaces (HTTP API, dashboard, CLI): each validates its input
 * with zod, changes KV through the owning module (budget, API keys) and records an audit entry naming the
 * interface. Secrets (a new API key) are returned to the caller once and never written to the audit log.
 */
import { z } from "zod";
import { type AuditInterface, recordAudit } from "./audit_log.ts";
import type { Budget, BudgetStatus } from "../guards/budget.ts";
import type { SpendStatus, SpendTracker } from "../guards/spend.ts";
import { type ApiKeyRecord, createApiKey, PLANS, revokeApiKey } from "./api_keys.ts";
import { fieldErrorsOf } from "../protocol/field_errors.ts";

/** What every action needs. */
export interface AdminContext {
  kv: Deno.Kv;
  budget: Budget;
  /** LLM spend of the current period (and the SPEND_LIMIT_USD cap). */
  spend: SpendTracker;
  /** Which interface the action came through (recorded in the audit log). */
  via: AuditInterface;
}

/** Body of a limit change: a non-negative integer. */
export const limitInputSchema = z.object({
  limit: z.number({ error: "must be a number" }).int("must be an integer").min(0, "must be 0 or more")
    .max(1_000_000_000, "must be at most 1000000000"),
}).strict();

/** Plans an API key can have. */
export const API_KEY_PLANS = PLANS;

/** Body of an API key creation. */
export const createKeyInputSchema = z.object({
  name: z.string({ error: "must be a string" }).trim().min(1, "must be 1–100 characters")
    .max(100, "must be 1–100 characters"),
  plan: z.enum(API_KEY_PLANS, { error: "must be one of free, starter, pro, enterprise" }),
}).strict();

/** An API key id as it appears in URLs and the CLI. */
export const apiKeyIdSchema = z.string().trim().min(1).max(100);

/** Turns zod issues into `{ field: message }` (the shared conversion of lib/protocol/field_errors.ts). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  return fieldErrorsOf(error.issues);
}

/** What every status view shows: the budget and the LLM spend of the current period. */
export interface AdminStatus {
  budget: BudgetStatus;
  spend: SpendStatus;
}

/** Reads the budget and spend status for display (values made JSON-safe). */
export async function adminStatus(ctx: Pick<AdminContext, "budget" | "spend">): Promise<AdminStatus> {
  const [budget, spend] = await Promise.all([ctx.budget.status(), ctx.spend.status()]);
  return { budget: jsonSafeStatus(budget), spend };
}

/** Resets the budget's used count (repairing hand-edited invalid values) and records it. */
export async function resetBudget(ctx: AdminContext): Promise<BudgetStatus> {
  const before = await ctx.budget.status();
  const after = await ctx.budget.reset();
  await recordAudit(ctx.kv, {
    action: "budget.reset",
    interface: ctx.via,
    details: {
      previousUsed: before.used,
      ...(before.invalid.length ? { repaired: before.invalid.map((i) => i.key) } : {}),
    },
  });
  return jsonSafeStatus(after);
}

/** Sets the run-time budget limit and records it. `limit` must already be validated. */
export async function setBudgetLimit(ctx: AdminContext, limit: number): Promise<BudgetStatus> {
  const before = await ctx.budget.status();
  const after = await ctx.budget.setLimit(limit);
  await recordAudit(ctx.kv, {
    action: "budget.limit",
    interface: ctx.via,
    details: { limit, previousLimit: before.limit },
  });
  return jsonSafeStatus(after);
}

/** Creates an API key (the plain key is in the result, to be shown once) and records it. */
export async function createKey(
  ctx: AdminContext,
  input: z.infer<typeof createKeyInputSchema>,
): Promise<{ key: string; record: ApiKeyRecord }> {
  const created = await createApiKey(ctx.kv, input);
  const { id, name, plan, prefix } = created.record;
  await recordAudit(ctx.kv, {
    action: "api_key.create",
    interface: ctx.via,
    details: { id, name, plan, prefix },
  });
  return created;
}

/** Revokes an API key; null (and nothing recorded) when no key has that id. */
export async function revokeKey(ctx: AdminContext, id: string): Promise<ApiKeyRecord | null> {
  const record = await revokeApiKey(ctx.kv, id);
  if (!record) return null;
  await recordAudit(ctx.kv, {
    action: "api_key.revoke",
    interface: ctx.via,
    details: { id: record.id, name: record.name, plan: record.plan, prefix: record.prefix },
  });
  return record;
}

/** A JSON-safe view of any stored value (bigint, bytes, KvU64, Map/Set become readable strings). */
export function jsonSafeValue(value: unknown): unknown {
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Deno.KvU64) return `${value.value}n (KvU64)`;
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (value instanceof Map || value instanceof Set) return `<${value.constructor.name} of ${value.size}>`;
  if (value === undefined || typeof value === "function" || typeof value === "symbol") return String(value);
  try {
    JSON.stringify(value);
    return value;
  } catch {
    return String(value);
  }
}

/** The status with its invalid values made JSON-safe (a hand edit may store a bigint or bytes). */
export function jsonSafeStatus(status: BudgetStatus): BudgetStatus {
  if (status.invalid.length === 0) return status;
  return { ...status, invalid: status.invalid.map((i) => ({ key: i.key, value: jsonSafeValue(i.value) })) };
}
