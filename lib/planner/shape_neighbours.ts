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

const DOCS = Object.entries(SHAPE_SEEDS).flatMap(([shape, list]) =>
  list.map((text) => ({ shape: shape as WorkloadShape, terms: stems(text) }))
);
const DF = new Map<string, number>();
for (const d of DOCS) for (const t of new Set(d.terms)) DF.set(t, (DF.get(t) ?? 0) + 1);
const idf = (t: string) => Math.log((DOCS.length + 1) / ((DF.get(t) ?? 0) + 1)) + 1;

function vector(terms: string[]): Map<string, number> {
  const v = new Map<string, number>();
  for (const t of terms) if (DF.has(t)) v.set(t, (v.get(t) ?? 0) + idf(t));
  let squares = 0;
  for (const x of v.values()) squares += x * x;
  const norm = Math.sqrt(squares) || 1;
  for (const [t, x] of v) v.set(t, x / norm);
  return v;
}

/** Each seed's shape, by seed index. */
const SEED_SHAPES: WorkloadShape[] = DOCS.map((d) => d.shape);

/**
 * The seeds' unit vectors as postings: for each stem, the indexes of the seeds that have it and its weight in
 * each. A query's dot product with every seed then touches only the seeds that share a stem with it.
 */
const POSTINGS = new Map<string, { seeds: number[]; weights: number[] }>();
DOCS.forEach((d, i) => {
  for (const [t, x] of vector(d.terms)) {
    const list = POSTINGS.get(t) ?? POSTINGS.set(t, { seeds: [], weights: [] }).get(t)!;
    list.seeds.push(i);
    list.weights.push(x);
  }
});

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

/** Cosine of the query with every seed (0 where they share no stem), by seed index. */
function seedSimilarities(q: Map<string, number>): Float64Array {
  const sims = new Float64Array(SEED_SHAPES.length);
  for (const [t, x] of q) {
    const list = POSTINGS.get(t);
    if (!list) continue;
    for (let j = 0; j < list.seeds.length; j++) sims[list.seeds[j]] += x * list.weights[j];
  }
  return sims;
}

/** Indexes of the K most similar seeds with a positive similarity, most similar first (ties: seed order). */
function nearestSeeds(sims: Float64Array): number[] {
  const top: number[] = [];
  for (let i = 0; i < sims.length; i++) {
    const sim = sims[i];
    if (!(sim > 0) || (top.length === K && sim <= sims[top[K - 1]])) continue;
    let at = 0;
    while (at < top.length && sims[top[at]] >= sim) at++;
    top.splice(at, 0, i);
    if (top.length > K) top.pop();
  }
  return top;
}

/** The nearest seeds' vote for a description. */
export function neighbourVote(text: string): NeighbourVote {
  const sims = seedSimilarities(vector(stems(text)));
  const nearest = nearestSeeds(sims);
  if (!nearest.length) return { share: 0, nearest: 0 };
  const votes = new Map<WorkloadShape, number>();
  for (const i of nearest) votes.set(SEED_SHAPES[i], (votes.get(SEED_SHAPES[i]) ?? 0) + sims[i]);
  let total = 0;
  let shape: WorkloadShape | undefined;
  let best = -Infinity;
  for (const [s, v] of votes) {
    total += v;
    if (v > best) [shape, best] = [s, v];
  }
  return { shape, share: best / total, nearest: sims[nearest[0]] };
}

/** Whether the vote is confident enough to count as one family of evidence for its shape. */
export function confidentVote(vote: NeighbourVote): WorkloadShape | undefined {
  return vote.shape && vote.share >= 0.6 && vote.nearest >= 0.2 ? vote.shape : undefined;
}
