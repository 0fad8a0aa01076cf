/**
 * Products that are apps in their own right (a shop, a CMS) but that a description often names only as where
 * the data comes from: "pull yesterday's orders from my WooCommerce API" reads the shop, it does not host it.
 * A product every mention of which is such a source (read through its API, webhooks or exports) brings no
 * hosting of its own: no WordPress origin, no PHP host, no MySQL, no migration. Likewise a video or audio
 * platform (YouTube, Vimeo, Spotify…) whose content is only read — transcripts, captions, metadata behind
 * an assistant or a search — is text to index, not video to host, encode or stream. Deterministic.
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

/** Video and audio platforms whose content a description often only reads (transcripts, captions, metadata). */
const MEDIA_PLATFORMS =
  "youtube|vimeo|twitch|wistia|loom|tiktok|spotify|soundcloud|apple podcasts|podbean|buzzsprout|brightcove|kaltura";
/** Media nouns: what lives on such a platform (videos, episodes, a channel, recordings). */
const MEDIA_NOUNS =
  "videos?|episodes?|recordings?|talks|lectures|webinars?|clips|vods?|streams?|podcasts?|shows?|channels?|playlists?|uploads|library|back[\s-]?catalog(?:ue)?";
/** Text made of media: transcripts, captions, subtitles, descriptions, comments, metadata, show notes. */
const MEDIA_TEXT =
  "transcripts?|transcriptions?|captions?|subtitles?|descriptions?|comments?|metadata|titles|show notes|chapters?";
/**
 * A platform's content named as a place (“our videos on Vimeo”, “my YouTube channel”, “the Spotify
 * episodes”), with the media nouns around it, for masking.
 */
const ON_PLATFORM = new RegExp(
  `(?<![\\w])(?:(?:(?:our|my|the|their|all|every|\\d[\\d,.]*k?)\\s+){0,2}(?:[\\w-]+\\s+)?(?:${MEDIA_NOUNS})\\s+(?:(?:are|is|live|lives|sit|sits|hosted|published|posted|uploaded)\\s+)?(?:on|in|from)\\s+)?(?:${MEDIA_PLATFORMS})(?:['’]s)?(?:\\s+(?:${MEDIA_NOUNS}))*(?![\\w])`,
  "gi",
);
/** Media named as text (“the transcripts of ~300 videos”, “captions for our lectures”). */
const TEXT_OF_MEDIA = new RegExp(
  `(?<![\\w])(?:${MEDIA_TEXT})\\s+(?:of|from|for|on)\\s+(?:[\\w~,.'’-]+\\s+){0,3}?(?:${MEDIA_NOUNS})(?![\\w])`,
  "gi",
);
/** Words that say the content is only read (an index, an assistant, a search, a summary over it). */
const READS_MEDIA = new RegExp(
  `(?<![\\w])(?:${MEDIA_TEXT}|index\\w*|search\\w*|assistant|chat\\s?bots?|answers?|ask\\w*|questions?|summar\\w*|rag|embedd\\w*|knowledge[\\s-]base|api|analytics|stats)(?![\\w])`,
  "i",
);
/**
 * Words that say the system itself hosts, plays or streams media (then the platform's media is not only
 * read): uploads, a player, transcoding, a channel to build, moving off the platform.
 */
const HOSTS_MEDIA =
  /\b(?:upload\w*|players?|transcod\w*|encod\w*|stream (?:them|it|to|live)|live[\s-]?stream\w*|host (?:our|the|them|it|their) |self[\s-]host\w*|our own (?:video|platform|player)|(?:like|clone of|alternative to|instead of|off|leave|leaving|replace|replacing) (?:youtube|vimeo|twitch|wistia|loom|tiktok|spotify|soundcloud)|(?:youtube|vimeo|twitch|tiktok|spotify|soundcloud)[\s-](?:like|clone|style|alternative))\b/i;

/** Media nouns that, beside a platform's content only read, name that content (not a Slack channel). */
const PLATFORM_MEDIA =
  /\b(?:videos?|episodes?|recordings?|webinars?|clips|vods?|podcasts?|lectures|talks|screencasts?|vlogs?)\b/gi;
/** Captions or subtitles named as they are, not made (“generate captions” is speech to transcribe). */
const EXISTING_CAPTIONS =
  /(?<!(?:generat\w*|creat\w*|add\w*|writ\w*|mak\w*|auto[\s-]generated|translat\w*)\s(?:\w+\s)?)\b(?:captions?|subtitles?)\b/gi;

/**
 * The text with media a video or audio platform hosts and the system only reads (transcripts, captions,
 * metadata for an assistant or a search) replaced by a neutral phrase: text to index, not video to host.
 */
