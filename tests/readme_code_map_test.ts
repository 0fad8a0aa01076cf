/** The README's "Code map" matches the tree: every folder listed exists, every top-level and lib/ folder is listed. */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);
/** Folders that are generated or local, never part of the map. */
const UNMAPPED = new Set(["node_modules", "data", "test-output"]);

/** The folders named at the start of the code map's lines (`- \`lib/store/\` — …`). */
export function codeMapFolders(readme: string): string[] {
  const section = readme.split(/^## Code map$/m)[1]?.split(/^## /m)[0];
  assert.ok(section, "the README has a Code map section");
  return [...section.matchAll(/^- `([^`]+)\/`/gm)].map((m) => m[1]);
}

async function subfolders(path: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(new URL(path, ROOT))) {
    if (entry.isDirectory && !entry.name.startsWith(".") && !UNMAPPED.has(entry.name)) names.push(entry.name);
  }
  return names.sort();
}

Deno.test("README code map: every folder listed exists, every top-level and lib/ folder is listed", async () => {
  const listed = codeMapFolders(await Deno.readTextFile(new URL("README.md", ROOT)));
  assert.ok(listed.length >= 20, `read the map (${listed.length} lines)`);
  assert.equal(new Set(listed).size, listed.length, "no folder listed twice");
  for (const folder of listed) {
    const stat = await Deno.stat(new URL(folder, ROOT)).catch(() => null);
    assert.ok(stat?.isDirectory, `${folder}/ is listed but does not exist`);
  }
  const required = [
    ...(await subfolders("./")),
    ...(await subfolders("lib/")).map((f) => `lib/${f}`),
  ];
  assert.deepEqual(required.filter((f) => !listed.includes(f)), [], "folders missing from the code map");
});

Deno.test("README code map: the parser reads only the map's own lines", () => {
  const readme = "# X\n## Intro\n- `nope/` — not the map\n## Code map\n\n- `lib/` — a\n- `lib/store/` — b\n" +
    "text `x/` inline\n## Next\n- `later/` — c\n";
  assert.deepEqual(codeMapFolders(readme), ["lib", "lib/store"]);
});
