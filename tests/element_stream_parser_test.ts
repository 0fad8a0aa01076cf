import assert from "node:assert/strict";
import {
  ElementStreamError,
  ElementStreamParser,
  type ParsedItem,
} from "../lib/providers/element_stream_parser.ts";

const node = (id: string, extra: Record<string, unknown> = {}) => ({
  type: "node",
  platform: "cloudflare",
  data: { id, type: "compute", name: `Node ${id}`, subtitle: null, color: "#f38020", ...extra },
});
const cost = {
  type: "cost",
  platform: "competitor",
  data: {
    monthlyUsd: 12.5,
    items: [{ service: "Lambda", monthlyUsd: 12.5, basis: "1M requests × $0.20/M + [GB-s]" }],
    assumptions: "1M requests/month; {braces} and [brackets] in text",
  },
};
const tricky = node("tricky", {
  name: 'He said "hi" \\ {not a brace} [nor a bracket] \\"',
  subtitle: "caf\u00e9 😀 line\nbreak\ttab \u2028",
});
const ELEMENTS = [node("users"), tricky, cost, node("workers")];
const DOC = JSON.stringify({ elements: ELEMENTS }, null, 2);

function feed(parser: ElementStreamParser, deltas: string[]): ParsedItem[] {
  const out: ParsedItem[] = [];
  for (const d of deltas) out.push(...parser.push(d));
  out.push(...parser.end());
  return out;
}

function values(items: ParsedItem[]): unknown[] {
  return items.map((i) => {
    assert.ok(i.ok, `unexpected malformed item: ${!i.ok && i.error}`);
    return i.value;
  });
}

