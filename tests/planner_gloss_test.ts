/**
 * Requests in Spanish, Portuguese, German, French and Italian are read through an English gloss of their
 * architecture words and number formats; English requests are read exactly as written.
 */
import assert from "node:assert/strict";
import { glossLanguage, glossToEnglish } from "../lib/planner/gloss.ts";
import { makeContext } from "../lib/planner/context.ts";
import { readNumbers } from "../lib/planner/numbers.ts";
import { classifyWorkload } from "../lib/planner/workload_shapes.ts";
import { normalizeFigures } from "../lib/planner/figure_text.ts";
import { withoutNegated } from "../lib/planner/negation.ts";
import { nodeLines, planFor } from "./planner_fixtures.ts";
import type { NormalizedRequest } from "../lib/protocol/request_schema.ts";

function ctxOf(appDescription: string) {
  const request: NormalizedRequest = {
    appDescription,
    persona: "AIE/FDE",
    scale: "Growth",
    constraints: [],
    competitor: "AWS",
    region: "São Paulo",
  };
  return makeContext(request);
}

Deno.test("gloss: the language is told apart, and English is left alone", () => {
  assert.equal(glossLanguage("Queremos levar o nosso ERP para a nuvem sem reescrever nada"), "pt");
  assert.equal(glossLanguage("Necesitamos una tienda en línea para nuestros clientes de Chile"), "es");
  assert.equal(glossLanguage("Wir brauchen eine Plattform für unsere Kunden und die Lieferanten"), "de");
  assert.equal(
    glossLanguage("Nous avons besoin d'une plateforme pour nos clients et les fournisseurs"),
    "fr",
  );
  for (
    const english of [
      "A no-frills todo app for 100 users; no login, sin-free humour, 2 mil thick cases, 1.500 tonnes",
      "We need a chat app with real time presence for our 3,000 members in Lisbon and Madrid",
    ]
  ) {
    assert.equal(glossLanguage(english), null, english);
    assert.equal(glossToEnglish(english), english);
  }
});

Deno.test("gloss: number formats of these languages are read as the same figures", () => {
  assert.equal(
    readNumbers(glossToEnglish("Wir haben 2.000 Geräte, die alle 5 Minuten Messwerte senden")).devices,
    2000,
  );
  assert.equal(
    readNumbers(glossToEnglish("Necesitamos una app de reservas para unos 3.500 usuarios del club")).users,
    3500,
  );
  assert.equal(
    readNumbers(glossToEnglish("Uma plataforma de cursos online para 2,5 milhões de usuários no Brasil"))
      .users,
    2_500_000,
  );
  assert.equal(
    readNumbers(glossToEnglish("Une application pour nos 12 000 utilisateurs avec des paiements")).users,
    12_000,
  );
});

Deno.test("gloss: the workload of a request in another language is the one it asks for", () => {
  const cases: Array<[string, string]> = [
    [
      "Queremos levar nosso ERP em Java, que roda em servidores próprios, pra nuvem sem reescrever",
      "lift_and_shift",
    ],
    [
      "Un chat en tiempo real para los 10.000 usuarios de nuestra comunidad, con salas por tema",
      "realtime_ws",
    ],
    ["Wir haben 2.000 Geräte in unseren Lagern, die alle 5 Minuten Temperaturdaten senden", "iot"],
    ["Nous voulons des appels vidéo entre nos médecins et leurs patients, avec la salle d'attente", "webrtc"],
  ];
  for (const [text, shape] of cases) {
    const shapes = ctxOf(text).workload.shapes;
    assert.ok(shapes.includes(shape as never), `${text}: ${shapes}`);
  }
});

Deno.test("gloss: Italian is told apart and glossed, and English inside it is kept", () => {
  assert.equal(
    glossLanguage("Vogliamo spostare il gestionale della nostra azienda nel cloud senza riscriverlo"),
    "it",
  );
  assert.equal(
    glossLanguage("Abbiamo bisogno di una piattaforma per i nostri clienti e per i fornitori"),
    "it",
  );
  const english =
    "Our non-profit needs a site for 200 volunteers, per the board's plan, with Stripe donations";
  assert.equal(glossLanguage(english), null);
  assert.equal(glossToEnglish(english), english);
  const glossed = glossToEnglish("Vogliamo una dashboard su Grafana per i nostri sensori, con login via SSO");
  assert.match(glossed, /dashboard su Grafana/);
  assert.match(glossed, /sensors, con login via SSO/);
});

