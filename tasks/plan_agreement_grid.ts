/**
 * The grid of tasks/eval_plan_agreement.ts (eval/README.md, "Plan agreement re-measured with planner 13"):
 * settings (a cosine threshold and a plan-agreement gate), their counts per file, the selection rule (highest
 * pooled recall at pooled precision ≥ 0.97; ties: higher precision, higher threshold, simpler gate) and
 * leave-one-file-out. Pure functions over scored rows; the planning is done by the caller.
 */

/** How two plans agree: primary shape, shape set, node-name Jaccard (the lower of both platforms). */
export interface Agreement {
  samePrimary: boolean;
  sameShapes: boolean;
  names: number;
}

/** One labelled pair: its cosine (null: not a candidate) and its plans' agreement. */
export interface GridRow {
  similar: boolean;
  score: number | null;
  agree?: Agreement;
}

/** A gate of the grid, in the order of the rule's tie-break (simpler first). */
export interface Gate {
  name: string;
  keep: (g: Agreement) => boolean;
}

const JS = [0.3, 0.4, 0.5, 0.6, 0.7];

/** The grid's gates: none, same primary, same shape set, J ≥ j, primary and J ≥ j. */
export const GRID_GATES: Gate[] = [
  { name: "cosine alone", keep: () => true },
  { name: "same primary", keep: (g) => g.samePrimary },
  { name: "same shape set", keep: (g) => g.sameShapes },
  ...JS.map((j) => ({ name: `J≥${j}`, keep: (g: Agreement) => g.names >= j })),
  ...JS.map((j) => ({ name: `primary+J≥${j}`, keep: (g: Agreement) => g.samePrimary && g.names >= j })),
];

/** The grid's thresholds: 0.55 to 0.90 by 0.05. */
export const GRID_THRESHOLDS = [0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9];

/** A setting: a threshold and a gate (index into the gate list, for the tie-break). */
export interface Setting {
  threshold: number;
  gate: number;
}

/** True / false positives and positives of a setting. */
export interface Counts {
  tp: number;
  fp: number;
  positives: number;
}

/** Counts of `rows` under a setting. */
export function countsOf(rows: GridRow[], setting: Setting, gates: Gate[] = GRID_GATES): Counts {
  const c = { tp: 0, fp: 0, positives: 0 };
  const keep = gates[setting.gate].keep;
  for (const r of rows) {
    if (r.similar) c.positives++;
    if (r.score === null || r.score < setting.threshold || !keep(r.agree!)) continue;
    r.similar ? c.tp++ : c.fp++;
  }
  return c;
}

/** Sum of counts. */
export function pool(counts: Counts[]): Counts {
  return counts.reduce(
    (s, c) => ({ tp: s.tp + c.tp, fp: s.fp + c.fp, positives: s.positives + c.positives }),
    {
      tp: 0,
      fp: 0,
      positives: 0,
    },
  );
}

/** Precision (1 when nothing is accepted) and recall. */
export const precisionOf = (c: Counts) => c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1;
/** Recall of counts. */
export const recallOf = (c: Counts) => c.positives ? c.tp / c.positives : 0;

/** Every setting of the grid, or of the given thresholds and gate indices. */
export function settingsOf(thresholds = GRID_THRESHOLDS, gates = GRID_GATES.map((_, i) => i)): Setting[] {
  return thresholds.flatMap((threshold) => gates.map((gate) => ({ threshold, gate })));
}

/**
 * The rule: the setting with the highest pooled recall over `files` with pooled precision ≥ `minPrecision`;
 * ties to higher precision, higher threshold, then the lower gate index. Null when none qualifies.
 */
export function select(
  byFile: Map<string, GridRow[]>,
  files: string[],
  settings: Setting[],
  minPrecision = 0.97,
  gates: Gate[] = GRID_GATES,
): { setting: Setting; counts: Counts } | null {
  let best: { setting: Setting; counts: Counts } | null = null;
  for (const setting of settings) {
    const counts = pool(files.map((f) => countsOf(byFile.get(f)!, setting, gates)));
    if (precisionOf(counts) < minPrecision) continue;
    if (!best || better(setting, counts, best.setting, best.counts)) best = { setting, counts };
  }
  return best;
}

function better(s: Setting, c: Counts, bs: Setting, bc: Counts): boolean {
  const [r, br] = [recallOf(c), recallOf(bc)];
  if (r !== br) return r > br;
  const [p, bp] = [precisionOf(c), precisionOf(bc)];
  if (p !== bp) return p > bp;
  if (s.threshold !== bs.threshold) return s.threshold > bs.threshold;
  return s.gate < bs.gate;
}

/** One fold of leave-one-file-out: the pick on the other files and its counts on the held-out one. */
export interface Fold {
  heldOut: string;
  pick: Setting | null;
  counts: Counts;
}

/** Leave-one-file-out: per file, the rule applied to the others, measured on it. */
export function leaveOneFileOut(
  byFile: Map<string, GridRow[]>,
  settings: Setting[],
  gates: Gate[] = GRID_GATES,
): Fold[] {
  const files = [...byFile.keys()];
  return files.map((heldOut) => {
    const chosen = select(byFile, files.filter((f) => f !== heldOut), settings, 0.97, gates);
    const rows = byFile.get(heldOut)!;
    const counts = chosen
      ? countsOf(rows, chosen.setting, gates)
      : { tp: 0, fp: 0, positives: rows.filter((r) => r.similar).length };
    return { heldOut, pick: chosen?.setting ?? null, counts };
  });
}
