/**
 * Services for the classes of request a fourth review found missing: guardrails for LLM agents that act for
 * customers, managed SMB file shares and managed Active Directory for a Windows file server that moves,
 * same-engine managed SQL Server and Oracle, WAN hubs and a secure web gateway that replace MPLS and VPN
 * concentrators (SASE), machine translation, and the Zero Trust client that reaches private files without a
 * VPN. No figure here was confirmed on a stored copy of the provider's page: all are `prov` (flagged
 * unverified), transcribed from the providers' public pricing pages.
 */
import { type Cloud, prov } from "./facts.ts";
import type { ServiceDef } from "./service_types.ts";
import { API, CF, price, svc } from "./workload_helpers.ts";

const AWS = "https://aws.amazon.com";
const GCP = "https://cloud.google.com";
const AZ = "https://azure.microsoft.com/en-us/pricing/details";
/** Share of model calls that are a person's turn (checked by guardrails); the rest are tool calls and rewrites. */
const GUARDED_SHARE = 2 / 3;

const CLOUDFLARE: Record<string, ServiceDef> = {
  ai_guardrails: svc(
    "ai-guardrails",
    "AI Gateway Guardrails",
    "security",
    "ai",
    "Llama Guard checks of every prompt and answer (unsafe content, PII) at the gateway",
    [["compute", "self", "prompt + answer check"]],
    price(
      prov(
        0.144,
        "USD per 1K checks (Llama Guard 3 8B on Workers AI: user message + answer ≈ 300 tokens at $0.48/M; one check per turn ≈ 2/3 of model calls)",
        `${CF}/ai-gateway/guardrails/`,
      ),
      "ai_calls_k",
      "1K checks",
      0,
      GUARDED_SHARE,
    ),
  ),
  warp: svc(
    "warp",
    "WARP client + Gateway",
    "security",
    "identity",
    "Staff devices reach private servers and shares through Tunnel, no VPN concentrator",
    [["users", "self", "WARP (device client)"], ["self", "tunnel", "private network route"]],
    price(
      prov(
        0,
        "USD: included in the Zero Trust seats priced under Access",
        `${CF}/cloudflare-one/connections/connect-devices/warp/`,
      ),
      "month",
      "month",
    ),
  ),
  magic_wan: svc(
    "cloudflare-wan",
    "Cloudflare WAN (Magic WAN)",
    "gateway",
    "edge",
    "Branches and data centres connect to the nearest Cloudflare location (IPsec/GRE or appliance) instead of MPLS",
    [["users", "self", "branch IPsec / GRE"], ["self", "tunnel", "site-to-site routes"]],
    price(
      prov(0, "USD: contract-priced (Enterprise), by bandwidth and sites", `${CF}/cloudflare-wan/`),
      "month",
      "month",
    ),
  ),
  swg: svc(
    "cloudflare-gateway",
    "Cloudflare Gateway (Secure Web Gateway)",
    "security",
    "identity",
    "DNS, HTTP and network filtering of every user's and branch's internet traffic",
    [["users", "self", "filtered egress"]],
    price(
      prov(
        0,
        "USD: included in the Zero Trust seats priced under Access",
        `${CF}/cloudflare-one/policies/gateway/`,
      ),
      "month",
      "month",
    ),
  ),
};