Deno.test("gloss: Italian figures are read as the same figures", () => {
  assert.equal(
    readNumbers(glossToEnglish("Abbiamo 3.000 dispositivi nei capannoni che inviano dati ogni 10 minuti"))
      .devices,
    3000,
  );
  assert.equal(
    readNumbers(glossToEnglish("Una piattaforma di corsi per 1,5 milioni di utenti in tutta Italia")).users,
    1_500_000,
  );
  assert.equal(
    readNumbers(glossToEnglish("Un'app per le prenotazioni della palestra, con circa 25 mila utenti")).users,
    25_000,
  );
});

Deno.test("gloss: the workload of an Italian request is the one it asks for", () => {
  const cases: Array<[string, string]> = [
    [
      "Dobbiamo portare nel cloud il nostro gestionale in Java, che gira su server propri, senza riscriverlo",
      "lift_and_shift",
    ],
    ["Abbiamo 1.500 sensori nelle nostre serre che inviano umidità e temperatura ogni 5 minuti", "iot"],
    ["Una chat in tempo reale per i 8.000 utenti del nostro forum, con stanze per argomento", "realtime_ws"],
    ["Vogliamo videochiamate tra i nostri medici e i loro pazienti, con una sala d'attesa", "webrtc"],
  ];
  for (const [text, shape] of cases) {
    const shapes = ctxOf(text).workload.shapes;
    assert.ok(shapes.includes(shape as never), `${text}: ${shapes}`);
  }
});

/** Requests for a chat that answers questions about a document, in each language the gloss reads. */
const ANSWERING_CHATS = [
  "Queremos un chat que responda a las preguntas de los vecinos sobre las normas de la comunidad",
  "Precisamos de um chat que responde às perguntas dos alunos sobre o regimento da escola",
  "Wir möchten einen Chat, der die Fragen unserer Mieter zur Hausordnung beantwortet",
  "Nous voulons un chat qui répond aux questions des adhérents sur les règles du club",
  "Ci serve una chat che risponde alle domande dei soci sulle regole del circolo",
  "We want a chat that answers tenants' questions about the building's house rules",
];

Deno.test("gloss: a chat that answers questions about rules is a model answering from documents", () => {
  for (const text of ANSWERING_CHATS) {
    const shapes = classifyWorkload(glossToEnglish(text)).shapes;
    assert.equal(shapes[0], "llm_rag", `${text}: ${shapes}`);
    assert.ok(!shapes.includes("realtime_ws"), `${text}: ${shapes}`);
    const nodes = nodeLines(planFor(text), "cloudflare");
    assert.match(nodes, /Workers AI|AI Gateway/, text);
    assert.match(nodes, /Vectorize|AI Search/, text);
    assert.doesNotMatch(nodes, /WebSocket rooms/, text);
  }
});

Deno.test("gloss: people who chat with each other beside an answering bot still share rooms", () => {
  const text =
    "A chat that answers questions about our handbook, and group chats where staff talk to each other";
  const shapes = classifyWorkload(text).shapes;
  assert.ok(shapes.includes("llm_rag") && shapes.includes("realtime_ws"), `${shapes}`);
});

Deno.test("gloss: Italian figure words and negations are read where the other languages are", () => {
  assert.equal(
    normalizeFigures("intorno a 40 mila ordini alla settimana, backup ogni notte, 200 richieste all'ora"),
    "40 thousand ordini per week, backup every night, 200 richieste per hour",
  );
  assert.equal(normalizeFigures("ogni 15 minuti"), "every 15 minuti");
  // "tranne" (except) ends what "senza" governs: the chat it excepts is still asked for.
  assert.match(withoutNegated("senza login tranne una chat per lo staff"), /chat/);
  assert.doesNotMatch(withoutNegated("niente login, solo una pagina"), /login/);
});
