/**
 * Fits a similar stored answer to the person asking: the one place the semantic cache calls the offline
 * planner (lib/planner/), which the composition root passes in ({@link Replan}), so lib/semantic does not
 * import the planner and a change of the planner's API only touches the composition root.
 *
 * A stored generation was made for someone else's priorities (constraints) and region. When the asker's
 * differ, its value propositions and costs are rebuilt from the matched architecture with the planner's cost
 * engine and value-prop writer, for the asker's priorities and region — no model is called. The planner is
 * asked for the matched description with the asker's priorities and region; the result is used only when it
 * is the same architecture as the stored one (the same node ids and types and the same edges on both
 * platforms), so the rebuilt figures price exactly the diagram shown. Node and edge texts that mention the
 * region or a priority (subtitles, labels) are taken from the rebuilt plan too. When the architecture is
 * not the same (the asker's priorities change the design, or the stored answer came from a model whose
 * diagram the planner cannot price), the candidate is skipped: an answer for someone else's priorities is
 * never shown.
 */
import { type PlanElement, type Platform, REBUILT_PARTS, type RebuiltPart } from "../protocol/events.ts";
import type { NormalizedRequest } from "../protocol/request_schema.ts";
import type { StoredGeneration } from "../store/generation_store.ts";

export type { RebuiltPart };

/** Plans a request offline: the planner's `planArchitecture` (lib/planner/planner.ts), passed in. */
export type Replan = (request: NormalizedRequest) => { elements: PlanElement[] };

/** A stored answer fitted to the asker. */
export interface AnswerForAsker {
  /** The elements to send, in the stored order (value propositions and costs last). */
  elements: PlanElement[];
  /** What was rebuilt (empty when the stored answer already fits: same priorities and region). */
  rebuilt: RebuiltPart[];
}

/** The asker's request fields an answer depends on beyond the description. */
type Asker = Pick<NormalizedRequest, "scale" | "competitor" | "constraints" | "region">;

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** Node ids and types, and edges (id, ends), per platform: what must match for figures to price a diagram. */
function structureOf(elements: PlanElement[]): string {
  const parts: string[] = [];
  for (const e of elements) {
    if (e.type === "node") parts.push(`n|${e.platform}|${e.data.id}|${e.data.type}`);
    else if (e.type === "edge") parts.push(`e|${e.platform}|${e.data.id}|${e.data.from}|${e.data.to}`);
  }
  return parts.sort().join("\n");
}

const keyOf = (platform: Platform, id: string) => `${platform}|${id}`;

/**
 * The stored answer fitted to `asker`, or null when it cannot be (different scale or competitor, or the
 * architecture for the asker's priorities and region is not the stored one).
 */
export function answerForAsker(
  stored: StoredGeneration,
  asker: Asker,
  replan: Replan,
): AnswerForAsker | null {
  const matched = stored.record.request;
  if (matched.scale !== asker.scale || matched.competitor !== asker.competitor) return null;
  if (sameSet(matched.constraints, asker.constraints) && matched.region === asker.region) {
    return { elements: stored.elements, rebuilt: [] };
  }
  const plan = replan({ ...matched, constraints: [...asker.constraints], region: asker.region });
  if (structureOf(plan.elements) !== structureOf(stored.elements)) return null;

  const planned = new Map<string, PlanElement>();
  for (const e of plan.elements) {
    if (e.type === "node" || e.type === "edge") planned.set(`${e.type}|${keyOf(e.platform, e.data.id)}`, e);
  }
  const rebuilt = new Set<RebuiltPart>();
  const elements: PlanElement[] = [];
  for (const e of stored.elements) {
    if (e.type !== "node" && e.type !== "edge") continue;
    const fresh = planned.get(`${e.type}|${keyOf(e.platform, e.data.id)}`)!;
    if (JSON.stringify(fresh.data) !== JSON.stringify(e.data)) {
      rebuilt.add(e.type === "node" ? "nodes" : "edges");
    }
    elements.push(fresh);
  }
  const props = plan.elements.filter((e) => e.type === "priority_value_prop");
  const costs = plan.elements.filter((e) => e.type === "cost");
  const storedProps = stored.elements.filter((e) => e.type === "priority_value_prop");
  const storedCosts = stored.elements.filter((e) => e.type === "cost");
  if (JSON.stringify(props) !== JSON.stringify(storedProps)) rebuilt.add("value_props");
  if (JSON.stringify(costs) !== JSON.stringify(storedCosts)) rebuilt.add("cost");
  elements.push(...props, ...costs);
  return { elements, rebuilt: REBUILT_PARTS.filter((p) => rebuilt.has(p)) };
}
