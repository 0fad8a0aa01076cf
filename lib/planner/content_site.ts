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
 * Drops from a content site's capabilities (in place) the search its pages carry and a relational store
 * read only from words that name its content (a headless CMS it is built from, a catalogue of pages) or
 * from a form whose entries are mailed.
 */
export function contentSiteCapabilities(text: string, workload: Workload, caps: Set<Capability>): void {
  if (!isContentSite(workload)) return;
  if (caps.has("search") && CLIENT_SEARCH.test(text)) caps.delete("search");
  // A form whose entries are mailed ("a reservation form that just emails us") keeps no table of them.
  let rest = text.replace(CONTENT_WORDS, " ");
  if (caps.has("email")) rest = rest.replace(FORM_PHRASE, " ");
  if (caps.has("relational") && !detectCapabilities(rest).includes("relational")) caps.delete("relational");
}
