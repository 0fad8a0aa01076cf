/**
 * Usage for one request: the scale tier's defaults (catalog/traffic.ts) overridden by the figures read
 * from the description (numbers.ts). Request-driven quantities scale with the stated load; what was read and
 * what stayed a tier default are both recorded for the cost assumptions.
 */
import { isContentSite } from "./content_site.ts";
import { type Traffic, TTS_CHARS_PER_MINUTE } from "./catalog/traffic.ts";
import type { ReadNumbers } from "./numbers.ts";
import type { Workload } from "./workload_shapes.ts";
import type { BroadcastHours, LiveAudience } from "./live_broadcasts.ts";

/** Traffic plus what it was built from. */
export interface Usage {
  traffic: Traffic;
  /** Phrases read from the description. */
  read: string[];
  /** Quantities that kept the tier default. */
  assumed: string[];
}

/** Fields that grow with the request volume. */
const REQUEST_DRIVEN: (keyof Traffic)[] = [
  "egressGb",
  "dbReads",
  "dbWrites",
  "objectPuts",
  "objectGets",
  "objectDownloadGb",
  "imageTransforms",
  "searchQueries",
  "vectorQueries",
  "aiRequests",
  // Analytics events (page views, clicks) come with the traffic that makes them.
  "events",
];
/** Fields that grow with the user count (slowly: stored data outlives a month of traffic). */
const USER_DRIVEN: (keyof Traffic)[] = [
  "sqlStorageGb",
  "kvStorageGb",
  "objectStoredGb",
  "vectors",
  "videoStoredMinutes",
];

const fmt = (n: number) =>
  n >= 1e9
    ? `${+(n / 1e9).toFixed(2)}B`
    : n >= 1e6
    ? `${+(n / 1e6).toFixed(2)}M`
    : n >= 1e4
    ? `${+(n / 1e3).toFixed(1)}K`
    : `${Math.round(n)}`;

/** Shapes that serve public HTTP traffic (the others only run jobs, pipelines or UDP servers). */
const HTTP_SHAPES = new Set([
  "web_app",
  "static_site",
  "realtime_ws",
  "webrtc",
  "media",
  "llm_rag",
  "saas_custom_domains",
  "lift_and_shift",
  "internal_tool",
  "iot",
  "bot_webhook",
]);

/** KV data one user keeps (session, profile, flags, a small list). */
const KV_MB_PER_USER = 0.1;
/** Requests per user per month when only users are stated (sessions × API calls). */
const REQUESTS_PER_USER = 300;
/** Monthly users per person online at the peak (peak concurrency ≈ 10% of a month's users; an estimate). */
const USERS_PER_CONCURRENT = 10;
/** Pages (and their API calls) per visitor of a content site. */
const REQUESTS_PER_VISITOR = 6;
const MB_PER_VISITOR = 3;
/** SSO seats for the admins of a bot that staff use through their chat platform. */
const ADMIN_SEATS = 25;
/**
 * Staff above which a workforce signs in through the company's own identity provider (OIDC/SAML against
 * Entra ID, Okta, Google Workspace) rather than a per-seat Zero Trust or P1 licence each: a company that size
 * has one, and per-seat list prices for all of it would be most of the plan.
 */
const WORKFORCE_SSO_SEATS = 1_000;
/** SSO seats for the people who operate a system whose description names no staff. */
const OPERATOR_SEATS = 5;
/** SSO seats when the description names staff (a team, the back office) without a count. */
const UNCOUNTED_STAFF_SEATS = 25;
/** Players per dedicated game server. */
const PLAYERS_PER_SERVER = 64;
/** Requests one conversation makes (page and widget loads, each turn's API call and stream, tool calls). */
const REQUESTS_PER_CONVERSATION = 20;
/** Model calls one conversation makes (about four turns, plus the tool calls and retrieval rewrites). */
const MODEL_CALLS_PER_CONVERSATION = 6;
/** Share of a stream's events that trigger a queued action (an alert, a reminder, a webhook). */
const STREAM_ACTION_SHARE = 0.01;
/** Stored size of one document of a corpus (a PDF or office file; pages and catalogue items are smaller). */
const MB_PER_DOCUMENT = 2;

/** Whether the workload puts a model in front of people or work (an assistant, an agent, RAG). */
const modelled = (w: Workload) => w.shapes.includes("llm_rag") || w.technologies.has("agents");

/** Multiplies the numeric fields of `t` by `ratio`, never below `floor`. */
function scaleFields(t: Traffic, fields: (keyof Traffic)[], ratio: number, floor = 0): void {
  for (const f of fields) {
    const v = t[f];
    if (typeof v === "number") (t as unknown as Record<string, number>)[f] = Math.max(floor, v * ratio);
  }
}

