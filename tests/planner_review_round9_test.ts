/**
 * Classes from the architect's review of planner 14 (own phrasings, not from any eval file): figures the
 * plan must follow instead of the tier's defaults.
 */
import assert from "node:assert/strict";
import { classifyWorkload } from "../lib/planner/workload_shapes.ts";
import { nodeLines, planFor } from "./planner_fixtures.ts";

Deno.test("staff: a tool for a counted workforce is used by staff, not by a tier of customers", () => {
  for (
    const text of [
      "internal purchase request app for our 4,500 employees",
      "a leave booking portal used by our 700 staff",
      "internal shift swap tool for all of our 2k nurses and staff",
    ]
  ) {
    const w = classifyWorkload(text);
    assert.equal(w.primary, "internal_tool", text);
    assert.equal(w.audience.customers, false, text);
  }
  const els = planFor("internal purchase request app for our 4,500 employees");
  assert.match(nodeLines(els, "cloudflare"), /^Staff \| 4500 staff/m);
  // A shop's customers stay customers beside its staff.
  assert.equal(
    classifyWorkload("a shop where 9,000 customers order and our staff pack").audience.customers,
    true,
  );
});
