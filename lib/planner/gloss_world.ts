/**
 * Reading requests in the languages beyond gloss.ts's seven and gloss_cjk.ts's two: Turkish, Hungarian,
 * Finnish, the Scandinavian languages, Czech, Slovak, Romanian, Vietnamese, Indonesian, Malay, Tagalog,
 * Swahili, Ukrainian, Russian, Bulgarian, Greek, Hebrew, Arabic, Persian, Hindi, Thai and Chinese. Their
 * architecture words (real time, per day, users, video calls, must stay in the EU, without rewriting…) are
 * glossed into the English words the planner's readers know, as gloss.ts does; everything else is left as
 * written, English inside the text too.
 *
 * A language is told by its script (Greek, Hebrew, Devanagari, Thai, Han: one table each) and, where several
 * share a script (Latin, Cyrillic, Arabic), by its function words. Han characters in a text with kana are
 * Japanese (gloss_cjk.ts), not Chinese. A table's expressions are compiled the first time a request in its
 * language is read.
 */
import type { GlossScript, WorldGlossTable } from "./gloss_world_types.ts";
import {
  CZECH,
  DANISH,
  FINNISH,
  HUNGARIAN,
  NORWEGIAN,
  SLOVAK,
  SWEDISH,
  TURKISH,
} from "./gloss_terms_nordic_central.ts";
import {
  INDONESIAN,
  MALAY,
  ROMANIAN,
  SWAHILI,
  TAGALOG,
  VIETNAMESE,
} from "./gloss_terms_latin_asia_africa.ts";
import { BULGARIAN, GREEK, RUSSIAN, UKRAINIAN } from "./gloss_terms_cyrillic_greek.ts";
import { ARABIC, HEBREW, PERSIAN } from "./gloss_terms_hebrew_arabic.ts";
import { CHINESE, HINDI, THAI } from "./gloss_terms_hindi_thai_chinese.ts";

/** Every table, in the order ties between languages of one script are broken. */
export const WORLD_TABLES: readonly WorldGlossTable[] = [
  TURKISH,
  HUNGARIAN,
  FINNISH,
  SWEDISH,
  NORWEGIAN,
  DANISH,
  CZECH,
  SLOVAK,
  ROMANIAN,
  VIETNAMESE,
  INDONESIAN,
  MALAY,
  TAGALOG,
  SWAHILI,
  UKRAINIAN,
  RUSSIAN,
  BULGARIAN,
  GREEK,
  HEBREW,
  ARABIC,
  PERSIAN,
  HINDI,
  THAI,
  CHINESE,
];

/** Languages whose figures are written "1.000.000" / "1 000" with a decimal comma ("1,5"). */
const DECIMAL_COMMA = new Set([
  "tr",
  "hu",
  "fi",
  "sv",
  "nb",
  "da",
  "cs",
  "sk",
  "ro",
  "vi",
  "id",
  "uk",
  "ru",
  "bg",
  "el",
]);

/** Scripts written without spaces between words: a table's expressions match anywhere. */
const UNSPACED: ReadonlySet<GlossScript> = new Set(["thai", "han"]);

