/**
 * Core requirements kept in both plans (lib/planner/core_requirements.ts): per-key ordering gets the cloud's
 * per-key mechanism (a Durable Object per key, SQS FIFO message groups, Pub/Sub ordering keys, Service Bus
 * sessions) and Windows / .NET Framework servers never land on Graviton. Every request is written for this test.
 */
import assert from "node:assert/strict";
import { nodeLines, planFor } from "./planner_fixtures.ts";
import { needsWindows, orderingKey } from "../lib/planner/core_requirements.ts";
import { replayDays } from "../lib/planner/stream_requirements.ts";
import { readRequirements } from "../lib/planner/requirements.ts";
import { sftpUse } from "../lib/planner/file_transfer.ts";
import type { Competitor } from "../lib/protocol/request_schema.ts";

const plan = planFor;
const text = nodeLines;

Deno.test("orderingKey reads the key events must stay ordered by", () => {
  assert.equal(orderingKey("moves must be applied in order per board, 20k boards live"), "board");
  assert.equal(orderingKey("for each wallet, ledger entries are processed sequentially"), "wallet");
  assert.equal(
    orderingKey("Telemetry from 9k trucks; readings ordered per truck so odometers never go back"),
    "truck",
  );
  assert.equal(orderingKey("a todo list app with tags"), undefined);
});

Deno.test("needsWindows: Windows servers and .NET Framework, not time windows", () => {
  assert.ok(needsWindows("Our billing runs on IIS with ASP.NET WebForms"));
  assert.ok(needsWindows("two Windows Server 2019 boxes and a .NET Framework 4.7 service"));
  assert.ok(!needsWindows("compute 5-minute windows over the click stream"));
  assert.ok(!needsWindows("rolling windows of sensor data"));
});

const ORDERED: [string, Competitor, RegExp, RegExp][] = [
  [
    "Multiplayer chess site: ~30k concurrent games over WebSockets, moves must be applied in order per board.",
    "AWS",
    /Durable Object per board/,
    /SQS FIFO|MessageGroupId|partition key = board/,
  ],
  [
    "Wallet service for a fintech: for each wallet, ledger entries are processed sequentially from a queue; 2M wallets.",
    "GCP",
    /Durable Object per wallet/,
    /ordering key = wallet|ordering keys per wallet/,
  ],
  [
    "Shared whiteboards for classrooms, strokes kept in order within each room, ~5k rooms at once.",
    "Azure",
    /Durable Object per room/,
    /SessionId = room|sessions per room|partition key = room/,
  ],
];

Deno.test("per-key ordering: each plan names its single serialization point per key", () => {
  for (const [description, competitor, cf, comp] of ORDERED) {
    const els = plan(description, competitor);
    assert.match(text(els, "cloudflare"), cf, description);
    assert.match(text(els, "competitor"), comp, description);
  }
});

Deno.test("Windows / .NET Framework servers on AWS run on x86 Windows hosts, not Graviton", () => {
  const descriptions = [
    "Rehost our 14 Windows Server 2016 VMs (IIS sites on .NET Framework 4.6, a WCF service) to the cloud as they are, cheaply.",
    "Datacentre exit: 70 virtual machines, Windows and Linux, running a payroll suite and SharePoint; lift them as-is, cheaply.",
  ];
  for (const description of descriptions) {
    const els = plan(description, "AWS");
    const comp = text(els, "competitor");
    assert.doesNotMatch(comp, /m7g|arm64 \(Graviton\)/i, description);
    assert.match(comp, /Windows/, description);
    const items = els.flatMap((e) => e.type === "cost" && e.platform === "competitor" ? e.data.items : []);
    assert.ok(!items.some((i) => /m7g/.test(i.basis ?? "")), description);
  }
});

