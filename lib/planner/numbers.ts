/**
 * Figures read from the description: users, staff seats, visitors, requests, messages or events, devices ×
 * reporting interval, data volume per day, emails, tenants, call minutes and retention. Each figure is
 * normalized to a monthly amount (or a count) and keeps the phrase it was read from, so the cost assumptions
 * can say what was read and what was assumed.
 *
 * Numbers are written as "5000", "5,000", "5k", "2.5M", "200 thousand", "1 million", "5 TB"; rates as
 * "per second / a minute / an hour / daily / per day / weekly / a week / monthly / per month / a year".
 */

import { readCpuHours } from "./figure_cpu_hours.ts";
import {
  BURST_TO_AVERAGE,
  isBurstFromIdle,
  isPeak,
  PEAK_TO_AVERAGE,
  readCountedNouns,
  readItemSizes,
} from "./figure_reader.ts";
import { normalizeFigures } from "./figure_text.ts";
import { readSizesPerItem } from "./figure_item_size.ts";
import { readPerUnitCounts } from "./figure_per_unit.ts";
import { type ImageTraining, imageTraining } from "./training_size.ts";
import { FIGURE_PATTERN, figureValue, GB_PER_UNIT, numberWordsBetween } from "./figure_units.ts";

/** Figures found in a description (all optional; monthly unless the name says otherwise). */
export interface ReadNumbers {
  /** End users / customers / players (monthly active). */
  users?: number;
  /** Staff, employees or seats behind SSO. */
  staff?: number;
  /** Site visitors per month. */
  visitors?: number;
  /** HTTP/API requests per month. */
  requests?: number;
  /** Messages or events per month (chat messages, events, webhooks, jobs). */
  messages?: number;
  /**
   * Conversations (chats, calls, tickets, claims, enquiries) per month: the unit an assistant, an agent or a
   * contact centre works in; each is several requests and model turns.
   */
  conversations?: number;
  /** Documents in a corpus (files, pages, PDFs, SKUs, articles) stated as a count, not a rate. */
  documents?: number;
  /** Documents (pages, invoices, forms, scans, PDFs) arriving per month: what OCR reads. */
  documentsMonthly?: number;
  /** The messages are calls a client makes over HTTP (pings, beacons, heartbeats, clicks, webhooks). */
  messagesOverHttp?: boolean;
  /** Pages of those documents per month (≈2 a document, unless pages are counted). */
  pagesMonthly?: number;
  /** Languages the output is written in ("in 5 languages"). */
  languages?: number;
  /** Downloads, plays or listens per month (of episodes, tracks, files). */
  downloads?: number;
  /** Retrieval chunks the corpus makes (a page ≈ 2, a catalogue item 1, a document ≈ 10). */
  documentChunks?: number;
  /** Connected devices. */
  devices?: number;
  /** Messages per device per month (from "every 15 min"). */
  deviceMessagesEach?: number;
  /** Data ingested per month (GB). */
  ingestGbMonth?: number;
  /** Data stored (GB). */
  storedGb?: number;
  /** Size of a database the text names ("an 80 GB Postgres", "our MySQL is 200 GB"), in GB. */
  databaseGb?: number;
  /** Emails per month. */
  emails?: number;
  /**
   * Calls, visits, consultations or lessons held a month ("~2,500 visits/day", "1,200 video consultations a
   * week"): what a calling app's participant-minutes follow.
   */
  sessionsMonthly?: number;
  /** Tenants / customer domains. */
  tenants?: number;
  /** Servers or VMs of an existing estate ("~400 VMs", "30 vSphere servers"). */
  servers?: number;
  /** Retention in days. */
  retentionDays?: number;
  /** Concurrent users / players / viewers. */
  concurrent?: number;
  /** Hours of video (or audio) in a library: "20k hours of 4K masters". */
  mediaHours?: number;
  /** People in one room, class, call or match ("one teacher with 40 students"): not a user total. */
  groupSize?: number;
  /** GPU-hours a month of training, from GPUs × a stated duration (× the retrain cadence when runs are hours). */
  gpuHours?: number;
  /** GPUs a run is said to use when no duration is stated ("256-GPU distributed training runs"). */
  gpus?: number;
  /** A small labelled image set to train a classifier on ("5k photos"): its runs sized from the count. */
  imageTraining?: ImageTraining;
  /** Runs a month of a scheduled job or pipeline ("every night" 30, "hourly" 720, "every Sunday" 4.33). */
  runsMonthly?: number;
  /** vCPU-hours a month a job states (figure_cpu_hours.ts): CPU-hours, or a time per item × the items. */
  cpuHoursMonth?: number;
  /** Hours one item of such a job takes, when the text gives a time per item. */
  cpuHoursPerItem?: number;
  /** Schedules the text names (one per distinct cadence: "nightly … and weekly …" is two). */
  schedules?: number;
  /** Places the system serves or runs in (shops, clubs, offices, hospitals, sites): read, not users. */
  places?: number;
  /** The phrase the tenant count was read from ("1,100 tenants", "40 bakeries"). */
  tenantsPhrase?: string;
  /** A stated peak rate (per second) the month was billed below: capacity is sized for it. */
  peakPerSecond?: number;
  /** What was assumed about figures read (a peak's average, a recording's length). */
  notes?: string[];
  /** Phrases the figures were read from, in order found. */
  read: string[];
}

/**
 * Cadences of a scheduled job, most frequent first, and its runs a month; with `each`, the runs of a month
 * at one a unit, divided by the count the pattern reads ("every 6 hours": 720 / 6).
 */
