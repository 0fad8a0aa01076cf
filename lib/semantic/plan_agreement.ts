/**
 * The plan-agreement gate of the semantic cache: a cosine candidate is served only when the offline planner
 * draws nearly the same architecture for the asker's request and for the matched description planned with
 * the asker's priorities and region (what lib/semantic/answer_for_asker.ts plans). "Nearly the same" is a
 * Jaccard overlap of node names of at least {@link PLAN_AGREEMENT_MIN_JACCARD} on each platform (the lower of
 * the two counts). Chosen with `deno run -A tasks/eval_plan_agreement.ts` by a rule fixed before the run
 * (eval/README.md, "Plan agreement re-measured with planner 13"): with the cosine at 0.80 it keeps
 * pooled precision ≥ 0.97 at a higher recall than the cosine alone at 0.885. Two requests the embedder puts
 * close but that are other apps (a chat widget vs a team chat) are planned with other services, and refused.
 */
import type { NormalizedRequest } from "../protocol/request_schema.ts";
import { type PlanElement, type Platform, PLATFORMS } from "../protocol/events.ts";
import type { Replan } from "./answer_for_asker.ts";

/** Least node-name Jaccard overlap, on each platform, for two plans to agree. */
export const PLAN_AGREEMENT_MIN_JACCARD = 0.7;

/** Node names (lower-cased) per platform of a plan. */
export type PlanNames = Record<Platform, Set<string>>;

/** The node names of a plan's elements, per platform. */
export function planNamesOf(elements: readonly PlanElement[]): PlanNames {
  const names = Object.fromEntries(PLATFORMS.map((p) => [p, new Set<string>()])) as PlanNames;
  for (const e of elements) if (e.type === "node") names[e.platform].add(e.data.name.toLowerCase());
  return names;
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

/** Whether the asker's plan and the matched description's plan for the asker agree (the gate). */
export function plansAgree(
  askerNames: PlanNames,
  matched: NormalizedRequest,
  asker: NormalizedRequest,
  replan: Replan,
  minJaccard = PLAN_AGREEMENT_MIN_JACCARD,
): boolean {
  return planOverlap(askerNames, planNamesOf(replan(matchedForAsker(matched, asker)).elements)) >= minJaccard;
}
