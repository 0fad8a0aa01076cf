/**
 * A job that mails every person of its data ("send each one a summary email", "email all 30k members their
 * statement", "every customer gets a reminder"): its mail is one message per record a run, not one a run.
 */

/** People a job's records stand for, as the text names them. */
const RECIPIENTS =
  "(?:one|of them|members?|customers?|users?|subscribers?|clients?|patients?|students?|employees?|drivers?|" +
  "owners?|parents?|accounts?|households?|persons?|people|recipients?|guests?|donors?|volunteers?|players?|" +
  "tenants?|suppliers?|vendors?|sellers?|buyers?|contacts?|policyholders?|customers'?|families|residents?|" +
  "homeowners?|shoppers?|learners?|athletes?|readers?|borrowers?|investors?|partners?|agents?|dealers?)";

/** "each / every / all (the|our|of our) [30k] …", the quantifier before the recipients. */
const EACH = "(?:each|every|all(?: (?:of )?(?:the|our|their|them))?)(?: [\\d.,]+\\s?[km]?)?";

/** Mail verb then the recipients ("send each one an email", "email all members"). */
const MAIL_TO_EACH = new RegExp(
  `\\b(?:e-?mails?|mails?|sends?|sending|notif(?:y|ies|ying)|messages?)\\b[^.;]{0,30}?\\b${EACH} ${RECIPIENTS}\\b`,
  "i",
);

/** The recipients then the mail ("each member gets a summary email", "every customer receives …"). */
const EACH_GETS_MAIL = new RegExp(
  `\\b${EACH} ${RECIPIENTS} (?:gets?|receives?|is (?:e-?mailed|sent|notified))\\b[^.;]{0,30}?\\b(?:e-?mails?|mails?|notice|summary|statement|reminder|newsletter|digest|report)`,
  "i",
);

/** The text has a job mail each person of its records, not one message a run. */
export function mailsEachRecord(text: string): boolean {
  return MAIL_TO_EACH.test(text) || EACH_GETS_MAIL.test(text);
}
