/**
 * Requests in Spanish, Portuguese, German and French are read through an English gloss of their
 * architecture words and number formats; English requests are read exactly as written.
 */
import assert from "node:assert/strict";
import { glossLanguage, glossToEnglish } from "../lib/planner/gloss.ts";
import { makeContext } from "../lib/planner/context.ts";
import { readNumbers } from "../lib/planner/numbers.ts";
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