/** Users (or visitors, or staff) and staff seats; user-driven volumes follow a stated user count. */
function applyPeople(
  t: Traffic,
  tier: Traffic,
  numbers: ReadNumbers,
  workload: Workload,
  assumed: string[],
): void {
  const stated = numbers.users ?? numbers.visitors;
  // More people online at once than the people counted: the count is of customer companies or tenants
  // ("a widget for 2,000 B2B customers, 50k concurrent connections"); the concurrency says how many use it.
  const outnumbered = stated !== undefined && numbers.concurrent !== undefined && numbers.concurrent > stated;
  const users = outnumbered ? numbers.concurrent! * USERS_PER_CONCURRENT : stated;
  if (outnumbered) {
    assumed.push(
      `≈${fmt(users!)} users (${fmt(numbers.concurrent!)} at once × ${USERS_PER_CONCURRENT}; ${
        fmt(stated!)
      } counted are customer organisations)`,
    );
  }
  const conversations = numbers.conversations;
  if (users !== undefined) {
    t.mau = users;
    t.usersLabel = `${fmt(users)} ${numbers.users !== undefined || outnumbered ? "users" : "visitors/month"}`;
    if (numbers.users !== undefined || outnumbered) {
      scaleFields(t, USER_DRIVEN, Math.min(10, Math.max(0.01, users / tier.mau)), 0.1);
      // Sessions, profiles and flags: about 100 KB a user, not ten times a tier's store.
      t.kvStorageGb = Math.min(t.kvStorageGb, Math.max(1, users * KV_MB_PER_USER / 1024));
    }
  } else if (numbers.staff !== undefined && !workload.audience.customers) {
    t.mau = numbers.staff;
    t.usersLabel = `${fmt(numbers.staff)} staff`;
  } else if (conversations !== undefined) {
    // The workload is counted in conversations (chats, calls, tickets): that is the audience's size, not a
    // tier's user count.
    t.usersLabel = `${fmt(conversations)} conversations/month`;
    t.mau = Math.max(1, Math.round(conversations / 3));
    assumed.push(`≈3 conversations per person a month (${fmt(t.mau)} people)`);
  } else if (workload.audience.customers) assumed.push(`${tier.usersLabel} (${tier.scale} tier)`);
  if (numbers.staff !== undefined) t.staff = numbers.staff;
  else if (workload.audience.staff) {
    // Staff are named but not counted: a team's worth of seats, not the tier's headcount.
    t.staff = Math.min(tier.staff, UNCOUNTED_STAFF_SEATS);
    assumed.push(`${t.staff} staff seats (staff named, not counted)`);
  } else {
    // No staff named: the only people behind SSO are the few who operate the system.
    t.staff = OPERATOR_SEATS;
    assumed.push(`${OPERATOR_SEATS} operator seats (no staff named)`);
  }
  if (workload.audience.viaChat && t.staff > ADMIN_SEATS) {
    t.staffUsers = t.staff;
    t.staff = ADMIN_SEATS;
    assumed.push(`SSO seats for ${ADMIN_SEATS} admins only: staff reach the bot through their chat platform`);
  }
  // Zero-trust access for the workforce (VPN replacement, SASE) is the product itself: every seat is priced.
  const seatsAreTheProduct = workload.technologies.has("sase");
  if (!workload.audience.viaChat && !seatsAreTheProduct && t.staff > WORKFORCE_SSO_SEATS) {
    t.staffUsers = t.staff;
    t.staff = ADMIN_SEATS;
    assumed.push(
      `per-seat SSO for ${ADMIN_SEATS} admins only: the ${
        fmt(t.staffUsers)
      } staff sign in through the company's own identity provider (OIDC/SAML)`,
    );
  }
  if (!workload.audience.customers && users === undefined && conversations === undefined) {
    // Only staff use it: they are its audience, not a tier's public users.
    t.mau = t.staffUsers ?? t.staff;
    t.usersLabel = `${fmt(t.mau)} staff`;
  }
}

/** Technologies that carry a stream's events to it without HTTP (a broker, change data capture, MQTT). */
const NON_HTTP_FEEDS = ["kafka", "cdc", "mqtt", "rabbitmq", "industrial"] as const;

/** Whether a stream's events reach it as HTTP calls from clients (apps, SDKs, extensions, sites). */
function streamedOverHttp(w: Workload): boolean {
  return w.shapes.includes("stream_ingestion") && !NON_HTTP_FEEDS.some((t) => w.technologies.has(t));
}

/** Requests the people (or the pings and webhooks) the text counts make a month; undefined when none. */
function peopleRequests(
  t: Traffic,
  numbers: ReadNumbers,
  workload: Workload,
  assumed: string[],
): number | undefined {
  let requests: number | undefined = numbers.requests;
  if (requests === undefined && numbers.visitors !== undefined) {
    requests = numbers.visitors * REQUESTS_PER_VISITOR;
  }
  if (requests === undefined && numbers.users !== undefined) requests = t.mau * REQUESTS_PER_USER;
  if (requests === undefined && numbers.staff !== undefined && !workload.audience.customers) {
    requests = numbers.staff * REQUESTS_PER_USER;
  }
  if (requests === undefined && numbers.messagesOverHttp && numbers.messages !== undefined) {
    // Pings, beacons and webhooks are each one call to the ingest endpoint.
    requests = numbers.messages;
    assumed.push("one HTTP request per ping/beacon/webhook");
  }
  if (requests === undefined && numbers.conversations !== undefined) {
    requests = numbers.conversations * REQUESTS_PER_CONVERSATION;
    assumed.push(`${REQUESTS_PER_CONVERSATION} requests per conversation`);
  }
  if (requests === undefined && !workload.audience.customers) {
    // Only staff use it, counted or not: their own requests, not a tier's public traffic.
    requests = t.mau * REQUESTS_PER_USER;
    assumed.push(`${fmt(requests)} requests/month (${fmt(t.mau)} staff × ${REQUESTS_PER_USER})`);
  }
  const items = numbers.messages;
  if (
    requests === undefined && items !== undefined && ITEM_SHAPES.has(workload.primary) &&
    !workload.shapes.some((s) => EVENT_SHAPES.has(s))
  ) {
    // Items handled a month (contracts, orders, bookings, forms) are the work the text counts: the requests
    // around each one (browsing, upload, status, review), not the tier's traffic.
    requests = items * REQUESTS_PER_ITEM;
    assumed.push(`${fmt(requests)} requests/month (≈${REQUESTS_PER_ITEM} per item handled)`);
  }
  return requests;
}

/** Readings devices post over HTTP a month (each one call), beside the people's own requests; 0 when none. */
function deviceReadings(tier: Traffic, numbers: ReadNumbers, workload: Workload, assumed: string[]): number {
  if (
    numbers.devices === undefined || !workload.shapes.includes("iot") || workload.technologies.has("mqtt")
  ) {
    return 0;
  }
  assumed.push("one HTTP request per device reading");
  return numbers.devices * (numbers.deviceMessagesEach ?? tier.deviceMessagesEach);
}

