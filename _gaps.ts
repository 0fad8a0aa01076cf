import { planArchitecture } from "./lib/planner/planner.ts";
import { STRICT_ROLES, unmatchedRoles } from "./lib/planner/costs/cost_roles.ts";
import { parseCases } from "./tasks/eval_planner.ts";
for (const f of Deno.args) {
  for (const c of parseCases(Deno.readTextFileSync(f))) {
    const els = planArchitecture(c.request).elements as any[];
    const cost = (p: string) => els.find((e) => e.type === "cost" && e.platform === p).data;
    const cf = cost("cloudflare"), comp = cost("competitor");
    for (const [side, x, y] of [["cf", cf, comp], ["comp", comp, cf]] as const) {
      for (const g of unmatchedRoles(x.items, y.items)) {
        if (!(STRICT_ROLES as readonly string[]).includes(g.role)) {
          console.log(
            c.id,
            side,
            g.role,
            g.lines.map((l: any) => l.service).join(","),
          );
        }
      }
    }
  }
}
