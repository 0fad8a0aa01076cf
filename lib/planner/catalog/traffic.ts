/** Usage assumptions per scale tier (the defaults when the description states no numbers). */
import { type Scale } from "../../protocol/request_schema.ts";
import { SRC } from "./facts.ts";

/** Monthly usage the estimates assume for one scale tier. */
export interface Traffic {
  scale: Scale;
  /** Multiplier over the Startup tier (Infracost small = 1, medium = 2, then ≈10× and ≈100×). */
  multiplier: number;
  usersLabel: string;
  /** Monthly active end users (for sign-in pricing). */
  mau: number;
  /** Staff behind SSO / zero-trust access (the seats priced). */
  staff: number;
  /** Staff who use the system, when more than the SSO seats (a chat bot's users sign in to the chat). */
  staffUsers?: number;
  requests: number;
  /** Of `requests`, the devices' readings sent to the ingest endpoint (an IoT broker takes them instead). */
  deviceRequests?: number;
  /** A stated peak rate per second (requests or events): provisioned capacity is sized for it. */
  peakPerSecond?: number;
  /** Average wall time and CPU time per dynamic request. */
  wallMs: number;
  cpuMs: number;
  /** Function memory in GB (Lambda, Functions, Cloud Run). */
  memoryGb: number;
  /** Web/API response egress (GB). */
  egressGb: number;
  dbReads: number;
  dbWrites: number;
  kvStorageGb: number;
  sqlStorageGb: number;
  /** Rows a SQL query reads/writes on average (D1 bills rows). */
  rowsPerRead: number;
  rowsPerWrite: number;
  objectStoredGb: number;
  objectPuts: number;
  objectGets: number;
  objectDownloadGb: number;
  realtimeMessages: number;
  realtimeConnectionMinutes: number;
  videoStoredMinutes: number;
  videoNewMinutes: number;
  videoDeliveredMinutes: number;
  liveInputHours: number;
  liveViewerHours: number;
  imageTransforms: number;
  aiRequests: number;
  aiInputTokens: number;
  aiOutputTokens: number;
  vectors: number;
  vectorDims: number;
  vectorQueries: number;
  searchQueries: number;
  queueMessages: number;
  cronJobs: number;
  /** Runs a month of the described scheduled job (daily when no cadence is stated). */
  jobRuns: number;
  emails: number;
  events: number;
  devices: number;
  /** Messages per device per month (one a minute). */
  deviceMessagesEach: number;
  /** Data ingested per month by stream/log/ETL workloads (GB). */
  ingestGb: number;
  /** WebRTC participant-minutes per month. */
  callMinutes: number;
  /** Minutes of audio transcribed per month (calls answered, media uploaded): what speech-to-text bills. */
  speechMinutes: number;
  /** Characters a month spoken back by text-to-speech (a voice agent's replies). */
  ttsChars: number;
  /** Tenants with their own custom domain. */
  tenants: number;
  /** GPU (or DPU) hours of training/ETL jobs per month. */
  gpuHours: number;
  /** Thousands of document pages read by OCR per month. */
  pagesK: number;
  /** Thousands of workflow steps / state transitions per month. */
  workflowStepsK: number;
  /** Terabytes scanned by warehouse queries per month. */
  warehouseTb: number;
  /** Container vCPU-hours per month (jobs, containers). */
  vcpuHours: number;
  /** The vCPU-hours were read from the description (a job's stated CPU-hours or time per item), not a default. */
  vcpuHoursRead?: boolean;
  /** Push notifications per month. */
  pushes: number;
  /** Instance-hours of always-on servers (game servers, VMs, nodes) per month. */
  instanceHours: number;
  /** Images generated per month (image-generation models bill per image). */
  imagesGenerated: number;
  /** SMS messages sent per month. */
  sms: number;
}

export function tier(scale: Scale, m: number, usersLabel: string, mau: number, staff: number): Traffic {
  return {
    scale,
    multiplier: m,
    usersLabel,
    mau,
    staff,
    requests: 25_000_000 * m,
    wallMs: 25,
    cpuMs: 7,
    memoryGb: 0.5,
    egressGb: 120 * m,
    dbReads: 20_000_000 * m,
    dbWrites: 4_000_000 * m,
    kvStorageGb: 20 * m,
    sqlStorageGb: 5 * m,
    rowsPerRead: 20,
    rowsPerWrite: 2,
    objectStoredGb: 100 * m,
    objectPuts: 1_000_000 * m,
    objectGets: 10_000_000 * m,
    objectDownloadGb: 200 * m,
    realtimeMessages: 5_000_000 * m,
    realtimeConnectionMinutes: 20_000_000 * m,
    videoStoredMinutes: 1_000 * m,
    videoNewMinutes: 200 * m,
    videoDeliveredMinutes: 50_000 * m,
    liveInputHours: 50 * m,
    liveViewerHours: 2_000 * m,
    imageTransforms: 50_000 * m,
    aiRequests: 100_000 * m,
    aiInputTokens: 1_000,
    aiOutputTokens: 300,
    vectors: 100_000 * m,
    vectorDims: 768,
    vectorQueries: 300_000 * m,
    searchQueries: 500_000 * m,
    queueMessages: 2_000_000 * m,
    cronJobs: 20,
    jobRuns: 30,
    emails: 50_000 * m,
    events: 50_000_000 * m,
    devices: 1_000 * m,
    deviceMessagesEach: 43_200,
    ingestGb: 300 * m,
    callMinutes: 100_000 * m,
    speechMinutes: 200 * m,
    ttsChars: 0,
    tenants: 50 * m,
    gpuHours: 40 * m,
    pagesK: 10 * m,
    workflowStepsK: 300 * m,
    warehouseTb: 1 * m,
    vcpuHours: 200 * m,
    pushes: 1_000_000 * m,
    instanceHours: 730 * (m === 1 ? 1 : m === 2 ? 2 : m === 10 ? 4 : 12),
    imagesGenerated: 5_000 * m,
    sms: 5_000 * m,
  };
}

/**
 * Usage per tier. Startup follows Infracost's "small" defaults (e.g. 25M function requests at 25 ms,
 * DynamoDB 4M writes / 20M reads / 20 GB, 120 GB CDN egress), Growth its "medium" (2×), Enterprise ≈10×
 * and Global ≈100× (reference guidance; no provider publishes tiers). Other workloads (video, AI, IoT…)
 * are this module's own assumptions, scaled the same way and stated in every estimate.
 */
export const SCALE_TRAFFIC: Record<Scale, Traffic> = {
  Startup: tier("Startup", 1, "under 10K users", 5_000, 10),
  Growth: tier("Growth", 2, "10K–100K users", 50_000, 25),
  Enterprise: tier("Enterprise", 10, "100K–1M users", 500_000, 200),
  Global: tier("Global", 100, "over 1M users", 5_000_000, 1_000),
};

/** Where the tier assumptions come from. */
export const TRAFFIC_SOURCE = SRC.infracost;

/** Characters in a minute of speech (≈150 words): text-to-speech characters ↔ spoken minutes. */
export const TTS_CHARS_PER_MINUTE = 900;

/** Video bitrate used to turn delivered minutes into CDN gigabytes (720p ≈ 3 Mbps). */
export const VIDEO_GB_PER_MINUTE = 0.0225;
/** Renditions in a VOD encoding ladder (1080p/720p/480p). */
export const VIDEO_RENDITIONS = 3;
