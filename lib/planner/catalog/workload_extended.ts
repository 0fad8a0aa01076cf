/**
 * Services for the classes of request a second review found missing: change data capture, data governance,
 * SFTP landing, stateful stream processing, speech-to-text, mail workflows, healthcare (FHIR) APIs,
 * industrial IoT and OTA jobs, parallel file systems for GPU training, shared file stores for lifted PHP
 * apps, message brokers, DNS/registrar and client-side script monitoring. Each carries its list price with
 * its source; `chk` figures were confirmed on a stored copy of the provider's page, `prov` figures are
 * flagged unverified.
 */
import { chk, type Cloud, prov } from "./facts.ts";
import type { ServiceDef } from "./service_types.ts";
import { API, CF, price, svc } from "./workload_helpers.ts";
import { SERVING_SERVICES } from "./workload_serving.ts";

const AWS = "https://aws.amazon.com";
const GCP = "https://cloud.google.com";
const AZ = "https://azure.microsoft.com/en-us/pricing/details";

/** Cloudflare services of this set. */
const CLOUDFLARE: Record<string, ServiceDef> = {
  page_shield: svc(
    "page-shield",
    "Page Shield (client-side security)",
    "security",
    "identity",
    "Monitors every third-party script on payment pages (PCI DSS 6.4.3 / 11.6.1)",
    [["edge", "self", "script reports"]],
    price(
      prov(
        0,
        "USD (script monitor on paid plans; PCI policies are an Enterprise add-on)",
        `${CF}/page-shield/`,
      ),
      "month",
      "month",
    ),
  ),
  dns_registrar: svc(
    "dns-registrar",
    "DNS + Registrar",
    "dns",
    "edge",
    "Authoritative DNS and domains at cost, Universal SSL",
    [["users", "self", "DNS"]],
    price(
      prov(
        0.87,
        "USD/domain-month (.com at registry cost ≈ $10.44/yr; DNS and SSL free)",
        `${CF}/registrar/`,
      ),
      "zones",
      "domain",
    ),
  ),
  email_routing: svc(
    "email-routing",
    "Email Routing + Email Workers",
    "email",
    "async",
    "Receives mail on your domain and hands each message to a Worker",
    [["users", "self", "inbound mail"], ["self", "compute", "email()", true]],
    price(
      prov(0, "USD (Email Routing is free; Workers usage billed)", `${CF}/email-routing/`),
      "month",
      "month",
    ),
    { entry: true },
  ),
  ai_firewall: svc(
    "ai-firewall",
    "Firewall for AI + DLP",
    "security",
    "identity",
    "PII and prompt-injection detection on LLM traffic before it leaves",
    [["edge", "self", "inspect prompts"]],
    price(
      prov(0, "USD (Enterprise add-on, contract-priced)", `${CF}/waf/detections/firewall-for-ai/`),
      "month",
      "month",
    ),
  ),
};

