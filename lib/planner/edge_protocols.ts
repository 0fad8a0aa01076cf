/**
 * The plan's edge check: what protocol each edge carries (read from its label) against what its target node can
 * accept. HTTP-only nodes (CDN, WAF, API gateways, function runtimes, SSO proxies) never receive UDP or raw TCP;
 * layer-4 fronts and UDP fleets (Spectrum, NLB, Global Accelerator, game servers) are not an HTTP API; and when
 * the people reaching the system speak only UDP (a DNS front, a telemetry or VPN service) nothing puts a WAF or
 * an HTTP entry in front of them. An impossible edge is re-routed to a node that accepts it, or dropped.
 */
import { type EdgeData, type NodeData } from "../protocol/events.ts";
import { type Workload } from "./workload_shapes.ts";
import { mechanismPossible, rewriteMechanism } from "./edge_mechanisms.ts";

/** What an edge carries ("control": a protection or management link, not traffic). */
export type EdgeProtocol = "http" | "udp" | "tcp" | "control";

const CONTROL_LABEL = /\bddos protection\b|\bprotects\b/i;

const UDP_LABEL =
  /\b(?:udp|rtp|sip|quic|webrtc|dtls|srt|ntp|snmp|radius|coap|syslog|netflow|wireguard)\b|\bdns (?:queries|over udp)\b|udp\/53/i;
const TCP_LABEL = /\b(?:tcp|mqtt|amqp|rdp|smb|ssh|rtmp)\b/i;

/** The protocol an edge label names: UDP, raw TCP (MQTT, RDP, SMB…) or, by default, HTTP(S)/API calls. */
export function edgeProtocol(label: string): EdgeProtocol {
  if (CONTROL_LABEL.test(label)) return "control";
  if (UDP_LABEL.test(label)) return "udp";
  if (TCP_LABEL.test(label)) return "tcp";
  return "http";
}

/** Service keys that accept only HTTP(S) (and WebSocket upgrades): layer-7 proxies, gateways, runtimes. */
export const HTTP_ONLY_KEYS = new Set([
  // Cloudflare
  "cdn",
  "waf",
  "workers",
  "access",
  "static_assets",
  "apo",
  "waiting_room",
  "images",
  "wfp",
  "vercel_app",
  // AWS
  "cloudfront",
  "lambda",
  "api_gateway",
  "apigw_ws",
  "amplify",
  "appsync",
  "alb",
  "identity_center",
  "cognito",
  "image_handler",
  // GCP
  "cloud_cdn",
  "armor",
  "cloud_run",
  "iap",
  "apigee",
  "firebase_hosting",
  // Azure
  "front_door",
  "azure_waf",
  "functions",
  "apim",
  "app_service",
  "entra_id",
  "web_pubsub",
  "bot_service",
  // Vercel
  "vercel_cdn",
  "firewall",
  "deployment_protection",
  "image_opt",
  "pusher",
]);

/** Layer-4 fronts and UDP fleets: they take UDP/TCP and are nobody's HTTP API. */
export const LAYER4_KEYS = new Set([
  "spectrum",
  "global_accelerator",
  "nlb",
  "network_lb",
  "azure_lb",
  "gamelift",
  "game_servers",
  "udp_servers",
  "partner_game",
  "partner_udp",
  "agones",
  "playfab",
]);

/** Services that serve an HTTP API (where an HTTP call a layer-4 node cannot take goes instead). */
const HTTP_RUNTIMES = [
  "workers",
  "lambda",
  "api_gateway",
  "cloud_run",
  "functions",
  "app_service",
  "container_apps",
];

/** Layer-4 fronts the entry reaches first (they forward to the fleet behind them). */
const LAYER4_FRONTS = ["spectrum", "global_accelerator", "nlb", "network_lb", "azure_lb"];

/** Security nodes that sit in the HTTP path (WAFs); their DDoS protection of UDP is drawn as a dashed edge. */
const WAF_KEYS = new Set(["waf", "armor", "azure_waf", "firewall"]);

/** Node ids of the entry (people, devices, schedules) and staff. */
const ENTRIES = new Set(["users", "staff"]);

/** An HTTP surface named in a UDP workload's description (a lobby API, accounts, a dashboard, a portal). */
const HTTP_SURFACE =
  /\b(?:api|apis|rest|https?|web ?sites?|web ?apps?|dashboards?|portals?|lobby|lobbies|matchmak\w*|accounts?|log ?ins?|sign[\s-]?ups?|stores?|shops?|leaderboards?|admin|panel|webhooks?|browsers?)\b/i;

