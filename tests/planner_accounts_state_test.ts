/**
 * Two word classes read as an architect would: "accounts" that are ledger or platform records (savings
 * accounts, ad accounts, a bot's own account) are no sign-in for the app's users, so a headless job gets no
 * identity service, WAF or CDN from them; and a poller that acts only on what is new remembers what it has
 * seen in a key-value store.
 */
import assert from "node:assert/strict";
import type { PlanElement } from "../lib/protocol/events.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import type { Competitor, Constraint, Scale } from "../lib/protocol/request_schema.ts";

function plan(
  appDescription: string,
  o: { competitor?: Competitor; scale?: Scale; constraints?: Constraint[] } = {},
): PlanElement[] {
  return planArchitecture({
    appDescription,
    persona: "CIO/CTO",
    scale: o.scale ?? "Growth",
    constraints: o.constraints ?? [],
    competitor: o.competitor ?? "AWS",
    region: "Singapore",
  }).elements;
}

const names = (els: PlanElement[], platform: "cloudflare" | "competitor") =>
  els.filter((e) => e.type === "node" && e.platform === platform).map((e) =>
    (e as { data: { name: string } }).data.name
  );

Deno.test("accounts that are records: a headless job over bank or ad accounts gets no sign-in, WAF or CDN", () => {
  for (
    const text of [
      "Each night recalculate the overdraft fees on 40k current accounts and write them to the Postgres ledger",
      "Hourly job that pulls the balances of our 300 supplier accounts from the ERP API into BigQuery",
      "Month-end batch closing 2 million loan accounts: accrue interest, post journal entries, email nobody",
    ]
  ) {
    for (const competitor of ["AWS", "GCP"] as const) {
      const els = plan(text, { competitor });
      const all = [...names(els, "cloudflare"), ...names(els, "competitor")].join(" | ");
      assert.doesNotMatch(
        all,
        /Cognito|Identity Platform|Firebase Auth|\bWAF\b|Cloud Armor|CloudFront|Cloud CDN/i,
        text,
      );
    }
  }
});

Deno.test("accounts people sign in to still get sign-in", () => {
  for (
    const text of [
      "Parents create an account to book swimming lessons for their kids and pay online",
      "Portal where tenants log in to their account page to report repairs",
      "Members need an account to comment on the club's match reports",
    ]
  ) {
    const els = plan(text);
    assert.match(names(els, "competitor").join(" | "), /Cognito/, text);
  }
});

Deno.test("a poller that acts only on new items keeps what it has seen in a key-value store", () => {
  for (
    const text of [
      "Every 30 minutes check 120 news feeds and post the new articles to a Discord channel",
      "cron that scans the council's planning portal and emails me only listings not yet seen",
      "Poll the GitHub releases of 40 repos hourly and post each release to Slack without posting any twice",
    ]
  ) {
    const els = plan(text, { competitor: "Vercel", scale: "Startup" });
    assert.match(names(els, "cloudflare").join(" | "), /\bKV\b|D1/, text);
    assert.match(names(els, "competitor").join(" | "), /Upstash|Edge Config|Redis|Neon|KV/, text);
  }
});
