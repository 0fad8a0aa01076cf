/**
 * The stated-figures gate of the semantic cache: a candidate is refused when both descriptions state the
 * same kind of figure (users, staff, devices, events, data per day, tenants…) and the figures are more than
 * {@link FIGURE_AGREEMENT_MAX_RATIO} apart. Such pairs are the same app at another size ("4,000 silos" vs "40
 * silos", "15,000 employees" vs "150"): the embedder and the node names put them together, but the stored
 * answer is sized and priced for the other figure. A figure only one side states is no disagreement (a short
 * paraphrase leaves figures out). The figures are read by the offline planner (lib/planner/stated_figures.ts),
 * handed in by lib/app_services.ts.
 */

/** Largest ratio between two stated figures of one kind for two requests to agree. */
export const FIGURE_AGREEMENT_MAX_RATIO = 10;

/** The size figures a description states, by kind ("users", "staff", "devices", …). */
export type StatedFigures = Readonly<Record<string, number>>;

/** Reads the size figures a description states. */
export type FiguresOf = (description: string) => StatedFigures;

/** Whether no figure both descriptions state is more than `maxRatio` apart. */
export function figuresAgree(
  a: StatedFigures,
  b: StatedFigures,
  maxRatio = FIGURE_AGREEMENT_MAX_RATIO,
): boolean {
  for (const key of Object.keys(a)) {
    const x = a[key], y = b[key];
    if (x === undefined || y === undefined) continue;
    if (Math.max(x, y) / Math.min(x, y) > maxRatio) return false;
  }
  return true;
}
