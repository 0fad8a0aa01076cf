/** Services each named technology brings per cloud (Postgres → Hyperdrive / RDS / Cloud SQL, …). */
import type { Capability } from "../capabilities.ts";
import type { Technology } from "../technologies.ts";
import type { Cloud } from "./facts.ts";
import type { ServiceUse } from "./mapping.ts";

const use = (service: string, role: string): ServiceUse => ({ service, role });

/** Services a named technology brings, per cloud; `replaces` lists capabilities whose default it replaces. */
export const TECH_SERVICES: Record<
  Technology,
  { replaces: Capability[]; uses: Record<Cloud, ServiceUse[]> }
> = {
  postgres: {
    replaces: ["relational"],
    uses: {
      cloudflare: [use("hyperdrive", "pooled Postgres connections"), use("ext_postgres", "your Postgres")],
      aws: [use("rds", "your Postgres")],
      gcp: [use("cloud_sql", "your Postgres")],
      azure: [use("postgres", "your Postgres")],
      vercel: [use("neon", "your Postgres")],
    },
  },
  mysql: {
    replaces: ["relational"],
    uses: {
      cloudflare: [use("hyperdrive", "pooled MySQL connections"), use("ext_mysql", "your MySQL")],
      aws: [use("rds_mysql", "your MySQL")],
      gcp: [use("cloud_sql_mysql", "your MySQL")],
      azure: [use("mysql", "your MySQL")],
      vercel: [use("neon", "Postgres (MySQL via partner)")],
    },
  },
  mongodb: {
    replaces: [],
    uses: {
      cloudflare: [use("ext_mongodb", "your MongoDB (driver over TCP; Hyperdrive is Postgres/MySQL only)")],
      aws: [use("documentdb", "MongoDB-compatible document data")],
      gcp: [use("firestore", "document data (MongoDB compatible)")],
      azure: [use("cosmos", "Cosmos DB for MongoDB")],
      vercel: [use("mongodb", "MongoDB Atlas (Marketplace)")],
    },
  },
  redis: {
    replaces: [],
    uses: {
      cloudflare: [use("kv", "cache (Redis role)")],
      aws: [use("elasticache", "Redis/Valkey")],
      gcp: [use("memorystore", "Redis")],
      azure: [use("redis", "Redis")],
      vercel: [use("upstash_redis", "Redis")],
    },
  },
  kafka: {
    replaces: ["queues"],
    uses: {
      cloudflare: [
        use("queues", "Kafka-style topics (or keep Kafka; Workers consume)"),
        use("pipelines", "stream to R2"),
      ],
      aws: [use("msk", "Kafka topics")],
      gcp: [use("managed_kafka", "Kafka topics")],
      azure: [use("event_hubs", "Kafka endpoint")],
      vercel: [use("kafka", "Kafka topics")],
    },
  },
  graphql: {
    replaces: [],
    uses: {
      cloudflare: [use("workers", "GraphQL gateway (Yoga/Apollo on Workers)")],
      aws: [use("appsync", "GraphQL API")],
      gcp: [use("cloud_run", "GraphQL gateway (Apollo on Cloud Run)")],
      azure: [use("apim", "GraphQL API")],
      vercel: [use("functions", "GraphQL route (Yoga/Apollo)")],
    },
  },
  grpc: {
    replaces: [],
    uses: {
      cloudflare: [use("cdn", "gRPC proxied to origin"), use("containers", "gRPC services")],
      aws: [use("alb", "gRPC routing"), use("fargate", "gRPC services")],
      gcp: [use("cloud_run", "gRPC services (HTTP/2)")],
      azure: [use("container_apps", "gRPC services")],
      vercel: [use("origin", "gRPC services elsewhere (no gRPC on Functions)")],
    },
  },
  kubernetes: {
    replaces: [],
    uses: {
      cloudflare: [
        use("tunnel", "cloudflared in the Kubernetes cluster"),
        use("load_balancing", "cluster failover"),
        use("origin", "your Kubernetes cluster"),
      ],
      aws: [
        use("eks", "Kubernetes cluster"),
        use("ec2_nodes", "node groups"),
        use("alb", "ALB ingress (AWS Load Balancer Controller)"),
        use("ecr", "service images"),
      ],
      gcp: [
        use("gke", "Kubernetes cluster"),
        use("gce", "node pools"),
        use("artifact_registry", "service images"),
      ],
      azure: [use("aks", "Kubernetes cluster"), use("vms", "node pools"), use("acr", "service images")],
      vercel: [use("origin", "Kubernetes stays on its cloud")],
    },
  },
  wordpress: {
    replaces: ["relational"],
    uses: {
      cloudflare: [
        use("apo", "WordPress HTML at the edge"),
        use("origin", "PHP/WordPress origin"),
        use("tunnel", "origin link"),
      ],
      aws: [use("lightsail", "WordPress (PHP)"), use("rds_mysql", "WordPress database")],
      gcp: [use("gce", "WordPress (PHP)"), use("cloud_sql_mysql", "WordPress database")],
      azure: [use("app_service", "WordPress on App Service"), use("mysql", "WordPress database")],
      vercel: [use("origin", "WordPress origin (headless, external host)")],
    },
  },
  nextjs: {
    replaces: [],
    uses: {
      cloudflare: [use("workers", "Next.js via OpenNext")],
      aws: [use("amplify", "Next.js SSR")],
      gcp: [use("firebase_hosting", "Next.js SSR")],
      azure: [use("container_apps", "Next.js SSR")],
      vercel: [use("functions", "Next.js native")],
    },
  },
  php_app: {
    replaces: [],
    uses: {
      cloudflare: [
        use("tunnel", "origin link"),
        // Priced once: the existing server, with Containers named as the way to move off it later.
        use("origin", "existing app server (or containerize it on Containers later)"),
      ],
      aws: [
        use("fargate", "containerized app"),
        use("alb", "load balancer"),
        use("rds", "the app's database, migrated"),
      ],
      gcp: [use("cloud_run", "containerized app"), use("cloud_sql", "the app's database, migrated")],
      azure: [use("app_service", "web app"), use("postgres", "the app's database, migrated")],
      vercel: [use("origin", "app server on an external origin (VPS/PaaS), fronted by Vercel rewrites")],
    },
  },
  elasticsearch: {
    replaces: ["search"],
    uses: {
      cloudflare: [use("vectorize", "hybrid search index")],
      aws: [use("opensearch", "search cluster")],
      gcp: [use("vertex_search", "search")],
      azure: [use("ai_search", "search")],
      vercel: [use("elastic", "search")],
    },
  },
  agents: {
    replaces: [],
    uses: {
      cloudflare: [
        use("durable_objects", "Agents SDK: state per conversation"),
        use("workflows", "multi-step agent runs"),
      ],
      aws: [use("dynamodb", "agent memory"), use("step_functions", "multi-step agent runs")],
      gcp: [use("firestore", "agent memory"), use("workflows", "multi-step agent runs")],
      azure: [use("cosmos", "agent memory"), use("durable_functions", "multi-step agent runs")],
      vercel: [use("upstash_redis", "agent memory"), use("workflow", "multi-step agent runs")],
    },
  },
  browser: {
    replaces: [],
    uses: {
      cloudflare: [use("browser_rendering", "headless browser")],
      aws: [use("fargate", "headless Chrome containers")],
      gcp: [use("cloud_run", "headless Chrome containers")],
      azure: [use("container_apps", "headless Chrome containers")],
      vercel: [use("functions", "headless Chromium (@sparticuz/chromium)")],
    },
  },
  warehouse: {
    replaces: [],
    uses: {
      cloudflare: [use("r2_catalog", "Iceberg tables any engine can read")],
      aws: [use("redshift", "warehouse")],
      gcp: [use("bigquery", "warehouse")],
      azure: [use("fabric", "warehouse")],
      vercel: [use("warehouse", "warehouse")],
    },
  },
  game: {
    replaces: [],
    uses: {
      // Players' accounts, ranks and match history outlive a match: a database beside the lobbies' objects.
      cloudflare: [
        use("durable_objects", "lobbies + matchmaking"),
        use("d1", "player accounts, ranks + match history"),
      ],
      aws: [use("gamelift", "game-server fleets")],
      gcp: [use("agones", "game servers on GKE")],
      azure: [use("playfab", "game-server hosting")],
      vercel: [],
    },
  },
  sql_server: {
    replaces: ["relational"],
    uses: {
      cloudflare: [use("tunnel", "private link to the SQL Server (Hyperdrive is Postgres/MySQL only)")],
      aws: [use("rds_sqlserver", "your SQL Server, managed")],
      gcp: [use("cloud_sql_sqlserver", "your SQL Server, managed")],
      azure: [use("azure_sql", "Azure SQL / SQL Managed Instance")],
      vercel: [],
    },
  },
  hybrid: {
    replaces: [],
    uses: {
      cloudflare: [
        use("tunnel", "no inbound ports to the datacenter"),
        use("access", "private apps without VPN"),
      ],
      aws: [use("vpn", "private link to the datacenter")],
      gcp: [use("vpn", "private link to the datacenter")],
      azure: [use("vpn_gateway", "private link to the datacenter")],
      vercel: [use("origin", "backend in the datacenter")],
    },
  },
  tenant_code: {
    replaces: [],
    uses: {
      cloudflare: [use("wfp", "per-tenant isolates for untrusted code")],
      aws: [use("lambda", "one function per tenant (Firecracker isolation)")],
      gcp: [use("cloud_run", "one gVisor-sandboxed service per tenant")],
      azure: [use("container_apps", "dynamic sessions per tenant")],
      vercel: [use("functions", "Vercel Sandbox per tenant")],
    },
  },
  mqtt: {
    replaces: [],
    uses: {
      cloudflare: [
        use("spectrum", "MQTT over TCP (8883) proxy + DDoS"),
        use("origin", "MQTT broker (EMQX/HiveMQ) on your VMs; Cloudflare has no managed broker"),
      ],
      aws: [use("iot_core", "managed MQTT broker")],
      gcp: [use("mqtt_broker", "managed EMQX/HiveMQ broker bridged to Pub/Sub")],
      azure: [use("event_grid_mqtt", "managed MQTT broker")],
      vercel: [use("mqtt_partner", "MQTT broker off Vercel (HiveMQ Cloud / EMQX Cloud)")],
    },
  },
  teams_bot: {
    replaces: [],
    uses: {
      cloudflare: [use("bot_registration", "Teams channel registration (required by Teams)")],
      aws: [use("bot_registration", "Teams channel registration (required by Teams)")],
      gcp: [use("bot_registration", "Teams channel registration (required by Teams)")],
      azure: [use("bot_service", "Teams channel (standard channel, no message fee)")],
      vercel: [use("bot_registration", "Teams channel registration (required by Teams)")],
    },
  },
  hpc_batch: {
    replaces: [],
    uses: {
      // A heavy job reads its inputs from and writes its results to object storage, where its workers reach them.
      cloudflare: [
        use("containers", "container jobs fanned out from Queues/Workflows"),
        use("hpc_partner", "multi-core, multi-hour jobs (beyond Containers' instance sizes)"),
        use("r2", "job inputs + results"),
      ],
      aws: [use("aws_batch", "multi-core job queue on EC2/Spot"), use("s3", "job inputs + results")],
      gcp: [use("cloud_batch", "multi-core jobs on Compute Engine/Spot"), use("gcs", "job inputs + results")],
      azure: [use("azure_batch", "multi-core pools on VMs/Spot"), use("blob", "job inputs + results")],
      vercel: [
        use("hpc_partner", "heavy jobs off Vercel (a batch cloud)"),
        use("blob", "job inputs + results"),
      ],
    },
  },
  containers: {
    replaces: [],
    uses: {
      cloudflare: [use("containers", "container workloads")],
      aws: [use("fargate", "container workloads")],
      gcp: [use("cloud_run", "container workloads")],
      azure: [use("container_apps", "container workloads")],
      vercel: [use("containers_partner", "containers run on a partner")],
    },
  },
  cdc: {
    replaces: [],
    uses: {
      // Cloudflare has no managed CDC: a Debezium connector in a container reads the databases' change logs.
      cloudflare: [use("containers", "Debezium reads the databases' change logs (CDC)")],
      aws: [use("transfer", "DMS change data capture from the source databases (no dual writes)")],
      gcp: [use("datastream", "CDC from the source databases, no dual writes")],
      azure: [use("data_factory", "change data capture from the source databases")],
      vercel: [use("containers_partner", "a Debezium connector runs on a container partner (CDC)")],
    },
  },
  stream_state: {
    replaces: [],
    uses: {
      cloudflare: [use("durable_objects", "windowed aggregates per key (one object per card/merchant)")],
      aws: [
        use("managed_flink", "1/5/60-minute windowed aggregates"),
        use("dynamodb", "aggregates served to scoring"),
      ],
      // The rules read each key's rolling state within a second: it is served from memory beside the windows.
      gcp: [
        use("dataflow", "windowed aggregations (Beam)"),
        use("memorystore", "rolling state served to the rules"),
      ],
      azure: [
        use("stream_analytics", "windowed aggregations"),
        use("redis", "rolling state served to the rules"),
      ],
      vercel: [use("upstash_redis", "rolling counters per key")],
    },
  },
  governance: {
    replaces: [],
    uses: {
      cloudflare: [use("ai_firewall", "PII redaction before prompts leave")],
      aws: [],
      gcp: [use("dataplex", "PII masking, policy tags, lineage")],
      azure: [],
      vercel: [],
    },
  },
  sftp: {
    replaces: [],
    uses: {
      cloudflare: [],
      aws: [use("transfer_family", "SFTP landing for partners' files")],
      gcp: [],
      azure: [use("blob", "SFTP-enabled Blob Storage landing")],
      vercel: [],
    },
  },
  speech: {
    replaces: [],
    uses: {
      cloudflare: [use("workers_ai", "Whisper speech-to-text")],
      aws: [use("transcribe", "speech-to-text")],
      gcp: [use("speech", "speech-to-text")],
      azure: [use("ai_speech", "speech-to-text + captions")],
      vercel: [use("ai_gateway", "speech-to-text model via AI Gateway")],
    },
  },
  voice: {
    replaces: [],
    uses: {
      cloudflare: [use("workers_ai", "speech in + out (Nova-3 streaming STT, Aura TTS)")],
      aws: [use("transcribe", "streaming speech-to-text"), use("polly", "neural voices (text-to-speech)")],
      gcp: [
        use("speech", "streaming speech-to-text"),
        use("text_to_speech", "neural voices (text-to-speech)"),
      ],
      azure: [
        use("ai_speech", "real-time speech-to-text"),
        use("azure_tts", "neural voices (text-to-speech)"),
      ],
      vercel: [use("ai_gateway", "speech-to-text + text-to-speech models via AI Gateway")],
    },
  },
  mail_workflow: {
    replaces: [],
    uses: {
      cloudflare: [use("email_routing", "inbound mail to a Worker")],
      aws: [use("ses", "SES receiving: mail to S3 + Lambda")],
      // Google and Vercel receive no mail: an inbound-parse webhook hands each message to the app.
      gcp: [use("sendgrid_inbound", "incoming mail POSTed to Cloud Run")],
      azure: [use("logic_apps", "mailbox trigger per email (Microsoft 365)")],
      vercel: [use("sendgrid_inbound", "incoming mail POSTed to a function")],
    },
  },
  fhir: {
    replaces: [],
    uses: {
      cloudflare: [],
      aws: [use("healthlake", "FHIR toward the EHR")],
      gcp: [use("healthcare_api", "FHIR toward the EHR")],
      azure: [use("health_data", "FHIR toward the EHR")],
      vercel: [],
    },
  },
  industrial: {
    replaces: [],
    uses: {
      cloudflare: [use("tunnel", "outbound-only from the OT edge gateway (no inbound ports)")],
      aws: [
        use("sitewise", "OT tags via Greengrass on the edge gateway"),
        use("vpn", "Site-to-Site VPN to the OT network"),
      ],
      gcp: [use("vpn", "Cloud VPN to the OT network")],
      azure: [use("vpn_gateway", "Site-to-Site VPN to the OT network")],
      vercel: [],
    },
  },
  ota: {
    replaces: [],
    uses: {
      cloudflare: [use("r2", "OTA packages, zero egress")],
      aws: [use("iot_device_mgmt", "staged OTA rollouts (Jobs)"), use("s3", "OTA packages")],
      gcp: [use("gcs", "OTA packages")],
      azure: [use("iot_hub", "Device Update for IoT Hub"), use("blob", "OTA packages")],
      vercel: [use("blob", "OTA packages")],
    },
  },
  gpu_cluster: {
    replaces: [],
    uses: {
      cloudflare: [use("gpu_training", "multi-node GPU cluster on a GPU cloud")],
      aws: [use("fsx_lustre", "parallel file system for the GPU nodes")],
      gcp: [use("managed_lustre", "parallel file system for the GPU nodes")],
      azure: [use("managed_lustre", "parallel file system for the GPU nodes")],
      vercel: [use("gpu_partner", "multi-node GPU cluster")],
    },
  },
  smb_share: {
    replaces: [],
    uses: {
      // Cloudflare has no SMB share: the file server (or the cloud share it moves to) stays private behind
      // Tunnel, and staff reach it with the WARP client under Access policies instead of a VPN.
      cloudflare: [
        use("tunnel", "private route to the file server, no inbound ports"),
        use("warp", "staff reach the shares from anywhere without the VPN"),
        use("access", "per-group access policies (from the directory)"),
        use("r2", "nightly backup copies of the shares, zero-egress restores"),
      ],
      aws: [
        use("fsx_windows", "the Windows shares, same folders + NTFS permissions"),
        use("managed_ad", "directory for the shares' permissions"),
        use("backup", "nightly backups of the shares"),
      ],
      gcp: [
        use("netapp_volumes", "the Windows shares (SMB), same folders + permissions"),
        use("gcp_managed_ad", "directory for the shares' permissions"),
        use("backup_dr", "nightly backups of the shares"),
      ],
      azure: [
        use("azure_files", "the Windows shares (SMB), same folders + NTFS permissions"),
        use("entra_ds", "directory for the shares' permissions"),
        use("azure_backup", "nightly backups of the shares"),
      ],
      vercel: [],
    },
  },
  active_directory: {
    replaces: [],
    uses: {
      cloudflare: [use("access", "sign-in through the directory (AD / Entra as identity provider)")],
      aws: [use("managed_ad", "managed domain, trusted by the on-prem AD")],
      gcp: [use("gcp_managed_ad", "managed domain, trusted by the on-prem AD")],
      azure: [use("entra_ds", "managed domain synced from Entra ID")],
      vercel: [],
    },
  },
  translation: {
    replaces: [],
    uses: {
      cloudflare: [use("workers_ai", "machine translation (m2m100 on Workers AI)")],
      aws: [use("translate", "machine translation")],
      gcp: [use("cloud_translation", "machine translation")],
      azure: [use("translator", "machine translation")],
      vercel: [use("ai_gateway", "translation through the model")],
    },
  },
  sase: {
    replaces: [],
    uses: {
      cloudflare: [
        use("magic_wan", "branches + data centres on Cloudflare's network instead of MPLS"),
        use("swg", "secure web gateway for every user and branch"),
        use("access", "zero-trust access to private apps (no VPN concentrators)"),
        use("warp", "device client for remote staff"),
      ],
      aws: [
        use("cloud_wan", "branches + VPCs on a global core network"),
        use("identity_center", "zero-trust app access (Verified Access)"),
      ],
      gcp: [use("ncc", "branches + VPCs on a connectivity hub"), use("iap", "zero-trust app access")],
      azure: [
        use("virtual_wan", "branches + VNets on a WAN hub"),
        use("entra_id", "zero-trust app access (Entra)"),
      ],
      vercel: [],
    },
  },
  oracle: {
    replaces: ["relational"],
    uses: {
      cloudflare: [use("tunnel", "private link to the Oracle database (Hyperdrive is Postgres/MySQL only)")],
      aws: [use("rds_oracle", "your Oracle, managed")],
      gcp: [use("oracle_gcp", "your Oracle, run by Oracle in-region")],
      azure: [use("oracle_azure", "your Oracle, run by Oracle in-region")],
      vercel: [],
    },
  },
  shared_files: {
    replaces: [],
    uses: {
      cloudflare: [use("r2", "shared files move to R2 (S3 API)")],
      aws: [use("efs", "shared files (NFS)")],
      gcp: [use("filestore", "shared files (NFS)")],
      azure: [use("azure_files", "shared files (SMB/NFS)")],
      vercel: [use("blob", "shared files")],
    },
  },
  airflow: {
    replaces: [],
    uses: {
      cloudflare: [use("workflows", "Airflow DAGs ported to Workflows (durable steps, retries)")],
      aws: [use("mwaa", "the Airflow DAGs as they are, managed")],
      gcp: [use("composer", "the Airflow DAGs as they are, managed")],
      azure: [use("data_factory", "Airflow DAGs ported to Data Factory pipelines")],
      vercel: [use("workflow", "Airflow DAGs ported to durable steps")],
    },
  },
  dbt: {
    replaces: [],
    uses: {
      cloudflare: [use("containers", "dbt Core runs the SQL models (warehouse adapter)")],
      aws: [use("fargate", "dbt Core task runs the SQL models")],
      gcp: [use("cloud_run_jobs", "dbt Core job runs the SQL models on BigQuery")],
      azure: [use("container_apps", "dbt Core job runs the SQL models")],
      vercel: [use("containers_partner", "dbt Core runs on a partner container host")],
    },
  },
  rabbitmq: {
    replaces: ["queues"],
    uses: {
      cloudflare: [use("queues", "queues (the RabbitMQ jobs move to Queues)")],
      aws: [use("amazon_mq", "RabbitMQ, managed")],
      gcp: [use("pubsub", "RabbitMQ queues move to Pub/Sub")],
      azure: [use("service_bus", "RabbitMQ queues move to Service Bus")],
      vercel: [use("queues", "RabbitMQ jobs move to Queues")],
    },
  },
  domain: {
    replaces: [],
    uses: {
      cloudflare: [use("dns_registrar", "domain + DNS, free SSL")],
      aws: [use("route53", "domain + DNS, ACM certificate")],
      gcp: [use("cloud_dns", "domain + DNS")],
      azure: [use("azure_dns", "domain + DNS")],
      vercel: [use("domains", "domain + DNS")],
    },
  },
  observability: {
    replaces: [],
    uses: {
      cloudflare: [use("logpush", "Workers Logs + Logpush, alerts")],
      aws: [use("cloudwatch_logs", "logs, alarms on failures")],
      gcp: [use("logging", "logs + alerting policies")],
      azure: [use("monitor", "logs, failure alerts")],
      vercel: [use("log_drains", "logs out to a monitoring tool")],
    },
  },
  log_export: {
    replaces: [],
    uses: {
      cloudflare: [use("logpush", "HTTP + firewall logs to your SIEM")],
      aws: [use("cloudwatch_logs", "CloudFront + WAF logs to your SIEM")],
      gcp: [use("logging", "log sink to your SIEM")],
      azure: [use("monitor", "diagnostic logs to your SIEM")],
      vercel: [use("log_drains", "logs to your SIEM")],
    },
  },
  encoder: {
    replaces: [],
    uses: {
      cloudflare: [use("containers", "always-on encoder (Liquidsoap/ffmpeg) pushing RTMPS")],
      aws: [use("fargate", "always-on encoder (Liquidsoap/ffmpeg)")],
      gcp: [use("gce", "always-on encoder (Liquidsoap/ffmpeg)")],
      azure: [use("container_apps", "always-on encoder (Liquidsoap/ffmpeg)")],
      vercel: [use("containers_partner", "always-on encoder (Liquidsoap/ffmpeg)")],
    },
  },
  p2p_webrtc: {
    replaces: [],
    uses: {
      cloudflare: [use("realtime", "TURN relay for peers behind NAT")],
      aws: [use("ec2_nodes", "coturn TURN relay (peer data channels need no SFU)")],
      gcp: [use("webrtc_sfu", "coturn TURN relay")],
      azure: [use("vms", "coturn TURN relay")],
      vercel: [use("livekit", "TURN relay (LiveKit Cloud)")],
    },
  },
  vm_estate: {
    replaces: [],
    uses: {
      cloudflare: [
        use("load_balancing", "steers traffic between the old and new sites during cut-over"),
        use("tunnel", "private link to both data centres"),
        use("origin", "the servers, rehosted on VMs (Cloudflare runs no VMs)"),
      ],
      aws: [
        use("ec2_nodes", "the servers, rehosted as they are"),
        use("mgn", "replicates the servers, cut-over with minimal change"),
        use("vpn", "link to the data centres during the move"),
      ],
      gcp: [
        use("gce", "the servers, rehosted as they are"),
        use("migrate_vms", "replicates the VMs, cut-over with minimal change"),
        use("vpn", "link to the data centres during the move"),
      ],
      azure: [
        use("vms", "the servers, rehosted as they are"),
        use("azure_migrate", "assessment + server migration"),
        use("vpn_gateway", "link to the data centres during the move"),
      ],
      vercel: [use("origin", "servers rehosted on a VM cloud (Vercel runs no VMs)")],
    },
  },
  remote_desktop: {
    replaces: [],
    uses: {
      cloudflare: [
        use("access", "browser-based RDP behind SSO, no VPN client"),
        use("tunnel", "outbound-only link to the desktop host"),
        use("origin", "Windows server hosting the desktop app"),
      ],
      aws: [
        use("workspaces", "hosted Windows desktops / streamed app per user"),
        use("vpn", "branches reach the app"),
      ],
      gcp: [use("gce", "Windows session host for the desktop app")],
      azure: [use("avd", "hosted Windows desktops / RemoteApp per user")],
      vercel: [use("origin", "desktop host stays on a VM cloud (Vercel runs no desktops)")],
    },
  },
  bi: {
    replaces: [],
    uses: {
      cloudflare: [],
      aws: [use("quicksight", "dashboards for the report users")],
      gcp: [use("looker_studio", "dashboards for the report users")],
      azure: [use("power_bi", "dashboards for the report users")],
      vercel: [],
    },
  },
};
