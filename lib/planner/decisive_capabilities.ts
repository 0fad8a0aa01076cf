/**
 * The decisive capabilities a request asks for: the few that change an architecture decisively (a payment
 * processor, a model, a video pipeline, an offline-first client with sync, real-time collaboration, tenant
 * isolation), as the planner reads them, each with the request's stance on it. What the semantic cache's
 * capability gate compares (lib/semantic/capability_agreement.ts): "a booking site where members buy passes"
 * and "a booking site without any payments" are the same words with another architecture.
 *
 * - **asked**: payments, AI and video are the planner's own capabilities (context.ts: its capability words,
 *   shapes and negation reader); offline use, collaboration and tenancy are read here from the planner's text
 *   (its gloss without what the request says it does not want). A payment taken in person ("guests pay on
 *   arrival", "pay cash later") is no payment in the system;
 * - **refused**: a negation cue the planner's negation reader finds (negation.ts) is followed within a few
 *   words by the capability ("without any payments", "no AI answers", "we don't need offline"); a refusal
 *   outweighs a word that asks (a "subscription storefront, without payments");
 * - **unclear**: neither, but a word that may mean it (a fare, a fee, "vision model", "together", a typo'd
 *   "payement"), which a paraphrase says it with; or any capability left unnamed by a description of at most
 *   {@link TERSE_WORDS} words ("book an english tutor, video call in browser"), whose silence says nothing.
 *   The gate counts neither as a disagreement.
 * Deterministic.
 */
import type { NormalizedRequest } from "../protocol/request_schema.ts";
import { SYNONYMS } from "./capability_words.ts";
import { type Context, glossedText, makeContext } from "./context.ts";
import { negatedSpans, withoutNegated } from "./negation.ts";

/** The decisive capabilities, in canonical order. */
export const DECISIVE_CAPABILITIES = [
  "payments",
  "ai",
  "video",
  "offline",
  "collaboration",
  "multi_tenant",
] as const;

/** One decisive capability. */
export type DecisiveCapability = typeof DECISIVE_CAPABILITIES[number];

/** A request's stance on a decisive capability (see the module comment). */
export type CapabilityStance = "asked" | "refused" | "unclear";

/** The decisive capabilities a request takes a stance on (one it never names is absent). */
export type DecisiveCapabilities = Partial<Record<DecisiveCapability, CapabilityStance>>;

/** Whole-word, case-insensitive global matcher of fragments (as capabilities.ts builds its own). */
function words(fragments: readonly string[]): RegExp {
  return new RegExp(`(?<![\\w])(?:${fragments.join("|")})(?![\\w])`, "giu");
}

/** Money changing hands beyond the planner's payment words: deposits, buying, billing. */
const MORE_PAYMENT_WORDS = [
  "(?:a|the|pay|paid|take|takes|taking|collect|collects|collecting|with|refundable|booking|security) deposits?",
  "deposits? (?:at|on|when|for|payments?)",
  "buy(?:s|ing)?",
  "billed",
  "charg(?:e|es|ed|ing) (?:the |their |our )?(?:customers?|cards?|users?|members?|clients?)",
];

/** A payment made outside the system: cash, in person, on arrival, at the desk. */
const IN_PERSON_PAYMENT =
  /\b(?:pay(?:s|ing)?|paid|payments?)\s+(?:\w+\s+){0,2}?(?:(?:in|with|by) cash|cash|in person|on arrival|on site|on-site|at the (?:desk|door|counter|front desk|reception|venue|shop|store|till|gate)|later)\b/giu;

/** Offline use: a client that keeps working without a connection. */
const OFFLINE_WORDS = [
  "offline(?! (?:stores?|shops?|retail|sales|channels?|events?|batch|processing|jobs?|training|evaluation|analytics|marketing|payments?))",
  "off[\\s-]line[\\s-]first",
  "without (?:a |any )?(?:signal|connection|connectivity|internet|reception|coverage|network|wi[\\s-]?fi|data)",
  "no (?:signal|connectivity|internet|reception|coverage|network)",
  "(?:poor|patchy|spotty|flaky|intermittent|weak|bad|unreliable|limited|low) (?:signal|connection|connectivity|internet|reception|coverage|network|wi[\\s-]?fi)",
  "(?:when|if|while|even when|even if) (?:the )?(?:wi[\\s-]?fi|connection|network|signal|internet) (?:drops|is down|goes down|fails|is lost)",
  "dead zones?",
  "airplane mode",
  "sync(?:s|ed|ing)? (?:\\w+ )?(?:later|when (?:they are |it is |it's )?back online|once (?:they are |it is |it's )?back online|when (?:a )?connection (?:returns|is back))",
];
/** A system that goes offline (a device, a site taken down): no offline use. */
const GOES_OFFLINE =
  /\b(?:go(?:es|ing)?|went|gone|taken|took|takes|knock\w*|bring\w*|brought|is|are|be) offline\b/giu;

