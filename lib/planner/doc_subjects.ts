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

/**
 * Kinds of product a docs site documents, which would otherwise read as parts of its own stack ("docs for our
 * open-source database", "a reference for our payments API", "guides to our queue").
 */
const PRODUCT_KINDS =
  /\b(?:(?:(?:time[\s-]series|graph|vector|document|key[\s-]value|columnar|olap|sql|nosql|embedded|in[\s-]memory|distributed|open[\s-]source)\s+)*(?:databases?|dbs?)|apis?|rest apis?|graphql apis?|sdks?|clis?|queues?|message brokers?|caches?|search engines?|vector (?:db|databases?|stores?)|streaming (?:engine|platform)|payments? (?:api|platform)|auth(?:entication)? (?:service|library)|libraries|library|frameworks?|plugins?|extensions?|operators?)\b/gi;

/** The technologies' patterns, global, to replace every mention inside a subject. */
const TECH_WORDS = [...TECH_RES.map(([, re]) => new RegExp(re.source, "gi")), PRODUCT_KINDS];

/** The text with the technologies and product kinds a documentation subject names replaced by "product". */
export function maskDocSubjects(text: string): string {
  return text.replace(DOC_SUBJECT, (span) => TECH_WORDS.reduce((s, re) => s.replace(re, "product"), span));
}
