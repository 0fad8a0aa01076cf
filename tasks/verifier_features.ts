/**
 * A candidate second stage for the semantic cache: a small learned pair model that verifies each candidate the cosine
 * search found. Retrieval stays the cosine over the stored vectors (lib/semantic/vector_index.ts) at a lower
 * floor ({@link VerifierModel.floor}); each (query, candidate) pair above it is then scored by a logistic
 * model over features that the cosine alone cannot see, and accepted only at or above
 * {@link VerifierModel.threshold}:
 *  - `cosine`: the embedder's cosine (the search score);
 *  - `lexicon`: the cosine of the two descriptions' lexicon + word-vector vectors (local:lexicon-glove:256:v2);
 *  - `shapes`, `primary`, `vote`, `voteShare`: agreement of the offline planner's workload evidence (the
 *    shapes it reads, its primary shape, its nearest-seed vote and that vote's share);
 *  - `technologies`, `figures`: overlap of the named technologies and of the kinds of figures stated (users,
 *    devices, storage…);
 *  - `lengthRatio`, `shorter`: |log| of the two lengths in words and log of the shorter one (short texts score
 *    high cosines with everything; long-vs-short paraphrases score low ones).
 * The planner's evidence comes from {@link workloadEvidence}. An experiment, not wired into the search: the
 * grouped cross-validation of `deno task build:verifier` (tasks/build_verifier.ts) did not show a clear win once
 * pairs of different intent groups were measured (eval/README.md, "A second stage that verifies…").
 */
import { z } from "zod";
import { classifyWorkload } from "../lib/planner/workload_shapes.ts";
import { neighbourVote } from "../lib/planner/shape_neighbours.ts";
import { readNumbers } from "../lib/planner/numbers.ts";

/** What the offline planner reads from one description (see lib/planner/workload_shapes.ts). */
export interface WorkloadEvidence {
  /** Workload shapes, primary first. */
  shapes: readonly string[];
  /** The primary shape. */
  primary: string;
  /** The nearest seeds' vote, if any seed is similar. */
  voteShape?: string;
  /** That vote's share (0–1). */
  voteShare: number;
  /** Technologies named. */
  technologies: readonly string[];
  /** Kinds of figures stated (users, devices, storedGb…). */
  figures: readonly string[];
}

/** Reads the planner's workload evidence from a description (passed in by the composition root). */
export type ReadWorkload = (description: string) => WorkloadEvidence;

/** One side of a pair: the planner's evidence, the lexicon vector and the length of the description. */
export interface PairSide {
  workload: WorkloadEvidence;
  /** Unit lexicon + word-vector vector (local:lexicon-glove:256:v2) of the description. */
  lexicon: Float32Array;
  /** Length in words. */
  words: number;
}

/** The feature names, in the order of the model's weights. */
export const VERIFIER_FEATURES = [
  "cosine",
  "lexicon",
  "shapes",
  "primary",
  "vote",
  "voteShare",
  "technologies",
  "figures",
  "lengthRatio",
  "shorter",
] as const;

/** A fitted pair model (the JSON that `--out` writes). */
export interface VerifierModel {
  /** Embedder whose cosine the model was fitted on; another embedder's cosine is never verified with it. */
  embedderId: string;
  features: string[];
  /** Standardization of each feature: (x − mean) / scale. */
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
  /** Cosine floor of the retrieval: candidates below it are never verified. */
  floor: number;
  /** Probability the pair model must reach for a candidate to be accepted. */
  threshold: number;
  /** Where the pairs came from and the figures it was chosen on, for the record. */
  source: string;
}

const finite = z.number().refine(Number.isFinite, "must be a finite number");
const modelSchema = z.object({
  embedderId: z.string().min(1),
  features: z.array(z.string()),
  mean: z.array(finite),
  scale: z.array(finite.refine((n) => n > 0, "must be positive")),
  weights: z.array(finite),
  bias: finite,
  floor: finite.refine((n) => n >= -1 && n <= 1, "must be in [-1, 1]"),
  threshold: finite.refine((n) => n >= 0 && n <= 1, "must be in [0, 1]"),
  source: z.string(),
});

