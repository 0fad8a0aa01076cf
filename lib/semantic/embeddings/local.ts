/**
 * The lexicon + word-vector local embedder (v2; since v3 a part of the default local embedder,
 * ./sentence_embedder.ts, and still available as a variant): no network, no model download, deterministic.
 *
 * A description becomes a 256-dimensional unit vector of two parts:
 *  - the lexicon part (192 dimensions, {@link embedLexicon}), from three kinds of features:
 *    1. concepts — a lexicon for the app domain maps words and phrases to product/capability concepts
 *       (chat ≈ messaging ≈ real-time conversation; store ≈ shop ≈ e-commerce; video ≈ streaming ≈ livestream…).
 *       Each concept owns one dimension (no hash collisions) and carries most of the weight, so paraphrases
 *       meet and "same domain, different product" pairs (a jewelry shop vs jewelry inventory) stay apart;
 *    2. words — the remaining content words, stemmed and feature-hashed (signed) into the other dimensions,
 *       weighted down when generic ("app", "platform", "users") and dropped when stop words;
 *    3. character trigrams of words outside the lexicon, lightly weighted, so typos of domain words still meet.
 *    Typos of lexicon words are corrected first (edit distance 1, or 2 for long words);
 *  - the word-vector part (64 dimensions): the weighted mean of pre-trained GloVe word vectors of the same
 *    content words (lib/semantic/embeddings/word_vectors.ts), so paraphrases in words the lexicon does not
 *    know still meet ("kitchen" ≈ "cooking", "pupils" ≈ "students").
 * The two parts are unit vectors scaled so the cosine of two descriptions is a fixed blend of the two parts'
 * cosines ({@link WORD_VECTOR_SHARE}).
 *
 * The id names the scheme and its version; change {@link LOCAL_EMBEDDER_VERSION} whenever the lexicon, the
 * word vector table or the weights change, so stored vectors are re-embedded (backfill) instead of compared
 * across versions.
 */

import { normalize } from "./unit_vector.ts";
import { addRow, loadWordVectors, type WordVectorTable } from "./word_vectors.ts";

/** Version of the lexicon, the word vector table and the weights. */
export const LOCAL_EMBEDDER_VERSION = "v2";
/** Vector length. */
export const LOCAL_DIMENSIONS = 256;
/** Length of the lexicon part (the rest is the word-vector part). */
export const LEXICON_DIMENSIONS = 192;
/** Id of the local embedder's vector space. */
export const LOCAL_EMBEDDER_ID = `local:lexicon-glove:${LOCAL_DIMENSIONS}:${LOCAL_EMBEDDER_VERSION}`;
/** Id of the previous local embedder (lexicon only, 256 dimensions): still available as a variant. */
export const LEXICON_EMBEDDER_ID = "local:lexicon-hash:256:v1";

/**
 * Concept lexicon: concept → [weight, terms]. Terms are comma-separated words or phrases (matched on
 * normalized tokens; hyphens count as spaces). A term with a leading `=` matches only that exact word form,
 * not other forms sharing its stem ("=logs" must not catch "log workouts"). `>concept:w` entries after the
 * terms add implied concepts at weight `w` (a livestream is also video).
 */