/** Monthly requests, from the stated figure or derived from visitors, users or staff; request-driven volumes follow. */
function applyRequests(
  t: Traffic,
  tier: Traffic,
  numbers: ReadNumbers,
  workload: Workload,
  assumed: string[],
  jobInvocations?: number,
): void {
  let requests = peopleRequests(t, numbers, workload, assumed);
  const readings = deviceReadings(tier, numbers, workload, assumed);
  const ingest = ingestRequests(numbers, workload);
  if (requests === undefined && ingest === undefined && !workload.shapes.some((s) => HTTP_SHAPES.has(s))) {
    // No public traffic: the jobs' own invocations (about 1M a month per tier step), not a web app's requests.
    requests = jobInvocations ?? tier.requests * 0.04;
    assumed.push(
      `${fmt(requests)} job/API invocations a month (no public traffic${
        jobInvocations === undefined ? "" : `; ≈${RECORDS_PER_INVOCATION} records an invocation`
      })`,
    );
  }
  if (readings) t.deviceRequests = readings;
  if (readings && requests === undefined) {
    // Readings are written to the telemetry path (its ingest and archive), not read back by people: a small
    // fleet has a small app around it, a large one no more than the tier's reads, uploads and egress.
    t.requests = readings;
    scaleFields(t, REQUEST_DRIVEN, Math.min(1, readings / tier.requests));
  } else if (requests !== undefined) {
    const ratio = requests / tier.requests;
    t.requests = requests + readings;
    scaleFields(t, REQUEST_DRIVEN, ratio);
    if (numbers.visitors !== undefined && numbers.requests === undefined) {
      t.egressGb = numbers.visitors * MB_PER_VISITOR / 1024;
    }
  }
  if (ingest !== undefined && ingest > (requests ?? 0)) {
    // The ingest endpoint's calls: they carry events in, so they add no reads, egress or storage of their own.
    if (requests === undefined) scaleFields(t, REQUEST_DRIVEN, ingest * 0.01 / tier.requests);
    t.requests = ingest;
    assumed.push(
      ingest < numbers.messages!
        ? `producers batch ≈${EVENTS_PER_BATCH} events per ingest request above ${
          fmt(BATCH_ABOVE)
        } events/month`
        : "one ingest request per event",
    );
  } else if (requests === undefined && !readings) assumed.push(`${fmt(tier.requests)} requests/month`);
}

/** Share of a voice conversation the agent speaks, and the characters of a spoken minute (≈150 words). */
const TTS_SHARE = 0.5;

/** Shapes whose counted messages are items people handle through the app (orders, contracts, bookings). */
const ITEM_SHAPES = new Set(["web_app", "internal_tool", "llm_rag", "saas_custom_domains", "lift_and_shift"]);
/** Shapes whose counted messages are events or live messages: each is one delivery, not a visit's requests. */
const EVENT_SHAPES = new Set(["stream_ingestion", "iot", "realtime_ws", "realtime_udp", "bot_webhook"]);

/** Requests around one item handled (an order's browsing and checkout, a contract's upload and review). */
const REQUESTS_PER_ITEM = 50;

/** Events a month above which producers are taken to batch them, and how many go in one request. */
const BATCH_ABOVE = 500_000_000;
const EVENTS_PER_BATCH = 100;

/** Ingest calls a month when clients send a stream's stated events over HTTP (batched at high rates). */
function ingestRequests(numbers: ReadNumbers, workload: Workload): number | undefined {
  if (!streamedOverHttp(workload) || numbers.messages === undefined) return undefined;
  const events = numbers.messages;
  return events <= BATCH_ABOVE ? events : Math.max(BATCH_ABOVE, events / EVENTS_PER_BATCH);
}

/** Stated messages and conversations (streams, queues, model calls) and a corpus counted in documents. */
function applyMessages(t: Traffic, numbers: ReadNumbers, workload: Workload, assumed: string[]): void {
  // Conversations are the work items when no other message count is given (a call, a ticket, a chat).
  const messages = numbers.messages ?? numbers.conversations;
  if (messages !== undefined) {
    t.realtimeMessages = messages;
    t.queueMessages = messages;
    t.events = messages;
    t.pushes = Math.min(t.pushes, messages);
  }
  // A stream's events travel through its ingest service (Kinesis, Event Hubs, Pub/Sub, Pipelines); only the
  // actions they trigger (alerts, reminders, webhooks) go through a queue.
  const streamed = workload.shapes.includes("stream_ingestion") || workload.shapes.includes("iot");
  if (numbers.messages !== undefined && streamed) {
    t.queueMessages = numbers.messages * STREAM_ACTION_SHARE;
    assumed.push(`${STREAM_ACTION_SHARE * 100}% of stream events trigger a queued action`);
  }
  // Documents arriving a month are what OCR reads (≈2 pages a document, unless pages are counted).
  if (numbers.pagesMonthly !== undefined) t.pagesK = numbers.pagesMonthly / 1000;
  if (numbers.conversations !== undefined && modelled(workload)) {
    t.aiRequests = numbers.conversations * MODEL_CALLS_PER_CONVERSATION;
    assumed.push(`${MODEL_CALLS_PER_CONVERSATION} model calls per conversation (turns + tool calls)`);
  }
  if (numbers.documentChunks !== undefined && modelled(workload)) {
    // A corpus stated as a count sizes the index (≈500-token chunks) and the stored originals.
    t.vectors = numbers.documentChunks;
    if (numbers.storedGb === undefined) {
      t.objectStoredGb = Math.max(
        0.1,
        numbers.documents! * MB_PER_DOCUMENT * Math.min(1, t.vectors / (numbers.documents! * 10)) / 1024,
      );
    }
    assumed.push(`${fmt(t.vectors)} retrieval chunks from the corpus`);
  }
}

/** Share of the month a connected screen or terminal keeps its live connection open (≈12 h a day). */
const DEVICE_CONNECTED_SHARE = 0.5;

/** Calls a professional holds a workday, their length (minutes) and the workdays of a month. */
const CALLS_PER_HOST_DAY = 4;
const CALL_LENGTH_MINUTES = 40;
const WORKDAYS = 21;
/** Minutes of one counted call, visit or lesson. */
const SESSION_MINUTES = 30;
/** Participant-minutes a month of one host's one-to-one calls. */
const HOST_CALL_MINUTES = CALLS_PER_HOST_DAY * CALL_LENGTH_MINUTES * 2 * WORKDAYS;
/** People who each hold calls or sessions with clients: advisers, therapists, tutors, doctors, agents. */
const SESSION_HOSTS =
  /\b(?:therapists?|tutors?|teachers?|coach(?:es)?|doctors?|clinicians?|physicians?|gps|nurses?|advis[eo]rs?|consultants?|lawyers?|attorneys?|solicitors?|vets?|veterinarians?|counsell?ors?|interpreters?|instructors?|trainers?|mentors?|psychologists?|psychiatrists?|dietitians?|nutritionists?|physios?|physiotherapists?|specialists?|experts?|agents?|recruiters?|bankers?|brokers?|stylists?)\b/i;

