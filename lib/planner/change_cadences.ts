/**
 * Cadences of change to the system itself ("schema changes happen weekly", "we deploy every day"): how often
 * a team ships code or alters a schema says nothing about a job the system runs, so those clauses become a
 * plain "changes" before the cadence and job readers. Data that changes on a cadence ("the price list
 * changes every week") is left as written.
 */

/** What changes when a team works on the system: its schema, layout, code, releases, deploys, sprints. */
const CHANGED = String
  .raw`(?:(?:the |our |its |their )?(?:db |database |table |data )?(?:schema|table layout|layout|data model|code ?base|code|app|api|releases?|deploy(?:ment)?s?|sprints?|migrations?)(?: changes?)?)`;
/** A cadence after it: "(happen|change|ship|go out|are released) weekly / every week / each sprint". */
const CHANGE_CADENCE = new RegExp(
  String
    .raw`\b${CHANGED} (?:\w+ ){0,3}?(?:change|changes|happen|happens|ship|ships|go out|goes out|(?:are|is) (?:released|deployed|shipped|changed))(?: about| roughly)? (?:weekly|daily|monthly|nightly|every (?:\w+ )?(?:day|week|month|sprint|release)|each (?:day|week|month|sprint))\b|\bwe (?:deploy|release|ship)(?: \w+)? (?:weekly|daily|every (?:\w+ )?(?:day|week|sprint))\b`,
  "gi",
);

/** The description without its cadences of change to the system (see the module doc). */
export function withoutChangeCadences(text: string): string {
  return text.replace(CHANGE_CADENCE, "changes");
}
