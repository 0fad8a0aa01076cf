import { classifyWorkload } from "/work/wt/planner/lib/planner/workload_shapes.ts";
for (const t of Deno.args) console.log(classifyWorkload(t).shapes.join(","), "|", t);
