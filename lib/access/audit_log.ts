/**
 * The admin audit log: one KV entry per admin action, whichever interface it came through.
 *
 * KV keys (readable by hand, e.g. `deno task admin kv list audit`):
 *  - `["audit", <ulid>]` → {@link AuditEntry}. The ULID sorts by time, so listing the prefix in reverse gives
 *    the newest entries first. Entries are written once (the write checks the key is new) and never changed.
 *
 * Details never hold secrets: callers pass ids, names, plans and numbers, never keys or tokens.
 */
import { z } from "zod";
import { newId } from "../platform/ids.ts";
import { auditKey, auditPrefix } from "../platform/kv/keys.ts";
import { InvalidCursorError, paginate } from "../platform/kv/paginate.ts";

/** KV key prefix of the audit log. */
export const AUDIT_PREFIX: Deno.KvKey = auditPrefix();

/**
 * Where an admin action came from. `kv` is for changes noticed in the KV data itself (hand edits);
 * `kv-editor` for edits made in the dashboard's KV editor (`/admin/kv`).
 */
export const AUDIT_INTERFACES = ["http", "dashboard", "cli", "kv", "kv-editor"] as const;

/** Where an admin action came from. */
export type AuditInterface = (typeof AUDIT_INTERFACES)[number];

/** One recorded admin action. */
export interface AuditEntry {
  /** ULID, also the last key part. */
  id: string;
  /** What was done, e.g. `budget.reset`, `budget.limit`, `api_key.create`, `api_key.revoke`, `kv.set`. */
  action: string;
  /** ISO 8601 time of the action. */
  at: string;
  /** The interface it came through. */
  interface: AuditInterface;
  /** Action-specific facts (never secrets). */
  details: Record<string, unknown>;
}

/** What a caller records; `at` defaults to now. */
export const auditInputSchema = z.object({
  action: z.string().trim().min(1).max(100),
  interface: z.enum(AUDIT_INTERFACES),
  details: z.record(z.string(), z.unknown()).default({}),
  at: z.date().optional(),
});

/** Input of {@link recordAudit}. */
export type AuditInput = z.input<typeof auditInputSchema>;

/**
 * Records one admin action. The write is atomic and checks that the key is new, so an entry is never
 * overwritten; on the (practically impossible) collision it retries with a fresh id.
 */
export async function recordAudit(kv: Deno.Kv, input: AuditInput): Promise<AuditEntry> {
  const parsed = auditInputSchema.parse(input);
  for (let attempt = 0; attempt < 5; attempt++) {
    const id = newId();
    const entry: AuditEntry = {
      id,
      action: parsed.action,
      at: (parsed.at ?? new Date()).toISOString(),
      interface: parsed.interface,
      details: parsed.details,
    };
    const key = auditKey(id);
    const res = await kv.atomic().check({ key, versionstamp: null }).set(key, entry).commit();
    if (res.ok) return entry;
  }
  throw new Error("could not write the audit entry");
}

/** A page of audit entries, newest first; pass `cursor` back to get the next (older) page. */
export interface AuditPage {
  entries: AuditEntry[];
  /** The next page's cursor when more follow; `null` on the last page. */
  cursor: string | null;
}

/** Largest page {@link listAudit} returns. */
export const MAX_AUDIT_PAGE = 200;

/** Thrown by {@link listAudit} for a cursor it did not produce (the one cursor error of every listing). */
export { InvalidCursorError as AuditCursorError };

/**
 * Lists audit entries newest first (`limit` 1–200, default 50); `cursor` is the previous page's (opaque,
 * lib/platform/kv/paginate.ts). Throws {@link AuditCursorError} for anything else.
 */
export async function listAudit(
  kv: Deno.Kv,
  options: { cursor?: string; limit?: number } = {},
): Promise<AuditPage> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), MAX_AUDIT_PAGE);
  const page = await paginate<AuditEntry>(kv, {
    prefix: auditPrefix(),
    limit,
    cursor: options.cursor,
    reverse: true,
  });
  return { entries: page.entries.map((e) => e.value), cursor: page.cursor };
}
