/**
 * Normalizes how figures are written before they are read (numbers.ts): hedges dropped ("maybe 300",
 * "~40k", "circa", "unos", "cerca de", "etwa"), ranges priced at their upper end ("20-50k" → "50k",
 * "between 2 and 3 TB" → "3 TB"), other languages' multipliers and rates spelled in English ("14 mil" →
 * "14 thousand", "por mês" → "per month") and continental thousands separators resolved ("2.500" → "2500").
 * Nouns are left as written: the noun classifier (figure_nouns.ts) reads them in any language.
 */

import { NUMBER_WORDS } from "./figure_units.ts";

/** Words that hedge a figure without changing it (English, Spanish, Portuguese, German, French, Italian). */
const HEDGES = [
  "maybe",
  "perhaps",
  "possibly",
  "probably",
  "about",
  "around",
  "roughly",
  "approximately",
  "approx\\.?",
  "appr\\.?",
  "circa",
  "ca\\.",
  "c\\.",
  "est\\.",
  "estimated",
  "like",
  "some",
  "nearly",
  "almost",
  "give or take",
  "somewhere around",
  "in the region of",
  "unos",
  "unas",
  "uns",
  "umas",
  "cerca de",
  "alrededor de",
  "aproximadamente",
  "aprox\\.?",
  "más o menos",
  "mais ou menos",
  "quase",
  "casi",
  "etwa",
  "rund",
  "ungefähr",
  "knapp",
  "environ",
  "près de",
  "presque",
  "circa",
  "quasi",
  "cerca di",
  "intorno a",
  "all'incirca",
  "più o meno",
];
const HEDGE_RE = new RegExp(`(?:^|(?<=[\\s(,;:]))(?:${HEDGES.join("|")})\\s+(?=[~≈]?\\s*\\d)`, "gi");
const TILDE_RE = /[~≈]\s*(?=\d)/g;

