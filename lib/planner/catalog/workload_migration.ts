/**
 * Services a migration, a multi-tenant SaaS and a webhook worker need on the competitor clouds and that the
 * other catalog files lack: the cloud's own server-migration service, backup and disaster recovery of the
 * moved servers, hosted Windows desktops for an RDP estate, container registries, public certificates, secret
 * stores and the clouds' BI tools. None of these figures was confirmed on a stored copy of the provider's
 * page: all are `prov` (flagged unverified), transcribed from the providers' public pricing pages.
 */
import { type Cloud, prov } from "./facts.ts";
import type { ServiceDef } from "./service_types.ts";
import { price, svc } from "./workload_helpers.ts";

const AWS = "https://aws.amazon.com";
const GCP = "https://cloud.google.com";
const AZ = "https://azure.microsoft.com/en-us/pricing/details";

/** AWS services of this set. */
const AWS_MIGRATION: Record<string, ServiceDef> = {
  mgn: svc(
    "mgn",
    "AWS Application Migration Service (MGN)",
    "compute",
    "compute",
    "Block-level replication of the existing servers, cut over with minimal change",
    [["self", "compute", "replicate + cut over", true]],
    price(
      prov(
        0,
        "USD: free for 2,160 hours (90 days) per server replicated",
        `${AWS}/application-migration-service/pricing/`,
      ),
      "month",
      "month",
    ),
  ),
  drs: svc(
    "aws-drs",
    "AWS Elastic Disaster Recovery (DRS)",
    "compute",
    "compute",
    "Continuous block-level replication of the servers to a recovery Region, failover in minutes",
    [["compute", "self", "replicates to the recovery Region", true]],
    price(
      prov(0.028, "USD/hour per replicated source server", `${AWS}/disaster-recovery/pricing/`),
      "instances",
      "server-h",
    ),
  ),
  backup: svc(
    "aws-backup",
    "AWS Backup",
    "storage",
    "data",
    "Scheduled backups of the moved servers and databases, cross-Region copies",
    [["compute", "self", "backup plan", true]],
    price(prov(0.05, "USD/GB-month (EBS / EC2 backup, warm)", `${AWS}/backup/pricing/`), "stored_gb", "GB"),
  ),
  workspaces: svc(
    "workspaces",
    "WorkSpaces / AppStream 2.0",
    "compute",
    "compute",
    "Hosted Windows desktops or streamed apps instead of RDP to an office server",
    [["users", "self", "WorkSpaces client / browser"], ["self", "compute", "app session"]],
    price(
      prov(35, "USD/user-month (Standard Windows bundle, AlwaysOn)", `${AWS}/workspaces/pricing/`),
      "staff",
      "user",
    ),
  ),
  ecr: svc(
    "ecr",
    "ECR (container registry)",
    "storage",
    "compute",
    "Images of the migrated services, scanned on push",
    [["self", "compute", "pull image"]],
    price(prov(0.1, "USD/GB-month stored", `${AWS}/ecr/pricing/`), "month", "month", 0, 20),
  ),
  acm: svc(
    "acm",
    "ACM (Certificate Manager)",
    "dns",
    "edge",
    "Public TLS certificates for tenant domains, auto-renewed",
    [["self", "edge", "certificates"]],
    price(
      prov(0, "USD: public certificates on CloudFront / ALB are free", `${AWS}/certificate-manager/pricing/`),
      "month",
      "month",
    ),
  ),
  quicksight: svc(
    "quicksight",
    "QuickSight",
    "analytics",
    "insight",
    "Dashboards and reports on the warehouse",
    [["self", "redshift", "SQL"]],
    price(
      prov(24, "USD/author-month (readers $3/month)", `${AWS}/quicksight/pricing/`),
      "month",
      "month",
      0,
      2,
    ),
  ),
  secrets_manager: svc(
    "secrets-manager",
    "Secrets Manager",
    "security",
    "identity",
    "Third-party API tokens, rotated, never in code",
    [["compute", "self", "GetSecretValue"]],
    price(
      prov(0.4, "USD/secret-month (+ $0.05 per 10K calls)", `${AWS}/secrets-manager/pricing/`),
      "month",
      "month",
      0,
      10,
    ),
  ),
};