const LEXICON: Record<string, string> = {
  chat:
    "1.2|chat,chats,chatting,chatroom,chatrooms,messaging,messenger,=message,=messages,dm,dms,direct message,direct messages,conversation,conversations,texting,text chat,send messages,send each other messages,whatsapp,slack,discord,telegram,typing,talk,talks,talking,voice rooms,voice channels>realtime:0.5",
  realtime:
    "0.6|realtime,real time,live,instant,instantly,websocket,websockets,web socket,socket,sockets,push updates,pushed,presence,live updates,update in real time",
  voice: "0.8|voice,voice chat,voice call,voice calls,audio call,audio calls",
  videocall:
    "1.3|video call,video calls,video calling,videoconferencing,video conferencing,conferencing,zoom,webrtc,video consultation,video consultations,video session,video sessions,video meeting,video meetings,meetings,telehealth>video:0.4",
  commerce:
    "1.2|store,stores,shop,shops,webshop,eshop,ecommerce,e commerce,estore,storefront,sell,selling,sells,buy,buying,purchase,purchases,checkout,cart,carts,retail,merch,merchandise,shopify,woocommerce,product catalog,products,shopping",
  marketplace: "1.1|marketplace,marketplaces,listings,buyers,sellers,vendors,etsy,ebay,two sided",
  payments:
    "0.9|payment,payments,pay,paying,billing,stripe,invoice,invoices,invoicing,subscription,subscriptions,subscribe",
  streaming:
    "1.2|stream,streams,streaming,streamed,streamer,streamers,livestream,livestreams,livestreaming,broadcast,broadcasts,broadcasting,live video,twitch,netflix,vod,video on demand,on demand video,watch videos,watch video>video:0.6",
  video: "1.0|video,videos,film,films,movie,movies,clip,clips,tv,cinema,anime",
  shortvideo: "1.1|tiktok,reels,short form,shortform,shorts>video:1.0,social:0.6",
  music: "1.0|music,song,songs,playlist,playlists,spotify,album,albums,soundcloud",
  podcast: "1.3|podcast,podcasts,episode,episodes,rss,audio episodes",
  audio: "0.7|audio,sound",
  files:
    "1.0|file,files,upload,uploads,uploading,uploaded,attachment,attachments,download,downloads,download links,file sharing,dropbox,wetransfer,we transfer,google drive",
  photos:
    "1.0|photo,photos,picture,pictures,image,images,pic,pics,instagram,gallery,galleries,selfie,selfies,photography,photographer,photographers",
  imageproc:
    "1.2|thumbnail,thumbnails,resize,resizing,resized,resizes,crop,cropping,image processing,image optimization,resized versions",
  imagegen:
    "1.3|image generation,image generator,generate images,generates images,creates pictures,create pictures,creates images,text to image,from text prompts,stable diffusion,midjourney,dalle,dall e>ai:0.8,photos:0.4",
  ai:
    "1.0|ai,llm,llms,gpt,chatgpt,openai,language model,large language model,machine learning,machine learning model,ai model,ai models,ml,generative,genai,gen ai,artificial intelligence,neural,copilot,prompt,prompts,inference,model powered,ai powered",
  chatbot:
    "1.2|chatbot,chatbots,bot,bots,assistant,assistants,virtual agent,answering questions,answer questions,answers questions,answering customer questions,answering employee questions>ai:0.6",
  rag:
    "1.3|rag,retrieval augmented,retrieval augmented generation,retrieval,grounded,chat with your,answering from,answers from,answer from,over our docs,help center,help centre,helpcenter>ai:0.8,documents:0.3",
  vectorsearch:
    "1.2|embedding,embeddings,vector,vectors,semantic,similarity search,vector search,semantic search",
  search:
    "0.9|search,searchable,searching,full text,fulltext,lookup,finder,discover,discovery,elasticsearch,algolia",
  recommend: "1.1|recommendation,recommendations,recommend,recommends,recommender,personalized,personalised",
  iot:
    "1.3|iot,internet of things,sensor,sensors,device,devices,telemetry,connected devices,smart home,thermostat,thermostats,hardware,firmware,readings,measurements,machines,weather stations",
  analytics:
    "1.0|analytics,dashboard,dashboards,metrics,kpi,kpis,chart,charts,graph,graphs,reporting,report,reports,insight,insights,stats,statistics,clicks,click tracking,tracks clicks,results",
  email:
    "1.0|email,emails,e mail,mail,mailing,inbox,smtp,email reminders,invite,invites,invitation,invitations",
  newsletter: "1.3|newsletter,newsletters,subscribers,substack,weekly issues,mailing list>email:0.6",
  auth:
    "1.1|sso,single sign on,sign on,signon,login,logins,sign in,authentication,auth,zero trust,zerotrust,okta,saml,access control,identity,oauth",
  security: "0.8|secure,security,securely,encryption,encrypted,end to end,e2e,protected",
  passwords: "1.3|password,passwords,vault,password manager,credentials,secrets,passkeys",
  booking:
    "1.2|booking,bookings,reservation,reservations,reserve,reserving,appointment,appointments,book a,book an,book appointments,book lessons,book a table,bookable>scheduling:0.4",
  scheduling:
    "0.9|schedule,schedules,scheduling,calendar,calendars,timetable,timetables,slots,class scheduling",
  cron: "1.0|nightly,cron,every night,every day,scheduled jobs,scheduled job,periodic,batch jobs,recurring",
  queue: "0.9|queue,queues,background job,background jobs,job processing,workers,async processing",
  notifications:
    "0.8|notification,notifications,notify,notifies,push notifications,reminder,reminders,alert,alerts",
  delivery:
    "1.1|delivery,deliveries,deliver,delivering,courier,couriers,shipping,shipment,shipments,dispatch,last mile,packages,parcel,parcels",
  food: "0.8|food,meal,meals,restaurant,restaurants,dining,takeout,take away,cuisine,menu,menus",
  recipes: "1.2|recipe,recipes,cooking,cook,cooks,home cooks,chef,chefs,meal planner,meal planning",
  grocery: "1.0|grocery,groceries,supermarket,supermarkets",
  games:
    "1.1|game,games,gaming,gamer,gamers,multiplayer,leaderboard,leaderboards,esports,video game,video games",
  matchmaking: "1.0|matchmaking",
  social:
    "1.1|social,feed,feeds,news feed,follow,follows,followers,following,=likes,=posts,community,communities,social network,social media,social networking,profiles,profile,share posts,comments",
  forum:
    "1.1|forum,forums,discussion board,discussion,discussions,thread,threads,reply,replies,q a,qa,questions and answers,ask and answer,ask questions,stack overflow,stackoverflow,reddit,message board",
  jobs:
    "1.2|job board,job boards,jobs board,=jobs,=job,recruitment,recruiting,hiring,hire,candidate,candidates,applicant,applicants,job openings,openings,employers,employer,careers,resume,resumes,job postings,list jobs,post jobs,job listings",
  education:
    "1.1|course,courses,learning,elearning,e learning,lesson,lessons,student,students,tutor,tutors,tutoring,teacher,teachers,school,schools,class,classes,quiz,quizzes,exam,exams,education,educational,mooc,udemy,university,universities,study,studying,flashcards",
  health:
    "1.1|doctor,doctors,patient,patients,telemedicine,telehealth,physician,physicians,medical,health,healthcare,clinic,clinics,hospital,hospitals,health records,ehr,nurse,nurses",
  finance:
    "1.0|bank,banks,banking,finance,financial,budget,budgeting,transaction,transactions,money,expense,expenses,accounting,fintech,personal finance,bank transactions,transfer,transfers,send money",
  crypto: "1.2|crypto,cryptocurrency,cryptocurrencies,bitcoin,ethereum,blockchain,web3,defi",
  trading:
    "1.1|stock price,stock prices,stock quotes,stock market,stocks,trading,trader,traders,shares,portfolio,portfolios,order book,prices from exchanges,quotes",
  inventory:
    "1.2|inventory,inventories,warehouse,warehouses,stock levels,in stock,wms,supply chain,stockroom",
  maps: "1.0|map,maps,location,locations,gps,geolocation,nearby,live location,geofence,positions,map search",
  ride:
    "1.2|ride,rides,ride hailing,ridehailing,rideshare,ridesharing,taxi,taxis,uber,lyft,driver,drivers,rider,riders,carpool,request trips",
  travel: "1.0|travel,flight,flights,hotel,hotels,vacation,airbnb,tour,tours,trip planner",
  realestate:
    "1.2|real estate,realestate,property,properties,apartment,apartments,housing,landlord,landlords,zillow,property listings",
  todo: "1.3|todo,to do,todos,task list,tasks,task,checklist,checklists,tick them off,to do list",
  survey:
    "1.2|survey,surveys,poll,polls,polling,vote,votes,voting,feedback,questionnaire,questionnaires,responses",
  logs:
    "1.2|=logs,logging,log aggregation,log management,observability,traces,syslog,app logs,application logs",
  status: "1.2|status page,uptime,up or down,incident,incidents,outage,outages,monitoring,health checks",
  weather: "1.3|weather,forecast,forecasts,meteorological",
  api: "0.6|api,apis,rest api,rest,graphql,endpoint,endpoints,backend,back end,sdk",
  auction: "1.3|auction,auctions,bid,bids,bidding,bidder,bidders",
  translation:
    "1.3|translate,translates,translating,translation,translations,translator,localization,multilingual",
  dating: "1.3|dating,singles,swipe,swipes,tinder,hinge,bumble,matchmaking app",
  pets: "1.0|pet,pets,dog,dogs,cat,cats,puppy,puppies,animal,animals,veterinary,vet,vets",
  adoption: "1.1|adoption,adopt,adopting,shelter,shelters,rescue",
  code:
    "1.1|code,coding,ide,code editor,programming,repository,repositories,pull request,pull requests,github,compiler,snippet,snippets,code review",
  collab:
    "1.3|collaborative,collaboration,collaborate,google docs,edit together,co editing,coediting,real time cursors,cursors,whiteboard,figma,same document,edit the same",
  documents:
    "1.0|document,documents,doc,docs,pdf,pdfs,contract,contracts,paperwork,ocr,scan,scanning,scanned,legal documents,legal docs,articles",
  blog:
    "1.2|blog,blogs,blogging,blog posts,blog post,wordpress,cms,content management,write posts,publish articles",
  news: "1.1|news,newspaper,newspapers,headlines,journalism,journalists,editors,magazine",
  static: "0.8|static,static site,static pages,landing page,landing pages,jamstack,static website",
  events:
    "1.0|event,events,concert,concerts,gig,gigs,festival,festivals,wedding,weddings,rsvp,rsvps,conference",
  tickets: "1.2|ticket,tickets,ticketing,qr code,qr codes,qr,box office,admission",
  support:
    "1.1|customer support,support,helpdesk,help desk,customer service,support agents,zendesk,support tickets,support bot",
  crm:
    "1.3|crm,customer relationship,customer relationship management,leads,sales pipeline,salesforce,hubspot",
  hr: "1.1|hr,human resources,employee,employees,workforce,staff,onboarding,intranet,employee portal,workers",
  payroll: "1.3|payroll,salary,salaries,wages,paycheck,paychecks,payslips",
  fitness:
    "1.1|fitness,workout,workouts,exercise,exercises,gym,gyms,running,strava,training plan,training plans",
  urlshort:
    "1.5|shortener,url shortener,link shortener,shorten,shortens,shortening,short link,short links,short url,short urls,bitly,tinyurl,redirect,redirects,long web addresses,long urls,long links",
  hosting: "0.9|hosting,host,hosted,hosts,server hosting,cdn,content delivery,game server,game servers",
  saas: "0.6|saas,multi tenant,multitenant,tenant,tenants,b2b",
  mobile: "0.4|mobile,ios,android,phone,phones,smartphone,mobile app,iphone",
  sports: "1.0|sport,sports,scores,league,leagues,football,soccer,basketball,tennis,sports team",
  gambling: "1.3|betting,bets,bet,casino,gambling,sportsbook,wager,wagers",
  knowledge:
    "1.1|wiki,wikis,knowledge base,knowledge bases,knowledgebase,confluence,notion,faq,faqs,wiki pages",
  parking: "1.3|parking,parking spot,parking spots,parking space,parking spaces,car park",
  books:
    "1.0|books,bookstore,bookstores,book club,book clubs,ebook,ebooks,novel,novels,library,libraries,bookshop",
  clothing:
    "0.9|clothes,clothing,fashion,apparel,t shirt,t shirts,tshirt,tshirts,shirt,shirts,dress,dresses,sneaker,sneakers,shoe,shoes,footwear,garments",
  jewelry: "0.9|jewelry,jewellery,jewels,rings,necklaces,bracelets",
  furniture: "0.9|furniture,sofa,sofas,chairs,tables,couch",
  coffee: "0.9|coffee,coffee beans,espresso,cafe,cafes,coffee shop,coffee shops",
  cars: "0.9|car,cars,vehicle,vehicles,car rental,car rentals,rental cars",
  trucks: "1.0|truck,trucks,fleet,fleets,lorry,lorries,vans",
  legal: "0.9|legal,law,lawyer,lawyers,contracts,attorney",
  pipeline:
    "1.2|data pipeline,data pipelines,etl,clickstream,streaming data,event stream,event streams,kafka,ingest events",
  ocr: "1.2|ocr,text recognition,scanning app,document scanning",
  fraud: "1.3|fraud,fraud detection,anomaly detection,chargebacks",
  loyalty: "1.2|loyalty,loyalty points,rewards,points program,cashback",
  pos: "1.3|point of sale,pos,cash register,tills",
  proctoring: "1.3|proctoring,proctored,exam proctoring,cheating detection",
  whiteboard: "1.0|whiteboard,whiteboards,sticky notes",
  spam: "1.3|spam,spam filter,phishing,junk mail",
  editing: "1.2|editing,editor,edit,edits,edited,removes backgrounds,photo editing,video editing",
  portfolio_site: "1.0|portfolio website,portfolio site,online portfolio",
};

