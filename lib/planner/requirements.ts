/**
 * Hard requirements read from a description (data residency, HIPAA/PCI/SOC 2, strong consistency,
 * multi-region active-active) and who uses the system (customers, staff or both).
 */
import { compile } from "./match.ts";

/** Hard requirements that change the design. */
export interface Requirements {
  /** Data must stay in a jurisdiction: "eu", "us" or a region-local "local". */
  residency?: "eu" | "us" | "local";
  hipaa: boolean;
  pci: boolean;
  soc2: boolean;
  strongConsistency: boolean;
  multiRegion: boolean;
}

const RESIDENCY = compile([
  "data residency",
  "residency",
  "gdpr",
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
]);
const EU = compile(["eu", "europe\\w*", "gdpr", "germany", "german", "france", "french", "uk", "schrems"]);
const US = compile(["us", "usa", "u\\.s\\.?", "united states", "america\\w*", "phi", "hipaa"]);

/** Reads the hard requirements from a description. */
export function readRequirements(text: string): Requirements {
  const residency = RESIDENCY.test(text)
    ? (EU.test(text) ? "eu" : US.test(text) ? "us" : "local")
    : undefined;
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
  "tenants?",
  "attendees?",
  "creators?",
  "sellers?",
]);