/** The count of session hosts read ("800 financial advisers", "2k tutors"), if a figure counts them. */
function sessionHosts(numbers: ReadNumbers): number | undefined {
  for (const phrase of numbers.read) {
    const m = phrase.match(/^(\d[\d,.]*)\s*(k|m)?\b/i);
    if (!m || !SESSION_HOSTS.test(phrase)) continue;
    const n = Number(m[1].replace(/[,.](?=\d{3}\b)/g, "")) *
      (m[2] ? (m[2].toLowerCase() === "k" ? 1e3 : 1e6) : 1);
    if (n === numbers.staff || n === numbers.users) return n;
  }
  return undefined;
}

/**
 * Live use from the figures: concurrency (connections, call minutes, game servers), screens that stay
 * connected, counted calls, the calls of counted hosts, or a user count's minutes.
 */
function applyLiveUse(t: Traffic, numbers: ReadNumbers, workload: Workload, assumed: string[]): void {
  const hosts = workload.shapes.includes("webrtc") ? sessionHosts(numbers) : undefined;
  // Only game and UDP servers are sized by the people they hold; listeners and viewers are the CDN's.
  const gameServers = workload.shapes.includes("realtime_udp") || workload.technologies.has("game");
  if (numbers.concurrent !== undefined) {
    t.realtimeConnectionMinutes = numbers.concurrent * 43_200 * 0.3;
    if (gameServers) {
      t.instanceHours = Math.max(730, Math.ceil(numbers.concurrent / PLAYERS_PER_SERVER) * 730 * 0.5);
    }
    t.callMinutes = numbers.concurrent * 43_200 * 0.2;
  } else if (
    numbers.devices !== undefined && workload.primary === "realtime_ws" && !workload.shapes.includes("iot")
  ) {
    // Screens and terminals of a real-time system each hold one connection while in use (sensors that
    // report readings are IoT ingestion, not live clients).
    t.realtimeConnectionMinutes = numbers.devices * 43_200 * DEVICE_CONNECTED_SHARE;
    assumed.push(`each of the ${fmt(numbers.devices)} devices connected ≈12 h a day`);
  } else if (workload.shapes.includes("webrtc") && numbers.sessionsMonthly !== undefined) {
    // The calls are counted ("2,500 visits a day"): each a session of two participants.
    t.callMinutes = numbers.sessionsMonthly * SESSION_MINUTES * 2;
    assumed.push(
      `${fmt(t.callMinutes)} participant-minutes (${
        fmt(numbers.sessionsMonthly)
      } calls/month × ${SESSION_MINUTES} min × 2 participants)`,
    );
  } else if (hosts !== undefined) {
    // Advisers, therapists or tutors each hold their calls with clients: the calls are theirs to count.
    t.callMinutes = hosts * HOST_CALL_MINUTES;
    assumed.push(
      `${fmt(t.callMinutes)} participant-minutes (${
        fmt(hosts)
      } hosts × ${CALLS_PER_HOST_DAY} calls a workday × ${CALL_LENGTH_MINUTES} min × 2 participants × ${WORKDAYS} days)`,
    );
  } else if (numbers.users !== undefined) {
    t.callMinutes = numbers.users * 60;
    if (gameServers) {
      t.instanceHours = Math.max(730, Math.ceil(numbers.users * 0.05 / PLAYERS_PER_SERVER) * 730 * 0.5);
    }
  }
}

/** A live audience's average over the hours on air, as a share of the peak stated ("up to 1.5M at once"): a
 * stated peak is the biggest event's (a derby, a final), most hours draw a fraction of it. */
const LIVE_AVERAGE_OF_PEAK = 0.1;
/** Hours a month a service's peak audience is on (prime time, ≈2 h a day), when no cadence is stated. */
const LIVE_AUDIENCE_HOURS = 60;
/** Hours a month one counted viewer or listener watches a live service, at most. */
const LIVE_HOURS_PER_VIEWER = 10;

/**
 * Live video's hours on air (channel input hours) and viewer-hours: a stated peak audience watches at
 * LIVE_AVERAGE_OF_PEAK of its peak through the hours on air (at most the month's 730, else
 * LIVE_AUDIENCE_HOURS); counted viewers each watch half the hours on air, at most LIVE_HOURS_PER_VIEWER.
 * Concurrent streamers or cameras are inputs, not the audience. Without a stated audience the tier's
 * viewer-hours stay.
 */
function applyLiveAudience(
  t: Traffic,
  numbers: ReadNumbers,
  { broadcast, audience }: { broadcast?: BroadcastHours; audience: LiveAudience },
  assumed: string[],
): void {
  if (broadcast) t.liveInputHours = broadcast.hours;
  const sources = audience.concurrentSources ? numbers.concurrent : undefined;
  if (sources !== undefined) t.liveInputHours = Math.max(t.liveInputHours, sources * LIVE_AUDIENCE_HOURS);
  const hours = broadcast ? Math.min(broadcast.hours, 730) : LIVE_AUDIENCE_HOURS;
  const onAir = broadcast
    ? `${fmt(hours)} h on air (${broadcast.phrase})`
    : `${fmt(hours)} h a month at that audience (assumed)`;
  const peak = audience.peak ?? (sources === undefined ? numbers.concurrent : undefined);
  if (peak !== undefined) {
    t.liveViewerHours = peak * LIVE_AVERAGE_OF_PEAK * hours;
    assumed.push(
      `${fmt(t.liveViewerHours)} live viewer-hours (${fmt(peak)} at peak × ${
        LIVE_AVERAGE_OF_PEAK * 100
      }% average audience × ${onAir})`,
    );
  } else if (numbers.users !== undefined) {
    const each = Math.min(hours / 2, LIVE_HOURS_PER_VIEWER);
    t.liveViewerHours = numbers.users * each;
    assumed.push(
      `${fmt(t.liveViewerHours)} live viewer-hours (${fmt(numbers.users)} viewers × ${
        fmt(each)
      } h; ${onAir})`,
    );
  }
  if (sources !== undefined) {
    assumed.push(
      `${fmt(t.liveInputHours)} live input hours (${
        fmt(sources)
      } sources at once × ${LIVE_AUDIENCE_HOURS} h)`,
    );
  }
}

/** Whether the figures count rows of a table or a sheet ("200k rows", "3M records"). */
export function countsRows(numbers: ReadNumbers): boolean {
  return numbers.documents !== undefined &&
    numbers.read.some((r) => /\b(?:rows?|records?|lines|entries)\b/i.test(r));
}