/** Real-time collaboration: several people working on the same thing at once. */
const COLLABORATION_WORDS = [
  "collaborative(?:ly)?",
  "real[\\s-]?time collaboration",
  "co[\\s-]?edit(?:s|ing|ed|or)?",
  "live cursors?",
  "multi[\\s-]?player",
  "(?:edit|draw|work|write|sketch|plan)(?:s|ing)? (?:on (?:it|them|the \\w+) )?together (?:live|in real[\\s-]?time|at (?:the same|once))",
  "simultaneous(?:ly)? edit\\w*",
  "google docs[\\s-](?:style|like)",
  "whiteboards?",
  "crdts?",
  "yjs",
];

/** Tenancy: one system serving many customer organizations, each with its own space. */
const TENANCY_WORDS = [
  "multi[\\s-]?tenan(?:t|ts|cy|ted)",
  "white[\\s-]?label(?:l?ed|l?ing)?",
  "per[\\s-]tenant",
  "tenant (?:isolation|data|databases?|workspaces?)",
  "each tenant",
];

const PAYMENTS = words(SYNONYMS.payments);
const MORE_PAYMENTS = words(MORE_PAYMENT_WORDS);
const OFFLINE = words(OFFLINE_WORDS);
const COLLABORATION = words(COLLABORATION_WORDS);
const TENANCY = words(TENANCY_WORDS);

/** Words that, right after a negation cue, refuse the capability. */
const REFUSALS: Record<DecisiveCapability, RegExp> = {
  payments: words([
    "pa(?:y|id)\\w*",
    "checkouts?",
    "billing",
    "deposits?",
    "fees?",
    "charg(?:e|es|ing)",
    "subscriptions?",
    "purchases?",
    "stripe",
    "paypal",
    "transactions?",
  ]),
  ai: words([
    "ai",
    "a\\.i\\.",
    "llms?",
    "gpt\\w*",
    "chat[\\s-]?gpt",
    "models?",
    "machine[\\s-]?learning",
    "ml",
    "chat[\\s-]?bots?",
    "assistants?",
    "gen[\\s-]?ai",
    "generative",
    "openai",
    "classif\\w*",
  ]),
  video: words(["videos?", "video[\\s-]?\\w+", "streaming", "live[\\s-]?stream\\w*", "webcams?", "cameras?"]),
  offline: words(["offline", "off[\\s-]line", "sync"]),
  collaboration: words([
    "collaborat\\w*",
    "co[\\s-]?edit\\w*",
    "real[\\s-]?time",
    "multi[\\s-]?player",
    "live cursors?",
    "presence",
  ]),
  multi_tenant: words(["multi[\\s-]?tenan\\w*", "tenants?", "white[\\s-]?label\\w*"]),
};

