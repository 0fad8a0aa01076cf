/** The design context: everything the planner's decisions depend on, built once per request. */
import { type CostData, type EdgeData, type NodeData } from "../protocol/events.ts";
import { type Constraint, type NormalizedRequest } from "../protocol/request_schema.ts";
import { type Capability, detectCapabilities } from "./capabilities.ts";
import { type Cloud, COMPETITOR_CLOUD, type CompetitorCloud } from "./catalog/facts.ts";
import { MULTI_REGION, REGION_INFO, type RegionInfo } from "./catalog/regions.ts";
import { type ServiceDef } from "./catalog/service_types.ts";
import { SCALE_TRAFFIC, type Traffic } from "./catalog/traffic.ts";

export type CostItem = CostData["items"][number];

/** Everything the design decisions depend on. */
export interface Context {
  request: NormalizedRequest;
  competitor: CompetitorCloud;
  caps: Set<Capability>;
  constraints: Set<Constraint>;
  traffic: Traffic;
  region: RegionInfo;
  /** Growth and above: caching tier, read replicas. */
  growthPlus: boolean;
  /** Enterprise and Global: WAF/bot management, HA. */
  enterpriseTier: boolean;
  /** Global scale: multi-region competitor design. */
  global: boolean;
  /** The description asks for live video. */
  live: boolean;
  /** Capabilities the description did not name but every design needs (a place to keep data). */
  implied: Set<Capability>;
}

/** What an implied store holds, instead of the role it has when the description asks for it. */
export const IMPLIED_ROLES: Partial<Record<Capability, string>> = {
  object_storage: "site content and assets",
  relational: "app data",
};

/** One service chosen for a design (before folding into nodes). */
export interface Selection {
  key: string;
  def: ServiceDef;
  id: string;
  name: string;
  roles: string[];
  notes: string[];
  rank: number;
  core?: "edge" | "compute";
  /** Services folded into this node. */
  folded: Selection[];
  /** Names of services folded into this node without renaming it (listed in the subtitle). */
  absorbed: string[];
}

export interface Design {
  cloud: Cloud;
  selections: Map<string, Selection>;
  nodes: NodeData[];
  edges: EdgeData[];
  costs: CostItem[];
}

export const DATA_CAPS: Capability[] = [
  "relational",
  "kv",
  "object_storage",
  "vector",
  "iot",
  "analytics",
  "video",
  "search",
];
export const LIVE_VIDEO =
  /(?<![\w])(?:live[\s-]?stream(?:s|ing|ers?)?|livestream\w*|broadcast\w*|webinars?|twitch|live video)(?![\w])/i;

export function makeContext(request: NormalizedRequest): Context {
  const detected = detectCapabilities(request.appDescription);
  const caps = new Set<Capability>(detected);
  const implied = new Set<Capability>();
  // A design always persists something: imply a store when the description names none.
  if (!DATA_CAPS.some((c) => caps.has(c))) {
    implied.add(caps.has("static_site") ? "object_storage" : "relational");
  }
  for (const cap of implied) caps.add(cap);
  const scale = request.scale;
  return {
    request,
    competitor: COMPETITOR_CLOUD[request.competitor],
    caps,
    constraints: new Set(request.constraints),
    traffic: SCALE_TRAFFIC[scale],
    region: REGION_INFO[request.region],
    growthPlus: scale !== "Startup",
    enterpriseTier: scale === "Enterprise" || scale === "Global",
    global: scale === "Global",
    live: caps.has("video") && LIVE_VIDEO.test(request.appDescription),
    implied,
  };
}

export function competitorRegions(ctx: Context): string[] {
  const primary = ctx.region[ctx.competitor];
  if (!ctx.global) return [primary];
  const extra = MULTI_REGION[ctx.competitor].filter((r) => r !== primary);
  return [primary, ...extra].slice(0, 3);
}