/** Shapes with no public HTTP front of their own (a move of servers, a pipeline, a job). */
const NO_HTTP_FRONT = new Set([
  "realtime_udp",
  "lift_and_shift",
  "batch_job",
  "stream_ingestion",
  "etl_warehouse",
]);

/** The people or devices reaching a UDP-only workload speak UDP alone: no shape with an HTTP front, no HTTP API. */
export function udpOnlyEntry(workload: Workload, description: string): boolean {
  return workload.primary === "realtime_udp" && workload.shapes.every((s) => NO_HTTP_FRONT.has(s)) &&
    !HTTP_SURFACE.test(description);
}

/** What one node can accept. */
export interface NodeAccepts {
  http: boolean;
  udp: boolean;
  tcp: boolean;
}

/** What a node whose services are `keys` (the host and the services folded into it) accepts. */
export function nodeAccepts(keys: string[]): NodeAccepts {
  const httpOnly = keys.length > 0 && keys.every((k) => HTTP_ONLY_KEYS.has(k));
  const layer4 = keys.length > 0 && keys.every((k) => LAYER4_KEYS.has(k));
  return { http: !layer4, udp: !httpOnly, tcp: !httpOnly };
}

/** The plan's nodes with the service keys each one hosts (host first, then what was folded into it). */
export interface CheckedPlan {
  nodes: NodeData[];
  edges: EdgeData[];
  keysOf: Map<string, string[]>;
  /** Id of the main compute node (fallback target for HTTP calls). */
  computeId: string;
  udpOnly: boolean;
}

/** Layer-7 proxies: what they forward is the HTTP traffic they received. */
const PROXY_KEYS = new Set(["cdn", "cloudfront", "cloud_cdn", "front_door", "vercel_cdn", ...WAF_KEYS]);

/**
 * Whether an edge can exist: its target accepts the protocol it carries. A layer-4 node is nobody's HTTP entry
 * (people and proxies do not call it over HTTP), though services may call its management API.
 */
export function edgePossible(plan: CheckedPlan, e: EdgeData): boolean {
  if (ENTRIES.has(e.to)) return true;
  if (!mechanismPossible(plan, e)) return false;
  const protocol = edgeProtocol(e.label);
  if (protocol === "control") return true;
  if (plan.udpOnly && e.from === "users" && protocol === "http") return false;
  const accepts = nodeAccepts(plan.keysOf.get(e.to) ?? []);
  if (protocol !== "http") return accepts[protocol];
  const fromKeys = plan.keysOf.get(e.from) ?? [];
  const viaFront = ENTRIES.has(e.from) || (fromKeys.length > 0 && fromKeys.every((k) => PROXY_KEYS.has(k)));
  return accepts.http || !viaFront;
}

/** Every edge of a plan that cannot exist, as "from → to (label)". */
export function impossibleEdges(plan: CheckedPlan): string[] {
  return plan.edges.filter((e) => !edgePossible(plan, e)).map((e) => `${e.from} → ${e.to} (${e.label})`);
}

/** The first node hosting one of `keys` (in the order given). */
function nodeWith(plan: CheckedPlan, keys: string[]): string | undefined {
  for (const key of keys) {
    for (const [id, hosted] of plan.keysOf) if (hosted.includes(key)) return id;
  }
  return undefined;
}

/** Where an impossible edge goes instead (a node that accepts it), or undefined to drop it. */
function rerouteTarget(plan: CheckedPlan, e: EdgeData): string | undefined {
  const protocol = edgeProtocol(e.label);
  if (protocol !== "http" && ENTRIES.has(e.from)) return nodeWith(plan, LAYER4_FRONTS);
  if (protocol === "http" && !plan.udpOnly) {
    const api = nodeAccepts(plan.keysOf.get(plan.computeId) ?? []).http
      ? plan.computeId
      : nodeWith(plan, HTTP_RUNTIMES);
    if (api && api !== e.to) return api;
  }
  return undefined;
}

/** An edge into the UDP front for the security node whose HTTP path was removed (it still guards the network). */
function guardEdge(plan: CheckedPlan, securityId: string, color: string): EdgeData | undefined {
  const front = nodeWith(plan, LAYER4_FRONTS) ?? nodeWith(plan, [...LAYER4_KEYS]);
  if (!front || front === securityId) return undefined;
  const id = `${securityId}-${front}`.slice(0, 48);
  return { id, from: securityId, to: front, label: "L3/4 DDoS protection", style: "dashed", color };
}

