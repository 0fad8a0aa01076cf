/** The shape of one catalog service and of the wires it brings into a diagram. */
import { type NodeType } from "../../protocol/events.ts";
import type { Fact } from "./facts.ts";

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
  /** List price for services the per-cloud cost engines do not price themselves (see costs/generic.ts). */
  price?: ServicePrice;
  /** The entry node (customers, devices, a schedule…) reaches this service directly. */
  entry?: boolean;
}

/** What a usage meter counts (monthly unless noted); see `usageMeters` in costs/generic.ts. */
export type Meter =
  | "month"
  | "hours"
  | "migration_hours"
  | "serving_hours"
  | "staff"
  | "users"
  | "tenants"
  | "zones"
  | "devices"
  | "requests_m"
  | "messages_m"
  | "ingest_gb"
  /** GB of log lines the requests write (≈1 KB each): what a log service or log export carries. */
  | "request_log_gb"
  | "stored_gb"
  | "call_minutes"
  | "speech_minutes"
  | "tts_chars_m"
  | "egress_gb"
  | "pages_k"
  | "gpu_hours"
  | "vcpu_hours"
  | "steps_k"
  | "query_tb"
  | "images"
  | "pushes_m"
  | "instances"
  | "sms"
  | "ai_calls_k";

/** A simple list price: `fact.value` per unit of `meter`, after `included` free units. */
export interface ServicePrice {
  fact: Fact;
  meter: Meter;
  included?: number;
  /** Multiplies the meter (e.g. 2 for an HA pair). */
  factor?: number;
  /** What one unit is, for the basis ("cluster-hour", "1K pages"). */
  unit: string;
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
