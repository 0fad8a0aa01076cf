/**
 * How a figure is written in a request, shared by the number readers (numbers.ts, figure_reader.ts): the
 * digits ("5000", "5,000", "2.5") with an optional multiplier word or letter ("k", "M", "thousand").
 */

/** The digits and multiplier of a figure, as two capture groups (no word boundary after it). */
export const FIGURE_PATTERN = String
  .raw`(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k|m|b|thousand|million|billion|mm)?`;

/** What each multiplier stands for. */
export const FIGURE_MULTIPLIER: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mm: 1e6,
  million: 1e6,
  b: 1e9,
  billion: 1e9,
};
