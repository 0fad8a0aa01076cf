/**
 * The offline planner: turns a request into two architectures (Cloudflare and the chosen competitor) without
 * any network. It reads the description for capabilities (lib/planner/capabilities.ts), maps each to services of
 * both clouds (lib/planner/catalog.ts), lets scale, constraints and region change the design, folds the diagram
 * into at most 8 nodes per platform, prices both designs from the catalog and writes one value
 * proposition per constraint citing those figures.
 *
 * Deterministic: no clock, no randomness; the same request always gives the same plan.
 * Emission order: nodes of the two platforms alternate so both diagrams fill as the stream arrives; each
 * edge follows as soon as both its endpoints were sent; value propositions and costs come last.
 */
import { type EdgeData, type NodeData, type PlanElement, type Platform } from "../protocol/events.ts";
import { type NormalizedRequest } from "../protocol/request_schema.ts";
import { CAPABILITIES, type Capability, CAPABILITY_LABELS } from "./capabilities.ts";
import { type Cloud } from "./catalog/facts.ts";
import { type Context, type Design, makeContext, type Selection } from "./context.ts";
import { namedPaymentProvider } from "./named_products.ts";
import { assumptions, costsFor, total } from "./costs/engine.ts";
import { withJobCompute } from "./costs/job_parity.ts";
import { buildDiagram } from "./diagram.ts";
import { checkedPlan } from "./plan_check.ts";
import { applyCoreRequirements } from "./core_requirements.ts";
import { applyStreamRequirements } from "./stream_requirements.ts";
import { select } from "./selection.ts";
import { valueProps } from "./value_props.ts";

/** Version of the planner's output, part of the cache key: bump it in lib/protocol/engine_version.ts. */
export { PLANNER_VERSION } from "../protocol/engine_version.ts";

/** A plan in emission order (nodes before the edges that use them). */
export interface Plan {
  /** Capabilities the design covers: detected ones plus any the planner implied (canonical order). */
  capabilities: Capability[];
  elements: PlanElement[];
}

/** The payments node carries the provider the text names (Adyen, PayPal, Mollie…) instead of Stripe. */
function namePaymentProvider(selections: Map<string, Selection>, text: string): void {
  const stripe = selections.get("stripe");
  const provider = namedPaymentProvider(text);
  if (!stripe || !provider) return;
  stripe.name = provider;
  stripe.def = { ...stripe.def, name: provider, blurb: "Checkout + payments (external)" };
}

/** One cloud's design: its services selected, priced and laid out as a checked diagram. */
export function design(cloud: Cloud, ctx: Context): Design {
  const selections = select(cloud, ctx);
  namePaymentProvider(selections, ctx.request.appDescription);
  applyCoreRequirements(cloud, selections, ctx);
  applyStreamRequirements(cloud, selections, ctx);
  const costs = costsFor(cloud, selections, ctx);
  const diagram = buildDiagram(cloud, selections, ctx);
  const { nodes, edges } = checkedPlan(diagram, selections, ctx);
  return { cloud, selections, nodes, edges, costs };
}

export function interleave(cf: Design, comp: Design): PlanElement[] {
  const out: PlanElement[] = [];
  const sent: Record<Platform, Set<string>> = { cloudflare: new Set(), competitor: new Set() };
  const pending: Record<Platform, EdgeData[]> = { cloudflare: [...cf.edges], competitor: [...comp.edges] };
  const emitNode = (platform: Platform, node: NodeData) => {
    out.push({ type: "node", platform, data: node });
    sent[platform].add(node.id);
    const queue = pending[platform];
    for (let i = 0; i < queue.length;) {
      const e = queue[i];
      if (sent[platform].has(e.from) && sent[platform].has(e.to)) {
        out.push({ type: "edge", platform, data: e });
        queue.splice(i, 1);
      } else i++;
    }
  };
  const n = Math.max(cf.nodes.length, comp.nodes.length);
  for (let i = 0; i < n; i++) {
    if (cf.nodes[i]) emitNode("cloudflare", cf.nodes[i]);
    if (comp.nodes[i]) emitNode("competitor", comp.nodes[i]);
  }
  return out;
}

/** Plans both architectures for a request. */
export function planArchitecture(request: NormalizedRequest): Plan {
  const ctx = makeContext(request);
  const cf = design("cloudflare", ctx);
  const comp = design(ctx.competitor, ctx);
  // Both plans price the same jobs: the competitor's batch vCPU-hours get their Cloudflare counterpart.
  cf.costs = withJobCompute(cf.costs, comp.costs, ctx);
  const elements = interleave(cf, comp);
  for (const data of valueProps(ctx, cf, comp)) {
    elements.push({ type: "priority_value_prop", platform: "cloudflare", data });
  }
  elements.push({
    type: "cost",
    platform: "cloudflare",
    data: {
      monthlyUsd: total(cf.costs),
      items: cf.costs,
      assumptions: assumptions(ctx, "cloudflare", cf.costs),
    },
  });
  elements.push({
    type: "cost",
    platform: "competitor",
    data: {
      monthlyUsd: total(comp.costs),
      items: comp.costs,
      assumptions: assumptions(ctx, comp.cloud, comp.costs),
    },
  });
  return { capabilities: CAPABILITIES.filter((c) => ctx.caps.has(c)), elements };
}

/** Human-readable labels of a plan's capabilities (for logs and the UI). */
export function describeCapabilities(capabilities: Capability[]): string[] {
  return capabilities.map((c) => CAPABILITY_LABELS[c]);
}
