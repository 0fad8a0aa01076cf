/**
 * The negation reader: a request says what it does NOT want as often as what it wants ("it's NOT realtime",
 * "not a chatbot", "no login", "we don't need search", "without Kubernetes", "kein Login", "sin pagos",
 * "sem chatbot", "pas de WebSockets"). Every reader of the text (capability words, named technologies, shape
 * phrasings and word families) would otherwise see the word and add the part. This module finds each
 * negation cue and the phrase it governs (up to the end of the clause) and removes that phrase from the text
 * the planner reads, once, before any capability, technology or shape is read.
 *
 * A cue that a reader's own pattern already reads ("without a VPN" is zero-trust access, "without hammering
 * the prod db" asks for a replica) is left alone, and so is a negated quality rather than a part ("must not
 * go down", "never lose an event", "no duplicate emails", "no more than 5 s"). Deterministic.
 */
import { SYNONYMS } from "./capability_words.ts";
import { SHAPE_PATTERNS } from "./shape_patterns.ts";
import { SHAPE_VOCABULARY } from "./shape_vocabulary.ts";
import { TECH_RES } from "./technologies.ts";

/**
 * Words that negate what follows, in the languages requests arrive in: English, German, Spanish, Portuguese,
 * French, Italian, Dutch, Polish and Swedish.
 */
const CUE =
  /(?:(?<![\w'’-])(?:not|no|without|never|nor|neither|ni|nem|kein(?:e[nmrs]?)?|nicht|ohne|sin|sem|n[aã]o|pas de|sans|aucune?|senza|non|nessun[oa]?|niente|geen|zonder|niet|nie|bez|ingen|inget|inga|utan)(?![\w'’-])|(?<=\w)n['’]t(?![\w'’-])|(?<![\w'’-])pas d['’])/giu;

/** A Portuguese text, where "no" is "in the" ("chega no e-mail"), not a negation. */
const PORTUGUESE =
  /[ãõ]|\b(?:nao|pra|nossa|nosso|nossos|voc[eê]s?|dos|das|uns|umas|tamb[eé]m|muito|est[aá])\b/i;

/** What follows a cue when the negation is about a figure, a quality or a failure, not a part. */
const QUALITY_AFTER =
  /^\s*(?:(?:need|needs|want|wants|have|has|to|be|been|ever|can|must|should|will|any|a|an|the)\s+){0,3}(?:only|just|more|less|fewer|later|longer|sooner|earlier|matter|one|problem|doubt|exception|limits?|longer|other|single|cold|(?:be )?(?:go|goes|going|down|fail\w*|los[et]\w*|loss|leav\w*|exceed\w*|drop\w*|miss\w*|duplicat\w*|double\w*|twice|break\w*|crash\w*|stale|slow\w*|lag\w*|wait\w*|delay\w*|exposed|reachable|public(?:ly)?|leak\w*|overlap\w*|block\w*|interrupt\w*|downtime|outages?|surprises?|vendor|lock[\s-]?in|bigger|larger|smaller|cheaper|faster|slower|worse|better|than|until|before|after|earlier|older|newer|mehr|weniger|m[aá]s|menos|mais|plus|moins|pi[uù]|meno|meer|minder|wi[eę]cej|mniej|mer|mindre)\b)/iu;

/** Words that end what a cue governs: the next clause, a contrast, what is asked for instead. */
const SCOPE_END =
  /[.;:!?()\[\]\n—–]|,|\s-\s|\b(?:on|in|at|from|during|across|within|inside|per|via|through|when|where|if|but|just|only|instead|rather|except|though|although|because|since|while|so|yet|then|unless|apart|as|other than|aber|sondern|nur|pero|sino|solo|s[oó]lo|mas|apenas|s[oó]|mais|seulement|juste|ma|solo|soltanto|invece|tranne|maar|alleen|ale|tylko|men|bara)\b|\b(?:and|or|und|oder|y|o|e|ou|et|en|of|i|lub|och|eller)\s+(?:we|i|it|they|you|there|this|that|everything|everyone|users?|customers?|people|staff|wir|ich|es|nosotros|n[oó]s|nous|noi|wij|my)\b/iu;

