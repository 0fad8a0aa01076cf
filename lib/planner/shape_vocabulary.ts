/**
 * Shape evidence from capabilities rather than phrasings: for each workload shape, families of words that
 * each say one part of the need (what the thing is, what it does, how fast, how often). One family alone is
 * weak evidence; two families together, one of them the shape's anchor, make the shape apply. A shape named
 * outright (the decisive phrasings in workload_shapes.ts, or a `decisive` family here) needs no other
 * family. Words that say the opposite
 * (a recorded class is not a call) take one family back.
 *
 * Terms are stems written as whole-word regular-expression fragments (`bid\\w*` matches bid, bids, bidding,
 * bidders). Deterministic.
 */
import { compile } from "./match.ts";
import { DATA_WORDS } from "./shape_words_data.ts";
import { LIVE_WORDS } from "./shape_words_live.ts";

/** One family of words that says one part of a need. */
export interface Family {
  name: string;
  /** A shape applies from families only when an anchor family is among them. */
  anchor?: boolean;
  /** Stems that say the whole need at once: this family alone makes the shape apply. */
  decisive?: boolean;
  terms: string[];
}

/** The evidence vocabulary of one shape. */
export interface ShapeVocabulary {
  families: Family[];
  /** Words that speak against the shape (one family fewer when any of them occurs). */
  against?: string[];
}

/** Families per shape (shapes without an entry are detected from their decisive phrasings only). */
export const SHAPE_VOCABULARY: Record<string, ShapeVocabulary> = { ...LIVE_WORDS, ...DATA_WORDS };

interface CompiledVocabulary {
  families: { name: string; anchor: boolean; decisive: boolean; re: RegExp }[];
  against?: RegExp;
}

const COMPILED: [string, CompiledVocabulary][] = Object.entries(SHAPE_VOCABULARY).map(([shape, v]) => [
  shape,
  {
    families: v.families.map((f) => ({
      name: f.name,
      anchor: !!f.anchor,
      decisive: !!f.decisive,
      re: compile(f.terms),
    })),
    against: v.against ? compile(v.against) : undefined,
  },
]);

/** The families that matched for one shape, and whether they are enough for it to apply. */
export interface ShapeEvidence {
  families: string[];
  /** Families matched, minus one when a word speaks against the shape. */
  score: number;
  applies: boolean;
}

/** Evidence per shape from the vocabulary (only shapes with at least one family matched are listed). */
export function shapeEvidence(text: string): Record<string, ShapeEvidence> {
  const out: Record<string, ShapeEvidence> = {};
  for (const [shape, v] of COMPILED) {
    const hits = v.families.filter((f) => f.re.test(text));
    if (!hits.length) continue;
    const score = hits.length - (v.against?.test(text) ? 1 : 0);
    out[shape] = {
      families: hits.map((f) => f.name),
      score,
      applies: hits.some((f) => f.decisive) || (score >= 2 && hits.some((f) => f.anchor)),
    };
  }
  return out;
}
