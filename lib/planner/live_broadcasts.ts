/**
 * How long a live service is on air a month, read from the description: a channel that never stops
 * ("24/7", "around the clock"), counted events ("40 matches a week", "3 concerts a month", "a sermon every
 * Sunday") times their length ("90-minute", "2-hour", default two hours), or hours a day on air. With the
 * audience a description states (peak concurrent viewers or listeners), these hours set what live video and
 * audio products bill: viewer-hours (usage.ts).
 */

import { FIGURE_PATTERN, figureValue, NUMBER_WORDS } from "./figure_units.ts";
import { normalizeFigures } from "./figure_text.ts";

/** Hours a month a live service is on air, and the phrase they were read from. */
export interface BroadcastHours {
  /** Channel-hours a month (one input per event: overlapping events each count). */
  hours: number;
  /** The phrase read. */
  phrase: string;
}

/** An event's length when the text gives none (a match, a concert, a service, a show). */
const DEFAULT_EVENT_HOURS = 2;

/** A channel on air all month. */
const ALWAYS_ON =
  /\b(?:24\s*\/\s*7|24x7|around the clock|round the clock|non-?stop|always on air|all day and night)\b/i;
/** Events that go out live. */
const EVENT_NOUNS = String
  .raw`(?:matches|games|fixtures|shows|concerts|gigs|broadcasts|events|races|services|sermons|masses|livestreams|streams|episodes|webinars|lectures|auctions|drops|tournaments|sessions|classes|performances|keynotes|debates|meetings)`;
const NUM = FIGURE_PATTERN;
/** "40 matches a week", "3 live concerts per month", "two shows every weekend". */
const COUNTED_EVENTS = new RegExp(
  String.raw`(?:${NUM}|\b(${
    Object.keys(NUMBER_WORDS).join("|")
  }))\s+(?:[\w-]+\s+){0,2}?${EVENT_NOUNS}\s*(?:\/|\b(?:a|an|per|each|every)\b)\s*(day|week|weekend|month|year|season)\b`,
  "i",
);
/** One event on a cadence: "a sermon every Sunday", "weekly live show", "every Friday night". */
const WEEKLY_EVENT =
  /\b(?:every|each|on)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b|\b(?:weekly|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+(?:live\s?)?(?:shows?|stream\w*|broadcasts?|services?|sessions?|class(?:es)?|events?|mass(?:es)?|sermons?|worship)\b/i;
const DAILY_EVENT =
  /\b(?:daily|every\s+(?:day|night|evening|morning))\s+(?:live\s+)?(?:shows?|streams?|broadcasts?|sessions?|classes)\b/i;
/** "8 hours a day", "live 6 h per day". */
const HOURS_A_DAY = /\b(\d{1,2}(?:\.\d)?)\s*(?:hours?|hrs?|h)\s*(?:\/|\b(?:a|per|each)\b)\s*day\b/i;
/** An event's stated length: "90-minute", "2-hour", "3 hours long". */
const EVENT_LENGTH = /\b(\d{1,3}(?:\.\d)?)[\s-]*(minutes?|mins?|hours?|hrs?|h)\b(?:\s+long)?/i;

/** Events a month per unit of a counted rate. */
const PER_MONTH: Record<string, number> = {
  day: 30,
  week: 4.33,
  weekend: 4.33,
  month: 1,
  year: 1 / 12,
  season: 1 / 9,
};

function eventHours(text: string): number {
  const m = text.match(EVENT_LENGTH);
  if (!m) return DEFAULT_EVENT_HOURS;
  const n = Number(m[1]);
  const hours = /^m/i.test(m[2]) ? n / 60 : n;
  // A retention window or a DVR buffer ("8-hour DVR") is not an event's length.
  return hours > 0 && hours <= 12 &&
      !/\bdvr\b|\brewind\b|\bretention\b/i.test(text.slice(m.index!, m.index! + 30))
    ? hours
    : DEFAULT_EVENT_HOURS;
}

/** The live service's hours on air a month, or undefined when the text gives no cadence. */
export function readBroadcastHours(description: string): BroadcastHours | undefined {
  const text = normalizeFigures(description);
  const always = text.match(ALWAYS_ON);
  if (always) return { hours: 730, phrase: always[0] };
  const counted = text.match(COUNTED_EVENTS);
  if (counted) {
    const n = counted[1] ? figureValue(counted[1], counted[2]) : NUMBER_WORDS[counted[3].toLowerCase()];
    const events = n * PER_MONTH[counted[4].toLowerCase()];
    if (events > 0) {
      return { hours: Math.min(events * eventHours(text), 24 * 730), phrase: counted[0].trim() };
    }
  }
  const perDay = text.match(HOURS_A_DAY);
  if (perDay && Number(perDay[1]) <= 24) return { hours: Number(perDay[1]) * 30, phrase: perDay[0] };
  const daily = text.match(DAILY_EVENT);
  if (daily) return { hours: 30 * eventHours(text), phrase: daily[0] };
  const weekly = text.match(WEEKLY_EVENT);
  if (weekly) return { hours: 4.33 * eventHours(text), phrase: weekly[0] };
  return undefined;
}

/** People who watch or listen to a live service, in the languages requests come in. */
const AUDIENCE_NOUNS = String
  .raw`(?:viewers?|watchers?|listeners?|fans|spectators?|audience|people|users|ouvintes|espectadores|oyentes|zuschauer(?:innen)?|h(?:ö|oe)rer(?:innen)?|spectateurs|auditeurs|spettatori|ascoltatori)`;
/** A peak audience: "~1.5M viewers peak", "8 mil ouvintes no pico", "200k concurrent on game nights". */
const PEAK_AUDIENCE = new RegExp(
  String
    .raw`${NUM}\s+(?:(?:concurrent|simultaneous)\s+)?${AUDIENCE_NOUNS}\s+(?:at\s+(?:the\s+)?|no\s+|en\s+el\s+|in\s+der\s+|au\s+|al\s+|at\s+)?(?:peak|pico|spitze|pic|picco)\b|${NUM}\s+(?:concurrent|simultaneous)(?!\s+${AUDIENCE_NOUNS})\s+(?:on|during|for|at|in)\b`,
  "i",
);
/** Concurrency of what goes out rather than who watches: streamers, cameras, channels, live events. */
const SOURCES_AT_ONCE =
  /\b(?:concurrent|simultaneous)\s+(?:live\s+)?(?:streamers?|broadcasters?|creators?|cameras?|channels?|events?|streams?|matches|games|encoders?|feeds?)\b|\b(?:streamers?|broadcasters?|cameras?|channels?|encoders?|feeds?)\s+(?:live\s+)?(?:at\s+once|simultaneously|concurrently)\b/i;

/** A live service's audience as the text states it: a peak, or sources (streamers, cameras) at once. */
export interface LiveAudience {
  /** Peak viewers or listeners stated without the word a figure reader needs ("~1.5M viewers peak"). */
  peak?: number;
  /** A stated concurrency counts what goes out (streamers, cameras, events), not the audience. */
  concurrentSources: boolean;
}

/** What the text says of a live audience beyond what the figure reader takes. */
export function readLiveAudience(description: string): LiveAudience {
  const text = normalizeFigures(description);
  const m = text.match(PEAK_AUDIENCE);
  const num = m?.[1] ?? m?.[3];
  const mult = m?.[1] ? m[2] : m?.[4];
  const peak = num ? figureValue(num, mult) : undefined;
  return { ...(peak ? { peak } : {}), concurrentSources: SOURCES_AT_ONCE.test(text) };
}
