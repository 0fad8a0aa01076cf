/**
 * Sizes given per item apart from the items' count, multiplied by it: "1.2M claims per year … (avg 15 MB per
 * claim)" stores 1.2M × 15 MB a year, "2,000 forms a day; each form is 2 MB" 60k forms a month. The size
 * alone is what one item weighs, not what is stored; counted at a rate, a year of items is kept (said in the
 * notes). A count and its size side by side ("500k scans averaging 4 MB each") are figure_reader.ts's.
 */
import { FIGURE_PATTERN, figureValue, GB_PER_UNIT } from "./figure_units.ts";
import type { ReadNumbers } from "./numbers.ts";

const SIZE = String.raw`(\d+(?:\.\d+)?)\s*(kb|mb|gb)\b`;
const WORD = String.raw`[\p{L}][\p{L}-]*`;
/** "15 MB per claim", "2 MB a photo", "15 MB/claim", "avg 15 MB for each scan". */
const SIZE_PER = new RegExp(
  String.raw`${SIZE}\s*(?:\/\s*|\b(?:per|a|an|for each|for every|each)\s+)(?<noun>${WORD})`,
  "iu",
);
/** "photos of ~3 MB each", "scans are about 40 MB each", "each scan is 40 MB". */
const SIZE_EACH = [
  new RegExp(
    String
      .raw`(?<noun>${WORD})\s+(?:are|is|of|at|average|averaging)\s+(?:about\s+|around\s+|~\s*|avg\.?\s+)?${SIZE}\s+each\b`,
    "iu",
  ),
  new RegExp(
    String.raw`\beach\s+(?<noun>${WORD})\s+(?:is|weighs|takes)\s+(?:about\s+|around\s+|~\s*)?${SIZE}`,
    "iu",
  ),
];
/** Units of time or people a size per is not an item of ("2 GB per user" is a quota, "per month" a rate). */
const NOT_ITEMS =
  /^(?:second|sec|minute|min|hour|day|week|month|year|user|person|member|customer|tenant|seat|device|sensor|gpu|node|server|vm|core)s?$/i;
const PER_MONTH: Record<string, number> = { day: 30, week: 4.33, month: 1, year: 1 / 12 };

/** The singular stem of a noun, for matching its count ("claims" / "claim"). */
function stem(noun: string): string {
  return noun.toLowerCase().replace(/(?:es|s)$/, "");
}

/** The items' count in the text: per month when counted at a rate, else a total. */
function itemCount(text: string, noun: string): { n: number; monthly: boolean; phrase: string } | undefined {
  const re = new RegExp(
    String.raw`${FIGURE_PATTERN}\s+(?:[\p{L}-]+\s+){0,2}?${
      stem(noun)
    }(?:e?s)?\b(?:\s*(?:\/|\b(?:a|an|per|each|every)\b)\s*(day|week|month|year))?`,
    "iu",
  );
  const m = text.match(re);
  if (!m) return undefined;
  const n = figureValue(m[1], m[2]);
  const rate = m[3] ? PER_MONTH[m[3].toLowerCase()] : undefined;
  return { n: n * (rate ?? 1), monthly: rate !== undefined, phrase: m[0].trim() };
}

/**
 * Data stored from a size per item and the items' count (in place on `out`: storedGb and a note), when the
 * text gives both; a year of items counted at a rate.
 */
export function readSizesPerItem(text: string, out: ReadNumbers): void {
  const m = text.match(SIZE_PER) ?? SIZE_EACH.map((re) => text.match(re)).find((x) => x);
  const noun = m?.groups?.noun;
  if (!m || !noun || NOT_ITEMS.test(noun)) return;
  const sizeAt = SIZE_PER.test(m[0]) ? 1 : m.findIndex((g, i) => i > 0 && /^\d/.test(g ?? ""));
  const size = Number(m[sizeAt]) * GB_PER_UNIT[m[sizeAt + 1].toLowerCase()];
  const count = itemCount(text, noun);
  if (!count || !(size > 0)) return;
  const items = count.monthly ? count.n * 12 : count.n;
  out.storedGb = items * size;
  (out.notes ??= []).push(
    `${Math.round(out.storedGb).toLocaleString("en-US")} GB stored (${count.phrase} × ${m[sizeAt]} ${
      m[sizeAt + 1]
    } each${count.monthly ? ", a year kept" : ""})`,
  );
}
