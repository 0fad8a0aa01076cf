/**
 * The size of the team that builds and deploys the app, when the description gives it: "a 14-person team",
 * "python team of 2", "we're 3 people building…", "6 developers", "two engineers". Platforms that bill per
 * deploying member (Vercel Pro seats) are priced on it instead of a scale-tier default.
 */

import { classifyNoun } from "./figure_nouns.ts";
import { numberWordsBetween } from "./figure_units.ts";

/** Small counts written as words. */
const WORDS = numberWordsBetween(2, 12);
const N = String.raw`(?<![\d.,])(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|twelve)`;
const BUILDERS = String.raw`(?:devs?|developers?|engineers?|software engineers?|programmers?|founders?)`;

/** A word naming the team, unless it is a team that does not build the app (support, sales, care…). */
const KIND = String
  .raw`(?!(?:support|sales|customer|care|service|marketing|finance|hr|legal|ops|operations|nursing|security)\b)\w+`;

/** A larger figure is an audience or a company's headcount, not the team that deploys. */
const MAX_SEATS = 500;

/** Phrases that state the team's size; the figure is the first group. */
const TEAM: RegExp[] = [
  new RegExp(
    String.raw`\b${N}[\s-]*(?:person|people|man|member|dev|developer|engineer)s?[\s-]+(?:${KIND}\s+)?team\b`,
    "i",
  ),
  // "python team of 2", "team of 5 engineers" (not "a team of 40 agents": people who do not deploy).
  new RegExp(String.raw`\b(?:${KIND}\s+)?team of ${N}\b(?!\s*(?:%|k\b|m\b|thousand|million))`, "i"),
  new RegExp(
    String.raw`\b(?:we(?:'re|’re| are)|we're just|we are just|just)\s+${N}\s+(?:people|${BUILDERS})\b`,
    "i",
  ),
  // "our 6 developers", "with 3 devs", "of 5 engineers": the app's own builders, not a developer audience.
  new RegExp(String.raw`\b(?:our|we have|we've got|with|of)\s+${N}\s+(?:\w+\s+)?${BUILDERS}\b`, "i"),
];

/** The team's size and the phrase it was read from, or undefined when the description states none. */
export function readTeamSize(text: string): { seats: number; phrase: string } | undefined {
  for (const re of TEAM) {
    const m = text.match(re);
    if (!m) continue;
    // The people counted are named after the figure: builders, or others (agents, nurses) who buy no seat.
    const next = text.slice(m.index! + m[0].length).match(/^\s+([\p{L}-]+)/u)?.[1] ?? "";
    const cls = classifyNoun(next, false);
    if ((cls === "staff" || cls === "people") && !new RegExp(`^${BUILDERS}$`, "i").test(next)) continue;
    const raw = m[1].toLowerCase();
    const seats = WORDS[raw] ?? Number(raw);
    if (seats >= 1 && seats <= MAX_SEATS) return { seats, phrase: m[0].trim() };
  }
  return undefined;
}
