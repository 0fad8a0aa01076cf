/**
 * Module boundaries: which folder may import which, written once in {@link ALLOWED} and checked over every
 * import in lib/, routes/, components/ and islands/. Each lib/ folder's mod.ts states the same list in its
 * header ("May import: …"), and a test keeps the two equal. {@link FORBIDDEN_PACKAGES} keeps HTTP and UI
 * packages out of lib/.
 */
import assert from "node:assert/strict";

/** The folders the rule is about: each lib/ concern, and the three app folders. */
type Area =
  | "lib/platform"
  | "lib/protocol"
  | "lib/planner"
  | "lib/providers"
  | "lib/store"
  | "lib/semantic"
  | "lib/guards"
  | "lib/access"
  | "lib/generation"
  | "lib/app_services.ts"
  | "components"
  | "islands"
  | "routes";

const LIB_AREAS = [
  "lib/platform",
  "lib/protocol",
  "lib/planner",
  "lib/providers",
  "lib/store",
  "lib/semantic",
  "lib/guards",
  "lib/access",
  "lib/generation",
] as const satisfies readonly Area[];

/**
 * The allowed-dependency table: what each area may import besides itself and npm packages. lib/ never
 * imports the app folders (no HTTP, no UI in lib/); the islands and components share the protocol types and
 * nothing else of lib/.
 */
export const ALLOWED: Record<Area, readonly Area[]> = {
  "lib/platform": [],
  "lib/protocol": ["lib/platform"],
  "lib/planner": ["lib/platform", "lib/protocol"],
  "lib/providers": ["lib/platform", "lib/protocol", "lib/planner"],
  "lib/store": ["lib/platform", "lib/protocol", "lib/providers"],
  "lib/semantic": ["lib/platform", "lib/protocol", "lib/store"],
  "lib/guards": ["lib/platform", "lib/protocol"],
  "lib/access": ["lib/platform", "lib/protocol", "lib/store", "lib/semantic", "lib/guards"],
  "lib/generation": [
    "lib/platform",
    "lib/protocol",
    "lib/providers",
    "lib/store",
    "lib/semantic",
    "lib/guards",
    "lib/access",
    "lib/planner",
  ],
  // The composition root builds every service once; only routes/ (app.ts) uses it.
  "lib/app_services.ts": LIB_AREAS,
  "components": ["lib/protocol", "islands"],
  "islands": ["lib/protocol", "components"],
  "routes": [...LIB_AREAS, "lib/app_services.ts", "components", "islands"],
};

/** npm packages an area may not use: lib/ knows neither HTTP nor the UI; the browser code knows no HTTP framework. */
export const FORBIDDEN_PACKAGES: Partial<Record<Area, readonly string[]>> = {
  ...Object.fromEntries(
    LIB_AREAS.map((a) => [a, ["hono", "@hono/", "preact", "preact-render-to-string", "@preact/"]]),
  ),
  "components": ["hono", "@hono/"],
  "islands": ["hono", "@hono/"],
};

/** True when `specifier` names `pkg` (or, for a scope ending in `/`, a package of that scope). */
function namesPackage(specifier: string, pkg: string): boolean {
  if (pkg.endsWith("/")) return specifier.startsWith(pkg);
  return specifier === pkg || specifier.startsWith(pkg + "/");
}

/**
 * Imports that break the table today, each with what removes it. Every entry must still occur (a stale
 * entry fails the test), so the list only shrinks.
 */
export const KNOWN_EXCEPTIONS: readonly { from: string; to: string; todo: string }[] = [];

/** One import of one module. */
export interface ImportEdge {
  from: string;
  to: string;
  specifier: string;
}

/** One import that crosses a forbidden boundary. */
export interface Violation extends ImportEdge {
  fromArea: Area;
  toArea: Area | "other";
}

// Static imports and re-exports (`import x from`, `import type { … } from`, `export * from`, side-effect
// `import "…"`), and dynamic `import("…")`. Statements start a line (the code is deno-fmt formatted), so
// examples inside comments (which start with ` *` or `//`) are not taken for imports.
const STATIC_IMPORT =
  /^[ \t]*(?:import|export)\s+(?:type\s+)?(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?)?\s*(?:from\s+)?["']([^"']+)["']/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** The specifiers a module's source imports, in order. */
export function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " "))
    .replace(/^[ \t]*\/\/.*$/gm, "");
  const found: { at: number; spec: string }[] = [];
  for (const m of code.matchAll(STATIC_IMPORT)) found.push({ at: m.index, spec: m[1] });
  for (const m of code.matchAll(DYNAMIC_IMPORT)) found.push({ at: m.index, spec: m[1] });
  return found.sort((a, b) => a.at - b.at).map((f) => f.spec);
}

