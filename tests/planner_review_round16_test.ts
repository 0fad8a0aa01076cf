/**
 * Round 16 (own phrasings, not from any eval file): a managed game-server fleet on GCP is priced once (its
 * GKE nodes are the servers, as GameLift and PlayFab already were), and voice, VPN or telephony servers named
 * by their software stay on VMs rather than in a game-server fleet. Requests in Hebrew, Arabic, Persian,
 * Hindi, Thai and Chinese are read through their architecture words, with the punctuation and counter words
 * of those scripts.
 */
import assert from "node:assert/strict";
import { glossedText } from "../lib/planner/context.ts";
import { classifyWorkload } from "../lib/planner/workload_shapes.ts";
import { readNumbers } from "../lib/planner/numbers.ts";
import { readRequirements } from "../lib/planner/requirements.ts";
import { mainScript } from "../lib/planner/gloss_world.ts";
import { costItem, nodeLines, planFor } from "./planner_fixtures.ts";

/** What the planner reads from a description: its English, shapes, figures and residency. */
function read(text: string) {
  const en = glossedText(text);
  return { en, workload: classifyWorkload(en), numbers: readNumbers(en), req: readRequirements(en) };
}

Deno.test("game fleet: GKE + Agones is the UDP fleet on GCP, not priced again as Compute Engine VMs", () => {
  const text = "Arena shooter over UDP, 10 players a match, around 8,000 players online at peak in Europe; " +
    "we need matchmaking and a leaderboard.";
  const gcp = planFor(text, "GCP");
  assert.match(nodeLines(gcp, "competitor"), /Agones/);
  assert.equal(costItem(gcp, "competitor", "Compute Engine VMs"), undefined);
  // The other clouds already priced their fleet once.
  assert.equal(costItem(planFor(text, "AWS"), "competitor", /EC2/), undefined);
});

Deno.test("game fleet: voice or VPN servers named by their software stay on VMs", () => {
  const text =
    "TeamSpeak voice servers for our gaming clan network, about 300 players in voice every night, " +
    "UDP 9987, and they get DDoSed.";
  for (const cloud of ["GCP", "AWS", "Azure"] as const) {
    const lines = nodeLines(planFor(text, cloud), "competitor");
    assert.doesNotMatch(lines, /Agones|GameLift|PlayFab/, cloud);
    assert.match(lines, /Compute Engine|EC2|Virtual Machines/, cloud);
  }
});

Deno.test("world gloss: Hebrew servers moved to the cloud, and a Hebrew realtime game chat", () => {
  const move = read("אנחנו רוצים להעביר 25 מכונות וירטואליות מחדר השרתים לענן בלי לשכתב את המערכת.");
  assert.equal(move.workload.primary, "lift_and_shift");
  assert.match(move.en, /25 virtual machines/);
  const chat = read("צ'אט בזמן אמת למשחק מובייל, בערך 15 אלף שחקנים בו זמנית.");
  assert.ok(chat.workload.shapes.includes("realtime_ws"));
  assert.match(chat.en, /15 thousand/);
});

Deno.test("world gloss: Arabic punctuation ends a word, and a counted noun after a figure is singular", () => {
  // "يومياً،": the Arabic comma right after the word no longer hides "per day".
  const r = read("لدينا حوالي 3,000 طلب يومياً، ونريد تطبيقاً للدفع بالبطاقة.");
  assert.match(r.en, /per day/);
  const live = read("منصة بث مباشر لمباريات كرة القدم مع حوالي 80 ألف مشاهد في وقت الذروة");
  assert.match(live.en, /80 thousand viewers/);
  assert.ok(live.workload.shapes.includes("media"));
});

Deno.test("world gloss: Persian with the verb at the end of the clause; Hindi with its full stop", () => {
  const fa = read("می‌خواهیم مدل تشخیص تصویر را هر هفته روی عکس‌های جدید آموزش دهیم.");
  assert.ok(fa.workload.shapes.includes("ml_training"));
  // The danda (।) ends a sentence like a full stop: the word before it is still read.
  const hi = read("हमें एक चैटबॉट चाहिए जो आंतरिक दस्तावेज़ों से सवालों के जवाब दे। हमारे 800 कर्मचारी हैं।");
  assert.equal(hi.workload.primary, "llm_rag");
  assert.equal(hi.numbers.staff, 800);
});

Deno.test("world gloss: Thai and Chinese counter words after a figure", () => {
  const th = read("ร้านค้าออนไลน์ มีลูกค้าประมาณ 3 หมื่นคนต่อเดือน และรับชำระเงินด้วยบัตร");
  assert.match(th.en, /30 thousand people per month/);
  const zh = read("我们需要一个实时多人白板，大约2万个并发用户。");
  assert.match(zh.en, /about 20000 concurrent users/);
  assert.ok(zh.workload.shapes.includes("realtime_ws"));
});

Deno.test("world gloss: Japanese kanji are not read with the Chinese table", () => {
  const ja = "毎晩のバッチ処理でレポートを作成します。データベースは既存のものを使います。";
  assert.equal(mainScript(ja), "latin");
  assert.equal(mainScript("每天晚上用批处理生成报表，数据库用现有的。"), "han");
});
