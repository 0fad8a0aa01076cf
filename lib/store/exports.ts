/**
 * Exports of a stored generation: JSON (the record and its full event sequence), Markdown (a readable report
 * with both architectures, costs and value propositions, plus the Mermaid diagrams) and Mermaid (a
 * `flowchart LR` with one subgraph per platform).
 *
 * Everything that came from a person or a model (description, node names, labels, cost lines) is escaped
 * for the target format, so markup, `<script>` or Mermaid syntax in it is shown as text: JSON escapes `<`, `>`
 * and `&` as `\u003c`-style sequences; Markdown escapes HTML as entities and only the characters Markdown
 * (CommonMark + GitHub tables) reads as syntax with a backslash, so "real-time" and "$1,021.88" stay as
 * written; Mermaid labels are always quoted and every character outside a small safe set is written as a
 * Mermaid entity code (`#60;`), ids are generated (never taken from the content). The Mermaid flowchart runs
 * top to bottom like the page's diagrams, links the request to each platform's users, and styles each
 * platform in its colours.
 */
import type { CostData, EdgeData, NodeData, Platform, ValuePropData } from "../protocol/events.ts";
import { eventsOf, type StoredGeneration } from "./generation_store.ts";

/** Export formats of `GET /api/generations/:id?format=…`. */
export const EXPORT_FORMATS = ["json", "md", "mermaid"] as const;
/** One export format. */
export type ExportFormat = typeof EXPORT_FORMATS[number];

/** Content type and file extension per format. */
export const EXPORT_TYPES: Record<ExportFormat, { contentType: string; extension: string }> = {
  json: { contentType: "application/json; charset=utf-8", extension: "json" },
  md: { contentType: "text/markdown; charset=utf-8", extension: "md" },
  mermaid: { contentType: "text/vnd.mermaid; charset=utf-8", extension: "mmd" },
};

/** The plan of one platform, gathered from the elements. */
export interface PlatformPlan {
  nodes: NodeData[];
  edges: EdgeData[];
  cost: CostData | null;
}

/** The two plans and the value propositions of a stored generation. */
export interface GenerationPlans {
  cloudflare: PlatformPlan;
  competitor: PlatformPlan;
  valueProps: ValuePropData[];
}

/** Groups a generation's elements by platform. */
export function plansOf(stored: StoredGeneration): GenerationPlans {
  const empty = (): PlatformPlan => ({ nodes: [], edges: [], cost: null });
  const plans: GenerationPlans = { cloudflare: empty(), competitor: empty(), valueProps: [] };
  for (const el of stored.elements) {
    if (el.type === "node") plans[el.platform].nodes.push(el.data);
    else if (el.type === "edge") plans[el.platform].edges.push(el.data);
    else if (el.type === "cost") plans[el.platform].cost = el.data;
    else if (el.type === "priority_value_prop") plans.valueProps.push(el.data);
  }
  return plans;
}

/** Display name of a platform for a request's competitor. */
export function platformName(platform: Platform, competitor: string): string {
  return platform === "cloudflare" ? "Cloudflare" : competitor;
}

/** The JSON document of a generation (also the body of `GET /api/generations/:id`). */
export function generationDocument(stored: StoredGeneration) {
  const { record } = stored;
  return {
    id: record.id,
    createdAt: new Date(record.createdAt).toISOString(),
    request: record.request,
    requestHash: record.requestHash,
    provider: record.provider,
    model: record.model,
    engineVersion: record.engineVersion,
    usage: record.usage,
    costUsd: record.costUsd,
    counts: record.complete.counts,
    events: eventsOf(stored),
  };
}

/** JSON export: pretty-printed, with `<`, `>`, `&` and line separators escaped so no sniffer sees markup. */
export function toJson(stored: StoredGeneration): string {
  return escapeJsonText(JSON.stringify(generationDocument(stored), null, 2)) + "\n";
}