/** Normalizes a repo-relative path (`a/b/../c` → `a/c`). */
function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "..") out.pop();
    else if (part !== "." && part !== "") out.push(part);
  }
  return out.join("/");
}

/** The area a repo-relative path belongs to, if any. */
export function areaOf(path: string): Area | undefined {
  if (path === "lib/app_services.ts") return path;
  for (const area of LIB_AREAS) if (path.startsWith(area + "/")) return area;
  for (const area of ["components", "islands", "routes"] as const) {
    if (path.startsWith(area + "/")) return area;
  }
  return undefined;
}

/** The imports of the given modules (`{ repo-relative path: source }`): relative ones resolved to repo paths, packages as named. */
export function importEdges(files: Record<string, string>): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const [from, source] of Object.entries(files)) {
    for (const specifier of importSpecifiers(source)) {
      if (!specifier.startsWith(".")) {
        edges.push({ from, to: specifier, specifier }); // an npm package (bare specifier)
        continue;
      }
      const dir = from.split("/").slice(0, -1).join("/");
      edges.push({ from, to: normalize(`${dir}/${specifier}`), specifier });
    }
  }
  return edges;
}

/** The imports that the table forbids, minus the known exceptions. */
export function checkBoundaries(
  files: Record<string, string>,
  allowed: Record<Area, readonly Area[]> = ALLOWED,
  exceptions: readonly { from: string; to: string }[] = [],
): Violation[] {
  const violations: Violation[] = [];
  for (const edge of importEdges(files)) {
    const fromArea = areaOf(edge.from);
    if (!fromArea) continue;
    if (!edge.specifier.startsWith(".")) {
      if ((FORBIDDEN_PACKAGES[fromArea] ?? []).some((pkg) => namesPackage(edge.specifier, pkg))) {
        violations.push({ ...edge, fromArea, toArea: "other" });
      }
      continue;
    }
    const toArea = areaOf(edge.to) ?? "other";
    if (toArea === fromArea) continue;
    if (toArea !== "other" && allowed[fromArea].includes(toArea)) continue;
    if (exceptions.some((e) => e.from === edge.from && e.to === edge.to)) continue;
    violations.push({ ...edge, fromArea, toArea });
  }
  return violations;
}

/** Every .ts/.tsx module under the given folders, as `{ repo-relative path: source }`. */
async function readModules(root: URL, folders: readonly string[]): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  async function walk(dir: string) {
    for await (const entry of Deno.readDir(new URL(dir + "/", root))) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (/\.tsx?$/.test(entry.name)) files[path] = await Deno.readTextFile(new URL(path, root));
    }
  }
  for (const folder of folders) await walk(folder);
  return files;
}

const ROOT = new URL("../", import.meta.url);

Deno.test("boundaries: no module in lib/, routes/, components/ or islands/ imports across a forbidden boundary", async () => {
  const files = await readModules(ROOT, ["lib", "routes", "components", "islands"]);
  assert.ok(Object.keys(files).length > 60, "found the modules");
  const violations = checkBoundaries(files, ALLOWED, KNOWN_EXCEPTIONS);
  assert.deepEqual(
    violations.map((v) =>
      `${v.from} → ${v.to} (${v.fromArea} may import: ${ALLOWED[v.fromArea].join(", ")})`
    ),
    [],
  );
  // Every known exception still occurs; remove the ones that were fixed.
  const edges = importEdges(files);
  for (const e of KNOWN_EXCEPTIONS) {
    assert.ok(edges.some((x) => x.from === e.from && x.to === e.to), `stale exception ${e.from} → ${e.to}`);
  }
  // Every relative import resolves to a module that exists (a typo would otherwise dodge the rule).
  for (const edge of edges) {
    if (!edge.specifier.startsWith(".") || !areaOf(edge.to)) continue;
    assert.ok(edge.to in files, `${edge.from} imports ${edge.specifier}, which is not a module`);
  }
});

