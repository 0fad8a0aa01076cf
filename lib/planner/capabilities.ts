/**
 * Capability detection: reads an app description for the platform capabilities it needs (real-time,
 * video, object storage, relational data, …). Deterministic and word-boundary aware: every synonym is
 * matched as whole words (`chat` matches "live chat" but not "chatbot"), case-insensitively, with
 * optional hyphens/spaces inside compound terms ("real-time", "realtime", "real time").
 * The result is always in `CAPABILITIES` order, so the same text gives the same list.
 */

import { SYNONYMS } from "./capability_words.ts";

/** Every capability the planner knows, in canonical order. */
export const CAPABILITIES = [
  "realtime",
  "video",
  "object_storage",
  "relational",
  "kv",
  "search",
  "ai",
  "vector",
  "iot",
  "queues",
  "scheduled",
  "email",
  "analytics",
  "auth",
  "zero_trust",
  "payments",
  "images",
  "static_site",
  "bot_protection",
  "waiting_room",
  "push",
  "ocr",
  "api_management",
  "orchestration",
  "sms",
] as const;

/** One capability id. */
export type Capability = typeof CAPABILITIES[number];

/** Human-readable capability names (for subtitles, assumptions and the UI). */
export const CAPABILITY_LABELS: Record<Capability, string> = {
  realtime: "Real-time / WebSockets",
  video: "Video",
  object_storage: "File uploads / object storage",
  relational: "Relational data",
  kv: "Key-value / sessions",
  search: "Search",
  ai: "AI / LLM",
  vector: "Vector search / RAG",
  iot: "IoT ingestion",
  queues: "Queues / background jobs",
  scheduled: "Scheduled jobs",
  email: "Email",
  analytics: "Analytics / events",
  auth: "User sign-in",
  zero_trust: "SSO / zero-trust access",
  payments: "Payments",
  images: "Images",
  static_site: "Static site",
  bot_protection: "Bot / DDoS protection",
  waiting_room: "Virtual waiting room",
  push: "Push notifications",
  ocr: "OCR / document extraction",
  api_management: "API management",
  orchestration: "Workflow orchestration",
  sms: "SMS / text messages",
};

const MATCHERS: [Capability, RegExp][] = CAPABILITIES.map((cap) => [
  cap,
  new RegExp(`(?<![\\w])(?:${SYNONYMS[cap].join("|")})(?![\\w])`, "i"),
]);

/** Capabilities the text asks for, in `CAPABILITIES` order (empty when nothing matched). */
export function detectCapabilities(text: string): Capability[] {
  const normalized = text.normalize("NFKC");
  return MATCHERS.filter(([, re]) => re.test(normalized)).map(([cap]) => cap);
}

/** For explanations and tests: the first phrase in the text that triggered each detected capability. */
export function explainCapabilities(text: string): Partial<Record<Capability, string>> {
  const normalized = text.normalize("NFKC");
  const out: Partial<Record<Capability, string>> = {};
  for (const [cap, re] of MATCHERS) {
    const m = normalized.match(re);
    if (m) out[cap] = m[0];
  }
  return out;
}
