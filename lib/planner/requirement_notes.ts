/**
 * Notes that state how a plan meets a requirement the description asked for (per-key ordering, a replay window,
 * Windows hosts, Kafka kept). They are pinned to a service before the diagram is folded, and after folding every
 * node shows the pinned notes of the services it holds first, so a requirement never disappears into a node that
 * absorbed the service meeting it.
 */
import { type NodeData } from "../protocol/events.ts";
import { type Selection } from "./context.ts";
import { fitText } from "./format.ts";

const PINNED = new WeakMap<Selection, string[]>();

/** Pins a requirement note to a service (shown first in the subtitle of whatever node holds it). */
export function pinRequirement(sel: Selection, note: string): void {
  const notes = PINNED.get(sel) ?? [];
  if (!notes.includes(note)) notes.push(note);
  PINNED.set(sel, notes);
  if (!sel.notes.includes(note)) sel.notes.unshift(note);
}

/** The requirement notes pinned to a selection and to the services folded into it. */
export function pinnedNotes(sel: Selection): string[] {
  return [...new Set([sel, ...sel.folded].flatMap((s) => PINNED.get(s) ?? []))];
}

/** Nodes whose subtitles lead with the requirement notes of the services they hold (after the blurb). */
export function showRequirements(nodes: NodeData[], selections: Map<string, Selection>): NodeData[] {
  const byId = new Map([...selections.values()].map((s) => [s.id, s]));
  return nodes.map((node) => {
    const sel = byId.get(node.id);
    const notes = sel ? pinnedNotes(sel) : [];
    const missing = notes.filter((n) => !(node.subtitle ?? "").includes(n));
    if (!missing.length || !sel) return node;
    const rest = (node.subtitle ?? "").split(" · ").filter((p) => p && p !== sel.def.blurb);
    return {
      ...node,
      subtitle: fitText([sel.def.blurb, ...notes, ...rest.filter((p) => !notes.includes(p))], 120),
    };
  });
}
