import { detectCapabilities } from "./lib/planner/capabilities.ts";
const t = Deno.args[0];
const words = t.split(/(?<=[.,:;)])\s+/);
console.log(detectCapabilities(t).join(","));
for (const w of words) console.log(JSON.stringify(w), detectCapabilities(w).join(","));