/** Stated volumes: messages, concurrency, devices, ingest and retention, storage, emails, media, tenants. */
function applyVolumes(
  t: Traffic,
  tier: Traffic,
  numbers: ReadNumbers,
  workload: Workload,
  assumed: string[],
): void {
  applyMessages(t, numbers, workload, assumed);
  applyLiveUse(t, numbers, workload, assumed);
  if (numbers.devices !== undefined) {
    t.devices = numbers.devices;
    if (numbers.deviceMessagesEach !== undefined) t.deviceMessagesEach = numbers.deviceMessagesEach;
    else assumed.push("1 message per device per minute");
    const messages = t.devices * t.deviceMessagesEach;
    t.ingestGb = messages * 1e-6; // ≈1 KB per reading
    // The readings are the events charted and counted, unless an event rate is stated.
    if (numbers.messages === undefined) t.events = messages;
  } else if (workload.shapes.includes("iot")) assumed.push(`${fmt(tier.devices)} devices × 1 msg/min`);
  const pipeline = workload.shapes.some((s) => s === "stream_ingestion" || s === "etl_warehouse");
  // A stated event rate is the pipeline's volume (≈1 KB an event) when no size per day is given.
  const fromEvents = pipeline && numbers.ingestGbMonth === undefined && numbers.devices === undefined &&
    numbers.messages !== undefined;
  // Rows counted in a table or a sheet a pipeline reads ("200k rows") are its volume, reloaded each run.
  const fromRows = pipeline && numbers.ingestGbMonth === undefined && !fromEvents &&
    numbers.devices === undefined && countsRows(numbers);
  if (numbers.ingestGbMonth !== undefined) t.ingestGb = numbers.ingestGbMonth;
  else if (fromRows) {
    const runs = numbers.runsMonthly ?? 30;
    t.ingestGb = numbers.documents! * 1e-6 * runs;
    assumed.push(`≈1 KB a row, ${fmt(numbers.documents!)} rows read on each of ${fmt(runs)} runs a month`);
  } else if (fromEvents) {
    t.ingestGb = numbers.messages! * 1e-6;
    assumed.push("≈1 KB per event");
  } else if (pipeline) {
    if (numbers.devices === undefined) assumed.push(`${fmt(tier.ingestGb)} GB ingested/month`);
  }
  const retentionMonths = (numbers.retentionDays ?? 30) / 30;
  if (numbers.ingestGbMonth !== undefined || numbers.devices !== undefined || fromEvents || fromRows) {
    t.objectStoredGb = Math.max(t.objectStoredGb, t.ingestGb * retentionMonths * 0.3); // compressed Parquet
    t.warehouseTb = Math.max(0.1, t.ingestGb / 1024);
  }
  if (numbers.databaseGb !== undefined) {
    // The size of the named database is what the database stores (not objects).
    t.sqlStorageGb = numbers.databaseGb;
  } else if (numbers.storedGb !== undefined) {
    t.objectStoredGb = numbers.storedGb;
    t.sqlStorageGb = Math.min(t.sqlStorageGb * 4, Math.max(t.sqlStorageGb, numbers.storedGb / 10));
  }
  applyEmails(t, numbers, workload, assumed);
  if (numbers.mediaHours !== undefined) t.videoStoredMinutes = numbers.mediaHours * 60;
  if (numbers.tenants !== undefined) t.tenants = numbers.tenants;
  // A rehosted estate runs one VM per server it had (priced per instance-hour).
  const estate = workload.shapes.includes("lift_and_shift");
  if (numbers.servers !== undefined && estate) t.instanceHours = numbers.servers * 730;
  else if (workload.shapes.includes("saas_custom_domains")) {
    assumed.push(`${fmt(tier.tenants)} tenant domains`);
  }
}

/** A job's compute: its GPU-hours, and the vCPU-hours the text states (figure_cpu_hours.ts). */
function applyJobCompute(t: Traffic, numbers: ReadNumbers, workload: Workload, assumed: string[]): void {
  applyGpu(t, numbers, workload, assumed);
  if (numbers.cpuHoursMonth !== undefined && workload.shapes.some((s) => CPU_JOB_SHAPES.has(s))) {
    t.vcpuHours = Math.max(1, Math.round(numbers.cpuHoursMonth));
    t.vcpuHoursRead = true;
  }
}

/** Shapes that only run jobs: no user-facing front door, so nobody counted in them makes requests. */
const JOB_SHAPES = new Set(["batch_job", "etl_warehouse", "ml_training"]);
/** Shapes whose compute a stated CPU-hour figure sizes (jobs, pipelines, CPU training). */
const CPU_JOB_SHAPES = new Set([...JOB_SHAPES, "stream_ingestion"]);

/** Emails a person gets a month from an app that mails (sign-in links, notices, receipts). */
const EMAILS_PER_USER = 4;
/** Emails an item handled sends (a confirmation and a reminder). */
const EMAILS_PER_ITEM = 2;

/**
 * Emails a month: the stated figure, else what the read figures send (people × EMAILS_PER_USER, items ×
 * EMAILS_PER_ITEM, one a run of a scheduled job), else the tier's default. A booking app of 200 bookings
 * a month that mails the day's list each morning sends hundreds, not the tier's 50,000.
 */
function applyEmails(t: Traffic, numbers: ReadNumbers, workload: Workload, assumed: string[]): void {
  if (numbers.emails !== undefined) {
    t.emails = numbers.emails;
    return;
  }
  const people = numbers.users ?? (workload.audience.customers ? undefined : numbers.staff);
  const items = ITEM_SHAPES.has(workload.primary) && !workload.shapes.some((s) => EVENT_SHAPES.has(s))
    ? numbers.messages
    : undefined;
  const scheduled = workload.shapes.includes("batch_job");
  if (people === undefined && items === undefined && !(scheduled && workload.primary === "batch_job")) return;
  const runs = scheduled ? numbers.runsMonthly ?? 30 : 0;
  const emails = (people ?? 0) * EMAILS_PER_USER + (items ?? 0) * EMAILS_PER_ITEM + runs;
  t.emails = Math.max(1, Math.round(emails));
  const from = [
    people === undefined ? "" : `${fmt(people)} people × ${EMAILS_PER_USER}`,
    items === undefined ? "" : `${fmt(items)} items × ${EMAILS_PER_ITEM}`,
    runs ? `${fmt(runs)} job runs × 1` : "",
  ].filter(Boolean).join(" + ");
  assumed.push(`${fmt(t.emails)} emails/month (${from})`);
}