/** Deterministic pseudo-random generator (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomSplit(text: string, rand: () => number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const n = 1 + Math.floor(rand() * 12);
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

Deno.test("parser: whole document in one delta", () => {
  assert.deepEqual(values(feed(new ElementStreamParser(), [DOC])), ELEMENTS);
});

Deno.test("parser: one character at a time, each element emitted exactly at its closing brace", () => {
  const parser = new ElementStreamParser();
  const emittedAt: number[] = [];
  const items: ParsedItem[] = [];
  const chars = [...DOC];
  let pos = 0;
  for (const ch of chars) {
    const got = parser.push(ch);
    pos += ch.length;
    for (const item of got) {
      emittedAt.push(pos);
      items.push(item);
    }
  }
  items.push(...parser.end());
  assert.deepEqual(values(items), ELEMENTS);
  // Each element's text ends exactly where it was emitted.
  for (let i = 0; i < ELEMENTS.length; i++) {
    const before = DOC.slice(0, emittedAt[i]);
    assert.equal(before.at(-1), "}");
    // Emission happened before the rest of the document was fed.
    assert.ok(emittedAt[i] < DOC.length);
  }
  assert.ok(parser.done);
});

Deno.test("parser: random splits of the same document always give the same elements", () => {
  const rand = rng(42);
  for (let round = 0; round < 300; round++) {
    const deltas = randomSplit(DOC, rand);
    assert.deepEqual(values(feed(new ElementStreamParser(), deltas)), ELEMENTS, `round ${round}`);
  }
});

Deno.test("parser: escapes split across deltas (backslash, quote, unicode escape, surrogate pair)", () => {
  const deltas = [
    '{"elements":[{"name":"a\\',
    '"b\\',
    "\\",
    '","u":"\\u00',
    "e9\\ud83d",
    '\\ude00","b":"}]{["}',
    "]}",
  ];
  const items = values(feed(new ElementStreamParser(), deltas));
  assert.deepEqual(items, [{ name: 'a"b\\', u: "é😀", b: "}]{[" }]);
});

Deno.test("parser: markdown code fence, prose around it and trailing text", () => {
  const text = "Here is the plan:\n```json\n" + DOC + "\n```\nLet me know if you need more.";
  assert.deepEqual(values(feed(new ElementStreamParser(), randomSplit(text, rng(7)))), ELEMENTS);
});

Deno.test("parser: a brace in leading prose does not hide the real object", () => {
  const text = 'I will use {"format": "json"} as asked.\n' + DOC;
  assert.deepEqual(values(feed(new ElementStreamParser(), [text])), ELEMENTS);
});

Deno.test("parser: bare top-level array, with or without a fence", () => {
  const arr = JSON.stringify(ELEMENTS);
  assert.deepEqual(values(feed(new ElementStreamParser(), [arr])), ELEMENTS);
  assert.deepEqual(values(feed(new ElementStreamParser(), ["```json\n", arr, "\n```"])), ELEMENTS);
  // A `[` inside prose is not taken for the array.
  assert.throws(() => feed(new ElementStreamParser(), ["See [1] for details."]), ElementStreamError);
});

Deno.test("parser: other top-level keys and nested 'elements' keys are skipped", () => {
  const text = JSON.stringify({
    version: 1,
    meta: { elements: [{ decoy: true }], list: [1, [2, { x: "]" }]] },
    note: "elements",
    elements: [node("a"), node("b")],
    trailer: { elements: [{ decoy: 2 }] },
  });
  assert.deepEqual(values(feed(new ElementStreamParser(), randomSplit(text, rng(3)))), [
    node("a"),
    node("b"),
  ]);
});

Deno.test("parser: key split across deltas and key written with an escape", () => {
  const split = ['{"ele', 'ments"', " : ", "[", JSON.stringify(node("a")), "]}"];
  assert.deepEqual(values(feed(new ElementStreamParser(), split)), [node("a")]);
  const escaped = '{"el\\u0065ments":[' + JSON.stringify(node("b")) + "]}";
  assert.deepEqual(values(feed(new ElementStreamParser(), [escaped])), [node("b")]);
});

Deno.test("parser: whitespace and newlines everywhere", () => {
  const text = '\n\n  {  \n "elements"\n :\n [\n\n ' + JSON.stringify(node("a")) + " \n , \n\t" +
    JSON.stringify(node("b")) + "\n ] \n } \n";
  assert.deepEqual(values(feed(new ElementStreamParser(), [text])), [node("a"), node("b")]);
});

Deno.test("parser: empty elements array is a valid, empty result", () => {
  assert.deepEqual(feed(new ElementStreamParser(), ['{"elements":[]}']), []);
});

Deno.test("parser: a malformed element is reported alone and the next ones still parse", () => {
  const text = '{"elements":[' + JSON.stringify(node("a")) +
    ',{"type":"node","platform":"cloudflare",},' + // trailing comma
    '{type:"node"},' + // unquoted key
    '{"name":"raw\nnewline"},' + // raw newline in a string
    JSON.stringify(node("b")) + "]}";
  const items = feed(new ElementStreamParser(), randomSplit(text, rng(11)));
  assert.equal(items.length, 5);
  assert.deepEqual(items.map((i) => i.ok), [true, false, false, false, true]);
  assert.deepEqual((items[4] as { value: unknown }).value, node("b"));
  const bad = items[1] as { ok: false; error: string; raw: string };
  assert.match(bad.raw, /^\{"type":"node"/);
  assert.ok(bad.error.length > 0);
});

Deno.test("parser: primitive items are emitted (valid JSON) or reported (garbage) without losing the rest", () => {
  const text = '{"elements":[42, "str,ing]", oops, null,' + JSON.stringify(node("a")) + ", true]}";
  const items = feed(new ElementStreamParser(), [text]);
  assert.deepEqual(items.map((i) => i.ok ? i.value : "BAD"), [42, "str,ing]", "BAD", null, node("a"), true]);
});

Deno.test("parser: mismatched brackets are fatal and stay fatal", () => {
  const parser = new ElementStreamParser();
  assert.deepEqual(values(parser.push('{"elements":[' + JSON.stringify(node("a")) + ",")), [node("a")]);
  assert.throws(() => parser.push('{"type":"node"]'), ElementStreamError);
  assert.throws(() => parser.push("}"), ElementStreamError);
  assert.throws(() => parser.end(), ElementStreamError);
});

Deno.test("parser: 'elements' that is not an array is fatal", () => {
  assert.throws(() => feed(new ElementStreamParser(), ['{"elements":{"a":1}}']), /not an array/);
  assert.throws(() => feed(new ElementStreamParser(), ['{"elements": null}']), /not an array/);
});

Deno.test("parser: output that ends early or has no elements array fails at end()", () => {
  const truncated = new ElementStreamParser();
  const got = truncated.push('{"elements":[' + JSON.stringify(node("a")) + ',{"type":"no');
  assert.equal(got.length, 1);
  assert.throws(() => truncated.end(), /ended before/);
  assert.throws(() => feed(new ElementStreamParser(), ['{"nodes":[1,2]}']), /no "elements" array/);
  assert.throws(() => feed(new ElementStreamParser(), ["I cannot help with that."]), /no "elements" array/);
  assert.throws(() => feed(new ElementStreamParser(), [""]), ElementStreamError);
});

Deno.test("parser: an oversized element is fatal", () => {
  const parser = new ElementStreamParser({ maxItemChars: 100 });
  assert.throws(() => parser.push('{"elements":[{"name":"' + "x".repeat(200) + '"}]}'), /longer than 100/);
});

Deno.test("parser: text after the closing brace is ignored, itemCount counts every item", () => {
  const parser = new ElementStreamParser();
  const items = feed(parser, [DOC, ' {"elements":[{"late":true}]}']);
  assert.deepEqual(values(items), ELEMENTS);
  assert.equal(parser.itemCount, ELEMENTS.length);
});