/** AWS services of this set. */
const AWS_MORE: Record<string, ServiceDef> = {
  managed_flink: svc(
    "managed-flink",
    "Managed Service for Apache Flink",
    "compute",
    "insight",
    "Stateful windowed aggregations over the stream",
    [["kinesis", "self", "consume"], ["self", "dynamodb", "write aggregates"]],
    price(
      prov(
        0.11,
        "USD/KPU-hour (1 vCPU + 4 GB; +1 KPU per app)",
        `${AWS}/managed-service-apache-flink/pricing/`,
      ),
      "hours",
      "KPU-h",
      0,
      4,
    ),
  ),
  transfer_family: svc(
    "transfer-family",
    "Transfer Family (SFTP)",
    "gateway",
    "async",
    "Managed SFTP endpoint landing files in S3",
    [["users", "self", "SFTP"], ["self", "s3", "put object"]],
    price(
      prov(0.3, "USD/endpoint-hour (+ $0.04/GB)", `${AWS}/aws-transfer-family/pricing/`),
      "hours",
      "endpoint-h",
    ),
    { entry: true },
  ),
  sitewise: svc(
    "sitewise",
    "IoT SiteWise + IoT Greengrass",
    "iot",
    "iot",
    "Industrial tags from an outbound-only edge gateway, asset models, history",
    [["users", "self", "OPC UA via Greengrass"], ["self", "s3", "cold tier"]],
    price(
      prov(0.5, "USD per million messages ingested (approx.)", `${AWS}/iot-sitewise/pricing/`),
      "messages_m",
      "M msgs",
    ),
    { entry: true },
  ),
  iot_device_mgmt: svc(
    "iot-device-management",
    "IoT Device Management (Jobs)",
    "iot",
    "iot",
    "Staged OTA rollouts as IoT Jobs, fleet indexing",
    [["self", "iot_core", "job documents"]],
    price(
      prov(0.003, "USD per remote action (job execution)", `${AWS}/iot-device-management/pricing/`),
      "devices",
      "job runs",
    ),
  ),
  fsx_lustre: svc(
    "fsx-lustre",
    "FSx for Lustre",
    "storage",
    "data",
    "Parallel file system linked to S3, feeds GPUs at full speed",
    [["s3", "self", "lazy load"], ["compute", "self", "POSIX reads"]],
    price(
      prov(0.145, "USD/GB-month (SSD, 125 MB/s/TiB)", `${AWS}/fsx/lustre/pricing/`),
      "stored_gb",
      "GB",
      0,
      0.25,
    ),
  ),
  transcribe: svc(
    "transcribe",
    "Transcribe",
    "ai",
    "ai",
    "Speech-to-text (Medical variant is HIPAA eligible)",
    API,
    price(prov(0.024, "USD/minute (standard tier 1)", `${AWS}/transcribe/pricing/`), "speech_minutes", "min"),
  ),
  polly: svc(
    "polly",
    "Polly",
    "ai",
    "ai",
    "Neural text-to-speech voices, streamed back to the caller",
    API,
    price(
      prov(16, "USD/1M characters (neural voices)", `${AWS}/polly/pricing/`),
      "tts_chars_m",
      "M chars",
    ),
  ),
  amazon_mq: svc(
    "amazon-mq",
    "Amazon MQ (RabbitMQ)",
    "queue",
    "async",
    "Managed RabbitMQ broker: the app keeps its AMQP code",
    [["compute", "self", "AMQP"]],
    price(
      prov(0.288, "USD/broker-hour mq.m5.large (approx.)", `${AWS}/amazon-mq/pricing/`),
      "hours",
      "broker-h",
    ),
  ),
  route53: svc(
    "route53",
    "Route 53 + Certificate Manager (ACM)",
    "dns",
    "edge",
    "Domain registration, hosted zone; ACM public certificates are free",
    [["users", "self", "DNS"]],
    price(
      prov(0.5, "USD/hosted zone-month (+ domain fee; ACM public certs free)", `${AWS}/route53/pricing/`),
      "month",
      "month",
    ),
  ),
  healthlake: svc(
    "healthlake",
    "HealthLake (FHIR)",
    "database",
    "data",
    "HIPAA-eligible FHIR store toward the EHR",
    API,
    price(prov(0.27, "USD/data store-hour (approx.)", `${AWS}/healthlake/pricing/`), "hours", "store-h"),
  ),
};