/** Google Cloud services of this set. */
const GCP_MIGRATION: Record<string, ServiceDef> = {
  migrate_vms: svc(
    "migrate-to-vms",
    "Migrate to Virtual Machines",
    "compute",
    "compute",
    "Replicates the existing VMs into Compute Engine, test clones before cut-over",
    [["self", "compute", "replicate + cut over", true]],
    price(
      prov(0, "USD: the migration service itself is free", `${GCP}/migrate/virtual-machines/pricing`),
      "month",
      "month",
    ),
  ),
  backup_dr: svc(
    "backup-dr",
    "Backup and DR",
    "storage",
    "data",
    "Scheduled backups of the moved VMs and databases",
    [["compute", "self", "backup plan", true]],
    price(
      prov(
        0.03,
        "USD/GiB-month protected (Compute Engine, plus storage)",
        `${GCP}/backup-disaster-recovery/pricing`,
      ),
      "stored_gb",
      "GB",
    ),
  ),
  artifact_registry: svc(
    "artifact-registry",
    "Artifact Registry",
    "storage",
    "compute",
    "Container images of the migrated services, vulnerability scanning",
    [["self", "compute", "pull image"]],
    price(
      prov(0.1, "USD/GB-month after 0.5 GB", `${GCP}/artifact-registry/pricing`),
      "month",
      "month",
      0,
      20,
    ),
  ),
  looker_studio: svc(
    "looker-studio",
    "Looker Studio",
    "analytics",
    "insight",
    "Dashboards on BigQuery (free; Pro per user)",
    [["self", "bigquery", "BigQuery connector"]],
    price(
      prov(0, "USD: Looker Studio is free (Pro $9/user/project-month)", `${GCP}/looker-studio`),
      "month",
      "month",
    ),
  ),
  secret_manager: svc(
    "secret-manager",
    "Secret Manager",
    "security",
    "identity",
    "Third-party API tokens, versioned, never in code",
    [["compute", "self", "access secret"]],
    price(
      prov(
        0.06,
        "USD/active secret version-month (+ $0.03 per 10K accesses)",
        `${GCP}/secret-manager/pricing`,
      ),
      "month",
      "month",
      0,
      10,
    ),
  ),
};

/** Azure services of this set. */
const AZURE_MIGRATION: Record<string, ServiceDef> = {
  azure_migrate: svc(
    "azure-migrate",
    "Azure Migrate",
    "compute",
    "compute",
    "Discovery, assessment and server migration of the existing VMs",
    [["self", "compute", "replicate + cut over", true]],
    price(
      prov(
        0,
        "USD: discovery, assessment and the first 180 days of server migration are free",
        `${AZ}/azure-migrate/`,
      ),
      "month",
      "month",
    ),
  ),
  site_recovery: svc(
    "site-recovery",
    "Azure Site Recovery",
    "compute",
    "compute",
    "Replicates the VMs to a paired region, recovery plans and test failovers",
    [["compute", "self", "replicates to the paired region", true]],
    price(
      prov(25 / 730, "USD/hour per protected instance ($25 per instance-month)", `${AZ}/site-recovery/`),
      "instances",
      "instance-h",
    ),
  ),
  azure_backup: svc(
    "azure-backup",
    "Azure Backup",
    "storage",
    "data",
    "Scheduled backups of the moved VMs and SQL databases",
    [["compute", "self", "backup policy", true]],
    price(
      prov(
        0.0224,
        "USD/GB-month LRS backup storage (+ $10 per protected instance 50–500 GB)",
        `${AZ}/backup/`,
      ),
      "stored_gb",
      "GB",
    ),
  ),
  avd: svc(
    "avd",
    "Azure Virtual Desktop",
    "compute",
    "compute",
    "Hosted Windows desktops / RemoteApp instead of RDP to an office server",
    [["users", "self", "Windows App / browser"], ["self", "compute", "app session"]],
    price(
      prov(
        20,
        "USD/user-month (pooled session-host VMs; access rights come with M365 / Windows licences)",
        `${AZ}/virtual-desktop/`,
      ),
      "staff",
      "user",
    ),
  ),
  power_bi: svc(
    "power-bi",
    "Power BI",
    "analytics",
    "insight",
    "Dashboards and reports on the warehouse / lakehouse",
    [["self", "fabric", "DirectQuery / Direct Lake"]],
    price(
      prov(
        14,
        "USD/user-month (Power BI Pro)",
        "https://www.microsoft.com/en-us/power-platform/products/power-bi/pricing",
      ),
      "staff",
      "user",
    ),
  ),
  acr: svc(
    "acr",
    "Container Registry",
    "storage",
    "compute",
    "Images of the migrated services",
    [["self", "compute", "pull image"]],
    price(prov(20, "USD/month (Standard tier, $0.667/day)", `${AZ}/container-registry/`), "month", "month"),
  ),
};

/** Migration, certificate and secret services per cloud, merged into `WORKLOAD_SERVICES`. */
export const MIGRATION_SERVICES: Record<Cloud, Record<string, ServiceDef>> = {
  cloudflare: {
    secrets_store: svc(
      "secrets-store",
      "Secrets Store",
      "security",
      "identity",
      "Account-level secrets bound to Workers, never in code",
      [["compute", "self", "secret binding"]],
      price(
        prov(
          0,
          "USD: included with Workers during the beta",
          "https://developers.cloudflare.com/secrets-store/",
        ),
        "month",
        "month",
      ),
    ),
  },
  aws: AWS_MIGRATION,
  gcp: GCP_MIGRATION,
  azure: AZURE_MIGRATION,
  vercel: {},
};
