/**
 * What a documentation or content site is about ("docs for our open-source Kubernetes operator", "a guide
 * to our Postgres extension"): the technology the pages describe, not the stack that serves them. The
 * technology words inside such a subject are replaced by a neutral word before the planner reads the text,
 * so a docs site about Kubernetes is not a Kubernetes estate to move; the same words outside the subject
 * ("…, served from our GKE cluster") still count.
 */
import { TECH_RES } from "./technologies.ts";

/** A documentation noun followed by what it documents, up to the end of the phrase. */
const DOC_SUBJECT = new RegExp(
  String.raw`\b(?:docs?|documentation|api reference|reference docs|developer portal|guides?|tutorials?|` +
    String.raw`handbook|manuals?|changelog|knowledge base)(?:\s+(?:site|website|portal|pages?|hub))?\s+` +
    String.raw`(?:for|of|about|covering|to)\s+[^.,;:()\n]{1,70}`,
  "gi",
);

/** The technologies' patterns, global, to replace every mention inside a subject. */
const TECH_WORDS = TECH_RES.map(([, re]) => new RegExp(re.source, "gi"));

/** The text with the technologies a documentation subject names replaced by "product". */
export function maskDocSubjects(text: string): string {
  return text.replace(DOC_SUBJECT, (span) => TECH_WORDS.reduce((s, re) => s.replace(re, "product"), span));
}
