/**
 * Hard requirements read from a description (data residency, HIPAA/PCI/SOC 2, strong consistency,
 * multi-region active-active) and who uses the system (customers, staff or both).
 */
import { compile } from "./match.ts";

/** Hard requirements that change the design. */
export interface Requirements {
  /**
   * Data must stay in a jurisdiction: "eu", "us" or a region-local "local"; "regional" when each tenant or
   * customer's data stays in its own region (several jurisdictions, nothing copied between them).
   */
  residency?: "eu" | "us" | "local" | "regional";
  hipaa: boolean;
  pci: boolean;
  soc2: boolean;
  strongConsistency: boolean;
  multiRegion: boolean;
}

// GDPR alone is not residency: it allows transfers with safeguards; only a phrase about where the data
// stays pins it.
const RESIDENCY = compile([
  "data residency",
  "residency",
  "(?:must|should|has to|have to|needs? to)(?: \\w+){0,4} (?:stay|remain|be stored|be kept|live|reside|be hosted) (?:in|within|inside)",
  "stay (?:in|within|inside) the (?:eu|us|uk|country)",
  "(?:eu|us|uk)[\\s-]only",
  "(?:data|phi|pii) (?:\\w+ ){0,3}(?:in|within) the (?:eu|us|uk)",
  "never leaves?",
  "not leave",
  "in[\\s-]country",
  "sovereign\\w*",
  "data locali[sz]ation",
  "kept in the (?:eu|us|uk)",
  // Where data must stay, in any country a regulator names (RBI, IRDAI, APRA, LGPD…), not only the EU or US.
  "(?:stays?|remains?|kept|stored|processed|hosted)(?: and (?:stored|processed))? (?:in|within|inside) (?:the )?(?:eu|us|uk|india|australia|japan|singapore|indonesia|brazil|canada|korea|south korea|switzerland|uae|saudi arabia|china|country|region)",
  "(?:rbi|irdai|meity|apra|pdpa|lgpd|dpdp|pipl)(?: rules?| guidelines?)?",
]);
/** Each tenant or customer's data stays in the region it belongs to ("each tenant picks where its data lives"). */
const PER_REGION = compile([
  // Whoever the tenants are: "each firm", "every school", "a customer".
  "(?:each|every|a) (?:[\\w-]+ )?[\\w-]+\\b[^.;]{0,40}\\b(?:picks?|chooses?|selects?|decides?|sets?)\\b[^.;]{0,20}\\bwhere (?:its|their) data",
  "(?:per|by)[\\s-](?:tenant|customer|client|region) (?:data )?residency",
  "data (?:residency )?(?:stays?|lives?|is stored|is kept|remains?) in (?:its|their|the (?:tenant|customer)'?s?) (?:own |chosen |home |selected )?(?:region|country|jurisdiction)",
  "(?:tenant|customer)[\\s-](?:selected|chosen) (?:data )?regions?",
]);
const EU = compile(["eu", "europe\\w*", "gdpr", "germany", "german", "france", "french", "uk", "schrems"]);
const US = compile(["usa", "u\\.s\\.?", "united states", "america\\w*", "phi", "hipaa"]);
/** "US" in capitals (the pronoun "us" is not a jurisdiction). */
const US_CAPS = /(?<![\w])US(?![\w])/;
/** Countries outside the EU and US whose own data must stay at home (a region-local jurisdiction). */
const LOCAL = compile([
  "india",
  "australia",
  "japan",
  "singapore",
  "indonesia",
  "brazil",
  "canada",
  "korea",
  "south korea",
  "switzerland",
  "uae",
  "saudi arabia",
  "china",
  "rbi",
  "irdai",
  "meity",
  "apra",
  "pdpa",
  "lgpd",
  "dpdp",
  "pipl",
]);

/** The jurisdiction the residency phrase names: a named country outside the EU/US makes it region-local. */
function jurisdiction(text: string, phrase: string): Requirements["residency"] {
  if (LOCAL.test(phrase)) return "local";
  if (EU.test(text)) return "eu";
  return US.test(text) || US_CAPS.test(text) ? "us" : "local";
}

