/**
 * Plan assembly: validates each raw element a provider yields and enforces the stream contract before
 * anything is sent — unique node ids per platform, at most 8 nodes per platform, edges only after both
 * endpoints were sent (held back until then), one value proposition per requested constraint, one cost per
 * platform. Invalid or contract-breaking elements are dropped and counted, never sent.
 */
import {
  elementSchema,
  MAX_NODES_PER_PLATFORM,
  MIN_NODES_PER_PLATFORM,
  type PlanElement,
  type Platform,
  PLATFORMS,
} from "../protocol/events.ts";
import type { NormalizedRequest } from "../protocol/request_schema.ts";

type EdgeElement = Extract<PlanElement, { type: "edge" }>;

/** Why a finished plan cannot be accepted, or null when it is complete. */
export type PlanProblem = string | null;

/** Accumulates one generation's elements; `accept` returns the elements that may be sent now. */
export class PlanAssembler {
  /** Elements that failed validation or broke the contract. */
  dropped = 0;
  /** Elements sent so far, in order. */
  readonly sent: PlanElement[] = [];
  readonly #nodes: Record<Platform, Map<string, string>> = { cloudflare: new Map(), competitor: new Map() };
  readonly #edgeIds: Record<Platform, Set<string>> = { cloudflare: new Set(), competitor: new Set() };
  readonly #pending: EdgeElement[] = [];
  readonly #props = new Set<string>();
  readonly #costs = new Set<Platform>();

  constructor(private readonly request: NormalizedRequest) {}

  /** Validates one raw element; returns what can be sent now (possibly held-back edges too). */
  accept(raw: unknown): PlanElement[] {
    const parsed = elementSchema.safeParse(raw);
    if (!parsed.success) {
      this.dropped++;
      return [];
    }
    const el = parsed.data;
    const out: PlanElement[] = [];
    switch (el.type) {
      case "node": {
        const nodes = this.#nodes[el.platform];
        if (nodes.has(el.data.id) || nodes.size >= MAX_NODES_PER_PLATFORM) {
          this.dropped++;
          break;
        }
        nodes.set(el.data.id, el.data.type);
        out.push(el);
        // Release edges that were waiting for this node.
        for (let i = 0; i < this.#pending.length;) {
          const edge = this.#pending[i];
          if (this.#edgeReady(edge)) {
            this.#pending.splice(i, 1);
            out.push(edge);
          } else i++;
        }
        break;
      }
      case "edge": {
        const ids = this.#edgeIds[el.platform];
        if (ids.has(el.data.id) || el.data.from === el.data.to) {
          this.dropped++;
          break;
        }
        ids.add(el.data.id);
        if (this.#edgeReady(el)) out.push(el);
        else this.#pending.push(el);
        break;
      }
      case "priority_value_prop": {
        const c = el.data.constraint;
        if (!this.request.constraints.includes(c) || this.#props.has(c)) {
          this.dropped++;
          break;
        }
        this.#props.add(c);
        out.push(el);
        break;
      }
      case "cost": {
        if (this.#costs.has(el.platform)) {
          this.dropped++;
          break;
        }
        this.#costs.add(el.platform);
        // The total is the sum of its items, whatever a model claims.
        const total = Math.round(el.data.items.reduce((s, i) => s + i.monthlyUsd, 0) * 100) / 100;
        out.push({ ...el, data: { ...el.data, monthlyUsd: total } });
        break;
      }
    }
    this.sent.push(...out);
    return out;
  }

  #edgeReady(edge: EdgeElement): boolean {
    const nodes = this.#nodes[edge.platform];
    return nodes.has(edge.data.from) && nodes.has(edge.data.to);
  }

  /** Node and edge counts of what was sent. */
  counts(): { nodes: number; edges: number } {
    let nodes = 0, edges = 0;
    for (const el of this.sent) {
      if (el.type === "node") nodes++;
      else if (el.type === "edge") edges++;
    }
    return { nodes, edges };
  }

  /** Closes the plan: edges still waiting are dropped; returns what is missing, if anything. */
  finish(): PlanProblem {
    this.dropped += this.#pending.length;
    this.#pending.length = 0;
    for (const platform of PLATFORMS) {
      const nodes = this.#nodes[platform];
      if (nodes.size < MIN_NODES_PER_PLATFORM) {
        return `the ${platform} architecture has ${nodes.size} valid components (at least ${MIN_NODES_PER_PLATFORM} needed)`;
      }
      if (![...nodes.values()].includes("users")) return `the ${platform} architecture has no users node`;
    }
    return null;
  }
}
