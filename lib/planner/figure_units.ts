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

/** The number a figure's digits and multiplier stand for ("5,000" → 5000, "2.5", "m" → 2,500,000). */
export function figureValue(digits: string, multiplier?: string): number {
  return Number(digits.replace(/,/g, "")) *
    (multiplier ? FIGURE_MULTIPLIER[multiplier.toLowerCase()] ?? 1 : 1);
}

/** Gigabytes in one of each size unit a request writes ("15 MB", "2 TB"). */
export const GB_PER_UNIT: Readonly<Record<string, number>> = {
  kb: 1e-6,
  mb: 1e-3,
  gb: 1,
  tb: 1024,
  pb: 1024 * 1024,
};

/** Counts written as words, shared by the readers that accept them (each keeps the range it reads). */
export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
};

/** The number words from `low` to `high` (inclusive). */
export function numberWordsBetween(low: number, high: number): Record<string, number> {
  return Object.fromEntries(Object.entries(NUMBER_WORDS).filter(([, v]) => v >= low && v <= high));
}
