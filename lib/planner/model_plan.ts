/**
 * LLM plans checked and priced by the catalog. A model's nodes are matched to catalog services of their
 * platform's cloud; a node naming another cloud's service or a retired one is dropped (returned as `null`,
 * which the plan assembler counts as an invalid element). When a platform's cost element arrives, its items
 * are replaced by the catalog cost engine's lines for the matched services; nodes the catalog does not know
 * keep the model's figure, marked "(model estimate)". The offline planner's elements pass untouched.
 */
import type { PlanElement, Platform } from "../protocol/events.ts";
import type { NormalizedRequest } from "../protocol/request_schema.ts";
import { type Cloud, CLOUD_NAMES, COMPETITOR_CLOUD } from "./catalog/facts.ts";
import { RETIRED_SERVICES } from "./catalog/retired.ts";
import { SERVICES } from "./catalog/services.ts";
import { type Context, type CostItem, makeContext, type Selection } from "./context.ts";
import { assumptions, costsFor, total } from "./costs/engine.ts";
import { item } from "./format.ts";
import { SHAPE_LABELS } from "./workload_shapes.ts";

const CLOUDS: Cloud[] = ["cloudflare", "aws", "gcp", "azure", "vercel"];

/** Lower-case letters and digits only, trailing plural "s" removed: "API Gateway WebSockets" → "apigatewaywebsocket". */
function norm(name: string): string {
  return name.toLowerCase().replace(/\(.*?\)/g, "").replace(/[^a-z0-9]+/g, "").replace(/s$/, "");
}

/** The parts of a catalog name that identify it ("API Gateway + Lambda" → "apigateway", "lambda"). */
function parts(name: string): string[] {
  return name.split(/\s*(?:\+|\/|,)\s*/).map(norm).filter((p) => p.length >= 2);
}

/** Catalog names per cloud: normalized part → service key. */
const INDEX: Record<Cloud, Map<string, string>> = Object.fromEntries(
  CLOUDS.map((cloud) => {
    const map = new Map<string, string>();
    for (const [key, def] of Object.entries(SERVICES[cloud])) {
      for (const p of [norm(def.name), ...parts(def.name)]) if (!map.has(p)) map.set(p, key);
    }
    return [cloud, map];
  }),
) as Record<Cloud, Map<string, string>>;

/** Brand prefixes a model may add ("Amazon S3", "Cloudflare Workers", "Google Cloud Storage"). */
const BRAND_PREFIX = /^(?:cloudflare|amazon|aws|google ?cloud|google|gcp|microsoft ?azure|azure|vercel)\s+/i;

/** The catalog service key a node name stands for on a cloud, if any. */
export function catalogKey(cloud: Cloud, name: string): string | undefined {
  const index = INDEX[cloud];
  const candidates = [name, name.replace(BRAND_PREFIX, "")];
  for (const c of candidates) {
    const whole = index.get(norm(c));
    if (whole) return whole;
    for (const p of parts(c)) {
      const hit = index.get(p);
      if (hit) return hit;
    }
  }
  const n = norm(name.replace(BRAND_PREFIX, ""));
  // A catalog name that contains the model's name ("API Gateway WebSockets" → API Gateway WebSocket API).
  let within: [string, string] | undefined;
  for (const [part, key] of index) {
    if (n.length >= 4 && part.includes(n) && (!within || part.length < within[0].length)) {
      within = [part, key];
    }
  }
  if (within) return within[1];
  // A longer model name that contains a distinctive catalog part ("Workers Paid" → workers).
  let best: [string, string] | undefined;
  for (const [part, key] of index) {
    if (part.length >= 4 && n.includes(part) && (!best || part.length > best[0].length)) best = [part, key];
  }
  return best?.[1];
}

/** Why a node cannot stand in a cloud's plan: another cloud's product, or a retired one. */
export function foreignOrRetired(cloud: Cloud, name: string): string | undefined {
  const n = norm(name);
  const retired = RETIRED_SERVICES[cloud].find((r) => n.includes(norm(r)));
  if (retired) return `${retired} is retired`;
  if (catalogKey(cloud, name)) return undefined;
  for (const other of CLOUDS) {
    if (other === cloud) continue;
    const key = INDEX[other].get(n) ?? INDEX[other].get(norm(name.replace(BRAND_PREFIX, "")));
    if (key && !SERVICES[other][key].external) return `${name} belongs to ${CLOUD_NAMES[other]}`;
  }
  return undefined;
}

interface SeenNode {
  name: string;
  key?: string;
}

