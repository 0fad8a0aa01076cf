/** Small display formatters shared by the server-rendered pages and the islands. */

/** US dollars per month: `$1,234` (cents below $10). */
export function formatUsd(amount: number): string {
  const digits = amount > 0 && amount < 10 ? 2 : 0;
  return "$" +
    amount.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** How long ago an ISO time was, in words: "just now", "5 minutes ago", "3 days ago". */
export function formatAge(iso: string | undefined, now: number = Date.now()): string {
  const t = iso ? Date.parse(iso) : NaN;
  if (!Number.isFinite(t)) return "at an unknown time";
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 45) return "just now";
  const units: [number, string][] = [[86_400, "day"], [3_600, "hour"], [60, "minute"]];
  for (const [size, name] of units) {
    const n = Math.round(s / size);
    if (n >= 1 && s >= size * 0.75) return `${n} ${name}${n === 1 ? "" : "s"} ago`;
  }
  return `${s} seconds ago`;
}

/** A wall-clock time in UTC, e.g. "14:05 UTC" (same text on the server and in the browser). */
export function formatClock(iso: string): string {
  const d = new Date(iso);
  if (!Number.isFinite(d.getTime())) return "an unknown time";
  const p = (n: number) => String(n).padStart(2, "0");
  const today = new Date().toISOString().slice(0, 10) === d.toISOString().slice(0, 10);
  return `${today ? "" : d.toISOString().slice(0, 10) + " "}${p(d.getUTCHours())}:${
    p(d.getUTCMinutes())
  } UTC`;
}

/** A duration in seconds as "45 s", "3 min", "2 h". */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/** Brand colour and display name per competitor (the Cloudflare side is always orange). */
export const PLATFORM_STYLE: Record<string, { color: string; name: string }> = {
  Cloudflare: { color: "#f38020", name: "Cloudflare" },
  AWS: { color: "#232f3e", name: "AWS" },
  GCP: { color: "#1a73e8", name: "Google Cloud" },
  Azure: { color: "#0078d4", name: "Microsoft Azure" },
  Vercel: { color: "#111111", name: "Vercel" },
};

/** A full date and time in UTC, e.g. "2025-06-01 14:05 UTC" (for permalinks, where "today" is meaningless). */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (!Number.isFinite(d.getTime())) return "an unknown time";
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

/** A wall-clock time in the reader's own time zone, e.g. "14:05 CET" (browser; the server writes UTC). */
export function formatLocalClock(iso: string, now: number = Date.now()): string {
  const d = new Date(iso);
  if (!Number.isFinite(d.getTime())) return "an unknown time";
  const sameDay = new Date(now).toDateString() === d.toDateString();
  const time = d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  return sameDay ? time : `${d.toLocaleDateString(undefined, { month: "short", day: "numeric" })} ${time}`;
}

/** A countdown as "4:05" (minutes:seconds) or "1:02:03". */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const p = (n: number) => String(n).padStart(2, "0");
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${p(m)}:${p(s % 60)}` : `${m}:${p(s % 60)}`;
}