/** Reads the hard requirements from a description. */
export function readRequirements(text: string): Requirements {
  const phrase = text.match(RESIDENCY)?.[0];
  const residency = PER_REGION.test(text)
    ? "regional"
    : phrase === undefined
    ? undefined
    : jurisdiction(text, phrase);
  return {
    residency,
    hipaa: compile(["hipaa", "phi", "protected health", "health records?", "ehr", "emr", "patient data"])
      .test(text),
    pci: compile(["pci(?:[\\s-]dss)?", "card ?holder data", "card numbers?", "pan data", "stores? cards?"])
      .test(
        text,
      ),
    soc2: compile(["soc ?2", "soc2", "iso ?27001", "audit (?:logs?|trails?)", "compliance"]).test(text),
    strongConsistency: compile([
      "strong(?:ly)? consisten\\w*",
      "linearizab\\w*",
      "serializab\\w*",
      "no double[\\s-](?:booking|spend\\w*|sell\\w*)",
      "never (?:double[\\s-]book|oversell)\\w*",
      "exactly[\\s-]once",
      "double (?:payments?|charges?|bookings?|spends?|sells?)",
      "idempoten\\w*",
      "safe to retry",
      "oversell\\w*",
      "no (?:lost|duplicate) (?:payments?|orders?|bookings?)",
      "consistent (?:inventory|balances?|ledger)",
      "strictly ordered",
      "(?:must|have to|has to|need to|needs to) be (?:\\w+ ){0,2}consistent",
      "(?:in|the) (?:exact|same|right) order (?:for|to) (?:everyone|all)",
      "no (?:two|2) (?:people|users|buyers|bidders) (?:can )?(?:get|win|book|buy) the same",
      "first (?:come|bid|click)[\\s,-]+first (?:served|wins)",
      // A thing claimed, booked or sold once only ("no double-claims", "never be double-booked").
      "double[\\s-](?:book(?:ed|ings?|s)?|claim(?:ed|ing|s)?|sold|sell(?:ing)?|spent|redeem(?:ed|ing|s)?|redemptions?)",
      "(?:first|only) (?:the )?\\d[\\d,.]*\\s*k? (?:to (?:claim|book|buy|register) )?(?:win|wins|get|gets|claim)",
      "one (?:entry|claim|vote|ticket|coupon|redemption|booking|seat|order) per (?:person|user|account|customer|member|household|device)",
      "(?:limited|capped) (?:number of )?(?:coupons?|vouchers?|seats?|tickets?|slots?|stock|units?)",
    ]).test(text),
    multiRegion: compile([
      "active[\\s-]active",
      "multi[\\s-]region",
      "survives? (?:the )?(?:loss|failure|outage) of (?:a|an entire|one) region",
      "region(?:al)? (?:failure|outage|failover)",
      "cross[\\s-]region",
      "(?:two|three|multiple|several) regions",
      "99\\.99+%?",
    ]).test(text),
  };
}

/** Who reaches the system. */
export interface Audience {
  customers: boolean;
  staff: boolean;
  /** Staff reach the system only through a chat platform's bot (Teams, Slack): its sign-in is theirs. */
  viaChat?: boolean;
}

export const STAFF = compile([
  "employees?",
  "staff",
  "internal",
  "admins?",
  "agents",
  "back[\\s-]?office",
  "operators?",
  "clinicians?",
  "nurses",
  "doctors",
  "teachers",
  "dispatchers?",
  "support team",
  "sales team",
  "moderators?",
  "editors",
  "warehouse workers",
  "sso",
  "okta",
  "entra",
  "azure ad",
]);
export const CUSTOMERS = compile([
  "customers?",
  "users?",
  "shoppers?",
  "buyers?",
  "patients?",
  "players?",
  "visitors?",
  "public",
  "subscribers?",
  "members",
  "students?",
  "fans",
  "viewers?",
  "readers?",
  "riders?",
  "guests?",
  "consumers?",
  "clients",
  // A Microsoft 365 or Entra ID tenant is the organisation's own directory, not a customer.
  "(?<!(?:365|entra(?: id)?|azure(?: ad)?|microsoft|m365|aad|directory|workspace|okta) )tenants?",
  "attendees?",
  "creators?",
  "sellers?",
  "residents?",
  "citizens?",
  "applicants?",
  "passengers?",
  "travel(?:l)?ers?",
  "tourists?",
  "donors?",
  "voters?",
  "listeners?",
  "learners",
  "households?",
  "homeowners?",
]);
