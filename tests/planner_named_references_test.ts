/**
 * Named products are integrations only when the app calls them: "a Notion-like editor" or "a Trello clone"
 * names no Notion or Trello API; a payment provider the text names (Adyen, PayPal, Mollie…) is the payments
 * node, not Stripe.
 */
import assert from "node:assert/strict";
import { planArchitecture } from "../lib/planner/planner.ts";
import type { Competitor } from "../lib/protocol/request_schema.ts";

function nodeNames(appDescription: string, competitor: Competitor = "AWS"): string {
  return planArchitecture({
    appDescription,
    persona: "AIE/FDE",
    scale: "Growth",
    constraints: [],
    competitor,
    region: "London",
  }).elements.flatMap((e) => e.type === "node" ? [`${e.data.name} ${e.data.subtitle ?? ""}`] : []).join("\n");
}

Deno.test("a product named as a comparison is not an integration", () => {
  for (
    const [text, product] of [
      ["A Notion-like wiki for our 40-person agency with shared pages and comments", /Notion/],
      ["Trello clone for school projects: boards, cards, due dates", /Trello/],
      ["An app like Airtable for tracking our film festival submissions", /Airtable/],
    ] as const
  ) {
    assert.doesNotMatch(nodeNames(text), product, text);
  }
  assert.match(nodeNames("Sync our Notion pages into a search index every night"), /Notion/);
});

Deno.test("the payment provider the text names is the payments node", () => {
  for (
    const [text, provider] of [["Ticket shop for our festival, card payments through Adyen", "Adyen"], [
      "Online courses sold with PayPal checkout, 2k students",
      "PayPal",
    ]] as const
  ) {
    for (const competitor of ["AWS", "Vercel"] as Competitor[]) {
      const names = nodeNames(text, competitor);
      assert.match(names, new RegExp(provider), `${text} (${competitor})`);
      assert.doesNotMatch(names, /Stripe/, `${text} (${competitor})`);
    }
  }
});

Deno.test("agents who are people are staff, not AI agents", () => {
  for (
    const text of [
      "Screen sharing so our customer support agents can see what the customer sees, inside our web app",
      "A callback scheduler for our call-centre agents, 300 calls a day",
      "Travel agents build itineraries for clients and send them a PDF",
    ]
  ) {
    const names = nodeNames(text, "AWS") + nodeNames(text, "Vercel");
    assert.doesNotMatch(names, /Agents SDK|Bedrock|Workers AI|AI Gateway|OpenAI|LLM/i, text);
  }
  assert.match(nodeNames("An AI agent that books meetings by calling our calendar API"), /AI|LLM|Bedrock/i);
});