const AWS_MORE: Record<string, ServiceDef> = {
  bedrock_guardrails: svc(
    "bedrock-guardrails",
    "Bedrock Guardrails",
    "security",
    "ai",
    "Denied topics, content filters and PII redaction on prompts and answers",
    API,
    price(
      prov(
        0.15,
        "USD per 1K text units (content filters; user message + answer ≈ 2 units a turn, a turn ≈ 2/3 of model calls)",
        `${AWS}/bedrock/pricing/`,
      ),
      "ai_calls_k",
      "1K text units",
      0,
      2 * GUARDED_SHARE,
    ),
  ),
  fsx_windows: svc(
    "fsx-windows",
    "FSx for Windows File Server",
    "storage",
    "data",
    "Managed SMB shares with NTFS permissions, joined to the directory, shadow copies",
    [["compute", "self", "SMB"], ["users", "self", "mapped drive (SMB)"]],
    price(
      prov(
        0.013,
        "USD/GB-month (HDD, Single-AZ; + throughput capacity from $2.20/MBps-month)",
        `${AWS}/fsx/windows/pricing/`,
      ),
      "stored_gb",
      "GB",
    ),
  ),
  managed_ad: svc(
    "managed-ad",
    "Directory Service (Managed Microsoft AD)",
    "auth",
    "identity",
    "Managed domain controllers for the file shares and Windows servers (trust to the on-prem AD)",
    [["self", "compute", "Kerberos / LDAP"]],
    price(
      prov(0.12, "USD/hour (Standard Edition, two domain controllers)", `${AWS}/directoryservice/pricing/`),
      "hours",
      "h",
    ),
  ),
  rds_sqlserver: svc(
    "rds-sqlserver",
    "RDS for SQL Server",
    "database",
    "data",
    "Managed SQL Server, same engine (license included)",
    [["compute", "self", "TDS (SQL)"]],
    price(
      prov(
        1.0,
        "USD/hour (db.m5.xlarge, SQL Server Standard, license included, Single-AZ)",
        `${AWS}/rds/sqlserver/pricing/`,
      ),
      "hours",
      "h",
    ),
  ),
  cloud_wan: svc(
    "cloud-wan",
    "Cloud WAN + Verified Access",
    "gateway",
    "edge",
    "Global core network joining branches (Site-to-Site VPN / SD-WAN) and VPCs, instead of MPLS",
    [["users", "self", "branch VPN / SD-WAN"], ["self", "compute", "VPC attachment"]],
    price(
      prov(
        0.5,
        "USD/hour per core network edge (+ attachments and data processing)",
        `${AWS}/cloud-wan/pricing/`,
      ),
      "hours",
      "h",
    ),
  ),
  translate: svc(
    "translate",
    "Amazon Translate",
    "ai",
    "ai",
    "Real-time machine translation of captions and messages",
    API,
    price(
      prov(
        4.5,
        "USD per 1K translated messages (≈300 characters each at $15 per million characters)",
        `${AWS}/translate/pricing/`,
      ),
      "ai_calls_k",
      "1K messages",
    ),
  ),
  rds_oracle: svc(
    "rds-oracle",
    "RDS for Oracle",
    "database",
    "data",
    "Managed Oracle, same engine (SE2 license included, or bring your own)",
    [["compute", "self", "Oracle Net (SQL)"]],
    price(
      prov(
        0.78,
        "USD/hour (db.m5.xlarge, Oracle SE2, license included, Single-AZ)",
        `${AWS}/rds/oracle/pricing/`,
      ),
      "hours",
      "h",
    ),
  ),
};

const GCP_MORE: Record<string, ServiceDef> = {
  model_armor: svc(
    "model-armor",
    "Model Armor",
    "security",
    "ai",
    "Prompt-injection, jailbreak, sensitive-data and safety screening of prompts and answers",
    API,
    price(
      prov(
        0.03,
        "USD per 1K checks (user message + answer ≈ 300 tokens at $0.10/M tokens after 2M free; a turn ≈ 2/3 of model calls)",
        `${GCP}/security-command-center/pricing`,
      ),
      "ai_calls_k",
      "1K checks",
      6.7,
      GUARDED_SHARE,
    ),
  ),
  netapp_volumes: svc(
    "netapp-volumes",
    "NetApp Volumes",
    "storage",
    "data",
    "Managed SMB/NFS volumes with snapshots, joined to Active Directory",
    [["compute", "self", "SMB"], ["users", "self", "mapped drive (SMB)"]],
    price(
      prov(0.2, "USD/GiB-month (Flex service level)", `${GCP}/netapp-volumes/pricing`),
      "stored_gb",
      "GB",
    ),
  ),
  gcp_managed_ad: svc(
    "managed-microsoft-ad",
    "Managed Microsoft AD",
    "auth",
    "identity",
    "Managed domain controllers for the file shares and Windows servers",
    [["self", "compute", "Kerberos / LDAP"]],
    price(prov(0.4, "USD/hour per domain (approx.)", `${GCP}/managed-microsoft-ad/pricing`), "hours", "h"),
  ),
  cloud_sql_sqlserver: svc(
    "cloud-sql-sqlserver",
    "Cloud SQL for SQL Server",
    "database",
    "data",
    "Managed SQL Server, same engine (license included)",
    [["compute", "self", "TDS (SQL)"]],
    price(
      prov(0.93, "USD/hour (4 vCPU / 16 GB + SQL Server Standard license, approx.)", `${GCP}/sql/pricing`),
      "hours",
      "h",
    ),
  ),
  ncc: svc(
    "network-connectivity-center",
    "Network Connectivity Center + Cloud VPN",
    "gateway",
    "edge",
    "Hub joining branches (HA VPN / SD-WAN appliances) and VPCs, instead of MPLS",
    [["users", "self", "branch HA VPN"], ["self", "compute", "VPC spoke"]],
    price(
      prov(
        0.05,
        "USD/hour per HA VPN tunnel (+ spokes and data transfer)",
        `${GCP}/network-connectivity/docs/vpn/pricing`,
      ),
      "hours",
      "h",
      0,
      2,
    ),
  ),
  cloud_translation: svc(
    "cloud-translation",
    "Cloud Translation API",
    "ai",
    "ai",
    "Real-time machine translation of captions and messages",
    API,
    price(
      prov(
        6,
        "USD per 1K translated messages (≈300 characters each at $20 per million characters, first 500K free)",
        `${GCP}/translate/pricing`,
      ),
      "ai_calls_k",
      "1K messages",
    ),
  ),
  oracle_gcp: svc(
    "oracle-database-gcp",
    "Oracle Database@Google Cloud",
    "database",
    "data",
    "Oracle (Exadata / Autonomous) run by Oracle inside Google Cloud regions",
    [["compute", "self", "Oracle Net (SQL)"]],
    price(
      prov(0, "USD: contract-priced through Google Cloud Marketplace", `${GCP}/oracle/database`),
      "month",
      "month",
    ),
  ),
};

