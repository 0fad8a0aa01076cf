/**
 * A content site: pages people read (docs, a catalogue, a marketing or portfolio site), maybe with a form,
 * maybe rebuilt by its own scheduled build. Its audience is readers, its content lives in files or a hosted
 * CMS, and its search often ships with the pages; the rules here keep an app's parts out of it.
 */
import type { Capability } from "./capabilities.ts";
import { detectCapabilities } from "./capabilities.ts";
import type { Workload } from "./workload_shapes.ts";
import { BUILD_HOOK } from "./site_builds.ts";
import { readRuns } from "./numbers.ts";

/** Whether the workload is a content site, alone or with the scheduled build that regenerates it. */
export function isContentSite(workload: Pick<Workload, "primary" | "shapes">): boolean {
  return workload.primary === "static_site" &&
    workload.shapes.every((s) => s === "static_site" || s === "batch_job");
}

/** A chat app reached from a button or a link on the page ("botão pro whatsapp"): a link, no bot. */
const CHAT_LINK =
  /\b(?:whats ?app|messenger|telegram|line)\s+(?:chat\s+)?(?:buttons?|links?|icons?)\b|\b(?:buttons?|links?|bot(?:ã|a)o|bot(?:ó|o)n|bouton|pulsante|knopf)\s+(?:\p{L}+\s+){0,2}(?:whats ?app|messenger|telegram)\b/iu;
/** Words of a bot or a webhook consumer of its own (then the shape stays). */
const OWN_BOT = /\b(?:chat)?bots?(?!\p{L})|\bslash commands?\b|\bwebhooks? from (?!\w+ (?:on )?publish)/iu;

/** Words of a job a site runs (a scheduled rebuild, an import, a scrape, a sync). */
const SITE_JOB_WORDS =
  /\b(?:jobs?|batch\w*|cron\w*|schedul\w*|pipelines?|re-?build\w*|regenerat\w*|scrap\w*|imports?|importing|sync\w*|fetch\w*|pulls?|digests?|newsletters? (?:go(?:es)? out|sent))\b/i;
/** Words of a queue the site itself asks for. */
const QUEUE_WORDS = /\bqueues?\b|\bqueued\b|\bbackground (?:jobs?|tasks?)\b/i;

/**
 * A content site's webhook that only rebuilds it, or a chat app it links to, is no bot or webhook worker:
 * the shape is dropped (in place) and a chat link sends no messages (no SMS or WhatsApp API). A rebuild on
 * publish is the host's build, not a scheduled job or a queue, unless the text also names a cadence.
 */
export function withoutSiteHooks(text: string, workload: Workload, caps: Set<Capability>): void {
  if (workload.primary !== "static_site" || OWN_BOT.test(text)) return;
  const link = CHAT_LINK.test(text);
  const hook = BUILD_HOOK.test(text);
  if (workload.shapes.includes("bot_webhook") && (link || hook)) {
    workload.shapes.splice(workload.shapes.indexOf("bot_webhook"), 1);
  }
  if (link) caps.delete("sms");
  // A job nothing in the text runs (no cadence, no job words) is the model's guess, not the site's.
  if (workload.shapes.includes("batch_job") && readRuns(text) === undefined && !SITE_JOB_WORDS.test(text)) {
    workload.shapes.splice(workload.shapes.indexOf("batch_job"), 1);
  }
  if (!hook) return;
  if (workload.shapes.includes("batch_job") && readRuns(text) === undefined) {
    workload.shapes.splice(workload.shapes.indexOf("batch_job"), 1);
  }
  if (!QUEUE_WORDS.test(text)) caps.delete("queues");
}

/** Search that ships with the pages and runs in the browser (a prebuilt index, Lunr, Pagefind). */
const CLIENT_SEARCH =
  /\b(?:lunr(?:\.js)?|pagefind|fuse\.js|flexsearch|minisearch|stork search|prebuilt (?:search )?index|pre-built (?:search )?index|client[\s-]side search|in[\s-]browser search|static search index)\b/i;

/** Words that name a site's content, not a database behind it (a CMS it is built from, a catalogue of pages). */
const CONTENT_WORDS =
  /\b(?:headless cms|cms|catalogs?|catalogues?|course (?:pages?|listings?)|product (?:pages?|listings?)|products)\b/gi;

/** A form and the word that names what it takes ("a reservation form", "booking forms"). */
const FORM_PHRASE = /\b[\w-]+\s+forms?\b/gi;

/**
 * Drops from a content site's capabilities (in place) a waiting room, the search its pages carry and a relational store
 * read only from words that name its content (a headless CMS it is built from, a catalogue of pages) or
 * from a form whose entries are mailed.
 */
export function contentSiteCapabilities(text: string, workload: Workload, caps: Set<Capability>): void {
  if (!isContentSite(workload)) return;
  // A launch-day spike is served from the CDN's cache: there is no origin to queue people for.
  caps.delete("waiting_room");
  if (caps.has("search") && CLIENT_SEARCH.test(text)) caps.delete("search");
  // A form whose entries are mailed ("a reservation form that just emails us") keeps no table of them.
  let rest = text.replace(CONTENT_WORDS, " ");
  if (caps.has("email")) rest = rest.replace(FORM_PHRASE, " ");
  if (caps.has("relational") && !detectCapabilities(rest).includes("relational")) caps.delete("relational");
}

/** Forms that draw spam (contact, signup, embedded forms, waitlists): Turnstile on Cloudflare. */
export const SPAM_FORMS = /\b(?:spam\w*|contact forms?|forms?|wait[\s-]?lists?|sign[\s-]?ups?)\b/i;

/** Phrases that ask for protection of a form only (a contact form, form spam, a waitlist signup). */
const FORM_SPAM_PHRASES =
  /\b(?:contact|signup|sign-up|enquiry|inquiry|booking|waitlist|appointment|feedback|quote|rsvp|registration|request|order)\s+forms?\b|\bform spam\b|\bspam(?:med|my)?\b|\bforms?\b|\b(?:wait[\s-]?list|newsletter|e-?mail|early[\s-]access)\s+sign[\s-]?ups?\b|\bsign[\s-]?ups?\s+(?:for|to)\s+(?:the |our |a )?(?:wait[\s-]?list|newsletter|early access)\b/gi;

/**
 * Whether a content site's bot protection is only its forms' spam (nothing else reads as bots or abuse):
 * Turnstile's job on Cloudflare, not a WAF plan's. An app or a product built on forms keeps its WAF.
 */
export function formSpamOnly(text: string, workload: Workload, caps: ReadonlySet<Capability>): boolean {
  if (!caps.has("bot_protection") || !isContentSite(workload) || !SPAM_FORMS.test(text)) return false;
  return !detectCapabilities(text.replace(FORM_SPAM_PHRASES, " ")).includes("bot_protection");
}
