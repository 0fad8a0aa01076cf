/**
 * Edges whose mechanism only some services have: a Lambda event source mapping triggers Lambda alone (other
 * consumers poll the queue), and static hosting (Amplify Hosting, Firebase Hosting, Workers Static Assets) serves
 * pages rather than receiving API calls (the page calls the API). Each such edge is rewritten to what the services
 * can do.
 */
import { type EdgeData } from "../protocol/events.ts";
import type { CheckedPlan } from "./edge_protocols.ts";

/** A trigger only Lambda has. */
const LAMBDA_TRIGGER = /\bevent source mapping\b/i;
/** Static hosting: it serves the pages; nothing calls it as an API. */
const STATIC_HOSTS = new Set(["amplify", "firebase_hosting", "static_assets"]);
/** A service-to-service API call (not a cache fill, deploy, or asset read). */
const API_CALL = /^(?:api|api calls?)$/i;

const keys = (plan: CheckedPlan, id: string) => plan.keysOf.get(id) ?? [];

/** Whether an edge uses a mechanism its endpoints have (false: it must be rewritten). */
export function mechanismPossible(plan: CheckedPlan, e: EdgeData): boolean {
  if (LAMBDA_TRIGGER.test(e.label) && !keys(plan, e.to).includes("lambda")) return false;
  const toStatic = keys(plan, e.to).length > 0 && keys(plan, e.to).every((k) => STATIC_HOSTS.has(k));
  return !(toStatic && API_CALL.test(e.label) && !["users", "staff"].includes(e.from));
}

/** The edge rewritten to what its services can do: consumers poll the queue; the hosted page calls the API. */
export function rewriteMechanism(e: EdgeData): EdgeData {
  if (LAMBDA_TRIGGER.test(e.label)) return { ...e, label: "consumers poll" };
  return {
    ...e,
    id: `${e.to}-${e.from}`.slice(0, 48),
    from: e.to,
    to: e.from,
    label: "API calls from the page",
  };
}