/** Escapes characters in JSON text that matter to HTML sniffers; the JSON value is unchanged. */
export function escapeJsonText(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

// ---------------------------------------------------------------------------------------------- Markdown

/**
 * Escapes text for Markdown, on one line: `&`, `<`, `>` as entities; a backslash before the characters that
 * are syntax anywhere (`\\`, `` ` ``, `*`, `_`, `[`, `]`, `|`, `~`) and before those that are syntax at the
 * start of a line (`#`, `+`, `-`, `=`, and the `.` / `)` of "1." lists). Everything else stays as written.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_\[\]|~]/g, (ch) => `\\${ch}`)
    .replace(/^(\s*)([#+=-])/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/, "$1\\$2");
}

function usd(n: number): string {
  return `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function markdownPlatform(title: string, plan: PlatformPlan): string[] {
  const names = new Map(plan.nodes.map((n) => [n.id, n.name]));
  const lines = [`## ${escapeMarkdown(title)}`, "", "### Services", ""];
  for (const n of plan.nodes) {
    lines.push(
      `- **${escapeMarkdown(n.name)}** (${n.type})${n.subtitle ? ` — ${escapeMarkdown(n.subtitle)}` : ""}`,
    );
  }
  lines.push("", "### Connections", "");
  if (!plan.edges.length) lines.push("- none");
  for (const e of plan.edges) {
    const from = escapeMarkdown(names.get(e.from) ?? e.from);
    const to = escapeMarkdown(names.get(e.to) ?? e.to);
    lines.push(`- ${from} → ${to}: ${escapeMarkdown(e.label)}`);
  }
  if (plan.cost) {
    lines.push("", `### Monthly cost: ${escapeMarkdown(usd(plan.cost.monthlyUsd))}`, "");
    lines.push("| Service | Monthly | Basis |", "| --- | ---: | --- |");
    for (const item of plan.cost.items) {
      lines.push(
        `| ${escapeMarkdown(item.service)} | ${escapeMarkdown(usd(item.monthlyUsd))} | ${
          escapeMarkdown(item.basis)
        } |`,
      );
    }
    lines.push("", `Assumptions: ${escapeMarkdown(plan.cost.assumptions)}`);
  }
  lines.push("");
  return lines;
}

/** Markdown export: request, both architectures with costs, value propositions and the Mermaid diagrams. */
export function toMarkdown(stored: StoredGeneration): string {
  const { record } = stored;
  const r = record.request;
  const plans = plansOf(stored);
  const lines = [
    "# VibeToProd architecture",
    "",
    `> ${escapeMarkdown(r.appDescription)}`,
    "",
    "| Field | Value |",
    "| --- | --- |",
    `| Persona | ${escapeMarkdown(r.persona)} |`,
    `| Scale | ${escapeMarkdown(r.scale)} |`,
    `| Constraints | ${escapeMarkdown(r.constraints.join(", ") || "none")} |`,
    `| Compared with | ${escapeMarkdown(r.competitor)} |`,
    `| Region | ${escapeMarkdown(r.region)} |`,
    `| Generated | ${escapeMarkdown(new Date(record.createdAt).toISOString())} |`,
    `| Engine | ${escapeMarkdown(`${record.provider} / ${record.model}`)} |`,
    `| Id | ${escapeMarkdown(record.id)} |`,
    "",
    ...markdownPlatform(platformName("cloudflare", r.competitor), plans.cloudflare),
    ...markdownPlatform(platformName("competitor", r.competitor), plans.competitor),
  ];
  if (plans.valueProps.length) {
    lines.push("## Why Cloudflare", "");
    for (const p of plans.valueProps) {
      lines.push(
        `- ${escapeMarkdown(p.emoji)} **${escapeMarkdown(p.title)}** (${escapeMarkdown(p.constraint)}): ${
          escapeMarkdown(p.description)
        }`,
      );
    }
    lines.push("");
  }
  lines.push("## Diagrams", "", "```mermaid", toMermaid(stored).trimEnd(), "```", "");
  return lines.join("\n");
}

// ----------------------------------------------------------------------------------------------- Mermaid

/**
 * Escapes text for a quoted Mermaid label: letters, digits, spaces and a few harmless punctuation marks stay;
 * everything else (quotes, brackets, `#`, `%`, `;`, `<`, `>`, `&`, backticks, non-ASCII) becomes `#<code>;`.
 */
export function escapeMermaid(text: string): string {
  let out = "";
  for (const ch of text.replace(/\s+/g, " ").trim()) {
    out += /^[A-Za-z0-9 ,.:\/+_'?!-]$/.test(ch) ? ch : `#${ch.codePointAt(0)};`;
  }
  return out;
}

/** Fill and stroke per platform for the Mermaid classes (the page's colours). */
const MERMAID_STYLE: Record<string, { fill: string; stroke: string }> = {
  Cloudflare: { fill: "#fff4eb", stroke: "#f38020" },
  AWS: { fill: "#f2f4f7", stroke: "#232f3e" },
  GCP: { fill: "#eef4fe", stroke: "#1a73e8" },
  Azure: { fill: "#eef6fd", stroke: "#0078d4" },
  Vercel: { fill: "#f4f4f4", stroke: "#111111" },
};

/**
 * Mermaid export: `flowchart TB`, the request on top linked to each platform's users node, a subgraph per
 * platform styled in its colours, generated ids, every label quoted and escaped.
 */
export function toMermaid(stored: StoredGeneration): string {
  const r = stored.record.request;
  const plans = plansOf(stored);
  const lines = [
    "flowchart TB",
    `  request["${escapeMermaid(`Request: ${r.appDescription}`)}"]`,
  ];
  const tail: string[] = [
    "  classDef request fill:#ffffff,stroke:#5b6470,stroke-dasharray:4 3",
    "  class request request",
  ];
  for (const platform of ["cloudflare", "competitor"] as const) {
    const plan = plans[platform];
    const prefix = platform === "cloudflare" ? "cf" : "co";
    const ids = new Map<string, string>();
    plan.nodes.forEach((n, i) => ids.set(n.id, `${prefix}${i}`));
    lines.push(`  subgraph ${prefix}["${escapeMermaid(platformName(platform, r.competitor))}"]`);
    lines.push("    direction TB");
    for (const n of plan.nodes) {
      const label = n.subtitle ? `${n.name}: ${n.subtitle}` : n.name;
      lines.push(`    ${ids.get(n.id)}["${escapeMermaid(label)}"]`);
    }
    for (const e of plan.edges) {
      const from = ids.get(e.from);
      const to = ids.get(e.to);
      if (!from || !to) continue;
      const arrow = e.style === "dashed" ? "-.->" : "-->";
      lines.push(`    ${from} ${arrow}|"${escapeMermaid(e.label)}"| ${to}`);
    }
    lines.push("  end");
    // The request reaches each architecture through its users (or its first node when it has none).
    const entry = plan.nodes.find((n) => n.type === "users") ?? plan.nodes[0];
    if (entry) lines.push(`  request --> ${ids.get(entry.id)}`);
    const style = MERMAID_STYLE[platform === "cloudflare" ? "Cloudflare" : r.competitor] ?? MERMAID_STYLE.AWS;
    tail.push(`  classDef ${prefix}Node fill:${style.fill},stroke:${style.stroke},color:#1b1f24`);
    if (plan.nodes.length) tail.push(`  class ${[...ids.values()].join(",")} ${prefix}Node`);
    tail.push(`  style ${prefix} fill:#ffffff,stroke:${style.stroke},stroke-width:2px`);
  }
  return [...lines, ...tail].join("\n") + "\n";
}

/** Renders an export in `format`. */
export function renderExport(stored: StoredGeneration, format: ExportFormat): string {
  switch (format) {
    case "json":
      return toJson(stored);
    case "md":
      return toMarkdown(stored);
    case "mermaid":
      return toMermaid(stored);
  }
}
