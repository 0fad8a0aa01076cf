/** Every service per cloud, keyed by service key. */
import { type Cloud } from "./facts.ts";
import { type ServiceDef } from "./service_types.ts";
import { AWS_SERVICES } from "./services_aws.ts";
import { AZURE_SERVICES } from "./services_azure.ts";
import { CLOUDFLARE_SERVICES } from "./services_cloudflare.ts";
import { GCP_SERVICES } from "./services_gcp.ts";
import { VERCEL_SERVICES } from "./services_vercel.ts";
import { WORKLOAD_SERVICES } from "./workload_services.ts";

/** Every service per cloud, keyed by service key. */
export const SERVICES: Record<Cloud, Record<string, ServiceDef>> = {
  cloudflare: { ...WORKLOAD_SERVICES.cloudflare, ...CLOUDFLARE_SERVICES },
  aws: { ...WORKLOAD_SERVICES.aws, ...AWS_SERVICES },
  gcp: { ...WORKLOAD_SERVICES.gcp, ...GCP_SERVICES },
  azure: { ...WORKLOAD_SERVICES.azure, ...AZURE_SERVICES },
  vercel: { ...WORKLOAD_SERVICES.vercel, ...VERCEL_SERVICES },
};
