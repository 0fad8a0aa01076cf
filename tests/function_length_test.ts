/**
 * Function length: no function, method or arrow function in lib/ or routes/ is longer than
 * {@link MAX_LINES} lines unless its leading comment (JSDoc or `//` block right above it, or above the
 * statement, property or method that holds it) has a line starting `Long:` that says why it reads best as
 * one. Files are parsed by Deno's own linter (`Deno.lint.runPlugin`), so strings, comments, JSX and
 * template literals cannot fool the count. {@link KNOWN_LONG} lists the functions that still have to be
 * split; a stale entry fails the test, so the list only shrinks.
 */
import assert from "node:assert/strict";

/** The most lines (first to last line of the function, both counted) a function may have without a reason. */
export const MAX_LINES = 80;

/** A line of a comment that gives the reason: `Long: one route table, each handler a few lines`. */
const REASON = /^[ \t]*(?:\*[ \t]*)?Long:[ \t]*\S/m;

/**
 * Long functions that are not split yet, as `path:name`, each with what removes it. Empty: every long
 * function is split or carries a `Long:` reason; a new entry needs one.
 */
export const KNOWN_LONG: Readonly<Record<string, string>> = {};

/** One function over the limit without a reason. */
export interface LongFunction {
  /** `name` for named functions, methods and variables; `<anonymous>` otherwise. */
  name: string;
  line: number;
  lines: number;
}

// Parents through which a function still "owns" the comment above them: `export function`, `const f = () =>`,
// methods, object properties, and a call statement such as `app.get("/x", async (c) => { … })`.
const HOLDERS = new Set([
  "ExportNamedDeclaration",
  "ExportDefaultDeclaration",
  "VariableDeclarator",
  "VariableDeclaration",
  "MethodDefinition",
  "PropertyDefinition",
  "Property",
  "CallExpression",
  "AwaitExpression",
  "ExpressionStatement",
  "ReturnStatement",
]);

// deno-lint-ignore no-explicit-any
type Node = any;

/** The name a reader would look for: the function's, or the variable, method or property that holds it. */
function nameOf(fn: Node): string {
  if (fn.id?.name) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === "VariableDeclarator" && parent.id?.type === "Identifier") return parent.id.name;
  if (["MethodDefinition", "Property", "PropertyDefinition"].includes(parent?.type)) {
    const key = parent.key;
    if (key?.type === "Identifier") return key.name;
    if (key?.type === "PrivateIdentifier") return `#${key.name}`;
    if (key?.type === "Literal") return String(key.value);
  }
  return "<anonymous>";
}

const plugin: Deno.lint.Plugin = {
  name: "function-length",
  rules: {
    "max-lines": {
      create(ctx) {
        const text = ctx.sourceCode.text;
        const comments = ctx.sourceCode.getAllComments().slice().sort((a, b) => a.range[0] - b.range[0]);
        const lineStarts = [0];
        for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
        const lineOf = (offset: number) => {
          let lo = 0, hi = lineStarts.length - 1;
          while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (lineStarts[mid] <= offset) lo = mid;
            else hi = mid - 1;
          }
          return lo + 1;
        };
        // The block of comments right above `offset`, with nothing but white space between them and it.
        // (`getCommentsBefore` returns every earlier comment of the file, so it cannot tell this.)
        const leading = (offset: number) => {
          const out: string[] = [];
          let pos = offset;
          for (let i = comments.length - 1; i >= 0; i--) {
            const c = comments[i];
            if (c.range[1] > pos) continue;
            if (text.slice(c.range[1], pos).trim() !== "") break;
            out.push(c.value);
            pos = c.range[0];
          }
          return out;
        };
        const hasReason = (fn: Node) => {
          for (let n = fn; n; n = n.parent) {
            if (n !== fn && !HOLDERS.has(n.type)) break;
            if (leading(n.range[0]).some((c) => REASON.test(c))) return true;
          }
          return false;
        };
        const check = (fn: Node) => {
          const line = lineOf(fn.range[0]);
          const lines = lineOf(Math.max(fn.range[0], fn.range[1] - 1)) - line + 1;
          if (lines <= MAX_LINES || hasReason(fn)) return;
          ctx.report({ node: fn, message: JSON.stringify({ name: nameOf(fn), line, lines }) });
        };
        return { FunctionDeclaration: check, FunctionExpression: check, ArrowFunctionExpression: check };
      },
    },
  },
};

