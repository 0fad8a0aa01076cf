/**
 * Reads the figures the phrase rules (numbers.ts) missed, by what the noun after each number means
 * (figure_nouns.ts): "~40k cooperados" are people, "14 mil clínicas" places (tenants), "2.500 tratores"
 * devices, "4.000 aulas (média 25 min)" recorded media, "2M photos of 3 MB each" stored bytes, "300k/day"
 * events. Peaks are told apart from averages: "peaks of 3k rps" sizes capacity and is billed at an assumed
 * average, said in the assumptions.
 */
import { classifyNoun, notCounted, type NounClass } from "./figure_nouns.ts";
import type { ReadNumbers } from "./numbers.ts";
import { FIGURE_MULTIPLIER, FIGURE_PATTERN, GB_PER_UNIT } from "./figure_units.ts";

/** A figure as numbers.ts writes it: "5000", "5,000", "5k", "2.5M", "200 thousand". */
const FIGURE = String.raw`${FIGURE_PATTERN}\b`;
const MULT = FIGURE_MULTIPLIER;
const figure = (num: string, mult?: string) =>
  Number(num.replace(/,/g, "")) * (mult ? MULT[mult.toLowerCase()] ?? 1 : 1);

/** Per-month multipliers of a rate word. */
const RATE: [RegExp, number][] = [
  [/^(?:s|sec|secs|second|seconds)$/, 2_592_000],
  [/^(?:min|mins|minute|minutes)$/, 43_200],
  [/^(?:h|hr|hrs|hour|hours|hourly)$/, 720],
  [/^(?:day|days|daily|night|nightly|dia)$/, 30],
  [/^(?:week|weeks|weekly)$/, 4.33],
  [/^(?:month|months|monthly|mo)$/, 1],
  [/^(?:year|years|yearly|annually|annual)$/, 1 / 12],
];
const perMonth = (word: string) => RATE.find(([re]) => re.test(word.toLowerCase()))?.[1];
/** A rate right after the noun: "/day", "per month", "a week", "each night", "every second". */
const RATE_AFTER = /^\s*(?:\/|per\s+|an?\s+|each\s+|every\s+|a\s+cada\s+)([a-z]+)\b/i;
/** Rate adjectives before the noun: "25k monthly statements", "90k daily messages". */
const RATE_ADJ = /^(?:hourly|daily|nightly|weekly|monthly|yearly|annual)$/i;
/** Said of people online together: "500 concurrent", "… at once", "… at the same time". */
const TOGETHER_BEFORE = /^(?:concurrent|simultaneous|live|online)$/i;
const TOGETHER_AFTER =
  /^\s*(?:at\s+once|at\s+the\s+same\s+time|simultaneously|concurrently|in\s+parallel|online\s+at\s+once)\b/i;
/** A size per item after the noun: "of ~3 MB each", "(avg 2MB)", "at 5 GB apiece". */
const SIZE_EACH =
  /^[^.;\d]{0,25}?(\d+(?:\.\d+)?)\s*(kb|mb|gb|tb)\b\s*(?:each|apiece|per\s+\w+|on\s+average|average|avg|cada)|^[^.;\d]{0,25}?(?:avg\.?|average|averaging|média|media|promedio|each|cada)\s*(?:of\s+|de\s+)?(\d+(?:\.\d+)?)\s*(kb|mb|gb|tb)\b/i;
/** A duration per recording after the noun: "(média 25 min)", "of about 40 minutes each", "1h each". */
const DURATION_EACH =
  /^[^.;\d]{0,25}?(\d+(?:\.\d+)?)\s*(min|mins|minutes|minutos|minuten|h|hr|hours|horas|stunden)\b/i;
/** Minutes assumed for a recording whose length is not stated. */
const MINUTES_PER_RECORDING = 30;
/** Average load as a share of a stated peak (traffic swings ≈3× between its peak hour and the day's mean). */
export const PEAK_TO_AVERAGE = 3;
/**
 * Average load as a share of a burst from idle ("from ~0 to 50k req/s in seconds", flash drops): the peak
 * lasts about an hour a day.
 */
