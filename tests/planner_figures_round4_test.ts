import assert from "node:assert/strict";
import { readNumbers } from "../lib/planner/numbers.ts";
import { classifyNoun } from "../lib/planner/figure_nouns.ts";
import { normalizeFigures } from "../lib/planner/figure_text.ts";
import { planArchitecture } from "../lib/planner/planner.ts";
import type { NormalizedRequest } from "../lib/protocol/request_schema.ts";

// Phrasings written for this test: none of them is in an eval file.

Deno.test("figures: nouns are classified by meaning, with typos, plurals and other languages", () => {
  const cases: [string, string][] = [
    ["custmers", "people"],
    ["subscribrs", "people"],
    ["Mitglieder", "people"],
    ["usuários", "people"],
    ["adhérents", "people"],
    ["utenti", "people"],
    ["empleados", "staff"],
    ["Mitarbeiter", "staff"],
    ["thermometers", "devices"],
    ["sensores", "devices"],
    ["pharmacies", "places"],
    ["tiendas", "places"],
    ["subdomains", "places"],
    ["invoices", "records"],
    ["lectures", "media"],
    ["reservas", "events"],
    ["matches", "groups"],
  ];
  for (const [word, cls] of cases) assert.equal(classifyNoun(word), cls, word);
  // Units, parts of a system and verb forms count nothing.
  for (const word of ["minutes", "nodes", "regions", "stored", "uses", "replicas"]) {
    assert.equal(classifyNoun(word), undefined, word);
  }
});

Deno.test("figures: hedges are ignored and ranges are read at the upper end", () => {
  assert.equal(readNumbers("a tennis league app, perhaps 450 memebers").users, 450);
  assert.equal(readNumbers("portal para cerca de 12 mil socios").users, 12_000);
  assert.equal(readNumbers("Vereinsportal für etwa 900 Mitglieder").users, 900);
  assert.equal(readNumbers("espace client pour environ 7000 adhérents").users, 7000);
  assert.equal(readNumbers("an app for 20k-60k shoppers").users, 60_000);
  assert.equal(readNumbers("between 2k and 9k riders a month").users, 9_000);
  assert.equal(readNumbers("from 15k to 40k subscribers").users, 40_000);
  assert.equal(normalizeFigures("unos 3.200 alumnos"), "3200 alumnos");
  assert.equal(readNumbers("unos 3.200 alumnos").users, 3_200);
});

Deno.test("figures: counts that are not users are read as what they count", () => {
  const dns = readNumbers("secondary DNS for 4,500 customer zones");
  assert.equal(dns.places, 4_500);
  assert.equal(dns.users, undefined);
  const chain = readNumbers("loyalty app for a chain of 45 pharmacies with 80k cardholders");
  assert.equal(chain.places, 45);
  assert.equal(chain.users, 80_000);
  assert.equal(readNumbers("fleet of 3,400 refrigerated trailers reporting position").devices, 3_400);
  assert.equal(readNumbers("dashboard for 250 Mitarbeiter in three plants").staff, 250);
  const match = readNumbers("arena shooter, 10 players per match, 700 matches at once at peak");
  assert.equal(match.groupSize, 10);
  assert.equal(match.concurrent, 7_000);
});

Deno.test("figures: stored volumes from items × size and recordings × length", () => {
  const photos = readNumbers("archive of 500k scans averaging 4 MB each");
  assert.equal(Math.round(photos.storedGb!), 2_000);
  const course = readNumbers("a course site with 1,200 lectures (avg 45 min) for nurses");
  assert.equal(course.mediaHours, 900);
  const history = readNumbers("importamos 20GB por día y guardamos 3 años de historial");
  assert.equal(history.ingestGbMonth, 600);
  assert.equal(history.retentionDays, 3 * 365);
});