/** Words that say nothing about the app: dropped. */
const STOP_WORDS = new Set(
  ("a an the and or nor for with without to of in on at by from as is are be been being was were will would " +
    "that this these those it its we our ours us i my me mine you your yours they their them he she his her " +
    "app apps application applications platform platforms service services system systems tool tools site sites " +
    "website websites web online simple build building built want wants need needs like style clone alternative " +
    "where which who whom whose what when while can could should may might let lets letting allow allows " +
    "anyone everyone someone something anything etc based using use uses used via over through each other " +
    "others some any new small big also just then so make makes making create creates creating powered own " +
    "good quality easy idea project side startup thing things kind type types similar way ways more most very " +
    "much many lot lots all both into onto about across up down out off than too only well do does doing done " +
    "have has had get gets getting go goes going see sees seen show shows showing shown keep keeps " +
    "help helps our's it's i'm we're there here s t e vs per one two three first every users user people " +
    "person customer customers visitors members member folks fans fan , send sending sends sent take takes " +
    "taking took turn turns turned produce produces automatically come comes coming whether past between " +
    "instead able really within after before during again still even ever never always often soon now today " +
    "give gives giving put puts set sets find finds found look looks looking check checks run runs " +
    "work works working try tries everything nothing someone somebody anybody everybody pretty nice great " +
    "best better basic quick little tiny huge lightweight full fully real actual actually version " +
    "i'd i'll want wanted wanting would like").split(/\s+/),
);