export const BURST_TO_AVERAGE = 24;
/** Words of a burst from idle around a peak rate. */
const FROM_IDLE =
  /\bfrom\s+(?:~\s*)?(?:0|zero|nothing|near[\s-]?zero|almost\s+nothing)\b|\b(?:in|within)\s+(?:a\s+few\s+)?seconds\b|\bflash\s+(?:sales?|drops?|crowds?)\b|\b(?:drops?|releases?)\s+(?:go(?:es)?\s+live|are\s+announced|announced)\b/i;

/** Whether the peak read at `index` is a burst from idle rather than the busy hour of a steady load. */
export function isBurstFromIdle(text: string, index: number, length: number): boolean {
  return FROM_IDLE.test(text.slice(Math.max(0, index - 120), index + length + 60));
}

/** One figure and the words after it. */
interface Counted {
  value: number;
  cls: NounClass;
  noun: string;
  /** Per-month multiplier when a rate is stated, else undefined. */
  rate?: number;
  together: boolean;
  /** The rate is a stated peak ("~4k changes/s at peak"). */
  peak: boolean;
  phrase: string;
  after: string;
}

/**
 * A compound's head is its last noun: "owner statements", "customer domains". Returns the head's class and
 * where it ends, `{}` when the first noun is the head, or undefined when the compound names a part of a
 * system ("product DBs"), which counts nothing.
 */
