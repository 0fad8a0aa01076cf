/** The diagram: folds a design into at most 8 nodes and wires the edges. */
import { type EdgeData, MAX_NODES_PER_PLATFORM, type NodeData } from "../protocol/events.ts";
import { BRAND, NEUTRAL } from "./catalog/brand.ts";
import { type Cloud } from "./catalog/facts.ts";
import { CORE } from "./catalog/mapping.ts";
import { type WireEnd } from "./catalog/service_types.ts";
import { type Context, type Selection } from "./context.ts";
import { count, fitText, gb, slug } from "./format.ts";
import { SHAPE_TOPOLOGY } from "./catalog/shape_services.ts";

/** People hand the app files: uploads, attachments, or sending, submitting or sharing photos and documents. */
const HANDS_FILES = new RegExp(
  String
    .raw`\b(?:upload\w*|attach\w*|user[- ]generated)\b|\b(?:send|submit|share|post|add|drop|snap|scan)s?\b` +
    String
      .raw`(?:\s+[\w']+){0,3}?\s+(?:photos?|pictures?|files?|documents?|images?|pdfs?|videos?|receipts?|scans?)\b`,
  "i",
);

/** Folds the lowest-ranked services into related ones until the diagram fits; `entries` slots stay free. */
export function fold(
  selections: Map<string, Selection>,
  entries = 1,
): { nodes: Selection[]; alias: Map<string, string> } {
  const alive = [...selections.values()];
  const alias = new Map<string, string>(alive.map((s) => [s.key, s.key]));
  // Entry nodes (users, staff) take their slots.
  while (alive.length + entries > MAX_NODES_PER_PLATFORM) {
    const foldable = alive.filter((s) => !s.core);
    // Lowest rank first; ties: the later-selected one.
    const victim = foldable.reduce((lo, s) => (s.rank <= lo.rank ? s : lo));
    const partners = alive.filter((s) => s !== victim && s.def.group === victim.def.group);
    const host = partners.length
      ? partners.reduce((hi, s) => (s.rank > hi.rank ? s : hi))
      : alive.find((s) => s.core === "compute")!;
    const merged = `${host.name} + ${victim.name}`;
    // Core nodes (edge, compute) keep their names; what folds into them is listed in the subtitle.
    if (partners.length && merged.length <= 60 && !host.core) host.name = merged;
    else host.absorbed.push(victim.name, ...victim.absorbed);
    host.folded.push(victim, ...victim.folded);
    host.roles.push(...victim.roles.filter((r) => !host.roles.includes(r)));
    alive.splice(alive.indexOf(victim), 1);
    for (const [k, v] of alias) if (v === victim.key) alias.set(k, host.key);
  }
  return { nodes: alive, alias };
}

/** Subtitle: blurb, the services folded in (as many names as fit), then settings and roles. */
export function subtitleOf(sel: Selection): string {
  const base = sel.def.blurb;
  const [first, ...notes] = sel.notes;
  if (!sel.absorbed.length) return fitText([base, ...sel.notes, ...sel.roles], 120);
  // The first setting (usually the region), then what was folded in (as many names as fit), then the rest.
  const head = fitText([base, first ?? ""], 120);
  const room = 120 - head.length - " · also ".length;
  const names: string[] = [];
  let length = 0;
  for (const name of sel.absorbed) {
    const next = names.length === 0 ? name.length : length + 2 + name.length;
    if (next + 2 > room) break;
    names.push(name);
    length = next;
  }
  const rest = sel.absorbed.length - names.length;
  const also = names.length ? `also ${names.join(", ")}${rest ? ` +${rest}` : ""}` : `+${rest} more`;
  return fitText([head, also, ...notes, ...sel.roles], 120);
}

export function nodeColor(cloud: Cloud, sel: Selection): string {
  if (sel.def.external) return NEUTRAL.external;
  return BRAND[cloud].byType[sel.def.type] ?? BRAND[cloud].primary;
}

export const CORE_LABELS: Record<Cloud, string> = {
  cloudflare: "invoke",
  aws: "origin request",
  gcp: "serverless NEG",
  azure: "origin",
  vercel: "route",
};

/** An audience that listens (radio, podcasts, music). */
const LISTEN_WORDS = /\b(?:listen\w*|radio|podcasts?|audio|music|songs?|mp3s?|audiobooks?)\b/i;
/** An audience that watches video. */
const WATCH_WORDS = /\b(?:watch\w*|videos?|viewers?|films?|movies?|footage|clips?|tv)\b/i;
/** Voice assistants whose skills are called like webhooks. */
const VOICE_ASSISTANTS = /\b(?:alexa|google assistant|google home|siri)\b/i;
const CUSTOMER_WORDS = /\b(?:customers?|shoppers?|buyers?|clients)\b/i;