const AZURE_MORE: Record<string, ServiceDef> = {
  content_safety: svc(
    "content-safety",
    "AI Content Safety (Prompt Shields)",
    "security",
    "ai",
    "Prompt-injection shields and harmful-content filters on prompts and answers",
    API,
    price(
      prov(
        0.38,
        "USD per 1K text records (S0; user message + answer ≈ 2 records a turn, a turn ≈ 2/3 of model calls)",
        `${AZ}/cognitive-services/content-safety/`,
      ),
      "ai_calls_k",
      "1K text records",
      0,
      2 * GUARDED_SHARE,
    ),
  ),
  entra_ds: svc(
    "entra-domain-services",
    "Entra Domain Services",
    "auth",
    "identity",
    "Managed domain (Kerberos/NTLM, group policy) for the file shares and Windows VMs",
    [["self", "compute", "Kerberos / LDAP"]],
    price(prov(0.15, "USD/hour (Standard SKU)", `${AZ}/microsoft-entra-ds/`), "hours", "h"),
  ),
  virtual_wan: svc(
    "virtual-wan",
    "Virtual WAN",
    "gateway",
    "edge",
    "Hub joining branches (SD-WAN / S2S VPN) and VNets, instead of MPLS",
    [["users", "self", "branch SD-WAN / VPN"], ["self", "compute", "VNet connection"]],
    price(
      prov(0.25, "USD/hour per Standard hub (+ connection units and data processing)", `${AZ}/virtual-wan/`),
      "hours",
      "h",
    ),
  ),
  translator: svc(
    "translator",
    "Azure AI Translator",
    "ai",
    "ai",
    "Real-time machine translation of captions and messages",
    API,
    price(
      prov(
        3,
        "USD per 1K translated messages (≈300 characters each at $10 per million characters, S1)",
        `${AZ}/cognitive-services/translator/`,
      ),
      "ai_calls_k",
      "1K messages",
    ),
  ),
  oracle_azure: svc(
    "oracle-database-azure",
    "Oracle Database@Azure",
    "database",
    "data",
    "Oracle (Exadata / Autonomous) run by Oracle inside Azure regions",
    [["compute", "self", "Oracle Net (SQL)"]],
    price(
      prov(0, "USD: contract-priced through Azure Marketplace", `${AZ}/oracle-database-azure/`),
      "month",
      "month",
    ),
  ),
};

/** Services of this set per cloud. */
export const CLASS_SERVICES: Record<Cloud, Record<string, ServiceDef>> = {
  cloudflare: CLOUDFLARE,
  aws: AWS_MORE,
  gcp: GCP_MORE,
  azure: AZURE_MORE,
  vercel: {},
};
