/**
 * Counts given per container, multiplied by the containers' count: "120 stores, each store has 4 tills" is
 * 480 tills, "kitchen tablets (about 6 per restaurant)" across 450 restaurants 2,700 tablets, "15 photos per
 * listing" across 40k listings 600k photos. The per-unit figure alone is no total (figure_reader.ts skips it);
 * the product is the quantity the providers bill on (devices, stored items, staff seats).
 */
import { classifyNoun, type NounClass } from "./figure_nouns.ts";
import { FIGURE_PATTERN, figureValue } from "./figure_units.ts";
import type { ReadNumbers } from "./numbers.ts";

const FIG = String.raw`${FIGURE_PATTERN}`;
const WORD = String.raw`[\p{L}][\p{L}-]*`;
const HEDGE = String.raw`(?:about|around|roughly|approx\.?|~|up to|some)?\s*`;
const HAS = String.raw`(?:has|have|gets|get|runs|run|uses|use|needs|need|holds|hold|operates|operate|with)`;
const EACH = String.raw`(?:each\s+)?(?:per|in each|in every|at each|at every|for each|on each)`;

/** Per-container phrases: the figure, its multiplier, the item noun and the container noun (named groups). */
const PER_UNIT: RegExp[] = [
  // "4 tills per store", "15 photos per listing", "3 POS terminals in each branch"
  new RegExp(
    String.raw`(?<n>${FIG})\s+(?:${WORD}\s+){0,2}?(?<item>${WORD})\s+${EACH}\s+(?<unit>${WORD})`,
    "giu",
  ),
  // "the kitchen tablets (about 6 per restaurant)"
  new RegExp(String.raw`(?<item>${WORD})\s*\(\s*${HEDGE}(?<n>${FIG})\s+${EACH}\s+(?<unit>${WORD})`, "giu"),
  // "each store has 4 tills", "every clinic runs 3 POS terminals"
  new RegExp(
    String
      .raw`\b(?:each|every)\s+(?<unit>${WORD})\s+${HAS}\s+${HEDGE}(?<n>${FIG})\s+(?<item>${WORD})(?:\s+(?<item2>${WORD}))?`,
    "giu",
  ),
  // "our 60 gyms each run 2 kiosks"
  new RegExp(
    String
      .raw`${FIG}\s+(?<unit>${WORD})\s+each\s+${HAS}\s+${HEDGE}(?<n>${FIG})\s+(?<item>${WORD})(?:\s+(?<item2>${WORD}))?`,
    "giu",
  ),
];

/** Containers that are time or rates, not things counted ("per second", "per run", "per user"). */
const NOT_CONTAINER =
  /^(?:s|sec|second|minute|min|hour|hr|h|day|night|week|month|year|run|request|call|session|user|person|gb|mb|tb|event|message|page|visit)s?$/i;

/** Item classes a provider bills on, and which slot of the read figures each fills. */
const SLOT: Partial<Record<NounClass, "devices" | "documents" | "staff">> = {
  devices: "devices",
  records: "documents",
  // Staff per place ("each clinic has 4 receptionists") are the seats a staff sign-in bills.
  staff: "staff",
};

const value = figureValue;

/** Plural forms a container noun takes: store → stores, branch → branches, property → properties. */
function plurals(unit: string): string[] {
  const u = unit.toLowerCase();
  if (/s$/.test(u)) return [u];
  const y = /[^aeiou]y$/.test(u) ? [`${u.slice(0, -1)}ies`] : [];
  return [`${u}s`, `${u}es`, ...y];
}

/** The containers' stated count ("450 restaurants", "~30k boards"), above one, with its phrase. */
function containerCount(text: string, unit: string): { n: number; phrase: string } | undefined {
  const re = new RegExp(String.raw`(${FIG})\s+(?:${WORD}\s+)?(?:${plurals(unit).join("|")})\b`, "iu");
  const m = text.match(re);
  if (!m) return undefined;
  const n = value(m[2] ?? m[1], m[3]);
  return n > 1 ? { n, phrase: m[0].trim().replace(/\s+/g, " ") } : undefined;
}

/** The figure's value from a match whose `n` group holds a figure (FIGURE_PATTERN's own groups follow). */
function perUnitValue(m: RegExpMatchArray): number {
  const g = m.groups!.n.match(new RegExp(`^${FIG}$`, "iu"));
  return g ? value(g[1], g[2]) : NaN;
}

/**
 * Fills devices and stored items from per-container counts × the containers' count, where those slots are
 * still empty. Returns what was read, for the assumptions.
 */
export function readPerUnitCounts(text: string, out: ReadNumbers): string[] {
  const read: string[] = [];
  for (const re of PER_UNIT) {
    for (const m of text.matchAll(re)) {
      const { unit } = m.groups!;
      // "4 POS terminals": the item is the first of the two words that names a billed thing.
      const item = [m.groups!.item, m.groups!.item2].find((w) => w && SLOT[classifyNoun(w, false)!]) ??
        m.groups!.item;
      const slot = SLOT[classifyNoun(item, false) ?? "people"];
      if (!slot || NOT_CONTAINER.test(unit)) continue;
      const each = perUnitValue(m);
      // A slot already holding the per-unit figure read it as a total ("each store has 4 tills" → 4).
      const asTotal = out[slot] === each;
      if (out[slot] !== undefined && !asTotal) continue;
      const units = containerCount(text, unit);
      if (!units || !(each >= 1)) continue;
      out[slot] = each * units.n;
      if (asTotal) {
        out.read = out.read.filter((r) => !new RegExp(`^${each}\\s+(?:\\S+\\s+)?${item}$`, "i").test(r));
      }
      read.push(`${each} ${item} per ${unit} × ${units.phrase} = ${Math.round(each * units.n)} ${item}`);
    }
  }
  return read;
}
