/** The shape of one language's table in the planner's world gloss (lib/planner/gloss_world.ts). */

/** How a language is told apart and how its words are bounded. */
export type GlossScript =
  | "latin"
  | "cyrillic"
  | "greek"
  | "hebrew"
  | "arabic"
  | "devanagari"
  | "thai"
  | "han";

/** One language's architecture words and their English, for the planner's readers. */
export interface WorldGlossTable {
  /** ISO 639-1 code. */
  code: string;
  /** The language's name in English. */
  name: string;
  /** Its script: languages of one script are told apart by their stopwords. */
  script: GlossScript;
  /** 20–40 frequent function words, lower-case, that are not English words and tell the language apart. */
  stopwords: string[];
  /**
   * [pattern, English] pairs, applied in order: a case-insensitive Unicode regex source matched as whole
   * words (letters and marks may not touch either end; "thai" and "han" scripts match anywhere). `$1`… refer to
   * the pattern's groups.
   */
  phrases: Array<[string, string]>;
}