/**
 * Re-routes or drops every impossible edge of a plan. A WAF left with no HTTP path (a UDP-only front) forwards
 * nothing and keeps a dashed edge to the layer-4 front it protects; any other node left unconnected is called by
 * the compute node.
 */
export function routeEdges(plan: CheckedPlan): EdgeData[] {
  const out: EdgeData[] = [];
  const has = (from: string, to: string) => out.some((e) => e.from === from && e.to === to);
  const blocked = plan.edges.filter((e) => !edgePossible(plan, e) && isWafNode(plan, e.to)).map((e) => e.to);
  const starved = new Set(
    blocked.filter((id) => !plan.edges.some((e) => e.to === id && edgePossible(plan, e))),
  );
  for (const e of plan.edges) {
    if (starved.has(e.from)) continue;
    if (edgePossible(plan, e)) {
      out.push(e);
      continue;
    }
    if (!mechanismPossible(plan, e)) {
      const rewritten = rewriteMechanism(e);
      if (!has(rewritten.from, rewritten.to) && edgePossible(plan, rewritten)) {
        out.push({ ...rewritten, id: uniqueId(out, rewritten.id) });
      }
      continue;
    }
    const to = rerouteTarget(plan, e);
    if (!to || to === e.from || has(e.from, to)) continue;
    const moved = { ...e, to, id: uniqueId(out, `${e.from}-${to}`) };
    if (edgePossible(plan, moved)) out.push(moved);
  }
  return reconnect(plan, out);
}

/** An edge id not used yet in `edges`. */
function uniqueId(edges: EdgeData[], base: string): string {
  let id = base.slice(0, 48);
  for (let i = 2; edges.some((e) => e.id === id); i++) id = `${base.slice(0, 44)}-${i}`;
  return id;
}

function isWafNode(plan: CheckedPlan, id: string): boolean {
  return (plan.keysOf.get(id) ?? []).some((k) => WAF_KEYS.has(k));
}

/** Connects the nodes an edge fix left alone (a WAF to the UDP front it guards; others from compute). */
function reconnect(plan: CheckedPlan, edges: EdgeData[]): EdgeData[] {
  const out = [...edges];
  for (const node of plan.nodes) {
    if (ENTRIES.has(node.id) || out.some((e) => e.from === node.id || e.to === node.id)) continue;
    const was = plan.edges.find((e) => e.from === node.id || e.to === node.id);
    if (!was) continue;
    const guard = isWafNode(plan, node.id) ? guardEdge(plan, node.id, was.color) : undefined;
    if (guard) out.push({ ...guard, id: uniqueId(out, guard.id) });
    else if (node.id === plan.computeId) {
      // The compute node the UDP entry no longer calls is called by the servers behind the front.
      const fleet = nodeWith(plan, [...LAYER4_KEYS].filter((k) => !LAYER4_FRONTS.includes(k)));
      if (fleet) {
        out.push({
          ...was,
          id: uniqueId(out, `${fleet}-${node.id}`),
          from: fleet,
          to: node.id,
          label: "API",
        });
      }
    } else {
      const id = uniqueId(out, `${plan.computeId}-${node.id}`);
      out.push({ ...was, id, from: plan.computeId, to: node.id, label: "API", style: "solid" });
    }
  }
  return forwardFronts(plan, out);
}

/** A layer-4 front that receives traffic and forwards it nowhere forwards it to the fleet behind it. */
function forwardFronts(plan: CheckedPlan, edges: EdgeData[]): EdgeData[] {
  const out = [...edges];
  for (const [id, keys] of plan.keysOf) {
    if (!keys.some((k) => LAYER4_FRONTS.includes(k))) continue;
    const inbound = out.find((e) => e.to === id && edgeProtocol(e.label) !== "control");
    if (!inbound || out.some((e) => e.from === id && edgeProtocol(e.label) !== "control")) continue;
    const behind = LAYER4_FRONTS.slice(LAYER4_FRONTS.indexOf(keys[0]) + 1);
    const next = nodeWith(plan, [...behind, ...[...LAYER4_KEYS].filter((k) => !LAYER4_FRONTS.includes(k))]) ??
      plan.computeId;
    if (!next || next === id) continue;
    out.push({ ...inbound, id: uniqueId(out, `${id}-${next}`), from: id, to: next });
  }
  return out;
}
