/**
 * The plan-agreement gate of the semantic cache: a cosine candidate below
 * {@link PLAN_AGREEMENT_WAIVED_FROM} is served only when the offline planner draws nearly the same
 * architecture for the asker's request and for the matched description planned with the asker's priorities
 * and region (what lib/semantic/answer_for_asker.ts plans). "Nearly the same" is a Jaccard overlap of node
 * names of at least {@link PLAN_AGREEMENT_MIN_JACCARD} on each platform (the lower of the two counts), and
 * not two plans of generic roles only ({@link GENERIC_ROLES}): the planner's default web app, drawn for any
 * description it reads nothing in (another language, a vague one), agrees with every other default plan and
 * is no evidence. From {@link PLAN_AGREEMENT_WAIVED_FROM} up the cosine alone is precise and the gate is not
 * applied: there the planner mostly parts paraphrases it reads differently (eval/README.md, "Plan agreement
 * waived at a high cosine"). Two requests the embedder puts close but that are other apps (a chat widget vs a
 * team chat) are planned with other services, and refused.
 */
import type { NormalizedRequest } from "../protocol/request_schema.ts";
import { type NodeType, type PlanElement, type Platform, PLATFORMS } from "../protocol/events.ts";
import type { Replan } from "./answer_for_asker.ts";

/** Least node-name Jaccard overlap, on each platform, for two plans to agree. */
export const PLAN_AGREEMENT_MIN_JACCARD = 0.7;

/** From this cosine up the gate is waived: the embedder alone keeps precision ≥ 0.97 there. */
export const PLAN_AGREEMENT_WAIVED_FROM = 0.9;

/**
 * Node roles the planner gives any web app (the people, the edge, an API, a database, a login); a plan of
 * these only is its default and says nothing about what the description asks for.
 */
export const GENERIC_ROLES: ReadonlySet<NodeType> = new Set<NodeType>([
  "users",
  "dns",
  "cdn",
  "security",
  "gateway",
  "compute",
  "database",
  "auth",
]);

/** Node names (lower-cased) per platform of a plan. */
export type PlanNames = Record<Platform, Set<string>>;

/** The node names of a plan's elements, per platform. */
export function planNamesOf(elements: readonly PlanElement[]): PlanNames {
  const names = Object.fromEntries(PLATFORMS.map((p) => [p, new Set<string>()])) as PlanNames;
  for (const e of elements) if (e.type === "node") names[e.platform].add(e.data.name.toLowerCase());
  return names;
}

/** What the gate reads of a plan: its node names per platform, and whether its roles are all generic. */
export interface PlanReading {
  names: PlanNames;
  generic: boolean;
}

/** The {@link PlanReading} of a plan's elements. */
export function planReadingOf(elements: readonly PlanElement[]): PlanReading {
  const nodes = elements.filter((e) => e.type === "node");
  return {
    names: planNamesOf(elements),
    generic: nodes.every((e) => e.type === "node" && GENERIC_ROLES.has(e.data.type)),
  };
}

/** Whether the gate applies to a candidate of this cosine (below {@link PLAN_AGREEMENT_WAIVED_FROM}). */
export function planGateApplies(score: number, waivedFrom = PLAN_AGREEMENT_WAIVED_FROM): boolean {
  return score < waivedFrom;
}

/** Jaccard overlap of two sets (1 when both are empty). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}

/** The lower of the platforms' node-name overlaps of two plans. */
export function planOverlap(a: PlanNames, b: PlanNames): number {
  return Math.min(...PLATFORMS.map((p) => jaccard(a[p], b[p])));
}

/**
 * A planner that remembers its plans for the span of one search, so the gate and the fitting of the answer
 * (which plans the same matched request) plan each request once.
 */
export function rememberingReplan(replan: Replan): Replan {
  const plans = new Map<string, ReturnType<Replan>>();
  return (request) => {
    const key = JSON.stringify(request);
    let plan = plans.get(key);
    if (!plan) plans.set(key, plan = replan(request));
    return plan;
  };
}

/** The request the matched description is planned as: its own, with the asker's priorities and region. */
export function matchedForAsker(
  matched: NormalizedRequest,
  asker: Pick<NormalizedRequest, "constraints" | "region">,
): NormalizedRequest {
  return { ...matched, constraints: [...asker.constraints], region: asker.region };
}

/**
 * Whether the asker's plan and the matched description's plan for the asker agree (the gate): node names
 * overlap enough on each platform, and not both plans are of generic roles only.
 */
export function plansAgree(
  askerPlan: PlanReading,
  matched: NormalizedRequest,
  asker: NormalizedRequest,
  replan: Replan,
  minJaccard = PLAN_AGREEMENT_MIN_JACCARD,
): boolean {
  const matchedPlan = planReadingOf(replan(matchedForAsker(matched, asker)).elements);
  if (askerPlan.generic && matchedPlan.generic) return false;
  return planOverlap(askerPlan.names, matchedPlan.names) >= minJaccard;
}
