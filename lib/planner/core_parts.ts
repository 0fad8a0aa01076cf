/**
 * Core parts a description asks for that no capability covers, kept in both plans instead of dropped:
 * - a phone line (PSTN calls, SIP trunks, a voice agent answering calls): Twilio Voice where the cloud has no PSTN
 *   (Cloudflare, Google, Vercel), Amazon Connect, Azure Communication Services calling; on Cloudflare the agent
 *   runs in a Durable Object per call, never on a WebRTC SFU;
 * - a database migration with little downtime: AWS DMS, Google's and Azure's Database Migration Service, and on
 *   Cloudflare a note that the database stays where it runs behind Hyperdrive until the managed target takes over;
 * - a retention of years: the archive tier of the object storage (R2 Infrequent Access, S3 Glacier Deep Archive,
 *   Cloud Storage Archive, Blob Archive);
 * - WhatsApp messages: the SMS provider's WhatsApp Business channel, with Meta's per-conversation fees.
 * Deterministic, whole-word regular expressions.
 */
import { type Cloud } from "./catalog/facts.ts";
import { type Selection } from "./context.ts";
import { pinRequirement } from "./requirement_notes.ts";

const CALLERS = "customers?|callers?|patients?|clients?|people|guests?|users?|tenants?|parents?|drivers?";
/** A phone line the system answers or dials: phone calls, PSTN / SIP, an IVR, a call centre, a hotline. */
const PHONE = new RegExp(
  String
    .raw`\b(?:phone (?:lines?|calls?|system|tree|menu|agents?|bots?)|(?<!(?:verified|verify|verifying|verification|their|your|user's|users'|customer's|by|via|with|per) )phone numbers?(?! (?:verification|login|sign[\s-]?in|otp|codes?))|telephon(?:y|e)|pstn|sip trunk(?:s|ing)?|` +
    String
      .raw`sip (?:calls?|lines?|phones?)|ivr|call[\s-]?cent(?:er|re)s?|hotline|toll[\s-]free (?:numbers?|lines?)|` +
    String
      .raw`(?:answer|answers|answering|pick(?:s|ing)? up) (?:the |our |their |incoming |inbound )?(?:phones?|calls)|` +
    String
      .raw`(?:inbound|incoming|outbound) (?:phone |voice )?calls?|(?:${CALLERS}) (?:can )?(?:call|ring|phone|dial) ` +
    String
      .raw`(?:us|in|our (?:number|line|office|shop|clinic))|(?:calls?|rings?) (?:the |our |a )?(?:shop|clinic|office|store|restaurant)? ?(?:number|line))\b`,
  "i",
);

const DATABASES = "mysql|mariadb|postgres(?:ql)?|oracle|sql server|mssql|mongodb|database|db";
/** A database the app runs on, named anywhere ("Laravel + MySQL on a Linode box"). */
const DATABASE_NAMED = new RegExp(String.raw`\b(?:${DATABASES})\b`, "i");
/** The move asked to happen without downtime ("a migration without downtime", "zero-downtime move"). */
const DOWNTIME_FREE_MOVE =
  /\b(?:migrat\w*|move|moving|cut[\s-]?over)\b[^.]{0,20}\b(?:without|no|zero|minimal|little)[\s-]+downtime\b|\b(?:zero|no|minimal)[\s-]downtime (?:migration|move|cut[\s-]?over)\b/i;
/** A database moved from where it runs now. */
const DB_MOVE = new RegExp(
  String.raw`\b(?:migrat\w*|mov(?:e|es|ed|ing)|lift\w*|transfer\w*|replatform\w*|port(?:s|ed|ing)?)\b` +
    String.raw`(?:\s+[\w.'’-]+){0,6}?\s+(?:${DATABASES})s?\b|\b(?:${DATABASES})s? migrations?\b`,
  "i",
);
/** The move has to keep downtime short, or comes from a data centre the team runs. */
const CUTOVER = new RegExp(
  String
    .raw`\b(?:downtime|cut[\s-]?over|zero[\s-]downtime|colo\w*|co-located|on[\s-]prem\w*|data ?cent(?:er|re)|` +
    String.raw`our (?:own )?(?:servers?|racks?|hardware)|change data capture|cdc)\b`,
  "i",
);

const YEARS = String
  .raw`(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)\+?[\s-]*(?:years?|yrs?)`;
/** Data kept for years: "keep 10 years", "archive for 7 years", "7-year retention". */
const RETENTION = new RegExp(
  String.raw`\b(?:keep\w*|kept|retain\w*|retention|archiv\w*|stor(?:e|es|ed|ing)|hold\w*|preserv\w*)\b` +
    String.raw`(?:\s+[\w,'’-]+){0,8}?\s+(?:for\s+(?:at least\s+|up to\s+)?)?(${YEARS})\b|` +
    String.raw`\b(${YEARS})\s+(?:of\s+)?(?:retention|archives?|archiving|history)\b`,
  "i",
);

const WHATSAPP = /\bwhats\s?app\b/i;

/** A core part no capability covers, keyed by its catalog service (catalog/core_parts_services.ts). */
export type CorePart = "phone_line" | "db_migration";