const CADENCES: [RegExp, number, "each"?][] = [
  [/\bevery\s+(\d+)\s*(?:min|minutes)\b/i, 43_200, "each"],
  [/\b(?:every|each|once\s+a)\s+minute\b/i, 43_200],
  [/\b(?:hourly|every\s+hour|each\s+hour|once\s+an\s+hour)\b/i, 720],
  [/\bevery\s+(\d+)\s*hours?\b/i, 720, "each"],
  [
    /\b(?:nightly|daily(?!\s+(?:active|visitors?|users?|uniques?|page\s?views|views|sessions|budget|cost|spend|limit|cap|quota)\b)|every\s+(?:night|day|morning|evening)|each\s+(?:night|day|morning|evening)|once\s+a\s+day|todo\s+dia(?!\s+1\b))\b/i,
    30,
  ],
  [/\bevery\s+(\d+)\s+days\b/i, 30, "each"],
  [
    /\b(?:weekly(?!\s+(?:active|visitors?|users?|uniques?|page\s?views|views|sessions)\b)|every\s+(?:week|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|once\s+a\s+week)\b/i,
    4.33,
  ],
  [/\b(?:twice\s+a\s+month|every\s+(?:2|two)\s+weeks|bi-?weekly|fortnightly)\b/i, 2.17],
  [
    /\b(?:monthly(?!\s+(?:active|visitors?|users?|uniques?|page\s?views|views|sessions|subscribers?|subscriptions?|plans?|fees?|prices?|budget|bills?|cost|spend|revenue|recurring)\b)|every\s+month|once\s+a\s+month|each\s+month|todo\s+dia\s+1)\b/i,
    1,
  ],
  [
    /\b(?:quarterly(?!\s+(?:fees?|prices?|bills?|revenue|reports? to investors))|every\s+quarter|once\s+a\s+quarter|every\s+(?:3|three)\s+months|(?:4|four)\s+times\s+a\s+year)\b/i,
    1 / 3,
  ],
  [/\b(?:twice\s+a\s+year|every\s+(?:6|six)\s+months|semi-?annual(?:ly)?|half-?yearly)\b/i, 1 / 6],
  [
    /\b(?:once\s+a\s+year|every\s+year|yearly|(?<!billed\s|paid\s|renewed\s)annually|every\s+(?:january|february|march|april|may|june|july|august|september|october|november|december))\b/i,
    1 / 12,
  ],
];

/** Schedules a text names: one per distinct cadence it states (undefined when it states none). */
export function readSchedules(text: string): number | undefined {
  const named = CADENCES.filter(([re]) => re.test(text)).length;
  return named || undefined;
}

/** Runs a month of a scheduled job, from the first cadence the text names (most frequent wins). */
export function readRuns(text: string): number | undefined {
  for (const [re, runs, each] of CADENCES) {
    const m = text.match(re);
    if (!m) continue;
    return each ? runs / Math.max(1, Number(m[1])) : runs;
  }
  return undefined;
}

const NUM = FIGURE_PATTERN;
/** Pages a visit reads: page views a month ÷ this = visitors a month. */
const PAGES_PER_VISIT = 3;
const PER = String
  .raw`(?:\s*(?:\/|\b(?:per|an?|each|every)\b)\s*|\s+)\b(second|sec|s|minute|min|hour|hr|h|day|daily|week|weekly|month|monthly|mo|year|yr|annually)\b`;
/** A rate of calls, visits or lessons held ("2,500 visits/day", "300 video consultations a week"). */
const SESSIONS_HELD = new RegExp(
  `${NUM}\\s+(?:(?![\\d,.]+\\s)[\\w-]+\\s+){0,2}?(?:visits|consultations?|consults|calls|sessions|appointments|meetings|lessons|classes|interviews|check-ins)(?:${PER})`,
  "i",
);
/** A rate after a figure, without its capture (for lookaheads that must not shift a rule's groups). */
const PER_AHEAD = PER.replace("(second|", "(?:second|");
/** Multiplier from a rate unit to a month. */
const TO_MONTH: Record<string, number> = {
  second: 2_592_000,
  sec: 2_592_000,
  s: 2_592_000,
  minute: 43_200,
  min: 43_200,
  hour: 720,
  hr: 720,
  h: 720,
  day: 30,
  daily: 30,
  week: 4.33,
  weekly: 4.33,
  month: 1,
  monthly: 1,
  mo: 1,
  year: 1 / 12,
  yr: 1 / 12,
  annually: 1 / 12,
};

const value = figureValue;

interface Rule {
  key: Exclude<keyof ReadNumbers, "read" | "messagesOverHttp" | "notes" | "tenantsPhrase" | "imageTraining">;
  /** Pattern: group 1 = number, group 2 = multiplier, then optional rate groups. */
  re: RegExp;
  /** Turns the match into the stored figure. */
  to: (m: RegExpMatchArray) => number | undefined;
}

const rate = (m: RegExpMatchArray, at: number) => (m[at] ? TO_MONTH[m[at].toLowerCase()] ?? 1 : undefined);
/** Nouns for the people who work a system (its staff), as counted: "400 engineers", "60 nurses". */
export const WHO_STAFF = String
  .raw`(?:employees?|staff|seats?|agents?|engineers?|developers?|workers|internal users|(?:report|dashboard|bi) (?:users|viewers)|team members|clinicians|nurses|doctors|reps|analysts|assessors|adjusters|underwriters|auditors|inspectors|surveyors|appraisers|paralegals|caseworkers|case managers|(?:claims? )?handlers|dispatchers|technicians|field (?:techs|engineers|staff)|clerks|cashiers|tellers|accountants|lawyers|attorneys|solicitors|consultants)`;
const WHO_USERS = String
  .raw`(?:users?|customers?|members|subscribers?|players?|students?|pupils?|trainees?|participants?|patients?|shoppers?|buyers?|riders?|drivers?|readers?|listeners?|viewers?|fans|creators?|learners?|guests?|attendees?|bidders?|donors?|kids|children|people|families|friends|installs|accounts|policyholders|cardholders|account holders|borrowers|taxpayers|merchants|sellers?|households|homes|MAU|DAU)`;
/** Nouns a person noun modifies ("1,200 customer companies", "200 customer orders"): the count is theirs. */
const USER_COMPOUNDS = String
  .raw`compan(?:y|ies)|firms?|organi[sz]ations?|businesses|accounts?|orders?|tickets?|records?|data|reviews?|sessions?|messages?|emails?|calls?|requests?|groups?|teams?`;
const EVENTS = String
  .raw`(?:messages?|msgs?|events?|webhooks?|jobs?|notifications?|tasks?|transactions?|orders?|trades?|readings?|clicks?|logs?|log lines|records?|rows?|(?:row |data )?changes|updates|documents?|docs|pages?|images?|uploads?|pushes|pings?|queries|searches|bookings?|payments?|scans?|parcels?(?: scanned)?|packages?(?: scanned)?|shipments?|deliveries|invoices?|receipts?|forms?|applications?|submissions?|reservations?|signups?|sign-ups?|beacons?|impressions?|heartbeats?|spans?|traces?|metrics|files|photos?|emails?|sms|texts)`;
/** "… invoices we get per month": who receives or handles them, between the noun and the rate. */
const RECEIVED = String
  .raw`(?:\s+(?:we|they|you|that|which|our (?:team|staff|agents)) (?:get|receive|process|handle|see|send|scan|upload|take|answer)s?(?: in)?)?`;
/** The unit a conversational workload works in (each is several requests and model turns). */
const CONVERSATIONS = String
  .raw`(?:conversations?|chats?|chat sessions?|dialogues?|(?:phone |voice |support |inbound |outbound |sales )?calls?|tickets?|claims?|enquiries|inquiries|cases|interactions?|questions|queries from (?:users|customers))`;
/** What a corpus is counted in. */
const CORPUS = String
  .raw`(?:documents?|docs|pdfs?|files|pages|skus|products|articles|manuals?|contracts?|rulebooks?|papers|reports|policies|filings|dossiers|submissions|emails|transcripts?|books?|records|items|listings|spec sheets|datasheets)`;
/** Things that report: devices and the many names they go by. */
const THINGS = String
  .raw`(?:devices?|sensors?|meters?|trackers?|machines|vehicles|cameras?|gateways?|thermostats?|robots?|scooters?|kiosks?|terminals?|collars?|tags|(?:data )?loggers?|gauges?|vans|trucks|chargers?|plugs|inverters?|turbines?|bins|lifts|elevators?|pumps?|fridges?|freezers?|controllers?|beacons?|wearables?|drones?|buoys?|hives?|locks?|bikes?|treadmills?|printers?|set-top boxes|routers?|modems?|boats?|vessels?|trailers?|forklifts?|tractors?|lockers?|panels?|valves?|boilers?|probes?|weather stations?|monitors?)`;
/** What one group is: a room, a class, a call, a match (and who leads one). */
const GROUP = String
  .raw`(?:teacher|host|tutor|coach|trainer|presenter|speaker|instructor|room|class(?:room)?|call|session|match|race|hearing|party|lobby|game|meeting|auction|table|stream|webinar|channel)`;
/** Circles of people counted by their size: "a club of 30". */
const CIRCLE = String
  .raw`(?:club|group|team|family|choir|band|league|society|crew|troop|circle|parish|congregation|community|guild|association|squad|chapter)`;
/** Who comes along with "me": "me and two friends", "me and my partner". */
const COMPANIONS = String
  .raw`(?:friends?|mates|buddies|partner|wife|husband|brothers?|sisters?|siblings|mum|mom|dad|parents|kids|family|roommates?|flatmates?|cousins?)\b`;
/** Small counts written as words ("two Hetzner boxes", "a couple of VMs"). */
const WORD_VALUE: Record<string, number> = {
  ...numberWordsBetween(1, 10),
  "a couple of": 2,
  "a few": 3,
};
const WORD_NUM = `(${Object.keys(WORD_VALUE).join("|")})`;
const SIZE = String.raw`(\d+(?:\.\d+)?)\s*(kb|mb|gb|tb|pb)\b`;
/**
 * How often a device reports: "every 20 min", "every second", "once per second", "twice a minute", "3 times an
 * hour" (groups: every-count, every-unit, once/twice/times, times-count, per-unit).
 */
const CADENCE = String
  .raw`(?:\bevery\s+(\d+(?:\.\d+)?)?\s*(seconds?|secs?|s|minutes?|mins?|hours?|hrs?)\b|\b(once|twice|(\d+)\s*(?:times|x))\s+(?:per|a|an|each|every)\s+(second|sec|minute|min|hour|hr)\b)`;
/** Words that name a relational or document database. */
const DB_WORD = String
  .raw`(?:postgres(?:ql)?|mysql|mariadb|sql server|oracle|mongo(?:db)?|databases?|db)`;

const RULES: Rule[] = [
  {
    key: "devices",
    re: new RegExp(
      `${NUM}(?!\\s*(?:ms|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|kb|mb|gb|tb|pb|gib|tib)\\b)\\s+(?:(?![\\d,.]+\\s)[\\w-]+\\s+){0,3}?${THINGS}\\w*\\b(?!\\s+(?:each|cada|apiece|per|in each|on each)\\b)(?!${PER_AHEAD})|${THINGS}\\s*\\(\\s*(?:~|about |around |approx\\.? )?${NUM}\\s*\\)`,
      "i",
    ),
    to: (m) => value(m[1] ?? m[3], m[2] ?? m[4]),
  },
  {
    key: "deviceMessagesEach",
    re: new RegExp(CADENCE, "i"),
    to: (m) => cadencePerMonth(m),
  },
  {
    key: "staff",
    re: new RegExp(`${NUM}[\\s-]+(?:(?![\\d,.]+\\s)[\\w-]+\\s+){0,2}?${WHO_STAFF}\\b`, "i"),
    to: (m) => value(m[1], m[2]),
  },
  {
    key: "visitors",
    re: new RegExp(
      `${NUM}\\s+(?:unique\\s+|monthly\\s+)?(?:visitors?|visits|page\\s?views|pageviews|page\\s+impressions|(?:post\\s+|blog\\s+|article\\s+)?(?<!video\\s)views|(?:web\\s+|site\\s+)?sessions)(?:${PER})?`,
      "i",
    ),
    // Page views are pages, not people: a visit reads about PAGES_PER_VISIT of them.
    to: (m) =>
      value(m[1], m[2]) * (rate(m, 3) ?? 1) / (/views|impressions/i.test(m[0]) ? PAGES_PER_VISIT : 1),
  },
  {
    key: "concurrent",
    re: new RegExp(
      `${NUM}\\s+(?:concurrent|simultaneous|live)\\s+(?:(?![\\d,.]+\\s)[\\w-]+\\s+){0,1}?(?:${WHO_USERS}|sessions?|connections?|streams?|calls?)\\b|${NUM}\\s+${WHO_USERS}\\s+(?:online\\s+)?(?:at\\s+once|at\\s+(?:the\\s+)?(?:same\\s+time|peak)|simultaneously)|${NUM}\\s*(?:ccu|concurrents)\\b`,
      "i",
    ),
    to: (m) => value(m[1] ?? m[3] ?? m[5], m[2] ?? m[4] ?? m[6]),
  },
  {
    key: "groupSize",
    re: new RegExp(
      `\\b(?:one|a|an|each|every)\\s+${GROUP}\\b(?:\\s+[\\w-]+){0,3}?\\s+with\\s+(?:up\\s+to\\s+)?${NUM}\\s+(?:(?![\\d,.]+\\s)[\\w-]+\\s+){0,1}?${WHO_USERS}\\b|\\b${GROUP}s?\\s+(?:of|with)\\s+(?:up\\s+to\\s+)?${NUM}\\s+(?:(?![\\d,.]+\\s)[\\w-]+\\s+){0,1}?${WHO_USERS}\\b|${NUM}\\s+${WHO_USERS}\\s+(?:per|in each|each)\\s+${GROUP}\\b`,
      "i",
    ),
    to: (m) => value(m[1] ?? m[3] ?? m[5], m[2] ?? m[4] ?? m[6]),
  },
  {
    key: "users",
    re: new RegExp(
      `${NUM}\\s+(?:(?!(?:per|each|every|for|a|an)\\s)[\\w-]+\\s+){0,2}?${WHO_USERS}\\b(?!\\s+(?:per|in each|each|at a time|domains?|zones?|sites?|orgs?|${USER_COMPOUNDS})\\b)(?:${PER})?`,
      "i",
    ),
    to: (m) => {
      const n = value(m[1], m[2]);
      // "10k daily users" / "per day" / DAU → MAU ≈ 3× DAU; any other figure is taken as MAU.
      return /\bdaily\b|\bDAU\b|\b(?:per|a|each)\s+day\b/i.test(m[0]) ? n * 3 : n;
    },
  },
  {
    // The size of a club or circle ("our golf club of 45", "a choir of about 20"): its members are the users.
    key: "users",
    re: new RegExp(
      `\\b${CIRCLE}\\s+of\\s+(?:about\\s+|around\\s+|roughly\\s+|~\\s*)?${NUM}\\b(?![\\d.,]*\\s*(?:%|km|miles|years|${CIRCLE}s?)\\b)`,
      "i",
    ),
    to: (m) => value(m[1], m[2]),
  },
  {
    // A handful of named people: "just me and three friends", "me and my partner" (not a team building it).
    key: "users",
    re: new RegExp(
      `\\bme\\s+and\\s+(?:my\\s+)?(?:(\\d+|${
        WORD_NUM.slice(1, -1)
      }|a)\\s+)?(?:(?![\\d,.]+\\s)[\\w-]+\\s+)?${COMPANIONS}(?!\\s+(?:are|were|will be)\\s+(?:building|making|developing|coding|launching|starting))`,
      "i",
    ),
    to: (m) => {
      const n = m[1];
      if (n === undefined || /^an?$/i.test(n)) return 2;
      return 1 + (/^\d/.test(n) ? Number(n) : WORD_VALUE[n.toLowerCase()]);
    },
  },
  {
    key: "requests",
    re: new RegExp(`${NUM}\\s+(?:api\\s+|http\\s+)?(?:requests?|req|hits|api calls|rps|qps)(?:${PER})?`, "i"),
    to: (m) => {
      const n = value(m[1], m[2]);
      const unit = m[0].toLowerCase();
      if (/\b(?:rps|qps)\b/.test(unit)) return n * 2_592_000;
      return n * (rate(m, 3) ?? 1);
    },
  },
  {
    key: "emails",
    re: new RegExp(`${NUM}\\s+(?:(?![\\d,.]+\\s)[\\w-]+\\s+){0,2}?e-?mails?(?:${PER})?`, "i"),
    to: (m) => value(m[1], m[2]) * (rate(m, 3) ?? 1),
  },
  {
    key: "languages",
    re: new RegExp(`(?:${NUM}|${WORD_NUM})\\s+languages\\b`, "i"),
    to: (m) => m[1] !== undefined ? value(m[1], m[2]) : WORD_VALUE[m[3].toLowerCase()],
  },
  {
    key: "downloads",
    re: new RegExp(
      `${NUM}\\s+(?:(?![\\d,.]+\\s)[\\w-]+\\s+){0,2}?(?:downloads?|plays|listens|streams)(?:${PER})`,
      "i",
    ),
    to: (m) => value(m[1], m[2]) * (rate(m, 3) ?? 1),
  },
  {
    key: "conversations",
    re: new RegExp(
      `${NUM}\\s+(?:(?![\\d,.]+\\s)[\\w-]+\\s+){0,2}?${CONVERSATIONS}${RECEIVED}(?:${PER})`,
      "i",
    ),
    to: (m) => value(m[1], m[2]) * (rate(m, 3) ?? 1),
  },
  {
    // A per-second rate by its abbreviation: "12k TPS", "40k EPS", "5k msg/s".
    key: "messages",
    re: new RegExp(
      `${NUM}\\s*(?:tps|eps|mps|msgs?\\s*\\/\\s*s(?:ec)?|events?\\s*\\/\\s*s(?:ec)?|tx\\s*\\/\\s*s)\\b`,
      "i",
    ),
    to: (m) => value(m[1], m[2]) * 2_592_000,
  },
  {
    key: "messages",
    re: new RegExp(`${NUM}\\s+(?:(?![\\d,.]+\\s)[\\w-]+\\s+){0,2}?${EVENTS}${RECEIVED}(?:${PER})`, "i"),
    to: (m) => value(m[1], m[2]) * (rate(m, 3) ?? 1),
  },
  {
    // The count in brackets after what is counted: "webhooks (~400k a day)", "orders (about 3k/day)".
    key: "messages",
    re: new RegExp(
      `${EVENTS}${RECEIVED}\\s*\\((?:~|about |around |approx\\.? |roughly |up to )?${NUM}(?:${PER})\\)`,
      "i",
    ),
    to: (m) => value(m[1], m[2]) * (rate(m, 3) ?? 1),
  },
  {
    key: "mediaHours",
    re: new RegExp(
      `${NUM}\\s+hours?\\s+of\\s+(?:(?![\\d,.]+\\s)[\\w-]+\\s+){0,3}?(?:video|footage|masters|recordings?|content|films?|lectures?|classes|courses?|episodes?|audio|podcasts?|music)\\b`,
      "i",
    ),
    to: (m) => value(m[1], m[2]),
  },
  {
    key: "ingestGbMonth",
    re: new RegExp(`${SIZE}(?:\\s+(?:of\\s+)?[\\w-]+(?:\\s+[\\w-]+)?)?${PER}`, "i"),
    to: (m) => Number(m[1]) * GB_PER_UNIT[m[2].toLowerCase()] * (TO_MONTH[m[3].toLowerCase()] ?? 1),
  },
  {
    key: "databaseGb",
    re: new RegExp(
      `${SIZE}\\s+(?:of\\s+)?(?:(?![\\d,.]+\\s)[\\w-]+\\s+)?${DB_WORD}|${DB_WORD}\\s+(?:database\\s+|db\\s+)?(?:is|of|with|holding|holds|at|around|about|~|≈|:)?\\s*(?:about\\s+|around\\s+|~\\s*)?(\\d+(?:\\.\\d+)?)\\s*(gb|tb)\\b`,
      "i",
    ),
    to: (m) =>
      m[1] !== undefined
        ? Number(m[1]) * GB_PER_UNIT[m[2].toLowerCase()]
        : Number(m[3]) * GB_PER_UNIT[m[4].toLowerCase()],
  },
  {
    key: "storedGb",
    re: new RegExp(SIZE, "i"),
    to: (m) => Number(m[1]) * GB_PER_UNIT[m[2].toLowerCase()],
  },
  {
    key: "servers",
    re: new RegExp(
      `(?:${NUM}|${WORD_NUM})\\s+(?:(?![\\d,.]+\\s)[\\w-]+\\s+){0,2}?(?:vms|virtual machines|servers|boxes|droplets|vps(?:es)?|ec2 instances|bare[\\s-]metal (?:servers|boxes))\\b`,
      "i",
    ),
    to: (m) => m[1] !== undefined ? value(m[1], m[2]) : WORD_VALUE[m[3].toLowerCase()],
  },
  {
    key: "tenants",
    re: new RegExp(
      `${NUM}\\s+(?:(?![\\d,.]+\\s)[\\w-]+\\s+){0,1}?(?:tenants?|customer domains|custom domains|stores|shops|schools|clinics|organizations|orgs|workspaces|brands)`,
      "i",
    ),
    to: (m) => value(m[1], m[2]),
  },
  {
    key: "documents",
    // "12k files", "~900k pages of submissions", "300k SKUs": a count with no rate after it.
    re: new RegExp(
      `${NUM}\\s+(?:(?![\\d,.]+\\s)[\\w-]+\\s+){0,2}?${CORPUS}\\b(?!\\s*(?:\\/|per|an?|each|every)\\s+(?:second|minute|hour|day|week|month|year)s?\\b)`,
      "i",
    ),
    to: (m) => value(m[1], m[2]),
  },
  {
    key: "retentionDays",
    re:
      /(?:retain|retention|keep|kept|store|stored|history|archived?|historical)\D{0,30}?(\d+)\s*(days?|weeks?|months?|years?)|(\d+)\s*(days?|weeks?|months?|years?)\s+(?:of\s+)?(?:history|archive|retention|historical data)/i,
    to: (m) => {
      const n = Number(m[1] ?? m[3]);
      const u = (m[2] ?? m[4]).toLowerCase();
      return u.startsWith("d") ? n : u.startsWith("w") ? n * 7 : u.startsWith("m") ? n * 30 : n * 365;
    },
  },
];

/** A count of GPUs: "8 H100s", "24x A100", "2 GPUs", "1,000+ H100-class GPUs", "a 256-GPU run". */
const GPUS = String
  .raw`(\d{1,3}(?:,\d{3})+|\d+)\+?[\s-]*[x×]?\s*(?:nvidia\s+)?(?:gpus?|[ahvl]\d{2,3}[a-z]?s?|t4s?|l4s?|mi\d{3}x?s?)\b(?:[\s-]class(?:\s+gpus?)?)?`;
/** How long they run: "for ~6 hours", "for about 3 days", "for a week", "for two weeks". */
const SPAN = String
  .raw`for\s+(?:~\s*|about\s+|around\s+|roughly\s+|approx\.?\s+|up\s+to\s+)?(\d+(?:\.\d+)?|a|an|${
  WORD_NUM.slice(1, -1)
})\s*(hours?|hrs?|h|days?|weeks?|months?)\b`;
const GPU_SPAN = new RegExp(`${GPUS}[^.;,]{0,30}?\\s+${SPAN}`, "i");
const GPU_COUNT = new RegExp(GPUS, "i");
/** Hours in one unit of a run's span. */
const SPAN_HOURS: Record<string, number> = { h: 1, d: 24, w: 168, m: 730 };
/** A training cadence named anywhere: "retrain weekly", "fine-tuned every month". */
const TRAIN_CADENCE = /\b(?:re-?train\w*|train\w*|fine[\s-]?tun\w*)\b[^.;,]{0,30}/gi;

/**
 * GPU-hours a month from GPUs × a stated span ("16 A100s for a week" 2,688): runs of hours or days repeat at
 * the training cadence ("retrain weekly … 4 GPUs for 5 hours" ≈ 87); a span of weeks is one campaign a month.
 */
function readGpuHours(text: string): { hours: number; phrase: string } | undefined {
  const m = text.match(GPU_SPAN);
  if (!m || m.index === undefined) return undefined;
  const gpus = Number(m[1].replace(/,/g, ""));
  const n = /^\d/.test(m[2]) ? Number(m[2]) : /^an?$/i.test(m[2]) ? 1 : WORD_VALUE[m[2].toLowerCase()];
  const unit = m[3].toLowerCase();
  const span = n * SPAN_HOURS[unit.startsWith("h") ? "h" : unit[0]];
  if (!(gpus > 0) || !(span > 0)) return undefined;
  let runs = 1;
  if (span < 168) {
    const clause = text.slice(0, m.index + m[0].length).split(/[.;]/).pop() ?? "";
    const named = [...text.matchAll(TRAIN_CADENCE)].map((c) => readRuns(c[0])).find((r) => r !== undefined);
    runs = Math.min(30, readRuns(clause) ?? named ?? 1);
  }
  return {
    hours: Math.round(Math.min(gpus * span * runs, gpus * 730)),
    phrase: m[0].replace(/[()]/g, "").trim(),
  };
}

/** Event nouns that are each one HTTP call from a client. */
const HTTP_NOUN = /\b(?:pings?|beacons?|heartbeats?|impressions?|clicks?|webhooks?)\b/i;
/** Event nouns that are documents (what OCR and extraction read). */
const DOCUMENT_NOUN =
  /\b(?:documents?|docs|pages?|invoices?|receipts?|forms?|applications?|submissions?|pdfs?|scans?|files|photos?|images?)\b/i;
const CORPUS_UNIT = new RegExp(`${CORPUS}\\b`, "i");
/** Retrieval chunks per unit a corpus is counted in (≈500-token chunks; anything else ≈ 10 a document). */
const CHUNKS: [RegExp, number][] = [
  [/^pages$/, 2],
  [/^(?:skus|products|items|listings|records|emails|spec sheets|datasheets)$/, 1],
  [/^(?:books?|manuals?|rulebooks?|reports|dossiers|filings|papers)$/, 40],
];

/** A rate stated per second or minute ("200 req/s", "3k rps", "50k events per minute"). */
const FAST_RATE =
  /\b(?:rps|qps|tps)\b|\/\s*(?:s|sec|second|min|minute)\b|\bper\s+(?:second|sec|minute|min)\b/i;

/** A peak rate billed at its assumed average, with the note that says so; undefined when not a peak. */
function peakAverage(key: Rule["key"], v: number, m: RegExpMatchArray, rest: string, out: ReadNumbers) {
  if ((key !== "requests" && key !== "messages") || !FAST_RATE.test(m[0])) return v;
  if (!isPeak(rest, m.index!, m[0].length)) return v;
  out.peakPerSecond = v / 2_592_000;
  const burst = isBurstFromIdle(rest, m.index!, m[0].length);
  const ratio = burst ? BURST_TO_AVERAGE : PEAK_TO_AVERAGE;
  (out.notes ??= []).push(
    `the peak (${m[0].trim()}) sizes capacity; the month is billed at an average of 1/${ratio} of it${
      burst ? " (a burst from idle: about an hour a day at the peak)" : ""
    }`,
  );
  return v / ratio;
}

/** A second per-second rate after the average one ("12k TPS average, 60k TPS during festive sales"). */
const SECOND_RATE = new RegExp(
  `${NUM}\\s*(?:tps|rps|qps|eps|mps|(?:requests?|req|events?|msgs?|messages|transactions?|tx)\\s*(?:\\/\\s*s(?:ec)?|per\\s+second)\\b)`,
  "i",
);

/**
 * A larger per-second rate stated after the month's average is its peak: capacity is sized for it (in place;
 * `rest` is the text with the figures already read blanked out).
 */
function laterPeak(rest: string, out: ReadNumbers): void {
  const monthly = out.messages ?? out.requests;
  if (monthly === undefined || out.peakPerSecond !== undefined) return;
  const m = rest.match(SECOND_RATE);
  if (!m) return;
  const peak = value(m[1], m[2]);
  if (peak <= monthly / 2_592_000) return;
  out.peakPerSecond = peak;
  out.read.push(m[0].trim());
  (out.notes ??= []).push(`the peak (${m[0].trim()}) sizes capacity; the month is billed at the average`);
}

/** Reads every figure the rules know from a description. The first match of each kind wins. */
export function readNumbers(description: string): ReadNumbers {
  const text = normalizeFigures(description);
  const out: ReadNumbers = { read: [] };
  // Each match is blanked out so one phrase feeds one figure ("5 TB/day" is not also 5 TB stored, "5000
  // employees" is not also 5000 users).
  let rest = text;
  const items = readItemSizes(text);
  if (items) {
    out.storedGb = items.gb;
    out.read.push(items.phrase);
    rest = rest.slice(0, items.index) + " ".repeat(items.phrase.length) +
      rest.slice(items.index + items.phrase.length);
  }
  for (const rule of RULES) {
    if (out[rule.key] !== undefined) continue;
    const m = rest.match(rule.re);
    if (!m || m.index === undefined) continue;
    const stated = rule.to(m);
    if (stated === undefined || !Number.isFinite(stated) || stated <= 0) continue;
    const v = peakAverage(rule.key, stated, m, rest, out);
    out[rule.key] = v;
    out.read.push(m[0].trim().replace(/\s+/g, " "));
    if (rule.key === "tenants") out.tenantsPhrase = m[0].trim();
    if (rule.key === "messages" && HTTP_NOUN.test(m[0])) out.messagesOverHttp = true;
    if (rule.key === "messages" && DOCUMENT_NOUN.test(m[0])) {
      out.documentsMonthly = v;
      out.pagesMonthly = /\bpages?\b/i.test(m[0]) ? v : v * 2;
    }
    if (rule.key === "documents") {
      const unit = m[0].match(CORPUS_UNIT)?.[0].toLowerCase() ?? "";
      out.documentChunks = v * (CHUNKS.find(([re]) => re.test(unit))?.[1] ?? 10);
    }
    rest = rest.slice(0, m.index) + " ".repeat(m[0].length) + rest.slice(m.index + m[0].length);
  }
  laterPeak(rest, out);
  if (out.tenants === undefined) tenantsInOwnWord(text, rest, out);
  apiCallsAsRequests(text, out);
  // Per-container counts first: "each store has 4 tills" is 4 × the stores, not 4 tills.
  const perUnit = readPerUnitCounts(text, out);
  out.read.push(...perUnit);
  const notes = readCountedNouns(rest, out);
  if (notes.length) (out.notes ??= []).push(...notes);
  out.runsMonthly = readRuns(text);
  const schedules = readSchedules(text);
  if (schedules !== undefined) out.schedules = schedules;
  const gpu = readGpuHours(text);
  if (gpu) {
    out.gpuHours = gpu.hours;
    out.read.push(gpu.phrase.replace(/\s+/g, " "));
  } else {
    const count = text.match(GPU_COUNT);
    if (count) out.gpus = Number(count[1].replace(/,/g, ""));
  }
  const cpu = readCpuHours(text, out.runsMonthly);
  if (cpu) {
    out.cpuHoursMonth = cpu.hours;
    if (cpu.perItem !== undefined) out.cpuHoursPerItem = cpu.perItem;
    out.read.push(cpu.phrase.replace(/\s+/g, " "));
  }
  if (!items) readSizesPerItem(text, out);
  const sessions = text.match(SESSIONS_HELD);
  if (sessions) out.sessionsMonthly = value(sessions[1], sessions[2]) * (rate(sessions, 3) ?? 1);
  const images = imageTraining(text, out.runsMonthly);
  if (images) out.imageTraining = images;
  // "every 15 min" without a device count is a schedule, not telemetry.
  if (out.deviceMessagesEach !== undefined && out.devices === undefined) {
    out.read.splice(out.read.findIndex((r) => /^every/i.test(r)), 1);
    delete out.deviceMessagesEach;
  }
  readFleets(text, out);
  if (out.deviceMessagesEach !== undefined) onDuty(text, out);
  return out;
}

/** Readings a month of a device that reports "every `n` `unit`" (n absent: every one). */
function readingsPerMonth(n: string | undefined, unit: string): number {
  const every = Number(n ?? 1) || 1;
  const u = unit.toLowerCase();
  return (u.startsWith("s") ? 2_592_000 : u.startsWith("m") ? 43_200 : 720) / every;
}

/** Readings a month of a {@link CADENCE} match (its groups start at `at`). */
function cadencePerMonth(m: RegExpMatchArray, at = 1): number {
  if (m[at + 1]) return readingsPerMonth(m[at], m[at + 1]);
  const times = m[at + 2]?.toLowerCase();
  const n = times === "twice" ? 2 : times === "once" || times === undefined ? 1 : Number(m[at + 3]) || 1;
  return readingsPerMonth(undefined, m[at + 4]) * n;
}

/** A device population stated with how often each one reports: "200 tractors send their GPS every second". */
const FLEET = new RegExp(
  `${NUM}\\s+(?:(?![\\d,.]+\\s)[\\w-]+\\s+){0,3}?${THINGS}\\w*\\b(?:\\s+(?!every\\b|once\\b|twice\\b)[\\w'’-]+){0,10}?\\s+${CADENCE}`,
  "gi",
);

/**
 * Two or more device populations, each with its own cadence ("8,000 probes every 20 minutes, and 200 tractors
 * every second"): the fleet is their sum and each device's readings their weighted mean, so no population
 * is dropped. Applied only when that carries more readings than the first population alone.
 */
function readFleets(text: string, out: ReadNumbers): void {
  const fleets = [...text.matchAll(FLEET)]
    .map((m) => ({ count: value(m[1], m[2]), each: cadencePerMonth(m, 3), phrase: m[0] }))
    .filter((f) => Number.isFinite(f.count) && f.count > 0);
  if (fleets.length < 2) return;
  const devices = fleets.reduce((n, f) => n + f.count, 0);
  const readings = fleets.reduce((n, f) => n + f.count * f.each, 0);
  if (readings <= (out.devices ?? 0) * (out.deviceMessagesEach ?? 0)) return;
  out.devices = devices;
  out.deviceMessagesEach = readings / devices;
  (out.notes ??= []).push(
    `${fleets.length} device populations added up: ${
      fleets.map((f) => f.phrase.replace(/\s+/g, " ")).join("; ")
    }`,
  );
}

/** Devices that report only while in use, and the hours a day that is (estimates). */
const DUTY_CYCLES: [RegExp, number, string][] = [
  [
    /\bwhile (?:driving|moving|in motion|on (?:a |the )?(?:trip|ride|route|road))\b|\bduring (?:trips|rides|drives)\b/i,
    1.5,
    "while driving",
  ],
  [
    /\b(?:during|in) (?:business|opening|office|working|shop) hours\b|\bwhile (?:the )?(?:shop|store|site|office) is open\b/i,
    10,
    "in opening hours",
  ],
  [
    /\bwhile (?:in use|running|operating|charging|active|on)\b|\bwhen (?:in use|active|running|operating|charging)\b/i,
    8,
    "while in use",
  ],
];

/**
 * Readings sent only while a device is in use ("every 5 s while driving"): the month counts the hours a day it
 * reports, not every hour (the cadence is kept; the note says what was assumed).
 */
function onDuty(text: string, out: ReadNumbers): void {
  const duty = DUTY_CYCLES.find(([re]) => re.test(text));
  if (!duty) return;
  const [, hours, phrase] = duty;
  out.deviceMessagesEach = Math.round(out.deviceMessagesEach! * hours / 24);
  (out.notes ??= []).push(`devices report ${phrase}: ≈${hours} h a day of readings (assumed)`);
}

/** An API product's context (keys, endpoints, SDKs, a REST or GraphQL API). */
const API_CONTEXT = /\b(?:apis?|endpoints?|sdks?|api keys?|rest|graphql|grpc|integrations?)\b/i;
/** Words that make calls spoken or seen (phone, voice, video, a call centre). */
const SPOKEN_CALLS =
  /\b(?:phone|voice|video|audio|call cent(?:re|er)s?|dial\w*|telephony|sip|pstn|ring\w*|callers?)\b/i;

/**
 * Bare "calls" counted in an API product ("~40M calls a month" of a REST API with keys) are requests to it,
 * not conversations (moved in place; spoken or video calls stay conversations).
 */
function apiCallsAsRequests(text: string, out: ReadNumbers): void {
  if (out.conversations === undefined || out.requests !== undefined) return;
  const phrase = out.read.find((r) => /\bcalls?\b/i.test(r));
  if (!phrase || !/^\S+\s+calls?\b/i.test(phrase) || !API_CONTEXT.test(text) || SPOKEN_CALLS.test(text)) {
    return;
  }
  out.requests = out.conversations;
  delete out.conversations;
}

/**
 * Tenants counted in the product's own word when no tenant word is used: "each bakery gets a page … ~40
 * bakeries now", "~2,300 clubs, each gets their own subdomain", "500 agencies, each with its own domain".
 */
function tenantsInOwnWord(text: string, rest: string, out: ReadNumbers): void {
  const each = text.match(/\beach\s+([a-z]{4,})\s+(?:gets|has|can|runs|owns)\b/i)?.[1].toLowerCase();
  if (each) {
    const plural = each.endsWith("y")
      ? `${each.slice(0, -1)}ies`
      : /(?:s|sh|ch|x)$/.test(each)
      ? `${each}es`
      : `${each}s`;
    const m = rest.match(new RegExp(`${NUM}\\s+${plural}\\b`, "i"));
    if (m) {
      out.tenants = value(m[1], m[2]);
      out.read.push(m[0].trim());
      return;
    }
  }
  const m = rest.match(
    new RegExp(
      `${NUM}\\s+(?:[a-z-]+\\s+)?([a-z]{3,}s)\\b[^.;]{0,20}?,?\\s+each\\s+(?:gets?|has|have|with|owns?|brings?|runs?)\\b`,
      "i",
    ),
  );
  if (m) {
    out.tenants = value(m[1], m[2]);
    out.read.push(m[0].replace(/,?\s+each\b.*$/i, "").trim());
  }
}
