/**
 * Services for workload shapes, named technologies and requirements beyond the web-app core: orchestration,
 * warehouses, stream ingestion, UDP proxying, WebRTC, training, Kubernetes, custom hostnames, API
 * management, OCR, push, compliance controls. Each carries its list price (`price`, priced by
 * costs/generic.ts) with its source; `chk` figures were confirmed on a stored copy of a public page,
 * `prov` figures are flagged unverified.
 */
import type { Cloud } from "./facts.ts";
import type { ServiceDef } from "./service_types.ts";
import { AWS_WORKLOAD } from "./workload_aws.ts";
import { AZURE_WORKLOAD } from "./workload_azure.ts";
import { CLASS_SERVICES } from "./workload_classes.ts";
import { CLOUDFLARE_WORKLOAD } from "./workload_cloudflare.ts";
import { CORE_PART_SERVICES } from "./core_parts_services.ts";
import { EXTENDED_SERVICES } from "./workload_extended.ts";
import { GCP_WORKLOAD } from "./workload_gcp.ts";
import { KEPT_SERVICES } from "./workload_kept.ts";
import { MIGRATION_SERVICES } from "./workload_migration.ts";
import { VERCEL_WORKLOAD } from "./workload_vercel.ts";

/** Workload services per cloud, merged into `SERVICES`. */
export const WORKLOAD_SERVICES: Record<Cloud, Record<string, ServiceDef>> = {
  cloudflare: {
    ...CLOUDFLARE_WORKLOAD,
    ...EXTENDED_SERVICES.cloudflare,
    ...MIGRATION_SERVICES.cloudflare,
    ...CLASS_SERVICES.cloudflare,
    ...KEPT_SERVICES.cloudflare,
    ...CORE_PART_SERVICES.cloudflare,
  },
  aws: {
    ...AWS_WORKLOAD,
    ...EXTENDED_SERVICES.aws,
    ...MIGRATION_SERVICES.aws,
    ...CLASS_SERVICES.aws,
    ...KEPT_SERVICES.aws,
    ...CORE_PART_SERVICES.aws,
  },
  gcp: {
    ...GCP_WORKLOAD,
    ...EXTENDED_SERVICES.gcp,
    ...MIGRATION_SERVICES.gcp,
    ...CLASS_SERVICES.gcp,
    ...KEPT_SERVICES.gcp,
    ...CORE_PART_SERVICES.gcp,
  },
  azure: {
    ...AZURE_WORKLOAD,
    ...EXTENDED_SERVICES.azure,
    ...MIGRATION_SERVICES.azure,
    ...CLASS_SERVICES.azure,
    ...KEPT_SERVICES.azure,
    ...CORE_PART_SERVICES.azure,
  },
  vercel: {
    ...VERCEL_WORKLOAD,
    ...EXTENDED_SERVICES.vercel,
    ...CLASS_SERVICES.vercel,
    ...KEPT_SERVICES.vercel,
    ...CORE_PART_SERVICES.vercel,
  },
};
