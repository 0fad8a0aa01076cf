/**
 * Services for core parts a description asks for that no capability maps: a phone line (PSTN calls, SIP, a voice
 * agent answering calls), a database migration with little downtime, and inbound mail where the cloud receives
 * none itself (Google, Vercel: SendGrid Inbound Parse). Per cloud, the cloud's own service where it has one; a named third party where it has none (Cloudflare
 * has no PSTN, Google no first-party phone numbers). Figures are `prov` (flagged unverified) unless a stored copy
 * of the provider's page confirmed them.
 */
import { type Cloud, prov } from "./facts.ts";
import type { ServiceDef, Wire } from "./service_types.ts";
import { price, svc } from "./workload_helpers.ts";

const TWILIO_VOICE = "https://www.twilio.com/en-us/voice/pricing/us";

/** Twilio Voice: the phone line where a cloud has no PSTN of its own. */
const twilioVoice = (wire: string): ServiceDef =>
  svc(
    "twilio-voice",
    "Twilio Voice (third-party)",
    "external",
    "external",
    "Phone numbers + PSTN/SIP; calls stream to the app over WebSocket (Media Streams)",
    [["compute", "self", wire, true]],
    price(
      prov(0.0085, "USD per minute, inbound call to a US local number", TWILIO_VOICE),
      "call_minutes",
      "min",
    ),
    { external: true },
  );

/**
 * The phone line per cloud. AWS answers with Amazon Connect: the Chime SDK PSTN audio service (SIP media
 * applications) stops taking new customers on October 29, 2026
 * (https://docs.aws.amazon.com/chime-sdk/latest/dg/sdk-use-pstn-service.html).
 */
const PHONE: Record<Cloud, ServiceDef> = {
  cloudflare: twilioVoice("TwiML webhook + media stream"),
  aws: svc(
    "amazon-connect",
    "Amazon Connect (PSTN)",
    "realtime",
    "realtime",
    "Phone numbers, IVR flows and call routing; Lambda / Lex answer the line",
    [["compute", "self", "contact flow → Lambda", true]],
    price(
      prov(
        0.018,
        "USD per voice minute (+ per-minute telephony and per-day number fees)",
        "https://aws.amazon.com/connect/pricing/",
      ),
      "call_minutes",
      "min",
    ),
  ),
  azure: svc(
    "acs-pstn",
    "Azure Communication Services (PSTN calling)",
    "realtime",
    "realtime",
    "Phone numbers, inbound/outbound PSTN and direct routing (SIP); Call Automation events",
    [["compute", "self", "Call Automation events", true]],
    price(
      prov(
        0.013,
        "USD per minute, outbound PSTN call to a US number (inbound to geographic numbers billed lower)",
        "https://azure.microsoft.com/en-us/pricing/details/communication-services/",
      ),
      "call_minutes",
      "min",
    ),
  ),
  gcp: twilioVoice("TwiML webhook + media stream (Google sells no PSTN numbers)"),
  vercel: twilioVoice("TwiML webhook"),
};

/** SendGrid Inbound Parse: incoming mail POSTed to the app, where the cloud receives no mail itself. */
const inboundParse = (): ServiceDef =>
  svc(
    "sendgrid-inbound",
    "SendGrid Inbound Parse (third-party)",
    "external",
    "external",
    "MX for a receiving domain; each message POSTed to the app, billed by the vendor with the SendGrid plan",
    [["self", "compute", "POST parsed mail", true]],
    undefined,
    { external: true },
  );

/** Wires from the migration service into whichever of the cloud's databases the plan holds. */
const into = (keys: string[], label: string): Wire[] => keys.map((k) => ["self", k, label, true]);

const DB_MIGRATION: Record<"aws" | "gcp" | "azure", ServiceDef> = {
  aws: svc(
    "dms",
    "AWS Database Migration Service (DMS)",
    "database",
    "data",
    "Full load + change data capture from the old database, cut over in minutes",
    [...into(
      ["rds", "rds_mysql", "rds_sqlserver", "rds_oracle", "aurora", "aurora_dsql"],
      "full load + CDC",
    )],
    price(
      prov(
        0.154,
        "USD/hour dms.c5.large replication instance, only while migrating",
        "https://aws.amazon.com/dms/pricing/",
      ),
      "migration_hours",
      "instance-hour (one migration week, once)",
    ),
  ),
  gcp: svc(
    "gcp-dms",
    "Database Migration Service",
    "database",
    "data",
    "Continuous replication (MySQL/Postgres) into Cloud SQL, promote at cut-over",
    [...into(
      ["cloud_sql", "cloud_sql_mysql", "cloud_sql_sqlserver", "alloydb", "spanner"],
      "continuous migration",
    )],
    price(
      prov(
        0,
        "USD: homogeneous migrations to Cloud SQL are free (heterogeneous billed per GB)",
        "https://cloud.google.com/database-migration/pricing",
      ),
      "month",
      "month",
    ),
  ),
  azure: svc(
    "azure-dms",
    "Azure Database Migration Service",
    "database",
    "data",
    "Online migration (continuous sync) into Azure Database, cut over when in sync",
    [...into(["postgres", "mysql", "sql_database", "azure_sql"], "online migration")],
    price(
      prov(
        0,
        "USD: the Standard tier is free (Premium, for online migrations, billed per vCore-hour)",
        "https://azure.microsoft.com/en-us/pricing/details/database-migration/",
      ),
      "month",
      "month",
    ),
  ),
};

/** Core-part services per cloud, merged into `SERVICES` (keys: phone_line, db_migration, sendgrid_inbound). */
export const CORE_PART_SERVICES: Record<Cloud, Record<string, ServiceDef>> = {
  cloudflare: { phone_line: PHONE.cloudflare },
  aws: { phone_line: PHONE.aws, db_migration: DB_MIGRATION.aws },
  gcp: { phone_line: PHONE.gcp, db_migration: DB_MIGRATION.gcp, sendgrid_inbound: inboundParse() },
  azure: { phone_line: PHONE.azure, db_migration: DB_MIGRATION.azure },
  vercel: { phone_line: PHONE.vercel, sendgrid_inbound: inboundParse() },
};
