/**
 * TEMPORARY minimal planner so the pipeline can run while the real planner is built (see issue 2).
 * Replaced wholesale by the capability-driven planner.
 */
import type { PlanElement } from "./events.ts";
import type { NormalizedRequest } from "./request_schema.ts";

/** Version of the planner's output; part of the cache key. */
export const PLANNER_VERSION = "0";

/** A plan in emission order (nodes before the edges that use them). */
export interface Plan {
  capabilities: string[];
  elements: PlanElement[];
}

/** Plans both architectures for a request. */
export function planArchitecture(request: NormalizedRequest): Plan {
  const elements: PlanElement[] = [];
  for (const platform of ["cloudflare", "competitor"] as const) {
    const names = platform === "cloudflare" ? ["Users", "Workers", "D1", "R2"] : ["Users", "Lambda", "RDS", "S3"];
    const types = ["users", "compute", "database", "storage"] as const;
    names.forEach((name, i) =>
      elements.push({ type: "node", platform, data: { id: types[i], type: types[i], name, color: "#f38020" } })
    );
    elements.push({
      type: "edge",
      platform,
      data: { id: "e1", from: "users", to: "compute", label: "HTTPS", style: "solid", color: "#888888" },
    });
    elements.push({
      type: "cost",
      platform,
      data: { monthlyUsd: 5, items: [{ service: names[1], monthlyUsd: 5, basis: "base" }], assumptions: "placeholder" },
    });
  }
  for (const constraint of request.constraints) {
    elements.push({
      type: "priority_value_prop",
      platform: "cloudflare",
      data: { constraint, emoji: "⚡", title: constraint, description: "placeholder" },
    });
  }
  return { capabilities: [], elements };
}
