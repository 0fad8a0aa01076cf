/** The shape of one catalog service and of the wires it brings into a diagram. */
import { type NodeType } from "../../protocol/events.ts";

/** Where a wire starts or ends: a core role, the service itself, or another service key of the same cloud. */
export type WireEnd = "users" | "edge" | "compute" | "self" | string;
/** A connection a service brings into the diagram: from, to, label, dashed (async). */
export type Wire = [from: WireEnd, to: WireEnd, label: string, dashed?: boolean];

/** One service of a cloud's catalog. */
export interface ServiceDef {
  /** Node id (lower-case slug). */
  id: string;
  name: string;
  type: NodeType;
  /** Short description used as the start of the subtitle. */
  blurb: string;
  /** Services of one group can be folded into one node when a diagram is full. */
  group:
    | "edge"
    | "compute"
    | "data"
    | "media"
    | "ai"
    | "async"
    | "insight"
    | "identity"
    | "realtime"
    | "iot"
    | "external";
  /** Third-party service (neutral colour). */
  external?: boolean;
  wires: Wire[];
}

export const STRIPE: ServiceDef = {
  id: "stripe",
  name: "Stripe",
  type: "payments",
  blurb: "Checkout + billing (external)",
  group: "external",
  external: true,
  wires: [["compute", "self", "Checkout API"], ["self", "compute", "webhooks", true]],
};

/** Every service per cloud, keyed by service key. */