/** Reviews one model generation's elements against the catalog (one instance per generation). */
export class ModelPlanReview {
  readonly #ctx: Context;
  readonly #clouds: Record<Platform, Cloud>;
  readonly #nodes: Record<Platform, SeenNode[]> = { cloudflare: [], competitor: [] };

  constructor(request: NormalizedRequest) {
    this.#ctx = contextOf(request);
    this.#clouds = { cloudflare: "cloudflare", competitor: COMPETITOR_CLOUD[request.competitor] };
  }

  /** The element to pass on: untouched, repriced (cost) or `null` (dropped) for a model's element. */
  review(provider: string, raw: unknown): unknown {
    if (provider === "offline" || raw === null || typeof raw !== "object") return raw;
    const el = raw as { type?: unknown; platform?: unknown; data?: Record<string, unknown> };
    if (el.platform !== "cloudflare" && el.platform !== "competitor") return raw;
    if (!el.data || typeof el.data !== "object") return raw;
    const cloud = this.#clouds[el.platform];
    if (el.type === "node" && typeof el.data.name === "string" && el.data.type !== "users") {
      if (foreignOrRetired(cloud, el.data.name)) return null;
      this.#nodes[el.platform].push({ name: el.data.name, key: catalogKey(cloud, el.data.name) });
      return raw;
    }
    if (el.type === "cost" && Array.isArray(el.data.items) && this.#nodes[el.platform].length) {
      return this.#price(el.platform, el.data.items as Partial<CostItem>[]);
    }
    return raw;
  }

  #price(platform: Platform, modelItems: Partial<CostItem>[]): PlanElement {
    const cloud = this.#clouds[platform];
    const seen = this.#nodes[platform];
    const selections = new Map<string, Selection>();
    for (const node of seen) {
      if (!node.key || selections.has(node.key)) continue;
      const def = SERVICES[cloud][node.key];
      selections.set(node.key, {
        key: node.key,
        def,
        id: def.id,
        name: def.name,
        roles: [],
        notes: [],
        rank: 0,
        folded: [],
        absorbed: [],
      });
    }
    const items = costsFor(cloud, selections, this.#ctx);
    for (const node of seen.filter((s) => !s.key)) {
      const own = modelItems.find((i) =>
        typeof i.service === "string" && norm(i.service).includes(norm(node.name))
      );
      const amount = typeof own?.monthlyUsd === "number" && Number.isFinite(own.monthlyUsd)
        ? own.monthlyUsd
        : 0;
      items.push(item(`${node.name} (model estimate)`, amount, [
        typeof own?.basis === "string" ? own.basis : "model estimate",
        "not in the catalog",
      ]));
    }
    const kept = items.slice(0, 20);
    return {
      type: "cost",
      platform,
      data: {
        monthlyUsd: total(kept),
        items: kept,
        assumptions: `${assumptions(this.#ctx, cloud, kept)}`.slice(0, 720) +
          " Priced from the catalog; (model estimate) lines are the model's.",
      },
    };
  }
}

/** A cloud's catalog product names for the model prompt: its own products, then the partners' (unmarked). */
export interface CatalogNames {
  own: string[];
  thirdParty: string[];
}

/** Marker some partner names carry in the catalog; the prompt lists partners under their own heading. */
const THIRD_PARTY_MARK = / \(third-party\)$/;

/** Catalog product names of a cloud, for the model prompt (own services and partners apart, catalog order). */
export function catalogServiceNames(cloud: Cloud): CatalogNames {
  const own = new Set<string>();
  const thirdParty = new Set<string>();
  for (const def of Object.values(SERVICES[cloud])) {
    if (def.external) thirdParty.add(def.name.replace(THIRD_PARTY_MARK, ""));
    else own.add(def.name);
  }
  return { own: [...own], thirdParty: [...thirdParty] };
}

/** The workload shapes of a description, as labels for the model prompt. */
export function workloadLabels(request: NormalizedRequest): string[] {
  return contextOf(request).workload.shapes.map((s) => SHAPE_LABELS[s]);
}

/**
 * The planner's reading of a request, made once per request object: a model generation reads it for the
 * prompt (its workload shapes) and again for the review of the model's plan. Only read, never changed.
 */
const CONTEXTS = new WeakMap<NormalizedRequest, Context>();

function contextOf(request: NormalizedRequest): Context {
  let ctx = CONTEXTS.get(request);
  if (!ctx) CONTEXTS.set(request, ctx = makeContext(request));
  return ctx;
}
