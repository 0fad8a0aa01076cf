/** Compiles a list of regular-expression fragments into one whole-word, case-insensitive matcher. */
export const compile = (list: string[]): RegExp =>
  new RegExp(`(?<![\\w])(?:${list.join("|")})(?![\\w])`, "i");