/** Frequent but weak words: kept with a small weight (IDF-ish). */
const GENERIC_WEIGHT = 0.15;
const GENERIC_WORDS = new Set(
  ("business businesses company companies team teams enterprise global internal public modern secure fast " +
    "scalable cheap free small medium large world worldwide local region regional country countries city " +
    "cities market markets manage management managing track tracking tracks tracker connect connecting " +
    "connects connected share shared shares sharing list lists listing page pages portal hub center " +
    "centre network networks data content info information items item thousands millions hundreds " +
    "easily quickly securely together group groups friends family text texts").split(/\s+/),
);

/** Weight of a lexicon word's own (hashed) feature, beside its concept. */
const CONCEPT_WORD_WEIGHT = 0.3;
/** Weight of a content word outside the lexicon. */
const WORD_WEIGHT = 0.75;
/** Total weight of the character trigrams of one word outside the lexicon. */
const TRIGRAM_WEIGHT = 0.35;

/** Light suffix stripping; applied the same way to lexicon terms and text, so only consistency matters. */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
  if (w.endsWith("ing") && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith("ed") && w.length > 5) w = w.slice(0, -2);
  else if (w.endsWith("er") && w.length > 5) w = w.slice(0, -2);
  else if (w.endsWith("ly") && w.length > 5) w = w.slice(0, -2);
  if (w.length > 3 && w.at(-1) === w.at(-2) && !"lsz".includes(w.at(-1)!)) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}

