/**
 * A content site: pages people read (docs, a catalogue, a marketing or portfolio site), maybe with a form,
 * maybe rebuilt by its own scheduled build. Its audience is readers, its content lives in files or a hosted
 * CMS, and its search often ships with the pages; the rules here keep an app's parts out of it.
 */
import type { Capability } from "./capabilities.ts";
import { detectCapabilities } from "./capabilities.ts";
import type { Workload } from "./workload_shapes.ts";

/** Whether the workload is a content site, alone or with the scheduled build that regenerates it. */
export function isContentSite(workload: Pick<Workload, "primary" | "shapes">): boolean {
  return workload.primary === "static_site" &&
    workload.shapes.every((s) => s === "static_site" || s === "batch_job");
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
