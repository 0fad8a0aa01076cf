/**
 * A relational database is sized by the queries read (lib/planner/costs/db_size.ts), on the cost line and
 * the node alike. Phrasings are the tests' own, not from any eval file.
 */
import assert from "node:assert/strict";
import { costItem, nodeLines, planFor } from "./planner_fixtures.ts";

Deno.test("database size: the instance follows the queries read, a replica only for heavy reads", () => {
  const rds = (text: string) => costItem(planFor(text), "competitor", "RDS for PostgreSQL")?.basis ?? "";
  // 300 appointments a month at Growth scale: one small instance, no read replica.
  const small = rds("appointment app for a physio clinic on Postgres, about 300 appointments a month");
  assert.match(small, /^db\.t4g\.micro single-AZ: 1 ×/);
  // A busy site on one large instance; an API averaging 1,500 requests a second gets a replica beside it.
  const busy = rds("price comparison site on Postgres with 40 million visitors a month");
  assert.match(busy, /^db\.r6g\.large single-AZ: 1 ×/);
  const heavy = rds("product catalogue API on Postgres averaging 1,500 requests per second");
  assert.match(heavy, /^db\.r6g\.xlarge \+1 read replica: 2 ×/);
  // The node's subtitle names the same size as the cost line.
  const els = planFor("appointment app for a physio clinic on Postgres, about 300 appointments a month");
  assert.match(nodeLines(els, "competitor"), /RDS for PostgreSQL \|.*db\.t4g\.micro single-AZ/);
});
