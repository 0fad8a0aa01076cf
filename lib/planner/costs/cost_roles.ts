/**
 * The role a cost line plays in a design (a data store, object storage, messaging, analytics, AI, video,
 * calls, servers, edge security, staff SSO, backups), read from its service name on any cloud. Two plans
 * price the same workload when every role one of them pays for has a line on the other side: the cost
 * parity check (tests/planner_cost_parity_test.ts) compares plans role by role.
 */
import type { CostItem } from "../context.ts";

/** A role and the service names (on any of the five clouds) that fill it. */
export const COST_ROLES: Record<string, RegExp> = {
  // What the team keeps on its own hosts (or lifts onto VMs) carries its database with it; a game server
  // keeps its world and sessions on its own disk.
  "data store":
    /\bD1\b|game servers \(your fleet\)|udp servers \(your fleet\)|postgres|mysql|sql database|sql server|aurora|\brds\b|cloud sql|spanner|oracle|neon|supabase|planetscale|mongodb|documentdb|cosmos db|firestore|dynamodb|workers kv|durable objects|elasticache|memorystore|redis|bigtable|table storage|existing origin|existing backend|virtual machines|compute engine vms|ec2 worker/i,
  // A warehouse or lake keeps the data it is loaded with: it is where a pipeline's history is stored.
  "stored data":
    /^R2$|^S3$|^Cloud Storage$|^Blob Storage$|^Vercel Blob$|Data Lake Storage|^Filestore$|Azure Files|Static Assets|Amplify Hosting|Firebase Hosting|BigQuery|Redshift|Fabric|Synapse|Warehouse \(|Axiom|Data Firehose \+ Athena|Analytics Engine/,
  messaging:
    /^Queues$|^SQS$|Cloud Tasks|Pub\/Sub|Service Bus|Event Grid|Event Hubs|Kinesis|Vercel Queues|MSK|Kafka|^Pipelines$|Data Firehose(?! \+ Athena)|Dataflow|Stream Analytics|IoT Core|IoT Hub|Log Drains/,
  // Event analytics: Analytics Engine's counterparts are Firehose + Athena on AWS and Event Hubs + Data Explorer
  // on Azure (the catalog's event-analytics pair).
  analytics:
    /R2 Data Catalog|Event Hubs|Analytics Engine|Athena|Redshift|BigQuery|Fabric|Synapse|Warehouse \(|Axiom|Web Analytics|Log Analytics|Power BI|QuickSight|Glue|Stream Analytics|Dataflow|Data Lake Storage/,
  "AI models":
    /Workers AI|Bedrock|Vertex AI \(|Azure OpenAI|AI Gateway \(|Transcribe|Speech|Rekognition|Video Indexer|Content Safety|Textract|Document AI|Document Intelligence|Translate|model endpoint|GPU inference|SageMaker real-time|Vertex AI endpoint|ML online endpoint/,
  search: /Vectorize|AI Search|Vector Search|Azure AI Search|OpenSearch|S3 Vectors|Upstash Vector|Algolia/,
  video: /^Stream$|MediaConvert|^IVS$|Transcoder|Mux/,
  calls: /Realtime SFU|Chime SDK|Communication Services Calling|LiveKit/,
  "game and UDP servers":
    /UDP servers|Game servers|GameLift|Agones|PlayFab|Game-server host|UDP server host|Compute Engine VMs|EC2 worker|Virtual Machines|UDP server host/,
  training: /GPU training|SageMaker Training|Vertex AI Training|Azure Machine Learning|AWS Batch \(GPU/,
  // API gateways with keys and rate limits (Apigee, usage plans) stand where a WAF's rules do; on a site whose
  // only bots are form spam, Turnstile stands where the WAF's CAPTCHA does.
  // Prompt Shields check a model's prompts (an AI model line), not traffic at the edge.
  "edge security": /WAF|Cloud Armor|Firewall|(?<!Prompt )Shield|Spectrum|Apigee|usage plans|form bot check/,
  "staff SSO": /Access \(Zero Trust\)|IAM Identity Center|Entra ID P1|Deployment Protection|Identity-Aware/,
  email: /Email Sending|^SES$|SendGrid|Communication Services Email|Resend/,
  sms: /SMS/,
};

/**
 * Lines that stand for a role on the other plan without being named for it: the VMs a competitor rehosts
 * onto run, on a Cloudflare plan, on the existing origin behind Tunnel or in Containers; a TURN host is the
 * Realtime TURN service (both ways); CPU training jobs run in Containers.
 */
export const COUNTERPARTS: Record<string, RegExp> = {
  "game and UDP servers": /^Existing origin|^Containers$|TURN/,
  // CPU training jobs (a managed training service on CPU machines) run in Containers on the same vCPU-hours.
  training: /^Containers$/,
  // Peers that only exchange data relay through a TURN host the competitor runs on its VMs (coturn) or its
  // game servers, where Cloudflare's line is the Realtime TURN service.
  calls:
    /EC2 worker|Virtual Machines|Compute Engine VMs|self-run SFU|TURN|GameLift|PlayFab|Game servers|UDP server host/,
};

/** The roles of a plan's lines: role → its lines. */
export function rolesOf(items: CostItem[]): Map<string, CostItem[]> {
  const out = new Map<string, CostItem[]>();
  for (const [role, re] of Object.entries(COST_ROLES)) {
    const lines = items.filter((i) => re.test(i.service));
    if (lines.length) out.set(role, lines);
  }
  return out;
}

/** Roles one plan pays for (a line above $0) that the other plan has no line for. */
export function unmatchedRoles(a: CostItem[], b: CostItem[]): { role: string; lines: CostItem[] }[] {
  const ra = rolesOf(a);
  const rb = rolesOf(b);
  const stands = (role: string) => COUNTERPARTS[role] && b.some((i) => COUNTERPARTS[role].test(i.service));
  return [...ra].filter(([role, lines]) =>
    lines.some((l) => l.monthlyUsd > 0) && !rb.has(role) && !stands(role)
  )
    .map(([role, lines]) => ({ role, lines }));
}

/** Roles whose counterpart is always priced on both sides (checked on every case, no exceptions). */
export const STRICT_ROLES = ["edge security", "staff SSO", "video", "calls", "sms"] as const;
