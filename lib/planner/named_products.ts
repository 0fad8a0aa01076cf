/**
 * Third-party products a description names as part of the workload (where messages go, where the catalog
 * or content lives, which API geocodes): they appear as external nodes in both plans instead of being
 * dropped. Products the catalog already models (Stripe, Twilio SMS, SendGrid, Neon/Supabase as Postgres)
 * are not listed here. Matched as whole words, case-insensitively. Deterministic.
 */
import type { ServiceDef } from "./catalog/service_types.ts";
import { sourceApis } from "./data_sources.ts";
import { compile } from "./match.ts";

/** One named product: how it is recognised and the node it becomes. */
interface NamedProduct {
  key: string;
  re: RegExp;
  name: string;
  blurb: string;
  wire: string;
}

const product = (key: string, terms: string[], name: string, blurb: string, wire: string): NamedProduct => ({
  key,
  re: compile(terms),
  name,
  blurb,
  wire,
});

/**
 * Well-known SaaS APIs a workload calls (issues, chat, POS, accounting, signatures, calendars, alerting): each
 * stays an external node named after the vendor, whose own pricing plan bills it. Ambiguous words (linear,
 * square, teams, intercom) only count next to a product word.
 */
const SAAS_APIS: [string, string[], string, string, string][] = [
  [
    "linear",
    ["linear (?:issues?|tickets?|api|boards?|projects?|workspace)", "(?:in|into|to|from) linear"],
    "Linear API",
    "Issues and projects",
    "GraphQL API",
  ],
  ["slack", ["slack(?! time\\b)"], "Slack API", "Messages posted to channels", "chat.postMessage"],
  [
    "square",
    [
      "square (?:pos|payments?|api|terminals?|registers?|online|orders?|catalog)",
      "(?:via|through|with|from) square",
    ],
    "Square API",
    "POS sales, orders and payments",
    "REST API",
  ],
  ["jira", ["jira"], "Jira Cloud API", "Issues and tickets", "REST API"],
  [
    "quickbooks",
    ["quickbooks(?: online)?"],
    "QuickBooks Online API",
    "Accounting records and invoices",
    "REST API",
  ],
  ["xero", ["xero"], "Xero API", "Accounting records and invoices", "REST API"],
  ["docusign", ["docusign"], "DocuSign eSignature API", "Documents sent for signature", "REST API"],
  ["calendly", ["calendly"], "Calendly API", "Bookings and availability", "webhooks"],
  [
    "google_sheets",
    ["google sheets?"],
    "Google Sheets API",
    "Rows read and written in a spreadsheet",
    "Sheets API",
  ],
  [
    "google_calendar",
    ["google calendar", "gcal"],
    "Google Calendar API",
    "Events on people's calendars",
    "Calendar API",
  ],
  [
    "ms_teams",
    ["microsoft teams", "ms teams", "teams (?:channels?|messages?|chats?|webhooks?)"],
    "Microsoft Teams (Graph API)",
    "Messages posted to channels",
    "Graph API",
  ],
  ["discord", ["discord"], "Discord API", "Messages to servers and channels", "bot API"],
  [
    "pagerduty",
    ["pagerduty", "opsgenie"],
    "PagerDuty / Opsgenie",
    "On-call alerts and escalations",
    "Events API",
  ],
  [
    "intercom",
    ["intercom (?:chat|messenger|inbox|api|conversations?)"],
    "Intercom API",
    "Support conversations",
    "REST API",
  ],
  ["freshdesk", ["freshdesk"], "Freshdesk API", "Support tickets", "REST API"],
  ["klaviyo", ["klaviyo"], "Klaviyo API", "Marketing lists and flows", "REST API"],
  ["netsuite", ["netsuite"], "NetSuite (SuiteTalk)", "ERP records", "REST API"],
  ["typeform", ["typeform"], "Typeform", "Form responses", "webhooks"],
];