/** The functions in one module's source that are over {@link MAX_LINES} lines without a `Long:` reason. */
export function longFunctions(fileName: string, source: string): LongFunction[] {
  return Deno.lint.runPlugin(plugin, fileName, source).map((d) => JSON.parse(d.message) as LongFunction);
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

/** A module whose one function has `bodyLines` statement lines, with `comment` above it. */
function fixture(
  comment: string,
  bodyLines: number,
  form: "function" | "arrow" | "method" | "handler",
): string {
  const body = Array.from({ length: bodyLines }, (_, i) => `  total += ${i};`).join("\n");
  const fn = `{\n  let total = 0;\n${body}\n  return total;\n}`;
  switch (form) {
    case "function":
      return `${comment}\nexport function sum(): number ${fn}\n`;
    case "arrow":
      return `${comment}\nexport const sum = (): number => ${fn};\n`;
    case "method":
      return `export class Sums {\n  ${comment}\n  sum(): number ${fn}\n}\n`;
    case "handler":
      return `declare const app: { get(p: string, h: () => number): void };\n${comment}\napp.get("/", () => ${fn});\n`;
  }
}

Deno.test("function length: a long function without a reason is reported, in every form", () => {
  for (const form of ["function", "arrow", "method", "handler"] as const) {
    const found = longFunctions("fixture.ts", fixture("/** Adds up. */", 80, form));
    assert.equal(found.length, 1, form);
    assert.equal(found[0].lines, 84, form);
    assert.equal(found[0].name, form === "handler" ? "<anonymous>" : "sum", form);
  }
});

Deno.test("function length: 80 lines pass; the 81st line fails", () => {
  assert.deepEqual(longFunctions("fixture.ts", fixture("/** Adds up. */", 76, "function")), []);
  assert.equal(longFunctions("fixture.ts", fixture("/** Adds up. */", 77, "function")).length, 1);
});

Deno.test("function length: a `Long:` line in the comment right above excuses it, in every form", () => {
  const jsdoc = "/**\n * Adds up.\n *\n * Long: one table of terms, each a line.\n */";
  const line = "// Long: one table of terms, each a line.";
  for (const form of ["function", "arrow", "method", "handler"] as const) {
    assert.deepEqual(longFunctions("fixture.ts", fixture(jsdoc, 90, form)), [], form);
    assert.deepEqual(longFunctions("fixture.tsx", fixture(line, 90, form)), [], form);
  }
});

Deno.test("function length: a reason that is not `Long:`, or not right above, does not count", () => {
  const cases = [
    "/** Adds up. This is long: a table. */", // not at the start of a line
    "/** Long:   */", // no reason given
    "/** Longer: a table. */",
    "/** Long: a table. */\nconst other = 1;", // belongs to another statement
  ];
  for (const comment of cases) {
    assert.equal(longFunctions("fixture.ts", fixture(comment, 90, "function")).length, 1, comment);
  }
});

Deno.test("function length: braces in strings, comments, templates and JSX do not end a function early", () => {
  const source = [
    "/** Renders. */",
    "export function View(): unknown {",
    '  const a = "}}}";',
    "  // }",
    "  const b = `${'}'}`;",
    ...Array.from({ length: 80 }, (_, i) => `  const x${i} = <p>{"}"}</p>;`),
    "  return [a, b];",
    "}",
  ].join("\n");
  const found = longFunctions("fixture.tsx", source);
  assert.deepEqual(found, [{ name: "View", line: 2, lines: 86 }]);
});

Deno.test("function length: no function in lib/ or routes/ is over 80 lines without a `Long:` reason", async () => {
  const files = await readModules(ROOT, ["lib", "routes"]);
  assert.ok(Object.keys(files).length > 60, "found the modules");
  const found: Record<string, string> = {};
  for (const [path, source] of Object.entries(files)) {
    for (const f of longFunctions(path, source)) {
      found[`${path}:${f.name}`] = `line ${f.line}, ${f.lines} lines`;
    }
  }
  const unexcused = Object.entries(found).filter(([key]) => !(key in KNOWN_LONG)).map(([k, v]) =>
    `${k} (${v})`
  );
  assert.deepEqual(
    unexcused,
    [],
    "split these functions, or say why each reads best as one in a `Long:` line",
  );
  const stale = Object.keys(KNOWN_LONG).filter((key) => !(key in found));
  assert.deepEqual(stale, [], "these are no longer long: remove them from KNOWN_LONG");
});
