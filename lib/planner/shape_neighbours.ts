/**
 * A nearest-neighbour vote over the labelled seed requests (shape_seeds.ts): the description and every seed
 * become TF-IDF vectors of word stems, and the shapes of the most similar seeds vote, weighted by similarity.
 * It is one weak signal among the shape vocabulary's families, never decisive on its own. Deterministic.
 */
import { SHAPE_SEEDS } from "./shape_seeds.ts";
import type { WorkloadShape } from "./workload_shapes.ts";

/** Words that say nothing about the workload. */
const STOP = new Set(
  ("a an the and or of to in on for with from by at as is are be we our us you your it its their they them " +
    "this that these those each every some any all can will would should could want need needs like about " +
    "into over under per so but not no do does have has had i my me one two via more most much many than")
    .split(" "),
);

/** Lower-case word stems of a text (plurals and common endings folded). */
export function stems(text: string): string[] {
  const words = text.toLowerCase().match(/[a-z][a-z0-9]+/g) ?? [];
  const out: string[] = [];
  for (const w of words) {
    if (STOP.has(w) || w.length < 3) continue;
    out.push(w.replace(/(?:ing|ed|es|s)$/, "").replace(/(?<=\w{3})(?:er|ly)$/, ""));
  }
  return out;
}

interface Seed {
  shape: WorkloadShape;
  vec: Map<string, number>;
}

const DOCS = Object.entries(SHAPE_SEEDS).flatMap(([shape, list]) =>
  list.map((text) => ({ shape: shape as WorkloadShape, terms: stems(text) }))
);
const DF = new Map<string, number>();
for (const d of DOCS) for (const t of new Set(d.terms)) DF.set(t, (DF.get(t) ?? 0) + 1);
const idf = (t: string) => Math.log((DOCS.length + 1) / ((DF.get(t) ?? 0) + 1)) + 1;

function vector(terms: string[]): Map<string, number> {
  const v = new Map<string, number>();
  for (const t of terms) if (DF.has(t)) v.set(t, (v.get(t) ?? 0) + idf(t));
  const norm = Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0)) || 1;
  for (const [t, x] of v) v.set(t, x / norm);
  return v;
}

const SEEDS: Seed[] = DOCS.map((d) => ({ shape: d.shape, vec: vector(d.terms) }));

/** The vote of the nearest seeds. */
export interface NeighbourVote {
  /** The shape with the largest similarity-weighted vote, if any seed is similar at all. */
  shape?: WorkloadShape;
  /** That shape's share of the vote (0–1). */
  share: number;
  /** Similarity of the nearest seed (cosine, 0–1). */
  nearest: number;
}

/** How many nearest seeds vote. */
const K = 5;

/** The nearest seeds' vote for a description. */
export function neighbourVote(text: string): NeighbourVote {
  const q = vector(stems(text));
  const sims = SEEDS.map((s) => {
    let dot = 0;
    for (const [t, x] of q) dot += x * (s.vec.get(t) ?? 0);
    return { shape: s.shape, sim: dot };
  }).sort((a, b) => b.sim - a.sim).slice(0, K).filter((s) => s.sim > 0);
  if (!sims.length) return { share: 0, nearest: 0 };
  const votes = new Map<WorkloadShape, number>();
  for (const s of sims) votes.set(s.shape, (votes.get(s.shape) ?? 0) + s.sim);
  const total = [...votes.values()].reduce((a, b) => a + b, 0);
  const [shape, v] = [...votes].sort((a, b) => b[1] - a[1])[0];
  return { shape, share: v / total, nearest: sims[0].sim };
}

/** Whether the vote is confident enough to count as one family of evidence for its shape. */
export function confidentVote(vote: NeighbourVote): WorkloadShape | undefined {
  return vote.shape && vote.share >= 0.6 && vote.nearest >= 0.2 ? vote.shape : undefined;
}
