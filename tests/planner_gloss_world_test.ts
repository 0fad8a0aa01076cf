/**
 * The world gloss (lib/planner/gloss_world.ts): requests in languages beyond the seven European ones and
 * Japanese/Korean are read through their architecture words in English. Own phrasings, not from any eval
 * file.
 */
import assert from "node:assert/strict";
import { glossedText } from "../lib/planner/context.ts";
import { classifyWorkload } from "../lib/planner/workload_shapes.ts";
import { readNumbers } from "../lib/planner/numbers.ts";
import { readRequirements } from "../lib/planner/requirements.ts";
import { asciiDigits, mainScript, worldTablesFor } from "../lib/planner/gloss_world.ts";

/** What the planner reads from a description: its shapes, figures and residency. */
function read(text: string) {
  const en = glossedText(text);
  return { en, workload: classifyWorkload(en), numbers: readNumbers(en), req: readRequirements(en) };
}

Deno.test("world gloss: a Russian video-call service whose data stays in the country", () => {
  const r = read(
    "Нам нужен сервис видеозвонков для психологов и клиентов, около 3 000 сеансов в неделю, данные должны " +
      "оставаться в России.",
  );
  assert.equal(r.workload.primary, "webrtc");
  assert.equal(r.req.residency, "local");
});

Deno.test("world gloss: Ukrainian and Bulgarian shops are read with their order counts", () => {
  const uk = read(
    "Ми хочемо перенести наш інтернет-магазин: близько 50 тисяч замовлень на місяць, оплата карткою, дані " +
      "повинні залишатися в ЄС.",
  );
  assert.match(uk.en, /50 thousand orders per month/);
  assert.equal(uk.req.residency, "eu");
  const bg = read("Ние искаме онлайн магазин за около 20 хиляди поръчки на месец и плащания с карта.");
  assert.match(bg.en, /20 thousand orders per month/);
  assert.equal(bg.workload.primary, "web_app");
});

Deno.test("world gloss: Vietnamese and Indonesian lift-and-shift of VMs without rewriting", () => {
  const vi = read(
    "Chúng tôi cần chuyển 12 máy ảo Windows Server từ phòng máy chủ lên cloud mà không phải viết lại ứng dụng.",
  );
  assert.equal(vi.workload.primary, "lift_and_shift");
  assert.ok(vi.workload.technologies.has("vm_estate"));
  const id = read(
    "Kami ingin memindahkan 30 server virtual dari ruang server kami ke cloud tanpa menulis ulang aplikasi.",
  );
  assert.equal(id.workload.primary, "lift_and_shift");
});

Deno.test("world gloss: Romanian residency and Tagalog device cadence", () => {
  const ro = read(
    "Vrem o aplicație pentru clinici, aproximativ 2.000 de programări pe zi, datele trebuie să rămână în UE.",
  );
  assert.equal(ro.req.residency, "eu");
  const tl = read(
    "Kailangan namin ng sistema para sa 500 na sensor na nagpapadala ng datos bawat 10 segundo.",
  );
  assert.equal(tl.numbers.devices, 500);
  assert.equal(tl.numbers.deviceMessagesEach, 2_592_000 / 10);
});

Deno.test("world gloss: scripts, stopwords and digits tell the language; English is left alone", () => {
  assert.equal(mainScript("Θέλουμε ένα chatbot για την εταιρεία μας"), "greek");
  assert.equal(mainScript("A chatbot for our company"), "latin");
  assert.deepEqual(worldTablesFor("A chatbot for our company, with a dashboard and data in the EU", 2), []);
  assert.equal(
    worldTablesFor("Kami ingin membangun aplikasi untuk toko kami dan pelanggan", 2)[0]?.code,
    "id",
  );
  assert.equal(asciiDigits("٣٠٠ مستخدم و ۵۰۰ کاربر و ५०० users"), "300 مستخدم و 500 کاربر و 500 users");
  const english = "We need a booking app for 40 clinics, about 20,000 bookings a month.";
  assert.equal(glossedText(english).includes("40 clinics"), true);
});

Deno.test("world gloss: a Turkish monthly batch, a Czech sensor fleet and a Swedish VM move", () => {
  const tr = read(
    "Her ay sonunda 8 milyon faturayı işleyip PDF olarak müşterilere e-posta ile gönderen bir toplu iş lazım, " +
      "veriler Türkiye'de kalmalı.",
  );
  assert.equal(tr.workload.primary, "batch_job");
  assert.equal(tr.req.residency, "local");
  const cs = read(
    "Potřebujeme přijímat data z 50 000 senzorů každých 30 sekund a zobrazovat je na dashboardu.",
  );
  assert.equal(cs.workload.primary, "iot");
  assert.equal(cs.numbers.devices, 50_000);
  assert.equal(cs.numbers.deviceMessagesEach, 2_592_000 / 30);
  const sv = read(
    "Vi vill flytta våra 25 virtuella maskiner från vårt serverrum till molnet utan att skriva om appen.",
  );
  assert.equal(sv.workload.primary, "lift_and_shift");
});