export function maskMediaSources(text: string): string {
  if (HOSTS_MEDIA.test(text)) return text;
  const textOf = text.replace(
    TEXT_OF_MEDIA,
    (m) => m.replace(new RegExp(`(?:${MEDIA_NOUNS})$`, "i"), "items"),
  );
  const onPlatform = new RegExp(ON_PLATFORM.source, "i");
  if (!onPlatform.test(textOf) || !READS_MEDIA.test(textOf.replace(ON_PLATFORM, " "))) return textOf;
  // Its captions and subtitles already exist (the platform has them): text to read, not speech to transcribe.
  // The media the text names elsewhere is that content too (“the episodes of our podcast on Spotify”).
  return textOf.replace(ON_PLATFORM, "vendor content").replace(EXISTING_CAPTIONS, "text").replace(
    PLATFORM_MEDIA,
    "items",
  );
}

/** The text with every source-only product replaced by a neutral word, for the rules that read hosting. */
export function maskSources(text: string): string {
  text = maskLogDestination(maskReadWarehouse(maskMediaSources(text)));
  const sources = sourceProducts(text);
  if (!sources.size) return text;
  // The product's own site noun goes with it ("my WordPress blog" is no blog to serve here).
  return text.replace(
    new RegExp(`${MENTION.source}(?:['’]s)?(?:\\s+(?:store|shop|site|blog|website))?`, "gi"),
    (m) => sources.has(m.toLowerCase().match(MENTION)![0].toLowerCase()) ? "vendor" : m,
  );
}

/** The system's own logs sent to a SIEM ("request logs exported to our SIEM", "integrates with the SIEM"). */
const LOGS_TO_SIEM =
  /\b((?:logs?|audit trails?|events?)\b[^.;]{0,40}?\b(?:export|ship|forward|send|sent|push|stream|deliver)\w*\b[^.;]{0,25}?\bto (?:(?:our|the|a|an|each|their|its|every|customers?)(?: \w+)?(?:['’]s)? )?(?:existing |own |central |corporate )?|integrat\w* with (?:our|the|their|an?|each) (?:existing |own )?(?:\w+['’]s )?)siem\b/gi;
/** Words that say a SIEM pipeline is the workload (its ingestion, its volume), not only where logs go. */
const SIEM_BUILT =
  /\bsiem[\s-]?(?:style|ingest\w*|pipeline|platform|replacement)|\bingest\w* (?:[\w,-]+ ){0,6}(?:into|to|for) (?:\w+ ){0,3}siem|\b(?:build|replace|run|our own|self-hosted) (?:\w+ ){0,2}siem|\d+(?:\.\d+)?\s*(?:tb|gb)\s*(?:\/|per |a |each )\s?day/i;

/** The kinds of log a system writes about itself (as the stream readers name them). */
const OWN_LOG_KINDS =
  /\b(?:function|request|access|audit|firewall|vpn|app|application|server|waf|cdn) logs\b/gi;

/**
 * A SIEM the system only sends its own logs to is a destination, not a log pipeline to build: the word is
 * masked to "log destination" (read as the log-export technology) unless the text builds or feeds a SIEM.
 */
function maskLogDestination(text: string): string {
  if (SIEM_BUILT.test(text)) return text;
  const masked = text.replace(LOGS_TO_SIEM, (_, head) => `${head}log destination`);
  // Its request or audit logs are then the system's own, not a log stream to take in.
  return masked === text ? text : masked.replace(OWN_LOG_KINDS, "its logs");
}

/** A warehouse or lake named only as where a job's inputs come from ("inputs from the core banking warehouse"). */
const FROM_WAREHOUSE =
  /\b(?:from|out of) (?:the|our|their|its|an?) (?:[\w-]+ ){0,3}(?:data )?(?:warehouse|lakehouse|data lake)\b/gi;
/** Words that say a warehouse is built or loaded here (then it is the workload, not only a source). */
const WAREHOUSE_BUILT =
  /\b(?:(?:into|to|in) (?:the|our|a|an|their) (?:[\w-]+ ){0,3}(?:data )?(?:warehouse|lakehouse|lake)|(?:build|set up|need|want|create|migrate|modern\w*) (?:\w+ ){0,3}(?:data )?(?:warehouse|lakehouse|lake)|etl|elt|dashboards?|bi\b|looker|power bi|tableau|metabase)/i;

/**
 * An existing warehouse a job only reads its inputs from is a source system, not a warehouse to build: the
 * words are masked unless the text also loads or builds one.
 */
function maskReadWarehouse(text: string): string {
  if (WAREHOUSE_BUILT.test(text)) return text;
  return text.replace(FROM_WAREHOUSE, "from the existing source system");
}

/** Labels of the API nodes of the products only read as sources, keyed by product word. */
export function sourceApis(text: string): Map<string, string> {
  const sources = sourceProducts(text);
  return new Map(PRODUCTS.filter(([w]) => sources.has(w)));
}
