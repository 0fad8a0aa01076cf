/**
 * A content site: pages people read (docs, a catalogue, a marketing or portfolio site), maybe with a form,
 * maybe rebuilt by its own scheduled build. Its audience is readers, its content lives in files or a hosted
 * CMS, and its search often ships with the pages; the rules here keep an app's parts out of it.
 */
import type { Capability } from "./capabilities.ts";
import { detectCapabilities } from "./capabilities.ts";
import type { Workload, WorkloadShape } from "./workload_shapes.ts";
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
 * The shapes a content site's own words undo (a classifier step, workload_shapes.ts): a webhook that only
 * rebuilds it or a chat app it links to is no bot or webhook worker, and a job nothing in the text runs (no
 * cadence, no job words) or a rebuild on publish (the host's build) is no scheduled job. `shapes` is the
 * classifier's order, the lead first; returns the shapes to drop.
 */
export function siteShapesUndone(text: string, shapes: readonly WorkloadShape[]): WorkloadShape[] {
  if (shapes[0] !== "static_site" || OWN_BOT.test(text)) return [];
  const hook = BUILD_HOOK.test(text);
  const drop: WorkloadShape[] = [];
  if (shapes.includes("bot_webhook") && (hook || CHAT_LINK.test(text))) drop.push("bot_webhook");
  const cadence = readRuns(text) !== undefined;
  if (shapes.includes("batch_job") && !cadence && (hook || !SITE_JOB_WORDS.test(text))) {
    drop.push("batch_job");
  }
  return drop;
}

/**
 * What a content site's links and build hook do not send (in place): a chat link sends no messages (no SMS
 * or WhatsApp API), a rebuild on publish needs no queue unless the text names one.
 */
export function withoutSiteHookCapabilities(text: string, workload: Workload, caps: Set<Capability>): void {
  if (workload.primary !== "static_site" || OWN_BOT.test(text)) return;
  if (CHAT_LINK.test(text)) caps.delete("sms");
  if (BUILD_HOOK.test(text) && !QUEUE_WORDS.test(text)) caps.delete("queues");
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