const SCRIPT_LETTERS: Record<Exclude<GlossScript, "latin">, RegExp> = {
  cyrillic: /\p{Script=Cyrillic}/gu,
  greek: /\p{Script=Greek}/gu,
  hebrew: /\p{Script=Hebrew}/gu,
  arabic: /\p{Script=Arabic}/gu,
  devanagari: /\p{Script=Devanagari}/gu,
  thai: /\p{Script=Thai}/gu,
  han: /\p{Script=Han}/gu,
};
const LETTERS = /\p{L}/gu;
/** Kana: a text with them is Japanese, whose kanji are not read with the Chinese table. */
const KANA = /[\u3040-\u30ff]/gu;
const WORD = /[\p{L}\p{M}'’]+/gu;

/** Which tables use each stopword (one word can belong to several languages). */
const STOPWORD_LANGUAGES = new Map<string, WorldGlossTable[]>();
for (const table of WORLD_TABLES) {
  for (const w of new Set(table.stopwords.map((s) => s.toLowerCase()))) {
    STOPWORD_LANGUAGES.set(w, [...(STOPWORD_LANGUAGES.get(w) ?? []), table]);
  }
}

/**
 * The script most of a text's letters are in, when it is not Latin (at least a fifth of its letters, so a
 * Hindi request with English product names still reads as Hindi); else "latin".
 */
export function mainScript(text: string): GlossScript {
  const letters = text.match(LETTERS)?.length ?? 0;
  if (letters === 0) return "latin";
  let best: GlossScript = "latin";
  let bestCount = 0;
  for (const [script, re] of Object.entries(SCRIPT_LETTERS) as Array<[GlossScript, RegExp]>) {
    const n = text.match(re)?.length ?? 0;
    if (n > bestCount) [best, bestCount] = [script, n];
  }
  if (best === "han" && (text.match(KANA)?.length ?? 0) >= 3) return "latin";
  return bestCount * 5 >= letters ? best : "latin";
}

/** How many of the text's words are each table's stopwords. */
export function worldStopwordHits(text: string): Map<WorldGlossTable, number> {
  const hits = new Map<WorldGlossTable, number>();
  for (const word of text.toLowerCase().match(WORD) ?? []) {
    for (const table of STOPWORD_LANGUAGES.get(word) ?? []) hits.set(table, (hits.get(table) ?? 0) + 1);
  }
  return hits;
}

/** The tables a text is read with, and how many stopwords the first of them has in it. */
export interface WorldTableChoice {
  tables: WorldGlossTable[];
  hits: number;
}

/**
 * The tables to read a text with, best first: for a non-Latin script, the language its stopwords single out,
 * or else all of the script's (the one with the most stopwords first); for Latin, the language with the most
 * stopwords when it has at least `minimum` of them.
 */
export function worldTableChoice(text: string, minimum: number): WorldTableChoice {
  const script = mainScript(text);
  const hits = worldStopwordHits(text);
  const ranked = WORLD_TABLES.filter((t) => t.script === script)
    .sort((a, b) => (hits.get(b) ?? 0) - (hits.get(a) ?? 0));
  const [first = 0, second = 0] = ranked.map((t) => hits.get(t) ?? 0);
  if (script !== "latin") {
    // A language its function words single out is read alone; else each of the script's, best first.
    return { tables: first > 0 && second === 0 ? ranked.slice(0, 1) : ranked, hits: first };
  }
  return { tables: ranked.length > 0 && first >= minimum ? [ranked[0]] : [], hits: first };
}

/** The tables of {@link worldTableChoice}. */
export function worldTablesFor(text: string, minimum: number): WorldGlossTable[] {
  return worldTableChoice(text, minimum).tables;
}

/** True when figures in this table's language have a decimal comma. */
export function usesDecimalComma(table: WorldGlossTable): boolean {
  return DECIMAL_COMMA.has(table.code);
}

const LATIN_LETTERS =
  "A-Za-z\\u00AA\\u00B5\\u00BA\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F\\u1E00-\\u1EFF\\u0300-\\u036F";
/**
 * The letters and marks of each script (with Latin's, so an English word beside a match bounds it too), as
 * class ranges: a table's `\\p{L}` and `\\p{M}` are compiled as these, which V8 builds in a fraction of the
 * time of the Unicode property classes (the Cyrillic tables took about a second to compile on first use).
 */
const SCRIPT_RANGES: Record<GlossScript, string> = {
  latin: LATIN_LETTERS,
  cyrillic: `${LATIN_LETTERS}\\u0400-\\u0481\\u0483-\\u052F`,
  // Without the Greek question mark and ano teleia (punctuation inside the block).
  greek: `${LATIN_LETTERS}\\u0370-\\u037D\\u037F-\\u0386\\u0388-\\u03FF\\u1F00-\\u1FFF`,
  // Without the maqaf, paseq and sof pasuq.
  hebrew: `${LATIN_LETTERS}\\u0591-\\u05BD\\u05BF\\u05C1\\u05C2\\u05C4\\u05C5\\u05C7-\\u05FF\\uFB1D-\\uFB4F`,
  // Letters and marks only: the Arabic comma, semicolon, question mark, digits and percent sign end a word.
  arabic:
    `${LATIN_LETTERS}\\u0610-\\u061A\\u0620-\\u065F\\u066E-\\u06D3\\u06D5-\\u06FF\\u0750-\\u077F\\u08A0-\\u08FF\\uFB50-\\uFDFF\\uFE70-\\uFEFF\\u200C`,
  // Without the danda and double danda (the full stops) and the digits.
  devanagari: `${LATIN_LETTERS}\\u0900-\\u0963\\u0971-\\u097F\\uA8E0-\\uA8FF`,
  thai: `${LATIN_LETTERS}\\u0E00-\\u0E7F`,
  han: `${LATIN_LETTERS}\\u3040-\\u30FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF`,
};

/** A pattern with `\\p{L}` / `\\p{M}` as the script's ranges (bare inside a class, bracketed outside). */
export function withScriptRanges(src: string, ranges: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === "\\") {
      const property = src.slice(i, i + 5);
      if (property === "\\p{L}" || property === "\\p{M}") {
        out += inClass ? ranges : `[${ranges}]`;
        i += 4;
      } else {
        out += src.slice(i, i + 2);
        i++;
      }
      continue;
    }
    if (c === "[" && !inClass) inClass = true;
    else if (c === "]" && inClass) inClass = false;
    out += c;
  }
  return out;
}

