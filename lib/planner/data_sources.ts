/**
 * Products that are apps in their own right (a shop, a CMS) but that a description often names only as where
 * the data comes from: "pull yesterday's orders from my WooCommerce API" reads the shop, it does not host it.
 * A product every mention of which is such a source (read through its API, webhooks or exports) brings no
 * hosting of its own: no WordPress origin, no PHP host, no MySQL, no migration. Deterministic.
 */

/** Source-able products: the word that names them and the label of their API node. */
const PRODUCTS: [string, string][] = [
  ["woocommerce", "WooCommerce REST API"],
  ["wordpress", "WordPress REST API"],
  ["magento", "Magento (Adobe Commerce) REST API"],
  ["prestashop", "PrestaShop Webservice API"],
  ["opencart", "OpenCart API"],
  ["shopware", "Shopware Admin API"],
  ["drupal", "Drupal JSON:API"],
  ["joomla", "Joomla Web Services API"],
];
const MENTION = new RegExp(`(?<![\\w])(?:${PRODUCTS.map(([w]) => w).join("|")})(?![\\w])`, "gi");

/** What follows a mention that says it is read through an interface ("… store's REST API", "… webhooks"). */
const READ_AFTER =
  /^(?:['’]s)?(?:\s+(?:store|shop|site|blog|instance|backend|install))?(?:['’]s)?\s+(?:(?:through|via|using|over)\s+(?:its|the|their)\s+)?(?:(?:rest|admin|graphql|json|store|order|public|wp)[\s-])?(?:apis?|webhooks?|exports?|feeds?|rss)\b/i;
/** What precedes a mention that says data is taken from it ("pull the orders from our …"). */
const READ_BEFORE =
  /\b(?:pull\w*|fetch\w*|sync\w*|import\w*|export\w*|extract\w*|read\w*|scrap\w*|poll\w*|gets?|grab\w*|download\w*|ingest\w*|collect\w*|loads?|copy|copies|mirror\w*)\b[^.;:!?]{0,60}\b(?:from|out of)\s+(?:[\w'’-]+\s+){0,3}$/i;
/** Words that say the product itself is run, moved or fixed (then it is hosted, whatever reads it). */
const HOSTED =
  /\b(?:migrat\w*|re-?host\w*|hosting|hosted|host (?:it|our|my|the)|themes?|plugins?|wp-admin|php|shared host\w*|(?:is|are|gets?|got|keeps? getting) (?:slow|down|hacked|defaced)|speed (?:it |up )|upgrade|off (?:my|our|the) (?:\w+ )?(?:server|host|vps|box))\b/i;

/** The products of the text that are only read as sources (lower-case words). */
export function sourceProducts(text: string): Set<string> {
  const source = new Set<string>();
  const hosted = new Set<string>();
  for (const m of text.matchAll(MENTION)) {
    const word = m[0].toLowerCase();
    const at = m.index ?? 0;
    const read = READ_AFTER.test(text.slice(at + m[0].length, at + m[0].length + 60)) ||
      READ_BEFORE.test(text.slice(Math.max(0, at - 90), at));
    (read ? source : hosted).add(word);
  }
  if (HOSTED.test(text)) return new Set();
  for (const w of hosted) source.delete(w);
  return source;
}

/** The text with every source-only product replaced by a neutral word, for the rules that read hosting. */
export function maskSources(text: string): string {
  const sources = sourceProducts(text);
  if (!sources.size) return text;
  // The product's own site noun goes with it ("my WordPress blog" is no blog to serve here).
  return text.replace(
    new RegExp(`${MENTION.source}(?:['’]s)?(?:\\s+(?:store|shop|site|blog|website))?`, "gi"),
    (m) => sources.has(m.toLowerCase().match(MENTION)![0].toLowerCase()) ? "vendor" : m,
  );
}

/** Labels of the API nodes of the products only read as sources, keyed by product word. */
export function sourceApis(text: string): Map<string, string> {
  const sources = sourceProducts(text);
  return new Map(PRODUCTS.filter(([w]) => sources.has(w)));
}