/** Multipliers and rates of other languages, in English. */
const FOREIGN: [RegExp, string][] = [
  [/(\d)\s+(?:mil|mille|mila|migliaia|tausend|tsd\.?)(?=\s|$|[,.;)])/gi, "$1 thousand"],
  [
    /(\d)\s+(?:millones|millón|milhões|milhão|millions?|millionen|mio\.?|milioni|milione)(?=\s|$|[,.;)])/gi,
    "$1 million",
  ],
  [/(\d)\s+(?:mil millones|bilhões|milliarden|mrd\.?|milliards?|miliardi)(?=\s|$|[,.;)])/gi, "$1 billion"],
  [/\b(?:por|al|ao|a)\s+(?:dia|día)\b|\b(?:pro|am|je)\s+tag\b|\bpar\s+jour\b|\bal\s+giorno\b/gi, "per day"],
  [
    /\b(?:toda|cada)\s+noite\b|\b(?:todas\s+las|cada)\s+noches?\b|\bjede\s+nacht\b|\bchaque\s+nuit\b|\b(?:ogni|tutte\s+le)\s+nott[ei]\b/gi,
    "every night",
  ],
  [/\b(?:por|al|ao)\s+(?:mês|mes)\b|\b(?:pro|im|je)\s+monat\b|\bpar\s+mois\b|\bal\s+mese\b/gi, "per month"],
  [/\bpor\s+semana\b|\b(?:pro|je)\s+woche\b|\bpar\s+semaine\b|\balla?\s+settimana\b/gi, "per week"],
  [/\bpor\s+(?:segundo|seg)\b|\b(?:pro|je)\s+sekunde\b|\bpar\s+seconde\b|\bal\s+secondo\b/gi, "per second"],
  [/\bpor\s+(?:hora)\b|\b(?:pro|je)\s+stunde\b|\bpar\s+heure\b|\ball['’]ora\b/gi, "per hour"],
  [/\bpor\s+(?:ano|año)\b|\b(?:pro|je)\s+jahr\b|\bpar\s+an\b|\ball['’]anno\b/gi, "per year"],
  [/(\d)\s*(?:anos|años|jahren?|ans|anni)\b/gi, "$1 years"],
  [/(\d)\s*(?:meses|monaten?|mois|mesi)\b/gi, "$1 months"],
  [/(\d)\s*(?:dias|días|tagen?|jours|giorni)\b/gi, "$1 days"],
  [/\b(?:histórico|historial|historique|historie|storico)\s+de\s+/gi, "history of "],
  [/\b(?:de|d')\s*(?:histórico|historial|historique|storico)\b/gi, "of history"],
  [
    /\b(?:guardamos|guardar|guardam|mantenemos|mantener|manter|mantemos|conservamos|conservar|aufbewahren|speichern|conserver|conservare)\b/gi,
    "keep",
  ],
  [/\b(?:(?:a\s+)?cada|ogni)\s+(?=\d)/gi, "every "],
  // Rates written as initials: transactions or events per second.
  [/(\d)\s*(?:tps)\b/gi, "$1 transactions per second"],
  [/(\d)\s*(?:eps)\b/gi, "$1 events per second"],
];

/**
 * Products named with a number, whose number is a version or an edition, not a quantity: "Microsoft 365",
 * "SQL Server 2016", "Windows Server 2012 R2", "Python 3.11", "iOS 17", "PHP 8" (a size or a multiplier right
 * after the number keeps it: "Postgres 500 GB").
 */
const VERSIONED = new RegExp(
  String
    .raw`\b(?:(microsoft|office|dynamics)\s+365|(windows(?:\s+server)?|sql\s+server|exchange(?:\s+server)?|sharepoint|python|node(?:\.?js)?|java|jdk|php|ubuntu|debian|rhel|centos|ios|android|\.net(?:\s+(?:framework|core))?|postgres(?:ql)?|mysql|mariadb|oracle(?:\s+database)?|rails|ruby|django|angular|vue(?:\.?js)?|react|laravel|symfony|spring\s+boot|elasticsearch|redis|mongodb|drupal|magento|wordpress|vsphere|esxi|hyper-v|dynamics\s+(?:ax|nav|gp|crm)|sap\s+ecc)\s+v?(?:19\d\d|20\d\d|\d{1,2}(?:\.\d+)*)(?:\s*r2|[a-z](?![a-z]))?)(?![\d.,]*\s*(?:%|x\b|[kmgtp]i?b\b|thousand|million|billion|[kmb]\b))`,
  "gi",
);

/** {@link VERSIONED} products with their version numbers taken out. */
function withoutVersions(text: string): string {
  return text.replace(
    VERSIONED,
    (m, edition: string | undefined, product: string | undefined) =>
      edition ? `${edition} suite` : (product ?? m),
  );
}

/** Indian counts: "5 lakh" is 500,000 and "2 crore" 20,000,000 (in Indian English and glossed Hindi alike). */
const LAKH_CRORE = /(\d+(?:\.\d+)?)\s*(lakhs?|lacs?|crores?)\b/gi;

/** "5 lakh" → "500000", "1.2 crore" → "12000000". */
function plainLakhs(text: string): string {
  return text.replace(LAKH_CRORE, (_m, n: string, unit: string) => {
    const times = unit.toLowerCase().startsWith("cr") ? 1e7 : 1e5;
    return String(Math.round(Number(n) * times));
  });
}

/** "64 players/match": a count per group, spelled "per". */
const PER_GROUP =
  /(\p{L})\s*\/\s*(match|room|race|game|class|call|session|lobby|team|table|hearing|server)\b/giu;

/** "2.500 tratores", "4.000 aulas": a continental thousands separator (not "2.5M" or "2.500 GB"). */
const CONTINENTAL = /\b(\d{1,3})((?:\.\d{3})+)(?![\d.,]|\s*(?:k|m|b|mb|gb|tb|pb|kb|%|ms)\b)/gi;

/** A range written with a dash, "to", "a", "bis", "à" or "and" after "between". */
const RANGE = new RegExp(
  String
    .raw`(?:\bbetween\s+|\bentre\s+|\bzwischen\s+)?\b(\d[\d,.]*)\s*(k|m|thousand|million)?\s*(?:-|–|—|\bto\b|\ba\b|\bbis\b|\bà\b|\band\b|\be\b|\by\b|\bund\b)\s*(?=[~≈]?\s*\d)`,
  "gi",
);

/** Whether a dash-joined pair is a range of one quantity (not a date, a ratio or a version). */
function isRange(match: string, low: string, following: string): boolean {
  if (/^\d{4}$/.test(low) && /^\d{4}/.test(following)) return false; // 2024-2025
  if (/\b(?:and|e|y|und)\b/i.test(match) && !/\b(?:between|entre|zwischen)\b/i.test(match)) return false;
  return true;
}

/** Keeps the upper end of every range: "20-50k users" → "50k users". */
function upperEnds(text: string): string {
  return text.replace(RANGE, (m: string, low: string, _mult: string, offset: number, whole: string) => {
    const following = whole.slice(offset + m.length).replace(/^[~≈]\s*/, "");
    return isRange(m, low, following) ? "" : m;
  });
}

/** A duration whose count is a word ("every six hours"), after the word that leads it. */
const DURATION_WORD_RE = new RegExp(
  `\\b(every|each|per|once in|within|after|for)\\s+(${
    Object.keys(NUMBER_WORDS).join("|")
  })\\s+(?=(?:seconds?|minutes?|hours?|days?|weeks?|months?)\\b)`,
  "gi",
);
/** Abbreviated time units glued to a number or after "every": "6h", "15min", "2 hrs", "every 30s". */
const SHORT_UNITS: [RegExp, string][] = [
  [/\b(\d+(?:\.\d+)?)\s*(?:h|hr|hrs)\b(?!\s*\/)/gi, "$1 hours"],
  [/\b(\d+(?:\.\d+)?)\s*(?:mins?)\b(?!\s*\/)/gi, "$1 minutes"],
  [/\b(every|each)\s+(\d+(?:\.\d+)?)\s*(?:s|secs?)\b/gi, "$1 $2 seconds"],
];

/**
 * Durations written plainly, so every reader (shapes, cadences, figures) sees one spelling: "every 6h" →
 * "every 6 hours", "every six hours" → "every 6 hours", "15min" → "15 minutes". Rates ("4h/day") keep their
 * slash and are left to the rate readers.
 */
export function plainDurations(text: string): string {
  let out = text.replace(
    DURATION_WORD_RE,
    (_m, lead: string, word: string) => `${lead} ${NUMBER_WORDS[word.toLowerCase()]} `,
  );
  for (const [re, to] of SHORT_UNITS) out = out.replace(re, to);
  return out;
}

/** "w/" and "w/o" spelled out, so every reader sees "with" and "without" ("chat w/ my notes"). */
export function plainShorthand(text: string): string {
  return text.replace(/\bw\/o\b/gi, "without").replace(/\bw\/\s*/gi, "with ");
}

/**
 * Times of day, which are no counts: "16:00", "00:30", "7am", "2 p.m.", "at 7 it emails", "um 6 Uhr",
 * "à 8h", "alle 7". A clock time is two digits after a colon, an hour with am/pm (or a language's hour word),
 * or a bare hour after "at" (or its translations) that no noun follows.
 */
const CLOCK_TIMES: RegExp[] = [
  /\b(?:[01]?\d|2[0-4])(?::|h(?=\d))[0-5]\d(?:\s?(?:am|pm|a\.m\.|p\.m\.|h|uhr|hrs))?(?![\d.,:])/gi,
  /\b(?:[01]?\d|2[0-4])\s?(?:am|pm|a\.m\.|p\.m\.|uhr)(?![\w])/gi,
  /\b(at|by|before|after|until|till|from|um|ab|bis|vers|alle|las|às|as|a las)\s+(?:[01]?\d|2[0-4])(?![\d]|[.,:]\d)(?:h\b)?(?=\s*(?:[,;:)!?]|\.(?!\d)|$|\b(?:it|we|they|and|then|the|every|each|on|sharp|local|utc|gmt|cet|cest|et|pt|jst|hkt|sgt|ist|aest|o'clock|in the|at night|uhr)\b))/gim,
];

/** Clock times replaced by a word, so no reader counts "at 7" as seven of the noun after it. */
export function withoutClockTimes(text: string): string {
  let out = text;
  for (const re of CLOCK_TIMES) {
    out = out.replace(
      re,
      (_m: string, lead?: string) =>
        typeof lead === "string" && /^[a-zà-ú ]+$/i.test(lead) ? `${lead} clocktime` : "clocktime",
    );
  }
  return out;
}

/** A ratio of people or parts ("1:1 video", "1:many", "a 16:9 player"): clock times are read before it. */
const RATIO = /\b\d{1,2}\s?:\s?(?:\d{1,2}|n|many)\b(?![.,:]\d)/gi;

/** The description with ratios ("1:1 patient–doctor video") as words, not counts ("1 patient"). */
export function withoutRatios(text: string): string {
  return text.replace(RATIO, "ratio");
}

/** Thousands grouped with spaces ("9 000", "3 000", "1 250 000"), as French, Portuguese and UK style write them. */
const SPACED_THOUSANDS = /\b(\d{1,3})((?:[ \u00a0\u202f]\d{3})+)(?![\d.,]\d)\b/g;

/** The description with its figures written plainly (see the module comment). */
export function normalizeFigures(text: string): string {
  let out = withoutRatios(withoutClockTimes(withoutVersions(text))).replace(
    SPACED_THOUSANDS,
    (_m, head: string, groups: string) => head + groups.replace(/[ \u00a0\u202f]/g, ""),
  ).replace(
    CONTINENTAL,
    (_m, head: string, groups: string) => head + groups.replace(/\./g, ""),
  );
  for (const [re, to] of FOREIGN) out = out.replace(re, to);
  out = plainLakhs(out).replace(HEDGE_RE, "").replace(TILDE_RE, "").replace(PER_GROUP, "$1 per $2");
  return upperEnds(out);
}
