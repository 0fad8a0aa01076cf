/**
 * The checks a built diagram passes before it is emitted: every edge's protocol against what its target accepts
 * (edge_protocols.ts), with impossible edges re-routed or dropped, and the notes that meet asked requirements
 * shown on whatever node holds their service (requirement_notes.ts).
 */
import { type EdgeData, type NodeData } from "../protocol/events.ts";
import { type Context, type Selection } from "./context.ts";
import { type CheckedPlan, routeEdges, udpOnlyEntry } from "./edge_protocols.ts";
import { showRequirements } from "./requirement_notes.ts";

/** The plan view the edge check reads: the service keys behind each node, the compute node, the entry. */
export function planView(
  diagram: { nodes: NodeData[]; edges: EdgeData[] },
  selections: Map<string, Selection>,
  ctx: Context,
): CheckedPlan {
  const byId = new Map([...selections.values()].map((s) => [s.id, s]));
  const keysOf = new Map<string, string[]>();
  for (const node of diagram.nodes) {
    const s = byId.get(node.id);
    if (s) keysOf.set(node.id, [s.key, ...s.folded.map((f) => f.key)]);
  }
  const compute = [...selections.values()].find((s) => s.core === "compute");
  return {
    nodes: diagram.nodes,
    edges: diagram.edges,
    keysOf,
    computeId: compute?.id ?? "",
    udpOnly: udpOnlyEntry(ctx.workload, ctx.request.appDescription),
  };
}

/** A diagram whose impossible edges were re-routed to a node that accepts them, or dropped. */
export function checkedPlan(
  diagram: { nodes: NodeData[]; edges: EdgeData[] },
  selections: Map<string, Selection>,
  ctx: Context,
): { nodes: NodeData[]; edges: EdgeData[] } {
  const nodes = showRequirements(diagram.nodes, selections);
  return { nodes, edges: routeEdges(planView({ ...diagram, nodes }, selections, ctx)) };
}
