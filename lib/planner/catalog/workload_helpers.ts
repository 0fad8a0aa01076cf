/** Helpers to declare workload services compactly: a service with its list price. */
import { prov } from "./facts.ts";
import type { Meter, ServiceDef, ServicePrice, Wire } from "./service_types.ts";

type Group = ServiceDef["group"];

export const price = (
  fact: ServicePrice["fact"],
  meter: Meter,
  unit: string,
  included = 0,
  factor = 1,
): ServicePrice => ({
  fact,
  meter,
  unit,
  included,
  factor,
});

export function svc(
  id: string,
  name: string,
  type: ServiceDef["type"],
  group: Group,
  blurb: string,
  wires: Wire[],
  p?: ServicePrice,
  extra: Partial<ServiceDef> = {},
): ServiceDef {
  return { id, name, type, group, blurb, wires, ...(p ? { price: p } : {}), ...extra };
}

export const CF = "https://developers.cloudflare.com";
export const API: Wire[] = [["compute", "self", "API"]];

/** Azure Bot registration a Teams bot needs wherever its code runs (standard channels carry no fee). */
export const BOT_REGISTRATION: ServiceDef = svc(
  "bot-registration",
  "Azure Bot registration (Teams)",
  "external",
  "external",
  "Teams reaches bots only through an Azure Bot resource",
  [["self", "compute", "activity webhook", true]],
  price(
    prov(
      0,
      "USD: standard channels (Teams) carry no message fee",
      "https://azure.microsoft.com/en-us/pricing/details/bot-services/",
    ),
    "month",
    "month",
  ),
  { external: true },
);
/** Heavy multi-core, multi-hour jobs that a functions or edge platform does not run. */
export const HPC_PARTNER: ServiceDef = svc(
  "hpc-partner",
  "Batch compute on a VM cloud",
  "compute",
  "external",
  "AWS Batch / Cloud Batch / Azure Batch on Spot VMs",
  [["compute", "self", "submit job", true]],
  // Billed by the VM cloud that runs the jobs, at the same on-demand vCPU-hour as the competitor's batch service.
  price(
    prov(
      0.0425,
      "USD/vCPU-hour c6i-class on-demand on the batch cloud (Spot is cheaper)",
      "https://aws.amazon.com/batch/pricing/",
    ),
    "vcpu_hours",
    "vCPU-h",
  ),
  { external: true },
);