/** Checks a model's JSON; throws an Error naming the first problem. */
export function parseVerifierModel(json: unknown): VerifierModel {
  const parsed = modelSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`pair verifier model: ${issue.path.join(".") || "model"}: ${issue.message}`);
  }
  const m = parsed.data;
  if (m.features.join() !== VERIFIER_FEATURES.join()) {
    throw new Error(`pair verifier model: features must be ${VERIFIER_FEATURES.join(", ")}`);
  }
  const n = VERIFIER_FEATURES.length;
  if (m.mean.length !== n || m.scale.length !== n || m.weights.length !== n) {
    throw new Error(`pair verifier model: mean, scale and weights need ${n} numbers each`);
  }
  return m;
}

/** Jaccard overlap of two sets; 1 when both are empty. */
function overlap(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a), sb = new Set(b);
  if (!sa.size && !sb.size) return 1;
  let both = 0;
  for (const x of sa) if (sb.has(x)) both++;
  return both / (sa.size + sb.size - both);
}

function dot(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`lexicon vector lengths differ: ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Length of a description in words (at least 1). */
export function wordCount(description: string): number {
  return Math.max(1, description.trim().split(/\s+/).filter(Boolean).length);
}

/** The features of a pair, in {@link VERIFIER_FEATURES} order. */
export function pairFeatures(cosine: number, a: PairSide, b: PairSide): number[] {
  const wa = a.workload, wb = b.workload;
  const sameVote = wa.voteShape !== undefined && wa.voteShape === wb.voteShape;
  return [
    cosine,
    dot(a.lexicon, b.lexicon),
    overlap(wa.shapes, wb.shapes),
    wa.primary === wb.primary ? 1 : 0,
    sameVote ? 1 : 0,
    sameVote ? Math.min(wa.voteShare, wb.voteShare) : 0,
    overlap(wa.technologies, wb.technologies),
    overlap(wa.figures, wb.figures),
    Math.abs(Math.log(a.words / b.words)),
    Math.log(Math.min(a.words, b.words)),
  ];
}

/** The model's probability that a pair with these features is similar. */
export function verifierScore(model: VerifierModel, features: readonly number[]): number {
  if (features.length !== model.weights.length) {
    throw new Error(`pair verifier expects ${model.weights.length} features, got ${features.length}`);
  }
  let z = model.bias;
  for (let i = 0; i < features.length; i++) {
    const x = features[i];
    if (!Number.isFinite(x)) throw new Error(`pair verifier: feature ${model.features[i]} is not a number`);
    z += model.weights[i] * ((x - model.mean[i]) / model.scale[i]);
  }
  return 1 / (1 + Math.exp(-z));
}

/** Turns texts into lexicon vectors (the local:lexicon-glove:256:v2 embedder). */
export interface LexiconEmbedder {
  embed(texts: string[]): Promise<Float32Array[]>;
}

/** The pair sides of descriptions (the planner's evidence, lexicon vectors, lengths), in order. */
export async function pairSides(
  descriptions: string[],
  readWorkload: ReadWorkload,
  lexicon: LexiconEmbedder,
): Promise<PairSide[]> {
  const vectors = await lexicon.embed(descriptions);
  return descriptions.map((d, i) => ({
    workload: readWorkload(d),
    lexicon: vectors[i],
    words: wordCount(d),
  }));
}

/** The planner's workload evidence of one description. */
export function workloadEvidence(description: string): WorkloadEvidence {
  const workload = classifyWorkload(description);
  const vote = neighbourVote(description);
  const figures = Object.entries(readNumbers(description))
    .filter(([key, value]) => key !== "read" && value !== undefined)
    .map(([key]) => key);
  return {
    shapes: workload.shapes,
    primary: workload.primary,
    voteShape: vote.shape,
    voteShare: vote.share,
    technologies: [...workload.technologies],
    figures,
  };
}