/** Products the planner shows when named. */
const PRODUCTS: NamedProduct[] = [
  product("telegram", ["telegram"], "Telegram Bot API", "Messages to chats and channels", "sendMessage"),
  product(
    "shopify",
    ["shopify"],
    "Shopify (Storefront API)",
    "Catalog, cart and checkout stay in Shopify",
    "GraphQL",
  ),
  product("contentful", ["contentful"], "Contentful", "Headless CMS content", "Content API"),
  product("sanity", ["sanity(?:\\.io)?"], "Sanity", "Headless CMS content", "GROQ API"),
  product(
    "geocoding",
    ["geocod\\w*", "mapbox", "google maps", "here maps", "nominatim"],
    "Geocoding API (Mapbox / HERE / Google Maps)",
    "Third-party geocoding, rate-limited per key",
    "geocode",
  ),
  product(
    "drm",
    ["drm", "widevine", "fairplay", "playready", "content protection"],
    "DRM licensing (PallyCon / EZDRM)",
    "Widevine + FairPlay + PlayReady licences for the encrypted streams",
    "license keys",
  ),
  product("salesforce", ["salesforce"], "Salesforce", "CRM records", "REST API"),
  product("hubspot", ["hubspot"], "HubSpot", "CRM records", "REST API"),
  product("zendesk", ["zendesk"], "Zendesk", "Support tickets", "REST API"),
  product("odoo", ["odoo"], "Odoo", "ERP records", "JSON-RPC"),
  product("notion", ["notion"], "Notion API", "Workspace pages as a source", "sync"),
  product("airtable", ["airtable"], "Airtable", "Base records", "REST API"),
  product("razorpay", ["razorpay"], "Razorpay", "Payments (India)", "webhooks"),
  product("strava", ["strava", "garmin"], "Strava / Garmin APIs", "Activity data via OAuth", "OAuth API"),
  ...SAAS_APIS.map(([key, terms, name, what, wire]) =>
    product(key, terms, name, `${what}, called from compute · billed by the vendor`, wire)
  ),
];

/**
 * A product named only as a comparison ("a Notion-like editor", "Trello clone", "similar to Figma", "an app
 * like Airtable") says what the app is like, not what it calls: such mentions are not integrations.
 */
const COMPARISON =
  /\b[\w.]+-(?:like|style|esque)\b|\b[\w.]+[\s-](?:clone|alternative|killer)\b|\b(?:similar to|alternative to|clone of|inspired by|(?:à|a) la|(?:app|tool|platform|editor|site|board|product|thing|something) like)\s+(?:a |an |the )?[\w.]+/gi;

/** The text without the products it names only as comparisons. */
export function withoutComparisons(text: string): string {
  return text.replace(COMPARISON, " ");
}

/** Payment providers other than Stripe, as they are named; the payments node carries the one named. */
const PAYMENT_PROVIDERS: Array<[RegExp, string]> = [
  [/\badyen\b/i, "Adyen"],
  [/\bpaypal\b/i, "PayPal"],
  [/\bbraintree\b/i, "Braintree"],
  [/\bmollie\b/i, "Mollie"],
  [/\bmercado ?pago\b/i, "Mercado Pago"],
  [/\bklarna\b/i, "Klarna"],
  [/\bpaddle\b/i, "Paddle"],
  [/\blemon ?squeezy\b/i, "Lemon Squeezy"],
  [/\bcheckout\.com\b/i, "Checkout.com"],
  [/\bpaystack\b/i, "Paystack"],
  [/\bflutterwave\b/i, "Flutterwave"],
  [/\bpagseguro\b/i, "PagSeguro"],
];

/** The payment provider the text names instead of Stripe, if any (Stripe named too: none). */
export function namedPaymentProvider(text: string): string | null {
  if (/\bstripe\b/i.test(text)) return null;
  return PAYMENT_PROVIDERS.find(([re]) => re.test(text))?.[1] ?? null;
}

/** External service definitions for the products the text names, keyed by `named_<key>`. */
export function namedProducts(described: string): Map<string, ServiceDef> {
  const out = new Map<string, ServiceDef>();
  const text = withoutComparisons(described);
  for (const p of PRODUCTS) {
    if (!p.re.test(text)) continue;
    out.set(`named_${p.key}`, {
      id: `named-${p.key}`,
      name: p.name,
      type: "external",
      group: "external",
      blurb: p.blurb,
      external: true,
      wires: [["compute", "self", p.wire]],
    });
  }
  // A shop or CMS that is only read (its orders, posts or products) is an API the job calls, not a host.
  for (const [word, name] of sourceApis(text)) {
    out.set(`named_${word}`, {
      id: `named-${word}`,
      name,
      type: "external",
      group: "external",
      blurb: "Read through its API; the site stays where it runs",
      external: true,
      wires: [["compute", "self", "REST API"]],
    });
  }
  return out;
}