Deno.test("figures: a peak rate sizes capacity and is billed at an assumed average", () => {
  const peak = readNumbers("checkout API with bursts of 6k rps during drops");
  assert.equal(peak.peakPerSecond, 6_000);
  assert.equal(peak.requests, 6_000 * 2_592_000 / 3);
  const average = readNumbers("checkout API averaging 6k rps");
  assert.equal(average.requests, 6_000 * 2_592_000);
  assert.equal(average.peakPerSecond, undefined);
  const { elements } = planArchitecture(
    {
      appDescription: "ticketing API for a stadium, peaking at 1,500 requests per second on sale days",
      persona: "CIO/CTO",
      scale: "Growth",
      constraints: ["Cost Optimization"],
      competitor: "AWS",
      region: "London",
    } satisfies NormalizedRequest,
  );
  const cost = elements.find((e) => e.type === "cost" && e.platform === "competitor");
  assert.ok(cost?.type === "cost");
  assert.match(cost.data.assumptions, /peak .* sizes capacity; the month is billed at an average of 1\/3/);
});

Deno.test("figures: a typo'd, hedged member count reaches the plan's assumptions", () => {
  const { elements } = planArchitecture({
    appDescription: "court booking for our village bowls club, roughly 180 memmbers, fees and fixtures",
    persona: "Vibe Coder",
    scale: "Startup",
    constraints: ["Cost Optimization"],
    competitor: "AWS",
    region: "Sydney",
  });
  const cost = elements.find((e) => e.type === "cost" && e.platform === "cloudflare");
  assert.ok(cost?.type === "cost");
  assert.match(cost.data.assumptions, /Read from the description: [^.]*180 memmbers/);
  assert.doesNotMatch(cost.data.assumptions, /≈500 users/);
});

Deno.test("figures: employees of counted tenants are the product's users, not staff seats", () => {
  const { elements } = planArchitecture({
    appDescription:
      "Expense-claims SaaS sold to accounting firms: 450 tenant firms with 60k employees submitting",
    persona: "CIO/CTO",
    scale: "Enterprise",
    constraints: ["Enterprise Security"],
    competitor: "Azure",
    region: "Frankfurt",
  });
  const cost = elements.find((e) => e.type === "cost" && e.platform === "cloudflare");
  assert.ok(cost?.type === "cost");
  assert.match(cost.data.assumptions, /60K employees are the tenants' people \(users\), not staff seats/);
  const access = cost.data.items.find((i) => i.service === "Access (Zero Trust)");
  assert.ok(!access || access.monthlyUsd < 1_000, `Access priced for ${access?.monthlyUsd}`);
  // The operator's own offices are not tenants: their employees stay staff seats.
  assert.equal(readNumbers("intranet for 3,200 employees across 14 offices").staff, 3_200);
  const own = planArchitecture({
    appDescription: "intranet for 3,200 employees across 14 offices, SSO with Okta",
    persona: "CIO/CTO",
    scale: "Enterprise",
    constraints: ["Enterprise Security"],
    competitor: "AWS",
    region: "London",
  }).elements.find((e) => e.type === "cost" && e.platform === "cloudflare");
  assert.ok(own?.type === "cost");
  assert.doesNotMatch(own.data.assumptions, /tenants' people/);
});

Deno.test("figures: provisioned capacity (Event Hubs throughput units) is sized for a stated peak", () => {
  const hubs = (appDescription: string) => {
    const { elements } = planArchitecture({
      appDescription,
      persona: "CIO/CTO",
      scale: "Enterprise",
      constraints: ["Scalability"],
      competitor: "Azure",
      region: "Frankfurt",
    });
    const cost = elements.find((e) => e.type === "cost" && e.platform === "competitor");
    assert.ok(cost?.type === "cost");
    return cost.data.items.find((i) => i.service.startsWith("Event Hubs"))?.basis ?? "";
  };
  const peak = hubs("stream clickstream events from our apps into the lake, bursts of 9k events/sec at noon");
  assert.match(peak, /^9 TU/);
  const average = hubs("stream clickstream events from our apps into the lake, 9k events/sec on average");
  assert.match(average, /^9 TU/);
});
