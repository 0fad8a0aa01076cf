/** Helpers to declare workload services compactly: a service with its list price. */
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