/** How many words a cue governs at most. */
const SCOPE_WORDS = 7;

/** Global matchers of every reader of the text, to tell a cue that governs a part from one that does not. */
const READERS: RegExp[] = [
  ...Object.values(SYNONYMS).flat(),
  ...Object.values(SHAPE_PATTERNS).flat(),
  ...Object.values(SHAPE_VOCABULARY).flatMap((v) => v.families.flatMap((f) => f.terms)),
].map((p) => new RegExp(`(?<![\\w])(?:${p})(?![\\w])`, "giu"))
  .concat(TECH_RES.map(([, re]) => new RegExp(re.source, "giu")));

/** A span of the text: [start, end). */
type Span = [number, number];

/**
 * Every match of every reader, as spans of the text. Each global matcher is stepped with `exec` from
 * `lastIndex` 0 (as `matchAll` does, an empty match advancing by one code point) rather than through
 * `matchAll`, which copies the matcher and builds an iterator per reader: with thousands of readers that was
 * most of what a request allocated.
 */
function readerSpans(text: string, extra: readonly RegExp[]): Span[] {
  const spans: Span[] = [];
  for (const re of extra.length ? [...READERS, ...extra] : READERS) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const length = m[0].length;
      if (length) spans.push([m.index, m.index + length]);
      else re.lastIndex = advance(text, re.lastIndex);
    }
  }
  return spans;
}

/** The index after the code point at `at` (how a unicode matcher steps past an empty match). */
function advance(text: string, at: number): number {
  if (at >= text.length) return at + 1;
  const code = text.charCodeAt(at);
  const next = text.charCodeAt(at + 1);
  return code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? at + 2 : at + 1;
}

/** The end of what a cue ending at `from` governs: the clause boundary or the word limit, whichever is first. */
function scopeEnd(text: string, from: number): number {
  const rest = text.slice(from);
  const boundary = rest.search(SCOPE_END);
  let end = boundary < 0 ? rest.length : boundary;
  const words = [...rest.slice(0, end).matchAll(/\S+/g)];
  if (words.length > SCOPE_WORDS) end = words[SCOPE_WORDS].index!;
  return from + end;
}

/**
 * The spans of the text that a negation cue governs and that name a part some reader would add: each from
 * the cue to the end of the last such part in its scope. `extra` are global matchers of a reader outside the
 * planner's own (lib/planner/decisive_capabilities.ts reads offline use and tenancy with them).
 */
export function negatedSpans(text: string, extra: readonly RegExp[] = []): Span[] {
  const portuguese = PORTUGUESE.test(text);
  const cues = [...text.matchAll(CUE)].filter((cue) => !(portuguese && cue[0].toLowerCase() === "no"));
  // Most requests negate nothing: the readers only run for a text with a cue.
  if (!cues.length) return [];
  const readers = readerSpans(text, extra);
  const out: Span[] = [];
  for (const cue of cues) {
    const start = cue.index!;
    const from = start + cue[0].length;
    // A reader that reads the cue itself ("without a VPN") already knows what it means.
    if (readers.some(([s, e]) => s <= start && e > start)) continue;
    if (QUALITY_AFTER.test(text.slice(from))) continue;
    const end = scopeEnd(text, from);
    // What the cue governs ends with the last part named in its scope ("no user login" of "no user login
    // for the marketing pages").
    const last = Math.max(-1, ...readers.filter(([s, e]) => s >= from && e <= end).map(([, e]) => e));
    if (last > from) out.push([start, last]);
  }
  return out;
}

/**
 * The text the planner reads: the request without the parts it says it does not want. Idempotent (a text
 * with no negated part comes back unchanged). `extra`: as in {@link negatedSpans}.
 */
export function withoutNegated(text: string, extra: readonly RegExp[] = []): string {
  const spans = negatedSpans(text, extra);
  if (!spans.length) return text;
  let out = "";
  let at = 0;
  for (const [s, e] of spans) {
    if (s < at) continue;
    out += text.slice(at, s) + " ";
    at = e;
  }
  return out + text.slice(at);
}