Deno.test("boundaries: each lib/ folder has a mod.ts whose header states the table's row", async () => {
  const folders: string[] = [];
  for await (const entry of Deno.readDir(new URL("lib/", ROOT))) {
    if (entry.isDirectory) folders.push(entry.name);
  }
  assert.deepEqual(
    folders.map((f) => `lib/${f}`).sort(),
    [...LIB_AREAS].sort(),
    "every lib/ folder is in the table",
  );
  for (const area of LIB_AREAS) {
    const text = await Deno.readTextFile(new URL(`${area}/mod.ts`, ROOT));
    const header = text.match(/^\/\*\*([\s\S]*?)\*\//)?.[1] ?? "";
    assert.ok(header.includes(`${area}:`), `${area}/mod.ts starts with a header naming the folder`);
    const stated = header.replace(/\n\s*\*\s?/g, " ").match(/May import: ([^.]*)\./)?.[1];
    assert.ok(stated !== undefined, `${area}/mod.ts says what it may import`);
    const list = stated === "nothing in lib/" ? [] : stated.split(/,\s*/);
    assert.deepEqual(list, [...ALLOWED[area]], `${area}/mod.ts header matches the table`);
  }
});

Deno.test("boundaries: the import parser finds every import form and skips comments", () => {
  const source = [
    `/**`,
    ` * Example: import { x } from "../routes/in_a_comment.ts";`,
    ` */`,
    `// import "../routes/line_comment.ts";`,
    `import { a, type B } from "./a.ts";`,
    `import type { C } from "../protocol/c.ts";`,
    `import {`,
    `  d,`,
    `  e,`,
    `} from "../platform/d.ts";`,
    `import f, { g } from "./f.ts";`,
    `import * as h from "./h.ts";`,
    `import "./side_effect.ts";`,
    `export { i } from "./i.ts";`,
    `export * from "./j.ts";`,
    `export type { K } from "./k.ts";`,
    `import { z } from "zod";`,
    `const later = await import("./dynamic.ts");`,
    `const text = "import { y } from 'not/a/statement'";`,
  ].join("\n");
  assert.deepEqual(importSpecifiers(source), [
    "./a.ts",
    "../protocol/c.ts",
    "../platform/d.ts",
    "./f.ts",
    "./h.ts",
    "./side_effect.ts",
    "./i.ts",
    "./j.ts",
    "./k.ts",
    "zod",
    "./dynamic.ts",
  ]);
});

Deno.test("boundaries: the checker fails a deliberately bad fixture and passes a good one", () => {
  const bad = {
    "lib/protocol/request_hash.ts": `import { PLANNER_VERSION } from "../planner/planner.ts";\n`,
    "lib/planner/planner.ts": `import type { Budget } from "../guards/budget.ts";\n`,
    "lib/guards/budget.ts": `import { apiError } from "../../routes/http_errors.ts";\n`,
    "lib/store/exports.ts": `const ui = await import("../../components/format.ts");\n`,
    "islands/studio.tsx": `import { GenerationService } from "../lib/generation/service.ts";\n`,
    "components/chart.tsx": `import { pageRoutes } from "../routes/pages.tsx";\n`,
    "lib/platform/config.ts": `import { x } from "../../tasks/admin.ts";\n`,
    "lib/access/admin_auth.ts": `import { HTTPException } from "hono/http-exception";\n`,
    "islands/client.ts": `import { Hono } from "hono";\nimport { h } from "preact";\n`,
  };
  const found = checkBoundaries(bad).map((v) => `${v.from} → ${v.to}`);
  assert.deepEqual(found, [
    "lib/protocol/request_hash.ts → lib/planner/planner.ts",
    "lib/planner/planner.ts → lib/guards/budget.ts",
    "lib/guards/budget.ts → routes/http_errors.ts",
    "lib/store/exports.ts → components/format.ts",
    "islands/studio.tsx → lib/generation/service.ts",
    "components/chart.tsx → routes/pages.tsx",
    "lib/platform/config.ts → tasks/admin.ts",
    "lib/access/admin_auth.ts → hono/http-exception",
    "islands/client.ts → hono",
  ]);
  // An exception covers exactly its own pair.
  assert.equal(
    checkBoundaries(bad, ALLOWED, [{ from: "lib/planner/planner.ts", to: "lib/guards/budget.ts" }]).length,
    found.length - 1,
  );
  const good = {
    "lib/protocol/request_hash.ts": `import { PLANNER_VERSION } from "./engine_version.ts";\n`,
    "lib/generation/service.ts":
      `import type { Budget } from "../guards/budget.ts";\nimport { z } from "zod";\n`,
    "routes/app.ts": `import { GenerationService } from "../lib/generation/service.ts";\n`,
    "islands/studio.tsx": `import type { NodeData } from "../lib/protocol/events.ts";\n`,
    "tests/anything_test.ts": `import { x } from "../routes/app.ts";\n`,
  };
  assert.deepEqual(checkBoundaries(good), []);
});
