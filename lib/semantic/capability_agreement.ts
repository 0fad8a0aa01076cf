/**
 * The decisive-capability gate of the semantic cache: a candidate is refused when the asker's request and
 * the stored one disagree on a capability that changes the architecture decisively (payments, AI, video,
 * offline use, real-time collaboration, multi-tenancy): one asks for it and the other says it does not want
 * it ("without any payments", "no AI", "we don't need offline") or never names it. Such pairs share most
 * words and most node names, so neither the cosine nor the plan-agreement gate parts them, but the stored
 * answer has a payment processor, a model or a sync layer the asker did not ask for, or lacks one the asker
 * needs. A side that only mentions a word that may mean it (a fare, "a vision model", a typo) is no
 * disagreement, nor is a capability neither side asks for (a short paraphrase and a long one that says "no
 * payments" agree). The stances are read by the offline planner (lib/planner/decisive_capabilities.ts),
 * handed in by lib/app_services.ts.
 */
import type { NormalizedRequest } from "../protocol/request_schema.ts";

/** A request's stance on a decisive capability: asks for it, refuses it, or only mentions a word for it. */
export type CapabilityStance = "asked" | "refused" | "unclear";

/** The stances of one request, by capability ("payments", "ai", "offline", …); an unnamed one is absent. */
export type CapabilityStances = Readonly<Partial<Record<string, CapabilityStance>>>;

/** Reads the decisive capabilities a request takes a stance on. */
export type CapabilitiesOf = (request: NormalizedRequest) => CapabilityStances;

/** The capabilities one request asks for and the other refuses or never names (empty: they agree). */
export function capabilityDisagreements(a: CapabilityStances, b: CapabilityStances): string[] {
  const out: string[] = [];
  for (const c of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[c], y = b[c];
    if ((x === "asked") !== (y === "asked") && x !== "unclear" && y !== "unclear") out.push(c);
  }
  return out;
}

/** Whether two requests agree on every decisive capability (the gate). */
export function capabilitiesAgree(a: CapabilityStances, b: CapabilityStances): boolean {
  return capabilityDisagreements(a, b).length === 0;
}