const COMPILED = new Map<WorldGlossTable, Array<[RegExp, string]>>();

/** A table's expressions, compiled on first use. */
function compiled(table: WorldGlossTable): Array<[RegExp, string]> {
  let out = COMPILED.get(table);
  if (out) return out;
  const unspaced = UNSPACED.has(table.script);
  const ranges = SCRIPT_RANGES[table.script];
  out = table.phrases.map(([src, en]) => {
    const own = withScriptRanges(src, ranges);
    const body = unspaced ? `(?:${own})` : `(?<![${ranges}])(?:${own})(?![${ranges}])`;
    return [new RegExp(body, "giu"), unspaced ? ` ${en} ` : en];
  });
  COMPILED.set(table, out);
  return out;
}

/** The text with the words of `tables` in English, each table in turn. */
export function glossWithTables(text: string, tables: readonly WorldGlossTable[]): string {
  let out = text;
  for (const table of tables) {
    for (const [re, en] of compiled(table)) out = out.replace(re, en);
  }
  return tables.some((t) => UNSPACED.has(t.script)) ? out.replace(/ {2,}/g, " ") : out;
}

const NATIVE_DIGITS: Array<[number, number]> = [
  [0x0660, 0x0669], // Arabic-Indic
  [0x06f0, 0x06f9], // Persian
  [0x0966, 0x096f], // Devanagari
  [0x0e50, 0x0e59], // Thai
  [0x09e6, 0x09ef], // Bengali
];
const NATIVE_DIGIT = /[\u0660-\u0669\u06f0-\u06f9\u0966-\u096f\u0e50-\u0e59\u09e6-\u09ef\u066b\u066c]/g;

/** Digits of other scripts (٣٠٠, ۵۰۰, ५००, ๕๐๐) as ASCII digits, and the Arabic decimal and thousands marks. */
export function asciiDigits(text: string): string {
  return text.replace(NATIVE_DIGIT, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0x066b) return ".";
    if (code === 0x066c) return ",";
    const range = NATIVE_DIGITS.find(([from, to]) => code >= from && code <= to)!;
    return String(code - range[0]);
  });
}