/** The core parts the description asks for. */
export function coreParts(text: string): CorePart[] {
  const parts: CorePart[] = [];
  if (PHONE.test(text)) parts.push("phone_line");
  if (
    (DB_MOVE.test(text) || DOWNTIME_FREE_MOVE.test(text) && DATABASE_NAMED.test(text)) && CUTOVER.test(text)
  ) {
    parts.push("db_migration");
  }
  return parts;
}

/** How many years the description keeps its data ("10 years"), or undefined when it names no retention. */
export function retentionYears(text: string): string | undefined {
  const m = text.match(RETENTION);
  const years = m?.[1] ?? m?.[2];
  return years ? years.toLowerCase().replace(/[\s-]*(?:years?|yrs?)$/, "").replace(/\+$/, "") : undefined;
}

const ROLES: Record<CorePart, string> = {
  phone_line: "phone line (PSTN)",
  db_migration: "low-downtime database migration",
};

/** Services one cloud adds for the core parts the text asks for: [catalog key, role]. */
export function corePartUses(cloud: Cloud, text: string): [string, string][] {
  const uses: [string, string][] = [];
  for (const part of coreParts(text)) {
    // Cloudflare runs no migration service: the database stays behind Hyperdrive (noted there).
    if (part === "db_migration" && cloud === "cloudflare") continue;
    uses.push([part, ROLES[part]]);
    if (part === "phone_line" && cloud === "cloudflare") {
      uses.push(["durable_objects", "voice agent state, one per call"]);
    }
  }
  return uses;
}

/** Object storage key of each cloud's catalog. */
export const OBJECT_STORAGE: Record<Cloud, string> = {
  cloudflare: "r2",
  aws: "s3",
  gcp: "gcs",
  azure: "blob",
  vercel: "blob",
};

/**
 * The archive tier each cloud's object storage offers. R2 Infrequent Access at $0.01/GB-month with no egress fees
 * is read from https://developers.cloudflare.com/r2/pricing/ (stored copy); the other tiers are named, not priced.
 */
const ARCHIVE_NOTES: Record<Cloud, string> = {
  cloudflare: "R2 Infrequent Access for the YEARS-year archive ($0.01/GB-month, no egress)",
  aws: "lifecycle to S3 Glacier Deep Archive for the YEARS-year retention",
  gcp: "Archive storage class + retention policy (YEARS years)",
  azure: "Archive access tier + immutability policy (YEARS years)",
  vercel: "Vercel Blob has no archive tier: keep the YEARS-year archive in a cold-tier bucket",
};

const WHATSAPP_NOTES: Record<Cloud, string> = {
  cloudflare: "WhatsApp via Twilio (Meta per-conversation fees on top)",
  aws: "WhatsApp via End User Messaging Social (Meta per-conversation fees)",
  gcp: "WhatsApp via Twilio (Meta per-conversation fees on top)",
  azure: "WhatsApp via ACS Advanced Messaging (Meta per-conversation fees)",
  vercel: "WhatsApp via Twilio (Meta per-conversation fees on top)",
};

/** A call in a browser or an app (WebRTC), which a WebRTC SFU carries, unlike a phone call. */
const APP_CALLS =
  /\b(?:webrtc|video (?:calls?|chat|consults?|visits?|meetings?)|in[\s-](?:app|browser) (?:calls?|audio|voice)|browser|sfu|screen[\s-]?shar\w*|meetings?)\b/i;

/** Each cloud's WebRTC SFU: not a phone line, so dropped when the only calls asked are phone calls. */
const SFU_KEYS: Record<Cloud, string> = {
  cloudflare: "realtime",
  aws: "chime_sdk",
  gcp: "webrtc_sfu",
  azure: "acs_calling",
  vercel: "livekit",
};

/** Drops the WebRTC SFU a phone line was mistaken for (the phone service carries the calls). */
function dropSfuForPhone(cloud: Cloud, selections: Map<string, Selection>, text: string): void {
  if (!selections.has("phone_line") || APP_CALLS.test(text)) return;
  selections.delete(SFU_KEYS[cloud]);
  for (const sel of selections.values()) sel.roles = sel.roles.filter((r) => !/signal+ing \+ rooms/.test(r));
}

/** Pins the notes of the core parts on the services that meet them (archive tier, WhatsApp, the voice agent). */
export function applyCoreParts(cloud: Cloud, selections: Map<string, Selection>, text: string): void {
  dropSfuForPhone(cloud, selections, text);
  const years = retentionYears(text);
  const storage = selections.get(OBJECT_STORAGE[cloud]);
  if (years && storage) pinRequirement(storage, ARCHIVE_NOTES[cloud].replace("YEARS", years));
  const sms = selections.get("sms");
  if (sms && WHATSAPP.test(text)) pinRequirement(sms, WHATSAPP_NOTES[cloud]);
  const phone = selections.get("phone_line");
  const agent = selections.get("durable_objects");
  if (cloud === "cloudflare" && phone && agent) {
    pinRequirement(agent, "one Durable Object per call holds its media stream");
  }
  const migration = coreParts(text).includes("db_migration");
  const db = selections.get("hyperdrive");
  if (cloud === "cloudflare" && migration && db) {
    pinRequirement(db, "DB stays put until its managed target's replica takes over");
  }
}
