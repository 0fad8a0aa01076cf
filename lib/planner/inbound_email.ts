/**
 * Mail the app receives (incoming mail, files or replies people send in, a parsed inbox), as opposed to mail it
 * sends. Read into the `mail_workflow` technology (technologies.ts), which maps it per cloud: Email Routing →
 * Email Workers, SES receiving, a Logic Apps mailbox trigger, SendGrid Inbound Parse.
 */

/** Mail the app receives: incoming mail, mail people send in (CSVs, invoices, replies), a parsed inbox. */
export const INBOUND_EMAIL = new RegExp(
  String.raw`\b(?:inbound|incoming|received) (?:e-?)?mails?\b|` +
    String
      .raw`\b(?:suppliers?|vendors?|partners?|customers?|clients?|users?|people|tenants?|members?|agents?|they) ` +
    String
      .raw`(?:can |will |just |simply )?(?:e-?mail|mail|forward)s? (?:us |in |over |their |the |a |an )*` +
    String
      .raw`(?:\w+ ){0,2}(?:csvs?|spreadsheets?|excel|invoices?|orders?|files?|attachments?|pdfs?|photos?|receipts?|` +
    String.raw`requests?|tickets?|questions?|documents?|reports?|price lists?|statements?)\b|` +
    String
      .raw`\b(?:repl(?:y|ies|ying)|respond\w*|answer\w*) (?:\w+ ){0,2}(?:by|via|over|through) e-?mail\b|` +
    String
      .raw`\b(?:pars\w*|reads?|reading|process\w*|ingest\w*) (?:the |their |each |every |all )?(?:incoming |inbound )?` +
    String.raw`(?:e-?mails?|mail(?:box)?|inbox)\b|\be-?mail (?:ingestion|parsing|attachments?|inbox)\b|` +
    String
      .raw`\bforward\w* (?:\w+ ){0,3}to (?:an? |our |the |its )?(?:\w+ )?(?:inbox|(?:e-?mail )?address)\b`,
  "i",
);

/** Words that say the app also sends mail (notifications, receipts, digests, sign-in links). */
const OUTBOUND_EMAIL =
  /\b(?:send\w*|sent|e-?mails? (?:out|them|users|customers|members|alerts?|reminders?|updates?|notifications?|campaigns?|confirmations?)|newsletters?|digests?|notif\w*|confirmations?|transactional|password resets?|reset links?|magic links?|verification (?:e-?mails?|codes?)|welcome e-?mails?|e-?mail (?:alerts?|reminders?|updates?|notifications?|campaigns?|receipts?|confirmations?))\b/i;

/** Mail is only received: the description asks for incoming mail and never for mail the app sends. */
export function inboundOnly(text: string): boolean {
  return INBOUND_EMAIL.test(text) && !OUTBOUND_EMAIL.test(text);
}