/** The entry node, named for what reaches the system (customers, staff, devices, a schedule…). */
export function usersNode(ctx: Context): NodeData {
  const w = ctx.workload;
  const t = ctx.traffic;
  const where = ctx.request.region === "Global" ? "worldwide" : `mostly in ${ctx.region.city}`;
  let name = SHAPE_TOPOLOGY[w.primary].entry;
  if (name === "Users" && CUSTOMER_WORDS.test(ctx.request.appDescription)) name = "Customers";
  const text = ctx.request.appDescription;
  // An audience that only listens, and a skill that an assistant calls, are named for what they are.
  if (w.primary === "media" && LISTEN_WORDS.test(text) && !WATCH_WORDS.test(text)) name = "Listeners";
  if (w.primary === "bot_webhook" && VOICE_ASSISTANTS.test(text)) name = "Voice assistants";
  // UDP that is not a game (voice chat, VPN, timing mats, NTP, SNMP traps) comes from clients and devices.
  if (w.primary === "realtime_udp" && !w.technologies.has("game")) name = "UDP clients / devices";
  // Staff who reach a bot inside their chat platform are its entry too (the platform signs them in).
  const staffOnly = entryIsStaff(ctx);
  if (staffOnly) name = "Staff";
  const detail = w.primary === "iot"
    ? [`${count(t.devices)} devices, ${count(t.devices * t.deviceMessagesEach)} msgs/month`]
    : w.primary === "batch_job"
    ? [`${count(t.jobRuns)} runs/month`, "no public traffic"]
    : w.primary === "ml_training"
    ? [
      `${t.staff} engineer${t.staff === 1 ? "" : "s"}`,
      w.cpuTraining
        ? `${count(t.vcpuHours)} vCPU-hours/month of training`
        : `${count(t.gpuHours)} GPU-hours/month of training`,
    ]
    : w.primary === "etl_warehouse" || w.primary === "stream_ingestion"
    ? [`${gb(t.ingestGb)}/month ingested`]
    : staffOnly
    ? [`${count(t.staffUsers ?? t.staff)} staff`, `${count(t.requests)} requests/month`]
    : [`${t.usersLabel}, ${where}`, `${count(t.requests)} requests/month`];
  return { id: "users", type: "users", name, subtitle: fitText(detail, 120), color: NEUTRAL.users };
}

/** Whether the entry node is the staff themselves (an internal tool, a bot inside their chat platform). */
function entryIsStaff(ctx: Context): boolean {
  const w = ctx.workload;
  return !w.audience.customers && (SHAPE_TOPOLOGY[w.primary].edge || !!w.audience.viaChat);
}

/**
 * A second entry node for the people behind SSO when the entry node is someone else (customers, devices, a
 * schedule): staff when the description names them, else the few operators who run the system.
 */
function staffNode(ctx: Context): NodeData {
  const named = ctx.workload.audience.staff;
  return {
    id: "staff",
    type: "users",
    name: named ? "Staff" : "Operators",
    subtitle: fitText(
      ctx.traffic.staffUsers !== undefined && !ctx.workload.audience.viaChat
        ? [
          `${count(ctx.traffic.staffUsers)} staff via the company's identity provider`,
          `${ctx.traffic.staff} admin seats behind SSO`,
        ]
        : [`${ctx.traffic.staff} ${named ? "staff" : "operator"} seats`, "admin / internal tools behind SSO"],
      120,
    ),
    color: NEUTRAL.users,
  };
}

/** Keys of the zero-trust / staff SSO services of a cloud. */
const STAFF_KEYS = new Set(["access", "identity_center", "iap", "entra_id", "deployment_protection"]);

/**
 * The label of the entry's first edge: a schedule's trigger, HTTPS into a CDN (or a host that is its own CDN,
 * such as Amplify Hosting serving a Next.js app), events or API calls into functions.
 */
function entryLabelOf(scheduled: boolean, front: Selection): string {
  return scheduled
    ? "scheduled trigger"
    : front.def.type === "cdn" || front.core === "edge"
    ? "HTTPS"
    : "events / API";
}

/**
 * A wire's label in this design: a Durable Object reached without live connections (ordering, dedupe,
 * counters, device state over HTTPS) is called over RPC, not through a WebSocket upgrade.
 */