/** Lower-cases, strips accents and splits into word tokens (hyphens and punctuation separate words). */
export function tokenize(text: string): string[] {
  return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .replace(/\bq\s*&\s*a\b/g, "qa").replace(/&/g, " and ").replace(/[’']s\b/g, "").replace(/[’']/g, "")
    .replace(/[.,;:!?()[\]{}"/|]+/g, " , ")
    .split(/[^a-z0-9,]+/).filter(Boolean).filter((t, i, all) => t !== "," || (i > 0 && all[i - 1] !== ","));
}

/** Words after which a few tokens describe the audience, topic or merchandise rather than the product. */
const MODIFIER_TRIGGERS = new Set(["for", "about", "selling", "sells", "sell", "sold"]);
/** Words that end such a modifier phrase (punctuation does too). */
const MODIFIER_ENDS = new Set([
  "with",
  "that",
  "which",
  "where",
  "who",
  "and",
  "to",
  "using",
  "so",
  "by",
  "including",
  "while",
  "plus",
  "then",
  "but",
  "via",
  "through",
  "in",
  ",",
]);
/** How many tokens a modifier phrase spans at most, and how much its features count. */
const MODIFIER_SPAN = 4;
const MODIFIER_FACTOR = 0.4;
/** How much a concept counts when it only qualifies the noun after it ("social media scheduling"). */
const COMPOUND_FACTOR = 0.7;

/** Per token: 1, or MODIFIER_FACTOR inside a modifier phrase ("…for musicians", "…selling smart home devices"). */
function modifierFactors(tokens: string[]): number[] {
  const factors = tokens.map(() => 1);
  for (let i = 0; i < tokens.length; i++) {
    if (!MODIFIER_TRIGGERS.has(tokens[i])) continue;
    const next = tokens[i + 1];
    // "for sending invoices": a purpose clause, not an audience.
    if (next === undefined || (next.endsWith("ing") && next !== "streaming")) continue;
    for (let k = i + 1; k < Math.min(tokens.length, i + 1 + MODIFIER_SPAN); k++) {
      if (MODIFIER_ENDS.has(tokens[k]) || MODIFIER_TRIGGERS.has(tokens[k])) break;
      factors[k] = MODIFIER_FACTOR;
    }
  }
  return factors;
}

interface Term {
  tokens: string[];
  exact: boolean;
  concepts: [number, number][]; // [concept index, weight]
}

interface Lexicon {
  names: string[];
  /** Concept name → its dimension (index in `names`). */
  index: Map<string, number>;
  /** First token (exact form) → terms starting with it, longest first. */
  byToken: Map<string, Term[]>;
  /** First token (stem) → terms starting with it, longest first (non-exact terms only). */
  byStem: Map<string, Term[]>;
  /** Every single word the lexicon knows (for typo correction), grouped by length. */
  vocabulary: Map<number, string[]>;
  known: Set<string>;
}

function buildLexicon(): Lexicon {
  const names = Object.keys(LEXICON);
  const index = new Map(names.map((n, i) => [n, i]));
  const byToken = new Map<string, Term[]>();
  const byStem = new Map<string, Term[]>();
  const known = new Set<string>();
  for (const [name, spec] of Object.entries(LEXICON)) {
    const [weightText, rest] = spec.split("|");
    const weight = Number(weightText);
    const [termsText, ...implied] = rest.split(">");
    const concepts: [number, number][] = [[index.get(name)!, weight]];
    for (const imp of implied.join(",").split(",").filter(Boolean)) {
      const [other, w] = imp.split(":");
      const i = index.get(other);
      if (i === undefined) throw new Error(`lexicon: ${name} implies unknown concept ${other}`);
      concepts.push([i, Number(w) * weight]);
    }
    for (const raw of termsText.split(",").map((t) => t.trim()).filter(Boolean)) {
      const exact = raw.startsWith("=");
      const tokens = tokenize(exact ? raw.slice(1) : raw);
      if (!tokens.length) continue;
      for (const t of tokens) known.add(t);
      const term: Term = { tokens, exact, concepts };
      const add = (map: Map<string, Term[]>, key: string) => {
        const list = map.get(key) ?? [];
        list.push(term);
        list.sort((a, b) => b.tokens.length - a.tokens.length);
        map.set(key, list);
      };
      add(byToken, tokens[0]);
      if (!exact) add(byStem, stem(tokens[0]));
    }
  }
  for (const w of GENERIC_WORDS) known.add(w);
  const vocabulary = new Map<number, string[]>();
  for (const w of known) {
    if (w.length < 5) continue;
    const list = vocabulary.get(w.length) ?? [];
    list.push(w);
    vocabulary.set(w.length, list);
  }
  return { names, index, byToken, byStem, vocabulary, known };
}

let lexicon: Lexicon | undefined;
function getLexicon(): Lexicon {
  return lexicon ??= buildLexicon();
}

/** Optimal-string-alignment distance, giving up (returning max+1) once it must exceed `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j];
    prev = cur;
  }
  return prev[b.length];
}

const correctionCache = new Map<string, string>();

/** The lexicon word a misspelt token most likely meant, or the token itself. */
export function correctTypo(token: string): string {
  const lex = getLexicon();
  if (token.length < 5 || lex.known.has(token) || STOP_WORDS.has(token) || /\d/.test(token)) return token;
  const cached = correctionCache.get(token);
  if (cached !== undefined) return cached;
  if (lex.byStem.has(stem(token))) return token;
  const max = token.length >= 8 ? 2 : 1;
  let best = token;
  let bestDistance = max + 1;
  for (let len = token.length - max; len <= token.length + max; len++) {
    for (const word of lex.vocabulary.get(len) ?? []) {
      if (word[0] !== token[0] && word[1] !== token[1]) continue;
      const d = editDistance(token, word, Math.min(max, bestDistance));
      if (d < bestDistance) {
        bestDistance = d;
        best = word;
      }
    }
  }
  if (correctionCache.size > 10_000) correctionCache.clear();
  correctionCache.set(token, best);
  return best;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Features of one text: concept weights (by concept index) and hashed word/trigram weights. */
export interface TextFeatures {
  concepts: Map<string, number>;
  words: Map<string, number>;
}

/** Extracts the weighted features of a description (exported for tests and the evaluation tool). */
export function extractFeatures(text: string): TextFeatures {
  const lex = getLexicon();
  const tokens = tokenize(text).map(correctTypo);
  const stems = tokens.map(stem);
  const factors = modifierFactors(tokens);
  const conceptWeights = new Map<number, number>();
  const words = new Map<string, number>();
  const addConcept = (i: number, w: number) => conceptWeights.set(i, Math.max(conceptWeights.get(i) ?? 0, w));
  const addWord = (key: string, w: number) => words.set(key, Math.max(words.get(key) ?? 0, w));

  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i];
    let matched: Term | undefined;
    const candidates = [...(lex.byToken.get(token) ?? []), ...(lex.byStem.get(stems[i]) ?? [])]
      .sort((a, b) => b.tokens.length - a.tokens.length);
    for (const term of candidates) {
      const n = term.tokens.length;
      if (i + n > tokens.length) continue;
      let ok = true;
      for (let k = 0; k < n && ok; k++) {
        ok = term.exact ? tokens[i + k] === term.tokens[k] : stems[i + k] === stem(term.tokens[k]);
      }
      if (ok) {
        matched = term;
        break;
      }
    }
    const f = factors[i];
    if (matched) {
      // In a noun compound the last noun is the head: "video game digital store" is a store.
      const after = tokens[i + matched.tokens.length];
      const compound = after !== undefined && !STOP_WORDS.has(after) && !GENERIC_WORDS.has(after) &&
          !MODIFIER_TRIGGERS.has(after) && !MODIFIER_ENDS.has(after) && !after.endsWith("ing")
        ? COMPOUND_FACTOR
        : 1;
      for (const [c, w] of matched.concepts) addConcept(c, w * f * compound);
      for (let k = 0; k < matched.tokens.length; k++) {
        const s = stems[i + k];
        if (!STOP_WORDS.has(tokens[i + k])) addWord(`w:${s}`, CONCEPT_WORD_WEIGHT * f);
      }
      i += matched.tokens.length;
      continue;
    }
    if (!STOP_WORDS.has(token) && !/^\d+$/.test(token)) {
      if (GENERIC_WORDS.has(token)) {
        addWord(`w:${stems[i]}`, GENERIC_WEIGHT * f);
      } else {
        addWord(`w:${stems[i]}`, WORD_WEIGHT * f);
        const padded = `#${stems[i]}#`;
        const grams = Math.max(1, padded.length - 2);
        for (let k = 0; k + 3 <= padded.length; k++) {
          addWord(`g:${padded.slice(k, k + 3)}`, (TRIGRAM_WEIGHT * f) / Math.sqrt(grams));
        }
      }
    }
    i++;
  }
  const concepts = new Map<string, number>();
  for (const [c, w] of conceptWeights) if (w > 0) concepts.set(lex.names[c], w);
  return { concepts, words };
}

/** The lexicon part of a description's vector: a unit vector of `dims` dimensions (zero when no features). */
export function embedLexicon(text: string, dims = LEXICON_DIMENSIONS): Float32Array {
  const lex = getLexicon();
  const v = new Float32Array(dims);
  const conceptDims = lex.names.length;
  const hashedDims = dims - conceptDims;
  const { concepts, words } = extractFeatures(text);
  for (const [name, w] of concepts) v[lex.index.get(name)!] += w;
  for (const [key, w] of words) {
    const h = fnv1a(key);
    const dim = conceptDims + (h % hashedDims);
    v[dim] += (fnv1a(`s:${key}`) & 1) ? -w : w;
  }
  return normalize(v);
}

/** A content word of a description with its weight (stop words and numbers are left out). */
export interface ContentWord {
  /** The token after typo correction. */
  token: string;
  stem: string;
  /** 1, less for generic words and words inside a modifier phrase ("… for musicians"). */
  weight: number;
}

/** The content words of a description, in order, as the word-vector part uses them. */
export function contentWords(text: string): ContentWord[] {
  const tokens = tokenize(text).map(correctTypo);
  const factors = modifierFactors(tokens);
  const out: ContentWord[] = [];
  tokens.forEach((token, i) => {
    if (token === "," || STOP_WORDS.has(token) || /^\d+$/.test(token)) return;
    const generic = GENERIC_WORDS.has(token) ? GENERIC_WEIGHT / WORD_WEIGHT : 1;
    out.push({ token, stem: stem(token), weight: factors[i] * generic });
  });
  return out;
}

/** Tuning of the word-vector part. */
export interface WordVectorOptions {
  /**
   * Frequency damping: a word of frequency rank r counts (r + 1) / (r + 1 + k), so very common words count
   * less (smooth inverse frequency).
   */
  frequencyDamping: number;
}

/** Default tuning of the word-vector part (chosen on the train and validation splits). */
export const WORD_VECTOR_OPTIONS: WordVectorOptions = { frequencyDamping: 100 };

/**
 * The word-vector part of a description's vector: the weighted sum of the vectors of its content words
 * (a word missing from the table is looked up by its stem, else left out), unit length (zero when none).
 */
export function embedWordVectors(
  text: string,
  table: WordVectorTable,
  options: WordVectorOptions = WORD_VECTOR_OPTIONS,
): Float32Array {
  const v = new Float32Array(table.dims);
  const seen = new Set<number>();
  for (const word of contentWords(text)) {
    const row = table.rows.get(word.token) ?? table.rows.get(word.stem);
    if (row === undefined || seen.has(row)) continue;
    seen.add(row);
    addRow(table, row, word.weight * (row + 1) / (row + 1 + options.frequencyDamping), v);
  }
  return normalize(v);
}

/** Share of the cosine that comes from the word-vector part (the rest from the lexicon part). */
export const WORD_VECTOR_SHARE = 0.1;

/**
 * Joins a lexicon part and a word-vector part (unit vectors, or zero) into one unit vector whose cosine with
 * another joined vector is `(1 − share) × lexicon cosine + share × word-vector cosine` when all parts are
 * non-zero.
 */
export function joinParts(
  lexicon: Float32Array,
  words: Float32Array,
  share = WORD_VECTOR_SHARE,
): Float32Array {
  const out = new Float32Array(lexicon.length + words.length);
  const a = Math.sqrt(1 - share), b = Math.sqrt(share);
  for (let i = 0; i < lexicon.length; i++) out[i] = a * lexicon[i];
  for (let i = 0; i < words.length; i++) out[lexicon.length + i] = b * words[i];
  return normalize(out);
}

/** Embeds one text with the lexicon only, 256 dimensions (the previous local embedder, `v1`). */
export function embedLocal(text: string): Float32Array {
  return embedLexicon(text, LOCAL_DIMENSIONS);
}

/** Options of {@link LocalEmbedder} (for the evaluation of variants; the defaults are what ships). */
export interface LocalEmbedderOptions {
  share?: number;
  wordVectors?: WordVectorOptions;
  /** The word vector table; default the shipped one, read on the first embedding. */
  table?: () => Promise<WordVectorTable>;
  /** Id of the variant (default {@link LOCAL_EMBEDDER_ID}). */
  id?: string;
}

/** The local embedder (see the module comment). */
export class LocalEmbedder {
  readonly id: string;
  readonly dimensions = LOCAL_DIMENSIONS;
  readonly #share: number;
  readonly #options: WordVectorOptions;
  readonly #table: () => Promise<WordVectorTable>;

  constructor(options: LocalEmbedderOptions = {}) {
    this.id = options.id ?? LOCAL_EMBEDDER_ID;
    this.#share = options.share ?? WORD_VECTOR_SHARE;
    this.#options = options.wordVectors ?? WORD_VECTOR_OPTIONS;
    this.#table = options.table ?? loadWordVectors;
  }

  /** One unit vector per text (a text with no usable words gets the zero vector, which matches nothing). */
  async embed(texts: string[]): Promise<Float32Array[]> {
    const table = await this.#table();
    if (table.dims !== LOCAL_DIMENSIONS - LEXICON_DIMENSIONS) {
      throw new Error(
        `word vector table has ${table.dims} dims, expected ${LOCAL_DIMENSIONS - LEXICON_DIMENSIONS}`,
      );
    }
    return texts.map((text) =>
      joinParts(embedLexicon(text), embedWordVectors(text, table, this.#options), this.#share)
    );
  }
}

/** The previous local embedder: lexicon features only, 256 dimensions (`local:lexicon-hash:256:v1`). */
export class LexiconEmbedder {
  readonly id = LEXICON_EMBEDDER_ID;
  readonly dimensions = LOCAL_DIMENSIONS;

  /** One unit vector per text. */
  embed(texts: string[]): Promise<Float32Array[]> {
    return Promise.resolve(texts.map(embedLocal));
  }
}

/** Word vectors only (for the evaluation): the word-vector part alone. */
export class WordVectorEmbedder {
  readonly id = "local:glove-only:64:v1";
  readonly dimensions = LOCAL_DIMENSIONS - LEXICON_DIMENSIONS;

  /** One unit vector per text. */
  async embed(texts: string[]): Promise<Float32Array[]> {
    const table = await loadWordVectors();
    return texts.map((text) => embedWordVectors(text, table));
  }
}