function compoundHead(
  tokens: string[],
  first: number,
  tail: string,
  consumed: number,
): { cls?: NounClass; consumed: number } | undefined {
  let cls: NounClass | undefined;
  for (let i = first + 1; i < tokens.length && !/[,.;:()]$/.test(tokens[i - 1]); i++) {
    if (/^[^\p{L}]/u.test(tokens[i])) break;
    const next = tokens[i].replace(/\/.*$/, "").replace(/[^\p{L}'’-]+$/u, "");
    if (!next) break;
    // "2,500 video visits", "300 phone consultations": the figure counts sessions held (numbers.ts reads them).
    if (notCounted(next) || SESSION_NOUN.test(next)) return undefined;
    const head = classifyNoun(next, false);
    // People modify a head ("owner statements") but do not head one ("cartórios clientes").
    if (!head || head === "people") break;
    cls = head;
    consumed = tail.indexOf(tokens[i], consumed) + tokens[i].length;
  }
  return { cls, consumed };
}

/** Sessions held (calls, visits, consultations, lessons): a noun a medium word modifies, not a medium. */
const SESSION_NOUN =
  /^(?:visits?|consultations?|consults?|calls?|sessions?|appointments?|meetings?|lessons?|interviews?|check-ins?)$/i;

/** Reads the noun (skipping up to three adjectives) and rate after the figure at `m`. */
function counted(m: RegExpExecArray, text: string): Counted | undefined {
  const start = m.index + m[0].length;
  const tail = text.slice(start);
  const before = text.slice(Math.max(0, m.index - 2), m.index);
  // Money, shares and multiples count nothing; "6-person", "200-node" are adjectives, not counts.
  if (/[$€£¥₹]|R\$/.test(before) || /^\s*(?:%|x\b|×)|^-\p{L}/iu.test(tail)) return undefined;
  const words = tail.match(/^[\s-]*((?:[\p{L}][\p{L}'’-]*[\s-]+){0,3})/u)?.[0] ?? "";
  const tokens = tail.slice(0, words.length + 40).split(/[\s-]+/).filter(Boolean).slice(0, 4);
  let rate: number | undefined;
  let consumed = tail.search(/\S/);
  // A misspelt noun is read only where a noun is expected: right after the figure (or its rate adjective).
  let nounExpected = true;
  for (const raw of tokens) {
    // "changes/s", "orders/day": the noun, then its rate after the slash.
    const slash = raw.indexOf("/");
    const token = (slash > 0 ? raw.slice(0, slash) : raw).replace(/[^\p{L}'’-]+$/u, "");
    if (!token || /^[^\p{L}]/u.test(raw)) break;
    const slashRate = slash > 0 ? perMonth(raw.slice(slash + 1).replace(/[^a-z]/gi, "")) : undefined;
    const at = tail.indexOf(raw, consumed);
    consumed = at + raw.length;
    if (RATE_ADJ.test(token) || TOGETHER_BEFORE.test(token)) {
      if (!RATE_ADJ.test(token)) continue;
      rate = perMonth(token.replace(/ly$/i, "").replace(/^dai$/i, "day").replace(/^night$/i, "night"));
      continue;
    }
    // "top-50 per user", "3 for each store": a count per unit, not a count of the unit.
    if (/^(?:per|each|every|for)$/i.test(token)) return undefined;
    if (notCounted(token)) return undefined;
    let cls = classifyNoun(token, nounExpected);
    nounExpected = false;
    if (cls) {
      // A plural person noun heads its phrase ("30k farmers log weights"): modifiers are singular ("farmer
      // payouts"), so the next word is a verb, not a head.
      const headed = cls === "people" && /[^s]s$/i.test(token);
      const head = headed ? { consumed } : compoundHead(tokens, tokens.indexOf(raw), tail, consumed);
      if (!head) return undefined;
      if (head.cls) [cls, consumed] = [head.cls, head.consumed];
      const after = tail.slice(consumed);
      // "3 trackers each", "40 players per room": a count per unit, not the total.
      if (
        /^\s*(?:each|apiece|per\s+(?!second|sec|minute|min|hour|day|week|month|year)|in\s+each|on\s+each|cada)\b/i
          .test(tail.slice(consumed))
      ) {
        return undefined;
      }
      // "1:1 video", "one to many": a single item is no scale; "2 person team" is an adjective.
      const value = figure(m[1], m[2]);
      if (value <= 1 || (cls === "people" && value > 1 && /^(?:person|man|member)$/i.test(token))) {
        return undefined;
      }
      const r = after.match(RATE_AFTER);
      if (r && perMonth(r[1]) !== undefined) rate = perMonth(r[1]);
      if (slashRate !== undefined) rate = slashRate;
      const prev = text.slice(Math.max(0, m.index - 16), m.index).trim().split(/\s+/).pop() ?? "";
      return {
        value,
        cls,
        noun: token,
        rate,
        peak: isPeak(text, m.index, m[0].length + consumed),
        together: TOGETHER_BEFORE.test(prev) || TOGETHER_AFTER.test(after) ||
          tokens.some((t) => TOGETHER_BEFORE.test(t)),
        phrase:
          (m[0] + tail.slice(0, consumed).replace(/['’]+$/, "") + (after.match(TOGETHER_AFTER)?.[0] ?? ""))
            .trim().replace(
              /\s+/g,
              " ",
            ).replace(/[,.;:()]+$/, ""),
        after,
      };
    }
    if (/[,.;:()]$/.test(raw)) break;
  }
  return undefined;
}

/** Stores one counted figure in the slot its noun's class fills, if that slot is still empty. */
function store(c: Counted, out: ReadNumbers, notes: string[], audience: string[]): boolean {
  const monthly = c.rate !== undefined ? c.value * c.rate : undefined;
  switch (c.cls) {
    case "people":
      if (c.together) return out.concurrent === undefined && (out.concurrent = c.value, true);
      if (out.users !== undefined && (!audience.length || out.users >= c.value)) return false;
      if (audience.length) out.read.splice(out.read.indexOf(audience.pop()!), 1);
      out.users = c.value;
      return true;
    case "staff":
      return out.staff === undefined && (out.staff = c.value, true);
    case "devices":
      return out.devices === undefined && (out.devices = c.value, true);
    case "places":
      // A count of places is not a tenant count unless the product gives each one its own space
      // ("each clinic gets …", read by numbers.ts).
      return out.places === undefined && (out.places = c.value, true);
    case "events":
      if (monthly === undefined || out.messages !== undefined) return false;
      out.messages = c.rate! >= 43_200 && c.peak ? peakNote(monthly, c.phrase, out, notes) : monthly;
      return true;
    case "groups":
      if (!c.together || out.groupSize === undefined || out.concurrent !== undefined) return false;
      out.concurrent = c.value * out.groupSize;
      notes.push(`${c.phrase} × ${out.groupSize} each = ${Math.round(out.concurrent)} concurrent`);
      return true;
    case "media":
      return storeMedia(c, out, notes);
    case "records":
      return storeRecords(c, monthly, out);
  }
}

/** Recordings: their count × the stated (or an assumed) length is the library's hours. */
function storeMedia(c: Counted, out: ReadNumbers, notes: string[]): boolean {
  if (out.mediaHours !== undefined || c.rate !== undefined) return false;
  const d = c.after.match(DURATION_EACH);
  const minutes = d ? Number(d[1]) * (/^(?:h|hr|hours|horas|stunden)$/i.test(d[2]) ? 60 : 1) : undefined;
  out.mediaHours = c.value * (minutes ?? MINUTES_PER_RECORDING) / 60;
  if (minutes === undefined) notes.push(`≈${MINUTES_PER_RECORDING} min a recording (${c.phrase})`);
  return true;
}

/** Stored items: a count (a corpus), a rate (arrivals), or a count × a size each (stored bytes). */
function storeRecords(c: Counted, monthly: number | undefined, out: ReadNumbers): boolean {
  const size = c.after.match(SIZE_EACH);
  if (size && out.storedGb === undefined) {
    const [n, unit] = size[1] !== undefined ? [size[1], size[2]] : [size[3], size[4]];
    out.storedGb = c.value * Number(n) * GB_PER_UNIT[unit.toLowerCase()] * (monthly !== undefined ? 12 : 1);
    return true;
  }
  if (monthly !== undefined) return out.messages === undefined && (out.messages = monthly, true);
  if (out.documents !== undefined) return false;
  out.documents = c.value;
  out.documentChunks ??= c.value * (/^(?:docs?|documents?|pdfs?|contracts?|files?)$/i.test(c.noun) ? 10 : 1);
  return true;
}

/**
 * Fills the figures the phrase rules left empty from every "figure + noun" in `rest` (the description with
 * the phrases already read blanked out). Returns the notes on what was assumed about them.
 */
export function readCountedNouns(rest: string, out: ReadNumbers): string[] {
  const notes: string[] = [];
  // People counts read here: the largest is the audience ("7 judges … 8k spectators").
  const audience: string[] = [];
  const re = new RegExp(`(?<![\\w.,])${FIGURE}(?![\\w.,]*\\d)`, "gi");
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    const c = counted(m, rest);
    if (c && store(c, out, notes, audience)) {
      if (!out.read.includes(c.phrase)) out.read.push(c.phrase);
      if (c.cls === "people" && !c.together) audience.push(c.phrase);
    } else if (!c) bareRate(m, rest, out, notes);
  }
  return notes;
}

/**
 * "~300k/day" with no noun: events arriving at that rate, when no other events or requests were read. A rate
 * in words ("~30k a month") counts only when an event or record noun just before says what arrives.
 */
function bareRate(m: RegExpExecArray, rest: string, out: ReadNumbers, notes: string[]): void {
  if (out.messages !== undefined || out.requests !== undefined) return;
  const after = rest.slice(m.index + m[0].length);
  const slash = after.match(/^\s*\/\s*([a-z]+)\b/i);
  const words = after.match(/^\s+(?:a|an|per|every)\s+([a-z]+)\b/i);
  const before = rest.slice(Math.max(0, m.index - 40), m.index).split(/\s+/).filter(Boolean).slice(-4);
  const named = before.some((w) => {
    const cls = classifyNoun(w, false);
    return cls === "events" || cls === "records";
  });
  const r = slash ?? (named ? words : null);
  const rate = r ? perMonth(r[1]) : undefined;
  if (!r || rate === undefined) return;
  const phrase = `${m[0].trim()}${slash ? "" : " "}${r[0].trim()}`;
  const v = figure(m[1], m[2]) * rate;
  out.messages = rate >= 43_200 && isPeak(rest, m.index, m[0].length + r[0].length)
    ? peakNote(v, phrase, out, notes)
    : v;
  out.read.push(phrase);
}

/** Bills a peak rate at its assumed average, keeping the peak for capacity and saying so. */
function peakNote(monthly: number, phrase: string, out: ReadNumbers, notes: string[]): number {
  out.peakPerSecond = monthly / 2_592_000;
  notes.push(
    `the peak (${phrase}) sizes capacity; the month is billed at an average of 1/${PEAK_TO_AVERAGE} of it`,
  );
  return monthly / PEAK_TO_AVERAGE;
}

/** Peak words before a rate ("peaks of", "peaking at", "bursts of", "up to") or after it ("at peak"). */
const PEAK_BEFORE =
  /\b(?:peaks?|peaking|spikes?|spiking|bursts?|bursting|pico|picos|spitze|pointe)\b[^.;,\d]{0,14}$|\bup\s+to\s*~?\s*$|\b(?:goes|going|go|jumps?|jumping|surges?|surging|shoots?|climbs?|climbing|ramps?|ramping|rises?|rising|explodes?|swells?)\b(?:\s+up)?(?:\s+from\s+~?\s*[\d.,]+\s*[km]?\s*(?:[a-z/]+\s*)?)?\s+to\s*~?\s*$/i;
const PEAK_AFTER =
  /^[^.;,\d]{0,14}\b(?:peaks?|at\s+peak|at\s+the\s+peak|no\s+pico|en\s+el\s+pico|in\s+der\s+spitze|(?:at|during)\s+(?:the\s+)?(?:market\s+)?(?:open(?:ing)?|close|kick[\s-]?off|launch|rush\s+hours?|lunch\s+rush)|on\s+(?:match|game|launch|sale)\s+days?|in\s+(?:a\s+few\s+)?(?:seconds|minutes))\b/i;
const AVERAGE_NEAR = /\b(?:average|avg|mean|sustained|typical|normal(?:ly)?|steady|média|promedio)\b/i;

/**
 * Whether a rate read at `index` (`length` characters) is a peak: a peak word beside it and no average
 * word. A peak sizes capacity; the month is billed at ≈1/PEAK_TO_AVERAGE of it.
 */
export function isPeak(text: string, index: number, length: number): boolean {
  const before = text.slice(Math.max(0, index - 30), index);
  const after = text.slice(index + length, index + length + 30);
  const near = before.slice(-12) + after.slice(0, 12);
  return (PEAK_BEFORE.test(before) || PEAK_AFTER.test(after)) && !AVERAGE_NEAR.test(near);
}

/** "500k scans averaging 4 MB each", "2M photos of ~3 MB each", "12k PDFs (avg 2MB)": items × a size each. */
const ITEMS_OF_SIZE = new RegExp(
  `(?<![\\w.,])${FIGURE}\\s+((?:[\\p{L}'’-]+\\s+){0,3}?[\\p{L}'’-]+)\\s*[(,]?\\s*(?:of|at|averaging|avg\\.?|average|each|média|promedio|de)?\\s*(?:of\\s+)?(\\d+(?:\\.\\d+)?)\\s*(kb|mb|gb|tb)\\b\\s*(each|apiece|on\\s+average|average|avg|cada|per\\s+\\p{L}+)?`,
  "giu",
);

/**
 * The stored bytes of items counted with a size each, read before the plain sizes are (so "4 MB" is not
 * taken as the whole store). Returns the figure and the span it was read from.
 */
export function readItemSizes(text: string): { gb: number; index: number; phrase: string } | undefined {
  for (const m of text.matchAll(ITEMS_OF_SIZE)) {
    const each = m[6] !== undefined || /\b(?:averaging|avg|average|each|média|promedio)\b/i.test(m[0]);
    const noun = m[3].trim().split(/\s+/).pop() ?? "";
    const cls = classifyNoun(noun);
    if (!each || (cls !== "records" && cls !== "media" && cls !== "events")) continue;
    const gb = figure(m[1], m[2]) * Number(m[4]) * GB_PER_UNIT[m[5].toLowerCase()];
    if (gb > 0) return { gb, index: m.index!, phrase: m[0].trim().replace(/\s+/g, " ") };
  }
  return undefined;
}