/** Google Cloud services of this set. */
const GCP_MORE: Record<string, ServiceDef> = {
  datastream: svc(
    "datastream",
    "Datastream (CDC)",
    "queue",
    "async",
    "Serverless change data capture from Postgres/MySQL into BigQuery",
    [["self", "bigquery", "CDC stream"]],
    price(
      chk(
        2,
        "USD/GiB processed (CDC, first 2,500 GiB a month)",
        `${GCP}/datastream/pricing`,
        "CDC | 0 gibibyte to 2,500 gibibyte $2.00 / 1 gibibyte, per 1 month / account",
      ),
      "ingest_gb",
      "GiB",
    ),
  ),
  dataplex: svc(
    "dataplex",
    "Dataplex + Sensitive Data Protection",
    "security",
    "insight",
    "Catalog, lineage, policy tags; DLP finds and masks PII columns",
    [["self", "bigquery", "policy tags"]],
    price(
      prov(
        1,
        "USD/GB inspected by Sensitive Data Protection (approx.)",
        `${GCP}/sensitive-data-protection/pricing`,
      ),
      "ingest_gb",
      "GB",
      0,
      0.1,
    ),
  ),
  speech: svc(
    "speech",
    "Speech-to-Text (Chirp)",
    "ai",
    "ai",
    "Chirp speech models; HIPAA covered under the BAA",
    API,
    price(prov(0.016, "USD/minute (V2 standard)", `${GCP}/speech-to-text/pricing`), "speech_minutes", "min"),
  ),
  text_to_speech: svc(
    "text-to-speech",
    "Text-to-Speech",
    "ai",
    "ai",
    "Neural2 / WaveNet voices, streaming synthesis",
    API,
    price(
      prov(16, "USD/1M characters (WaveNet / Neural2; first 1M free)", `${GCP}/text-to-speech/pricing`),
      "tts_chars_m",
      "M chars",
      1,
    ),
  ),
  healthcare_api: svc(
    "healthcare-api",
    "Cloud Healthcare API (FHIR)",
    "database",
    "data",
    "FHIR store and HL7v2, toward Epic/Cerner",
    API,
    price(
      prov(0.39, "USD/GB-month structured storage (approx.)", `${GCP}/healthcare-api/pricing`),
      "stored_gb",
      "GB",
      0,
      0.05,
    ),
  ),
  managed_lustre: svc(
    "managed-lustre",
    "Managed Lustre (Parallelstore)",
    "storage",
    "data",
    "Parallel file system next to the GPU nodes",
    [["gcs", "self", "import"], ["compute", "self", "POSIX reads"]],
    price(prov(0.145, "USD/GB-month (approx.)", `${GCP}/managed-lustre/pricing`), "stored_gb", "GB", 0, 0.25),
  ),
  filestore: svc(
    "filestore",
    "Filestore",
    "storage",
    "data",
    "Managed NFS for the app's shared files (moodledata, media)",
    [["compute", "self", "NFS"]],
    price(
      prov(204.8, "USD/month (1 TiB Basic HDD minimum at $0.20/GiB-month)", `${GCP}/filestore/pricing`),
      "month",
      "month",
    ),
  ),
  mqtt_broker: svc(
    "mqtt-broker",
    "MQTT broker (EMQX / HiveMQ, managed)",
    "iot",
    "iot",
    "Cloud IoT Core is retired (2023): a managed broker bridges to Pub/Sub",
    [["users", "self", "MQTT over TLS"], ["self", "pubsub", "bridge"]],
    price(
      prov(49, "USD/month entry managed broker (approx.)", "https://www.emqx.com/en/pricing"),
      "month",
      "month",
    ),
    { external: true, entry: true },
  ),
  cloud_dns: svc(
    "cloud-dns",
    "Cloud Domains + Cloud DNS",
    "dns",
    "edge",
    "Domain registration, managed zone, Google-managed certificates",
    [["users", "self", "DNS"]],
    price(prov(0.2, "USD/managed zone-month (+ domain fee)", `${GCP}/dns/pricing`), "month", "month"),
  ),
};