function wireLabel(label: string, ctx: Context): string {
  return label === "WebSocket upgrade" && !ctx.caps.has("realtime") ? "RPC (stub call)" : label;
}

/** UDP traffic enters through Spectrum, not the HTTP edge: what attaches to "the edge" attaches there. */
function udpEntry(
  ctx: Context,
  byKey: Map<string, Selection>,
  alias: Map<string, string>,
): Selection | undefined {
  return ctx.workload.primary === "realtime_udp" ? byKey.get(alias.get("spectrum") ?? "") : undefined;
}

/** Lays a design out as diagram nodes (entry nodes first) and the edges between them. */
export function buildDiagram(
  cloud: Cloud,
  selections: Map<string, Selection>,
  ctx: Context,
): { nodes: NodeData[]; edges: EdgeData[] } {
  const zeroTrust = [...selections.keys()].find((k) => STAFF_KEYS.has(k));
  // Customers (or devices, or a schedule) are never wired into staff SSO: the people behind it get their own node.
  const withStaff = zeroTrust !== undefined && !entryIsStaff(ctx);
  const { nodes: kept, alias } = fold(selections, withStaff ? 2 : 1);
  const byKey = new Map(kept.map((s) => [s.key, s]));
  const edgeSel = kept.find((s) => s.core === "edge");
  const computeSel = kept.find((s) => s.core === "compute")!;
  const securityKey = CORE[cloud].security;
  const security = byKey.get(securityKey);
  const rest = kept.filter((s) => !s.core && s !== security).sort((a, b) => b.rank - a.rank);
  const ordered = [...(security ? [security] : []), ...(edgeSel ? [edgeSel] : []), computeSel, ...rest];
  const nodes: NodeData[] = [usersNode(ctx), ...(withStaff ? [staffNode(ctx)] : [])];
  for (const s of ordered) {
    nodes.push({
      id: s.id,
      type: s.def.type,
      name: s.name,
      subtitle: subtitleOf(s),
      color: nodeColor(cloud, s),
    });
  }
  const staffHost = zeroTrust ? alias.get(zeroTrust) : undefined;
  const entry = edgeSel ?? udpEntry(ctx, byKey, alias) ?? computeSel;
  const idOf = (end: WireEnd, self: Selection): string | undefined => {
    if (end === "users") return withStaff && self.key === staffHost ? "staff" : "users";
    if (end === "edge") return entry.id;
    if (end === "compute") return computeSel.id;
    if (end === "self") return self.id;
    const target = alias.get(end);
    return target ? byKey.get(target)?.id : undefined;
  };
  const edges: EdgeData[] = [];
  const seen = new Set<string>();
  const brand = BRAND[cloud];
  const addEdge = (from: string | undefined, to: string | undefined, label: string, dashed = false) => {
    if (!from || !to || from === to) return;
    const pair = `${from}>${to}`;
    if (seen.has(pair)) return;
    seen.add(pair);
    let id = slug(`${from}-${to}`);
    while (edges.some((e) => e.id === id)) id = slug(`${id.slice(0, 44)}-${edges.length}`);
    edges.push({
      id,
      from,
      to,
      label,
      style: dashed ? "dashed" : "solid",
      color: dashed ? brand.asyncEdge : brand.edge,
    });
  };
  const front = edgeSel ?? computeSel;
  const scheduled = !edgeSel && ctx.workload.primary === "batch_job";
  const entryLabel = entryLabelOf(scheduled, front);
  if (security) {
    addEdge("users", security.id, "HTTPS");
    addEdge(security.id, front.id, "filtered traffic");
  } else addEdge("users", front.id, entryLabel, scheduled);
  if (edgeSel) addEdge(edgeSel.id, computeSel.id, CORE_LABELS[cloud]);
  // Readers, devices and schedules upload nothing unless the description says people hand the app files.
  const uploads = HANDS_FILES.test(ctx.request.appDescription);
  for (const s of ordered) {
    for (const member of [s, ...s.folded]) {
      for (const [from, to, label, dashed] of member.def.wires) {
        if (from === "users" && /upload/i.test(label) && !uploads) continue;
        addEdge(idOf(from, s), idOf(to, s), wireLabel(label, ctx), dashed);
      }
    }
  }
  // Every node is connected to something.
  for (const s of rest) {
    if (!edges.some((e) => e.from === s.id || e.to === s.id)) addEdge(computeSel.id, s.id, "API");
  }
  if (withStaff && !edges.some((e) => e.from === "staff")) addEdge("staff", front.id, "SSO");
  return { nodes, edges };
}