/** Words that may mean the capability in other words (or misspelt): a paraphrase's trace of it. */
const TRACES: Record<DecisiveCapability, RegExp> = {
  payments: words([
    "pa[yi]\\w*",
    "paid",
    "unpaid",
    "fares?",
    "fees?",
    "settle\\w*",
    "bill\\w*",
    "charged",
    "charges?",
    "rent(?:s|ed|al|als)?",
    "hire",
    "sell\\w*",
    "sold",
    "sales?",
    "shop\\w*",
    "stores?",
    "purchas\\w*",
    "buy\\w*",
    "ch\\w{1,4}kout\\w*",
    "tickets?",
    "pledg\\w*",
    "donat\\w*",
    "funding",
    "fundrais\\w*",
    "subscri\\w*",
    "invoic\\w*",
    "e[\\s-]?commerce",
    "money",
    "cash",
    "transactions?",
    "deposits?",
    "marketplaces?",
  ]),
  ai: words([
    "ai",
    "a\\.i\\.",
    "models?",
    "llms?",
    "gpt\\w*",
    "classif\\w*",
    "translat\\w*",
    "predict\\w*",
    "vision",
    "neural",
    "inference",
    "intelligen\\w*",
    "machine[\\s-]?learning",
    "ml",
    "smart",
    "detect\\w*",
    "recogni\\w*",
    "assistants?",
    "chat[\\s-]?bots?",
    "bots?",
    "generat\\w*",
    "train\\w*",
    "fine[\\s-]?tun\\w*",
    "embeddings?",
    "semantic",
    "nlp",
    "ocr",
    "transcri\\w*",
    "summar\\w*",
    "recommend\\w*",
  ]),
  video: words([
    "vid(?:eo)?s?\\w*",
    "stream\\w*",
    "calls?",
    "calling",
    "footage",
    "film\\w*",
    "clips?",
    "recordings?",
    "recorded",
    "webinars?",
    "broadcast\\w*",
    "cameras?",
    "webcams?",
    "cctv",
    "reels?",
    "lessons? (?:to )?watch\\w*",
  ]),
  offline: words(["of+[\\s-]?line", "sync\\w*", "signal", "connectivity", "reception", "coverage"]),
  collaboration: words([
    "collaborat\\w*",
    "together",
    "at once",
    "(?:the )?same time",
    "simultaneous\\w*",
    "cursors?",
    "shared",
    "multiple (?:people|users)",
    "co[\\s-]?(?:edit|author|creat|work)\\w*",
    "real[\\s-]?time",
    "live",
    "players",
  ]),
  multi_tenant: words([
    "tenan\\w*",
    "white[\\s-]?label\\w*",
    "saas",
    "each (?:customer|client|company|organi[sz]ation)",
  ]),
};

/** What the negation reader must know of this module's readers (a negated one asks for nothing). */
const READERS = [OFFLINE, COLLABORATION, TENANCY, MORE_PAYMENTS, ...Object.values(REFUSALS)];

/** Words of a description so short that leaving a capability unnamed says nothing about it. */
export const TERSE_WORDS = 10;

/** Words a negation cue governs at most for a capability it names to count as refused. */
const REFUSAL_WORDS = 4;

/** Whether a global matcher matches the text (from its start). */
function has(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text);
}

/** The capabilities the planner's text asks for (see the module comment, "asked"). */
function askedOf(ctx: Context): Set<DecisiveCapability> {
  const text = withoutNegated(ctx.request.appDescription, READERS);
  const paid = text.replace(IN_PERSON_PAYMENT, " ");
  const asked: Record<DecisiveCapability, boolean> = {
    payments: (ctx.caps.has("payments") && has(PAYMENTS, paid)) || has(MORE_PAYMENTS, paid),
    ai: ctx.caps.has("ai"),
    video: ctx.caps.has("video"),
    offline: has(OFFLINE, text.replace(GOES_OFFLINE, " ")),
    collaboration: has(COLLABORATION, text),
    multi_tenant: has(TENANCY, text) || ctx.workload.shapes.includes("saas_custom_domains"),
  };
  return new Set(DECISIVE_CAPABILITIES.filter((c) => asked[c]));
}

/** The capabilities a negation cue refuses within {@link REFUSAL_WORDS} words of it. */
function refusedOf(glossed: string): Set<DecisiveCapability> {
  const refused = new Set<DecisiveCapability>();
  for (const [start, end] of negatedSpans(glossed, READERS)) {
    const head =
      glossed.slice(start, end).match(new RegExp(`^\\S+(?:\\s+\\S+){0,${REFUSAL_WORDS}}`, "u"))?.[0] ?? "";
    for (const c of DECISIVE_CAPABILITIES) if (has(REFUSALS[c], head)) refused.add(c);
  }
  return refused;
}

/** The request's stance on each decisive capability it names (see the module comment). */
export function decisiveCapabilities(request: NormalizedRequest): DecisiveCapabilities {
  const glossed = glossedText(request.appDescription);
  const asked = askedOf(makeContext(request));
  const refused = refusedOf(glossed);
  const terse = (request.appDescription.match(/\S+/g) ?? []).length <= TERSE_WORDS;
  const out: DecisiveCapabilities = {};
  for (const c of DECISIVE_CAPABILITIES) {
    if (refused.has(c)) out[c] = "refused";
    else if (asked.has(c)) out[c] = "asked";
    else if (terse || has(TRACES[c], glossed)) out[c] = "unclear";
  }
  return out;
}
