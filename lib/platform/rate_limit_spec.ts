/**
 * The format of a rate limit setting (`RATE_LIMIT_*`, `ADMIN_SIGN_IN_LIMIT`): `<count>/<window>` or
 * `unlimited`. Here, below the configuration that validates it; the limiter (lib/guards/rate_limit.ts)
 * turns a parsed spec into its rule.
 */
import { z } from "zod";

const SPEC = /^(?:unlimited|(\d{1,9})\/(\d{1,6})?(s|m|h|d))$/i;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Zod schema of a limit spec: `N/10m`, `N/1m`, `N/1h`, `N/30s`, `N/1d` (or `N/m`), or `unlimited`. */
export const rateLimitSpecSchema = z.string().trim().toLowerCase().regex(
  SPEC,
  'expected "<count>/<window>" such as "5/10m", "100/1m", "1000/1h", or "unlimited"',
).refine((s) => {
  const m = SPEC.exec(s);
  if (!m || !m[3]) return true;
  const ms = Number(m[2] ?? "1") * UNIT_MS[m[3].toLowerCase()];
  return ms >= 1000 && ms <= 7 * 86_400_000;
}, "the window must be between 1 second and 7 days");

/** Parses a spec into its count and window (throws on an invalid spec); null means unlimited. */
export function rateLimitSpecWindow(spec: string): { limit: number; windowMs: number } | null {
  const text = rateLimitSpecSchema.parse(spec);
  const m = SPEC.exec(text)!;
  if (!m[3]) return null;
  return { limit: Number(m[1]), windowMs: Number(m[2] ?? "1") * UNIT_MS[m[3].toLowerCase()] };
}
