/** Formatting helpers for counts, prices, sizes, subtitles and cost items. */
import { type CostItem } from "./context.ts";

export const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;
export const over = (value: number, included: number) => Math.max(0, value - included);

/** 25000000 → "25M", 1500 → "1.5K", 4.32e9 → "4.32B". */
export function count(n: number): string {
  const fmt = (v: number) => String(Math.round(v * 100) / 100);
  if (n >= 1e9) return `${fmt(n / 1e9)}B`;
  if (n >= 1e6) return `${fmt(n / 1e6)}M`;
  if (n >= 1e4) return `${fmt(n / 1e3)}K`;
  return fmt(n);
}

// One formatter each, made once: `toLocaleString` with options builds a new Intl.NumberFormat per call.
const WHOLE = new Intl.NumberFormat("en-US");
const CENTS = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 1234.5 → "$1,234.50"; prices below a cent keep their precision ("$0.0004"). */
export function usd(n: number): string {
  if (n !== 0 && Math.abs(n) < 0.01) return `$${n}`;
  return `$${(Number.isInteger(n) ? WHOLE : CENTS).format(n)}`;
}

/** A price as written in a basis: "$0.30", "$0.0004", "$12.50". */
export function rate(n: number): string {
  if (n >= 0.01 && Math.abs(Math.round(n * 100) - n * 100) < 1e-9) return `$${n.toFixed(2)}`;
  return `$${n}`;
}

export function gb(n: number): string {
  return n >= 1024
    ? `${String(Math.round((n / 1024) * 100) / 100)} TB`
    : `${String(Math.round(n * 100) / 100)} GB`;
}

/**
 * The parts that fit in `max` characters joined by `sep`, in order (a part that does not fit is skipped, a
 * later shorter one may still fit); a first part longer than `max` is cut with "…". Lengths are added up,
 * not joined per part: it runs for every subtitle and cost basis of every plan.
 */
export function fitText(parts: string[], max: number, sep = " · "): string {
  const kept: string[] = [];
  let length = 0;
  for (const part of parts) {
    if (!part) continue;
    const next = kept.length === 0 ? part.length : length + sep.length + part.length;
    if (next <= max) {
      kept.push(part);
      length = next;
    } else if (kept.length === 0) return part.slice(0, max - 1) + "…";
  }
  return kept.join(sep);
}

export const QTY = /^([\d.]+)([KMB])?(?: (GB|TB|GiB))?( [A-Za-z][\w-]*)?$/;

export function quantity(text: string): number | undefined {
  const m = text.match(QTY);
  if (!m) return undefined;
  const mult = { K: 1e3, M: 1e6, B: 1e9 }[m[2] as "K" | "M" | "B"] ?? 1;
  return Number(m[1]) * mult * (m[3] === "TB" ? 1024 : 1);
}

/** "(240 GB − 1 TB free) × $0.085/GB" → "240 GB (within 1 TB free)" when nothing is billable. */
export function tidy(part: string): string {
  const m = part.match(/^\((.+?) − (.+?)(?: (incl\.|free))?\)\s*(.*)$/);
  if (!m) return part;
  const [, used, included, kind, rest] = m;
  const u = quantity(used), i = quantity(included);
  if (u === undefined || i === undefined || u > i) return part;
  const head = rest.split(" × ")[0];
  const noun = head.startsWith("$") || head.startsWith("×") ? "" : head;
  return `${used}${noun ? ` ${noun}` : ""} (within ${included} ${kind === "free" ? "free" : "included"})`;
}

export function item(service: string, amount: number, basisParts: string[]): CostItem {
  const basis = fitText(basisParts.filter(Boolean).map(tidy), 300, " + ");
  return {
    service: service.slice(0, 80),
    monthlyUsd: round2(Math.max(0, amount)),
    basis: basis || "list price",
  };
}

export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 48) || "x";
}
