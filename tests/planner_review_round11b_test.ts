/**
 * Round 11, second part (own phrasings, not from any eval file): Japanese and Korean requests are read,
 * media the text never names is not hosted, data feeds and syslog are streams, a clip of an audio upload is
 * audio, records retained for years are archived, and audio renditions run in containers.
 */
import assert from "node:assert/strict";
import { glossCjk } from "../lib/planner/gloss_cjk.ts";
import { classifyWorkload } from "../lib/planner/workload_shapes.ts";
import { readNumbers } from "../lib/planner/numbers.ts";
import { nodeLines, planFor } from "./planner_fixtures.ts";

Deno.test("cjk: Japanese and Korean architecture words and counts are read", () => {
  assert.match(glossCjk("リアルタイムで位置を共有するアプリ"), /real-time/);
  assert.equal(readNumbers(glossCjk("会員は約3万人です")).users, 30_000);
  assert.equal(readNumbers(glossCjk("월간 활성 사용자 약 5만 명")).users, 50_000);
  const quiz = planFor("クイズ大会アプリ。1部屋30人まで、回答はリアルタイムで集計したい。", "GCP");
  assert.match(nodeLines(quiz, "cloudflare"), /^Durable Objects/m);
  const shop = planFor("꽃집 온라인 예약 앱, 사진 업로드와 결제 기능", "AWS");
  assert.match(nodeLines(shop, "cloudflare"), /^R2/m);
});

Deno.test("media: a text that names no media hosts none, whatever the model guesses", () => {
  const w = classifyWorkload(
    "Live horse racing odds from 12 tote feeds, ~20k updates/s, normalised for our traders",
  );
  assert.ok(!w.shapes.includes("media"), w.shapes.join(","));
  assert.equal(w.primary, "stream_ingestion");
  // Media named without the word video still counts.
  assert.ok(
    classifyWorkload("broadcast our amateur rugby matches to fans with replays and highlights").shapes
      .includes(
        "media",
      ),
  );
});

Deno.test("streams: syslog from network gear is a log stream with retention, not a vector index", () => {
  const els = planFor(
    "collect syslog from 120 routers and firewalls over UDP 514, searchable for 14 days",
    "Azure",
  );
  assert.doesNotMatch(nodeLines(els, "cloudflare"), /^Vectorize/m);
  assert.match(nodeLines(els, "cloudflare"), /^Pipelines|^R2/m);
});

Deno.test("audio: a preview clip of a WAV upload is audio; its renditions run in containers", () => {
  const els = planFor(
    "Producers upload WAV stems; we render 320k MP3s and a 30-second preview clip of each track",
  );
  assert.doesNotMatch(nodeLines(els, "cloudflare"), /^Stream/m);
  assert.match(nodeLines(els, "cloudflare"), /^Containers/m);
});

Deno.test("archive: records retained for years are kept in object storage", () => {
  const els = planFor("support chat for a pension fund, transcripts retained for 10 years");
  assert.match(nodeLines(els, "cloudflare"), /R2/);
});

Deno.test("estates: many Windows servers are rehosted as VMs; a move without downtime gets a migration service", () => {
  const els = planFor(
    "Rehost 90 Windows servers (IIS, .NET Framework apps, SQL Server) from our data centre",
    "Azure",
  );
  assert.match(nodeLines(els, "competitor"), /^Virtual Machines/m);
  assert.doesNotMatch(nodeLines(els, "competitor"), /^App Service/m);
  const shop = planFor(
    "our Rails + Postgres shop on one Hetzner box; move it to AWS, migration without downtime",
    "AWS",
  );
  assert.match(nodeLines(shop, "competitor"), /Database Migration Service/);
});

Deno.test("brokers: a Celery or Sidekiq Redis stays a Redis broker on Cloudflare, not Workers KV", () => {
  const els = planFor(
    "Rails app with Sidekiq on Redis and Postgres, two VPS at DigitalOcean; move it, no rewrite",
    "GCP",
  );
  assert.match(nodeLines(els, "cloudflare"), /Redis task broker/);
  const cache = planFor("Node API with Redis as a cache in front of Postgres", "GCP");
  assert.doesNotMatch(nodeLines(cache, "cloudflare"), /task broker/);
});

Deno.test("udp: one hobby server gets no load balancing between pools and no lobby service", () => {
  const els = planFor(
    "a Valheim dedicated server for me and 9 friends, keep it online and safe from DDoS",
    "Azure",
  );
  const cf = nodeLines(els, "cloudflare");
  assert.match(cf, /^Spectrum/m);
  assert.doesNotMatch(cf, /^Load Balancing|^Durable Objects/m);
  const fleet = planFor("UDP game servers in 3 regions with matchmaking, 20k CCU", "Azure");
  assert.match(nodeLines(fleet, "cloudflare"), /^Load Balancing/m);
});

Deno.test("calls: chargers' remote sessions are no video call; hearings with participants are", () => {
  const chargers = classifyWorkload(
    "6k EV chargers speak OCPP over WebSocket; remote start/stop of charging sessions",
  );
  assert.ok(!chargers.shapes.includes("webrtc"), chargers.shapes.join(","));
  const hearings = classifyWorkload(
    "Virtual court hearings for a tribunal: 8-15 participants per hearing, 400 hearings a day, recordings kept",
  );
  assert.ok(hearings.shapes.includes("webrtc"), hearings.shapes.join(","));
});