/** Azure services of this set. */
const AZURE_MORE: Record<string, ServiceDef> = {
  logic_apps: svc(
    "logic-apps",
    "Logic Apps (Microsoft 365 connectors)",
    "scheduler",
    "async",
    "Mailbox triggers (Outlook/Exchange via Microsoft Graph), connectors to line-of-business apps",
    [["self", "compute", "workflow step", true]],
    price(
      prov(125, "USD per million standard connector calls (consumption)", `${AZ}/logic-apps/`),
      "messages_m",
      "M calls",
    ),
  ),
  azure_tts: svc(
    "azure-tts",
    "Azure AI Speech (neural voices)",
    "ai",
    "ai",
    "Prebuilt neural text-to-speech voices",
    API,
    price(
      prov(15, "USD/1M characters (prebuilt neural voices)", `${AZ}/cognitive-services/speech-services/`),
      "tts_chars_m",
      "M chars",
    ),
  ),
  ai_speech: svc(
    "ai-speech",
    "Azure AI Speech",
    "ai",
    "ai",
    "Speech-to-text, captions and batch transcription",
    API,
    price(
      prov(0.0167, "USD/minute ($1 per audio hour, standard)", `${AZ}/cognitive-services/speech-services/`),
      "speech_minutes",
      "min",
    ),
  ),
  monitor: svc(
    "monitor",
    "Azure Monitor + Application Insights",
    "analytics",
    "insight",
    "Log Analytics workspace: traces, alerts, prompt/response logs",
    [["compute", "self", "telemetry", true]],
    price(
      prov(2.3, "USD/GB ingested (Analytics logs, pay-as-you-go)", `${AZ}/monitor/`),
      "request_log_gb",
      "GB",
      5,
    ),
  ),
  azure_files: svc(
    "azure-files",
    "Azure Files",
    "storage",
    "data",
    "Managed SMB/NFS share for the app's shared files",
    [["compute", "self", "SMB/NFS"]],
    price(
      prov(0.06, "USD/GiB-month (transaction optimized, LRS)", `${AZ}/storage/files/`),
      "stored_gb",
      "GB",
      0,
      0.2,
    ),
  ),
  managed_lustre: svc(
    "azure-managed-lustre",
    "Azure Managed Lustre",
    "storage",
    "data",
    "Parallel file system for GPU clusters, synced with Blob",
    [["blob", "self", "HSM import"], ["compute", "self", "POSIX reads"]],
    price(
      prov(0.167, "USD/GiB-month (125 MB/s/TiB tier, approx.)", `${AZ}/managed-lustre/`),
      "stored_gb",
      "GB",
      0,
      0.25,
    ),
  ),
  health_data: svc(
    "health-data-services",
    "Azure Health Data Services (FHIR)",
    "database",
    "data",
    "FHIR service toward the EHR, HIPAA eligible",
    API,
    price(
      prov(0.39, "USD/GB-month structured storage (approx.)", `${AZ}/health-data-services/`),
      "stored_gb",
      "GB",
      0,
      0.05,
    ),
  ),
  azure_dns: svc(
    "azure-dns",
    "Azure DNS + App Service domain",
    "dns",
    "edge",
    "Hosted zone and a managed certificate",
    [["users", "self", "DNS"]],
    price(prov(0.5, "USD/zone-month (+ domain fee)", `${AZ}/dns/`), "month", "month"),
  ),
};

/** Vercel services of this set: a Postgres the team keeps where it runs, and a replica near its users. */
const VERCEL_MORE: Record<string, ServiceDef> = {
  ext_postgres: svc(
    "existing-postgres",
    "Existing Postgres (kept on its host)",
    "database",
    "data",
    "Stays where it runs today (RDS, Cloud SQL…); billed there",
    [["compute", "self", "SQL (pooled)"]],
    price(
      prov(
        0,
        "USD here (billed by its current host)",
        "https://vercel.com/docs/functions/configuring-functions/region",
      ),
      "month",
      "month",
    ),
    { external: true },
  ),
  pg_read_replica: svc(
    "postgres-read-replica",
    "Postgres read replica near the users",
    "database",
    "data",
    "Cross-region read replica of the kept database; Functions in that region read locally",
    [["compute", "self", "SQL reads"], ["ext_postgres", "self", "replication", true]],
    price(
      prov(189.8, "USD/month (RDS db.r6g.large-class replica, approx.)", `${AWS}/rds/postgresql/pricing/`),
      "month",
      "month",
    ),
    { external: true },
  ),
};

/** Services of this set per cloud, merged into `WORKLOAD_SERVICES`. */
export const EXTENDED_SERVICES: Record<Cloud, Record<string, ServiceDef>> = {
  cloudflare: { ...CLOUDFLARE, ...SERVING_SERVICES.cloudflare },
  aws: { ...AWS_MORE, ...SERVING_SERVICES.aws },
  gcp: { ...GCP_MORE, ...SERVING_SERVICES.gcp },
  azure: { ...AZURE_MORE, ...SERVING_SERVICES.azure },
  vercel: { ...VERCEL_MORE, ...SERVING_SERVICES.vercel },
};