/** A job that mails each record's person sends records × runs messages a month (the stated count wins). */
function mailEachRecord(t: Traffic, records: number, runs: number, assumed: string[]): void {
  const emails = Math.round(records * runs);
  if (emails <= t.emails) return;
  const at = assumed.findIndex((a) => / emails\/month \(/.test(a));
  if (at >= 0) assumed.splice(at, 1);
  t.emails = emails;
  assumed.push(`${fmt(emails)} emails/month (${fmt(records)} records × ${fmt(runs)} runs, one each)`);
}

/** A personal or local project's pipeline that states no volume moves PERSONAL_INGEST_GB a month. */
function personalPipeline(t: Traffic, numbers: ReadNumbers, workload: Workload, assumed: string[]): void {
  const pipeline = workload.shapes.some((s) => s === "stream_ingestion" || s === "etl_warehouse");
  if (!pipeline || numbers.ingestGbMonth !== undefined || numbers.messages !== undefined) return;
  t.ingestGb = PERSONAL_INGEST_GB;
  t.warehouseTb = 0.01;
  const i = assumed.findIndex((a) => a.endsWith("GB ingested/month"));
  if (i >= 0) assumed.splice(i, 1);
  assumed.push(`${PERSONAL_INGEST_GB} GB ingested/month (a personal or local project)`);
}

/** Orchestration steps one run of a scheduled job or pipeline takes (extract per source, load, checks). */
const STEPS_PER_RUN = 20;
/** Most orchestration steps (activities, map iterations over batches) one run makes. */
const MAX_STEPS_PER_RUN = 1_000;
/** Data a personal or local project's pipeline moves a month when it states none (GB). */
const PERSONAL_INGEST_GB = 1;

/** A scheduled job's or pipeline's orchestration follows its cadence, not the tier's step count. */
function applySchedule(t: Traffic, numbers: ReadNumbers, workload: Workload, assumed: string[]): void {
  const scheduled = workload.shapes.some((s) => s === "batch_job" || s === "etl_warehouse");
  const streamed = workload.shapes.includes("stream_ingestion");
  if (!scheduled && !streamed) return;
  // No cadence stated: a warehouse or batch load runs daily, a stream's loads hourly (said as assumed).
  const runs = numbers.runsMonthly ?? (scheduled ? 30 : 720);
  // Items fan out as steps, in batches: no more than MAX_STEPS_PER_RUN a run (rows are not activities).
  const perItem = scheduled && numbers.runsMonthly !== undefined
    ? Math.min(numbers.messages ?? 0, runs * MAX_STEPS_PER_RUN)
    : 0;
  const steps = Math.max(runs * STEPS_PER_RUN, perItem);
  t.workflowStepsK = steps / 1000;
  t.jobRuns = runs;
  // A described job has the schedules its text names (one when it names none), not a tier's twenty.
  if (scheduled) t.cronJobs = numbers.schedules ?? 1;
  const how = numbers.runsMonthly !== undefined
    ? ""
    : scheduled
    ? " (daily; no cadence stated)"
    : " (hourly loads)";
  assumed.push(`${fmt(runs)} runs/month${how} × ${STEPS_PER_RUN} orchestration steps`);
}

/** Average length of an answered call or voice conversation (minutes). */
const MINUTES_PER_CALL = 4;

/** Seconds of conversation between two LLM calls in a voice conversation (one call per spoken turn). */
const SECONDS_PER_VOICE_TURN = 25;
/** Prompt tokens of a voice turn before any history: system prompt, tools, retrieved facts. */
const VOICE_PROMPT_TOKENS = 1000;
/** Tokens each earlier turn adds to the context (the caller's words + the agent's reply). */
const VOICE_TOKENS_PER_TURN = 120;
/** Tokens of a spoken reply (≈190 characters: a sentence or two). */
const VOICE_REPLY_TOKENS = 60;

/**
 * A voice agent calls its LLM once per spoken turn (≈ every 25 s of conversation), each turn resending the
 * conversation so far: model calls follow conversation minutes, not a flat count per conversation.
 */
function voiceTurns(t: Traffic, minutes: number, assumed: string[]): void {
  if (minutes <= 0) return;
  const turnsPerCall = Math.max(1, Math.round(MINUTES_PER_CALL * 60 / SECONDS_PER_VOICE_TURN));
  const calls = minutes / MINUTES_PER_CALL;
  t.aiRequests = Math.round(calls * turnsPerCall);
  // The average turn carries half of a call's history on top of the prompt.
  t.aiInputTokens = VOICE_PROMPT_TOKENS + Math.round(VOICE_TOKENS_PER_TURN * (turnsPerCall - 1) / 2);
  t.aiOutputTokens = VOICE_REPLY_TOKENS;
  const old = assumed.findIndex((a) => a.includes("model calls per conversation"));
  if (old >= 0) assumed.splice(old, 1);
  assumed.push(
    `voice LLM: one call per spoken turn (≈${SECONDS_PER_VOICE_TURN} s), ${turnsPerCall} turns per ${MINUTES_PER_CALL}-min call, ${
      fmt(t.aiRequests)
    } LLM calls × ${t.aiInputTokens}/${t.aiOutputTokens} tokens (context grows each turn)`,
  );
}

/**
 * Audio that speech-to-text transcribes: the calls answered, a call platform's participant-minutes, or else
 * the media uploaded each month, not every user's call minutes.
 */
function applySpeech(t: Traffic, numbers: ReadNumbers, workload: Workload, assumed: string[]): void {
  if (!workload.technologies.has("speech")) return;
  if (numbers.conversations !== undefined) {
    t.speechMinutes = numbers.conversations * MINUTES_PER_CALL;
    assumed.push(`≈${MINUTES_PER_CALL} min of audio per call transcribed`);
  } else if (workload.primary === "webrtc" || workload.technologies.has("voice")) {
    t.speechMinutes = t.callMinutes;
  } else {
    t.speechMinutes = t.videoNewMinutes;
    assumed.push(`${fmt(t.videoNewMinutes)} min of new audio/video transcribed a month`);
  }
  if (workload.technologies.has("voice")) voiceTurns(t, t.speechMinutes, assumed);
  if (workload.technologies.has("voice")) {
    // The agent speaks about half of each conversation at ≈150 words (≈900 characters) a minute.
    t.ttsChars = t.speechMinutes * TTS_SHARE * TTS_CHARS_PER_MINUTE;
    assumed.push(
      `voice replies: ${TTS_SHARE * 100}% of ${
        fmt(t.speechMinutes)
      } conversation minutes spoken back (≈${TTS_CHARS_PER_MINUTE} characters a minute, ${
        fmt(t.ttsChars)
      } characters)`,
    );
  }
}

/** Audio files: ≈128 kbps MP3 (57.6 MB an hour), ≈30 MB a download of an episode. */
const AUDIO_GB_PER_HOUR = 57.6 / 1024;
const AUDIO_GB_PER_DOWNLOAD = 30 / 1024;

/** Audio libraries are files: hours stored as MP3, downloads served from storage through the CDN. */
function applyAudio(t: Traffic, numbers: ReadNumbers, assumed: string[]): void {
  if (numbers.mediaHours !== undefined) {
    t.objectStoredGb = Math.max(t.objectStoredGb, numbers.mediaHours * AUDIO_GB_PER_HOUR);
    t.videoStoredMinutes = 0;
    assumed.push("audio at ≈128 kbps (57.6 MB an hour)");
  }
  if (numbers.downloads !== undefined) {
    t.objectGets = Math.max(t.objectGets, numbers.downloads);
    t.objectDownloadGb = numbers.downloads * AUDIO_GB_PER_DOWNLOAD;
    t.egressGb = Math.max(t.egressGb, t.objectDownloadGb);
    assumed.push("≈30 MB a download");
  }
}

/** Hours a training run is assumed to take when GPUs are stated without a duration. */
const GPU_RUN_HOURS = 24;

/** GPU-hours of training: the stated GPUs × span, else the tier's default, said as assumed. */
function applyGpu(t: Traffic, numbers: ReadNumbers, workload: Workload, assumed: string[]): void {
  const training = workload.shapes.includes("ml_training") && !workload.cpuTraining;
  if (numbers.gpuHours !== undefined) t.gpuHours = numbers.gpuHours;
  else if (training && numbers.imageTraining) {
    // A few thousand labelled photos fine-tune a pretrained backbone in minutes: no default training budget.
    t.gpuHours = numbers.imageTraining.gpuHours;
    assumed.push(`${fmt(t.gpuHours)} GPU-hours/month of training (${numbers.imageTraining.note})`);
  } else if (training && numbers.gpus !== undefined && numbers.gpus * GPU_RUN_HOURS > t.gpuHours) {
    // GPUs without a duration: at least one day-long run on all of them a month.
    t.gpuHours = numbers.gpus * GPU_RUN_HOURS;
    assumed.push(
      `${fmt(t.gpuHours)} GPU-hours/month of training (${numbers.gpus} GPUs × one day-long run a month)`,
    );
  } else if (training) {
    assumed.push(`${fmt(t.gpuHours)} GPU-hours/month of training (no GPUs × duration stated)`);
  }
}

/** A hobbyist training their own model is one person: one seat, unless the text counts the team. */
function soloSeat(t: Traffic, numbers: ReadNumbers, assumed: string[]): void {
  if (numbers.staff !== undefined) return;
  const i = assumed.findIndex((a) => a.endsWith("operator seats (no staff named)"));
  if (i < 0) return;
  t.staff = 1;
  assumed[i] = "1 person (one person's own project; no team named)";
}

/** Records a job's invocation handles (a batch of rows or accounts from a queue or a cursor). */
const RECORDS_PER_INVOCATION = 100;

/**
 * Accounts, customers or rows counted in a workload made only of jobs ("900k savings accounts" in a nightly
 * run): the job's data volume, not people making requests.
 */
function jobRecords(numbers: ReadNumbers, workload: Workload): number | undefined {
  if (numbers.users === undefined || !workload.shapes.every((s) => JOB_SHAPES.has(s))) return undefined;
  return numbers.users;
}

/** What the description says the workload is made of, beyond its shapes. */
export interface UsageHints {
  /** The media is audio files, not video. */
  audioOnly?: boolean;
  /** A model writes copy for each item of a corpus (descriptions, captions, translations). */
  generation?: boolean;
  /** A personal or local project (my club, my shop, my home) whose audience the text does not count. */
  personal?: boolean;
  /** A phone line is answered (PSTN calls, a receptionist): its conversations are spoken. */
  phone?: boolean;
  /** One person speaks of their own project ("i want to train … my photos"): one seat, not a team. */
  solo?: boolean;
  /** The system sends email. */
  mails?: boolean;
  /** A job mails each person of its records a run (mail_recipients.ts), not one message a run. */
  mailsEach?: boolean;
  /** Live video goes out, on air for these hours a month when the text says (undefined: a tier's default). */
  live?: { broadcast?: BroadcastHours; audience: LiveAudience };
  /** A trained model is served to an app: the users counted are the app's, not records of a job. */
  served?: boolean;
}

/** Users assumed for a personal or local project that counts nobody (a club, a shop's regulars, a family). */
const PERSONAL_USERS = 500;

/** Share of a content site's visitors who send its form (contact, signup), each mailing one message. */
const FORM_SENDERS = 0.02;
/** Files a content site keeps beside its pages (images, PDFs) when the text sizes none, in GB. */
const SITE_STORED_GB = 20;
/** vCPU-hours one build of a content site takes (render the pages, upload them): about six minutes. */
const SITE_BUILD_VCPU_HOURS = 0.1;

/**
 * A content site's audience and volumes: visitors reading pages (the tier's people when none are counted),
 * the site's own files (not a tier's uploads) and the mail its forms send. Returns the figures to go on with.
 */
function contentSiteAudience(
  t: Traffic,
  tier: Traffic,
  numbers: ReadNumbers,
  workload: Workload,
  assumed: string[],
  mails: boolean,
): ReadNumbers {
  if (!isContentSite(workload)) return numbers;
  if (!countsPeople(numbers)) {
    numbers = { ...numbers, visitors: tier.mau };
    assumed.push(
      `${fmt(tier.mau)} visitors/month (a content site: the ${tier.scale} tier's audience as readers)`,
    );
  }
  if (numbers.storedGb === undefined) t.objectStoredGb = Math.min(t.objectStoredGb, SITE_STORED_GB);
  // Its scheduled build renders pages for minutes, not a tier's hours of batch compute.
  const builds = numbers.runsMonthly ?? 30;
  if (workload.shapes.includes("batch_job") && numbers.gpuHours === undefined) {
    t.vcpuHours = Math.min(t.vcpuHours, Math.max(1, builds * SITE_BUILD_VCPU_HOURS));
    assumed.push(`${fmt(t.vcpuHours)} vCPU-h/month of site builds (${fmt(builds)} runs × ≈6 min)`);
  }
  if (mails && numbers.emails === undefined && numbers.users === undefined && numbers.visitors) {
    // A site's mail is what its forms send (a contact message, a signup confirmation), not an app's.
    t.emails = Math.max(1, Math.round(numbers.visitors * FORM_SENDERS));
    assumed.push(
      `${fmt(t.emails)} emails/month (${fmt(numbers.visitors)} visitors × ${
        FORM_SENDERS * 100
      } % who send a form)`,
    );
  }
  return numbers;
}

/** Whether the description counts anyone who uses the system (users, visitors, staff, calls or requests). */
function countsPeople(n: ReadNumbers): boolean {
  return [n.users, n.visitors, n.staff, n.requests, n.conversations, n.concurrent].some((v) =>
    v !== undefined
  );
}

/** Tenants that are organisations with people of their own (not the operator's offices, sites or shops). */
const TENANT_ORGS =
  /\b(?:tenants?|firms?|compan(?:y|ies)|organi[sz]ations?|orgs?|workspaces?|customers?|clients?|businesses|merchants|agencies|employers)\b/i;

/**
 * A multi-tenant product's counted customer organisations ("1,200 customer companies", read as places) are
 * its tenants.
 */
function customerOrgsAsTenants(numbers: ReadNumbers, workload: Workload): ReadNumbers {
  if (numbers.tenants !== undefined || numbers.places === undefined) return numbers;
  if (!workload.shapes.includes("saas_custom_domains")) return numbers;
  const phrase = numbers.read.find((r) => TENANT_ORGS.test(r) && /^\d/.test(r));
  return phrase ? { ...numbers, tenants: numbers.places, tenantsPhrase: phrase } : numbers;
}

/** Whether a staff count belongs to the counted tenants (more people than tenants, no users counted). */
function tenantsPeople(n: ReadNumbers): boolean {
  return n.tenants !== undefined && n.users === undefined && n.staff !== undefined &&
    n.staff > n.tenants * 2 &&
    TENANT_ORGS.test(n.tenantsPhrase ?? "");
}

/** Applies the read figures to the tier's traffic. */
export function usageFor(
  tier: Traffic,
  numbers: ReadNumbers,
  workload: Workload,
  {
    audioOnly = false,
    generation = false,
    personal = false,
    solo = false,
    phone = false,
    mails = false,
    mailsEach = false,
    live,
    served = false,
  }: UsageHints = {},
): Usage {
  const t: Traffic = { ...tier };
  const assumed: string[] = [];
  if (personal && !countsPeople(numbers)) {
    // A tier's thousands of users are not a personal project's audience: a small one is assumed and said.
    numbers = { ...numbers, users: PERSONAL_USERS };
    assumed.push(`≈${PERSONAL_USERS} users (a personal or local project; none counted)`);
  }
  numbers = customerOrgsAsTenants(numbers, workload);
  if (tenantsPeople(numbers)) {
    // "1,100 tenants, 900k employees": the tenants' people use the product; they are not the operator's seats.
    assumed.push(`${fmt(numbers.staff!)} employees are the tenants' people (users), not staff seats`);
    numbers = { ...numbers, users: numbers.staff, staff: undefined };
  }
  numbers = contentSiteAudience(t, tier, numbers, workload, assumed, mails);
  const records = served ? undefined : jobRecords(numbers, workload);
  if (records !== undefined) numbers = { ...numbers, users: undefined };
  applyPeople(t, tier, numbers, workload, assumed);
  if (records !== undefined) {
    // Nobody signs in but the operators: the accounts are the job's data, not an audience.
    const tierUsers = assumed.findIndex((a) => a.startsWith(tier.usersLabel));
    if (tierUsers >= 0) assumed.splice(tierUsers, 1);
    t.mau = t.staff;
    t.usersLabel = `${fmt(records)} records (no public users)`;
    assumed.push(
      `${fmt(records)} accounts/records are the data the job processes, not users making requests`,
    );
  }
  const invocations = records === undefined
    ? undefined
    : Math.max(1, Math.ceil(records * (numbers.runsMonthly ?? 1) / RECORDS_PER_INVOCATION));
  applyRequests(t, tier, numbers, workload, assumed, invocations);
  assumed.push(...numbers.notes ?? []);
  if (numbers.peakPerSecond !== undefined) t.peakPerSecond = numbers.peakPerSecond;
  applyVolumes(t, tier, numbers, workload, assumed);
  if (live) applyLiveAudience(t, numbers, live, assumed);
  applySchedule(t, numbers, workload, assumed);
  if (records !== undefined && mails && mailsEach) {
    mailEachRecord(t, records, numbers.runsMonthly ?? 1, assumed);
  }
  applySpeech(t, numbers, workload, assumed);
  const spokenCalls = phone && !workload.technologies.has("voice") && modelled(workload);
  if (spokenCalls && numbers.conversations !== undefined) {
    voiceTurns(t, numbers.conversations * MINUTES_PER_CALL, assumed);
  }
  applyJobCompute(t, numbers, workload, assumed);
  if (solo && workload.shapes.includes("ml_training")) soloSeat(t, numbers, assumed);
  if (personal) personalPipeline(t, numbers, workload, assumed);
  if (audioOnly) applyAudio(t, numbers, assumed);
  if (generation && numbers.documents !== undefined) {
    // Each item is written once per language in the month it is generated (the backfill, then changes).
    const languages = numbers.languages ?? 1;
    // Nothing is retrieved: the corpus is the work, not an index.
    const chunks = assumed.findIndex((a) => a.endsWith("retrieval chunks from the corpus"));
    if (chunks >= 0) assumed.splice(chunks, 1);
    t.aiRequests = Math.max(t.aiRequests, numbers.documents * languages);
    t.aiOutputTokens = Math.max(t.aiOutputTokens, 400);
    assumed.push(
      `each item written once per language a month (${fmt(numbers.documents * languages)} model calls)`,
    );
  }
  return { traffic: t, read: numbers.read, assumed };
}