Deno.test("on Azure and GCP the hosts of Windows servers say Windows (or that they cannot run it)", () => {
  const description =
    "Move 25 Windows Server VMs (IIS, .NET Framework 4.8 line-of-business apps) off our ageing racks.";
  assert.match(text(plan(description, "Azure"), "competitor"), /Windows/);
  assert.match(text(plan(description, "GCP"), "competitor"), /Windows/);
});

Deno.test("replayDays reads the replay window of a stream, not a video replay", () => {
  assert.equal(replayDays("ingest clickstream, consumers must be able to replay the last 3 days"), 3);
  assert.equal(replayDays("keep a 2-week replay window on the order stream"), 14);
  assert.equal(replayDays("payment events land raw; we need to replay them when a bug ships"), 0);
  assert.equal(replayDays("VOD replays of every lecture kept for a term"), undefined);
  assert.equal(replayDays("a todo list with tags"), undefined);
});

const KAFKA_CASES: [string, Competitor, RegExp][] = [
  [
    "Our payments platform publishes ledger events to Redpanda; analysts want them in a warehouse and the fraud team " +
    "must be able to replay the last 3 days after a model change.",
    "AWS",
    /MSK|Kafka/,
  ],
  [
    "Point-of-sale terminals in 900 shops emit sales into Kafka topics we host ourselves; move streaming to the cloud, " +
    "consumers must be able to replay the last 3 days.",
    "Azure",
    /Event Hubs|Kafka/,
  ],
  [
    "Point-of-sale terminals in 900 shops emit sales into Kafka topics we host ourselves; move streaming to the cloud, " +
    "consumers must be able to replay the last 3 days.",
    "GCP",
    /Kafka/,
  ],
];

Deno.test("a named Kafka stays Kafka-compatible with its replay window; Cloudflare says Queues is not Kafka", () => {
  for (const [description, competitor, kafka] of KAFKA_CASES) {
    const els = plan(description, competitor);
    const comp = text(els, "competitor");
    assert.match(comp, kafka, `${competitor}: ${description}`);
    assert.match(comp, /3-day retention/, `${competitor}: ${description}`);
    const cf = text(els, "cloudflare");
    assert.doesNotMatch(cf, /Kafka-style/, description);
    if (/Queues/.test(cf)) assert.match(cf, /not Kafka/, description);
    assert.match(cf, /replay re-reads|Kafka stays|Confluent/, description);
  }
});

Deno.test("sftpUse tells a system that sends or fetches over SFTP from one that partners deliver to", () => {
  assert.equal(sftpUse("every Friday we upload the remittance file to the insurer's SFTP"), "client");
  assert.equal(sftpUse("grab yesterday's rate sheets from 6 carriers over SFTP at 5am"), "client");
  assert.equal(
    sftpUse("Suppliers drop invoices as EDI files over SFTP; we parse them into the ERP"),
    "server",
  );
  assert.equal(sftpUse("a photo sharing app"), undefined);
});

Deno.test("SFTP keeps a place to run in the Cloudflare plan (Cloudflare has no SFTP server)", () => {
  const client = plan(
    "every Friday at 6pm, build the remittance CSV from our Postgres and upload it to the insurer's " +
      "SFTP; alert someone if it fails",
    "AWS",
  );
  assert.match(text(client, "cloudflare"), /SFTP client/);
  const server = plan(
    "Suppliers drop ~3,000 invoices a day as EDI files over SFTP; we parse them into our warehouse " +
      "for finance.",
    "Azure",
  );
  assert.match(text(server, "cloudflare"), /no Cloudflare SFTP server/);
});

Deno.test("GDPR alone is no residency requirement; a phrase about where the data stays is", () => {
  for (
    const text of [
      "Nightly GDPR deletion job: remove the accounts of people who asked to be forgotten",
      "Newsletter sign-up form for our bakery, GDPR compliant consent checkbox",
    ]
  ) {
    assert.equal(readRequirements(text).residency, undefined, text);
  }
  assert.equal(readRequirements("GDPR: customer data must stay in the EU").residency, "eu");
});
