/**
 * Budget benchmark: the group-commit `Budget` beside a plain read-then-compare-and-swap retry loop, in the
 * same run, on the same kinds of KV (a temp SQLite file and `:memory:`):
 *  - reservation latency for a single client (sequential reserve calls; p50/p99);
 *  - 1,000 simultaneous contenders for a limit of 100 (wall time, KV commits and retries; exactness checked).
 * Run alone with `deno run -A bench/budget_bench.ts`, or through `deno task bench`.
 */
import { Budget, BUDGET_KEYS } from "../lib/guards/budget.ts";
import { newId } from "../lib/platform/ids.ts";

type KvKind = "file" | "memory";

async function openKind(kind: KvKind): Promise<{ kv: Deno.Kv; dispose(): Promise<void> }> {
  if (kind === "memory") {
    const kv = await Deno.openKv(":memory:");
    return { kv, dispose: () => Promise.resolve(kv.close()) };
  }
  const dir = await Deno.makeTempDir({ prefix: "vtp_budget_bench_" });
  const kv = await Deno.openKv(`${dir}/kv.sqlite3`);
  return {
    kv,
    async dispose() {
      kv.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/** The baseline: read used/limit, then an atomic write checked on both versionstamps; retry on conflict. */
class CasBudget {
  commits = 0;
  retries = 0;
  constructor(readonly kv: Deno.Kv, readonly defaultLimit: number) {}

  async reserve(): Promise<string | null> {
    while (true) {
      const [u, l] = await this.kv.getMany<[number, number]>([BUDGET_KEYS.used, BUDGET_KEYS.limit]);
      const used = u.value ?? 0;
      const limit = l.value ?? this.defaultLimit;
      if (used >= limit) return null;
      const now = Date.now();
      const id = newId();
      const res = await this.kv.atomic()
        .check(u)
        .check(l)
        .set(BUDGET_KEYS.used, used + 1)
        .set([...BUDGET_KEYS.leasePrefix, id], {
          expiresAt: now + 120_000,
          createdAt: now,
          periodStart: null,
        })
        .commit();
      if (res.ok) {
        this.commits++;
        return id;
      }
      this.retries++;
    }
  }

  /** The unit stays spent: drop the lease. */
  async commit(id: string): Promise<void> {
    await this.kv.delete([...BUDGET_KEYS.leasePrefix, id]);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function latency(
  kind: KvKind,
  which: "group" | "cas",
  n: number,
): Promise<{ p50: number; p99: number }> {
  const { kv, dispose } = await openKind(kind);
  try {
    // Each iteration reserves (timed) then commits (untimed), as a generation would, so leases do not pile up.
    let step: () => Promise<number>;
    if (which === "group") {
      const b = new Budget(kv, { defaultLimit: 1_000_000 });
      step = async () => {
        const t0 = performance.now();
        const r = await b.reserve();
        const ms = performance.now() - t0;
        if (!r.ok) throw new Error("unexpected refusal");
        await b.commit(r.reservation);
        return ms;
      };
    } else {
      const b = new CasBudget(kv, 1_000_000);
      step = async () => {
        const t0 = performance.now();
        const id = await b.reserve();
        const ms = performance.now() - t0;
        if (!id) throw new Error("unexpected refusal");
        await b.commit(id);
        return ms;
      };
    }
    for (let i = 0; i < 30; i++) await step(); // warm-up
    const times: number[] = [];
    for (let i = 0; i < n; i++) times.push(await step());
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 50), p99: percentile(times, 99) };
  } finally {
    await dispose();
  }
}

async function contention(
  kind: KvKind,
  which: "group" | "cas",
  contenders: number,
  limit: number,
): Promise<{ ms: number; admitted: number; commits: number; retries: number }> {
  const { kv, dispose } = await openKind(kind);
  try {
    let reserve: () => Promise<boolean>;
    let counters: () => { commits: number; retries: number };
    if (which === "group") {
      const b = new Budget(kv, { defaultLimit: limit });
      reserve = async () => (await b.reserve()).ok;
      counters = () => ({ commits: b.stats.commits, retries: b.stats.retries });
    } else {
      const b = new CasBudget(kv, limit);
      reserve = async () => (await b.reserve()) !== null;
      counters = () => ({ commits: b.commits, retries: b.retries });
    }
    const t0 = performance.now();
    const results = await Promise.all(Array.from({ length: contenders }, () => reserve()));
    const ms = performance.now() - t0;
    const admitted = results.filter(Boolean).length;
    const used = (await kv.get<number>(BUDGET_KEYS.used)).value;
    if (admitted !== limit || used !== limit) throw new Error(`${which}: admitted ${admitted}, used ${used}`);
    return { ms, admitted, ...counters() };
  } finally {
    await dispose();
  }
}

const fmt = (ms: number) => `${ms.toFixed(3)} ms`;

/** Runs the benchmark and prints its figures. */
export async function run(): Promise<void> {
  const n = 300;
  console.log(`Budget reservations: group commit (lib/guards/budget.ts) vs plain read-then-CAS retry loop`);
  for (const kind of ["memory", "file"] as KvKind[]) {
    const g = await latency(kind, "group", n);
    const c = await latency(kind, "cas", n);
    console.log(
      `[${kind}] single-client latency (${n} sequential reserves): group p50 ${fmt(g.p50)} p99 ${
        fmt(g.p99)
      } | ` +
        `CAS p50 ${fmt(c.p50)} p99 ${fmt(c.p99)} | ratio CAS/group p50 ${(c.p50 / g.p50).toFixed(2)}× ` +
        `p99 ${(c.p99 / g.p99).toFixed(2)}×`,
    );
  }
  for (const kind of ["memory", "file"] as KvKind[]) {
    const g = await contention(kind, "group", 1000, 100);
    const c = await contention(kind, "cas", 1000, 100);
    console.log(
      `[${kind}] 1,000 contenders for 100: group ${
        g.ms.toFixed(1)
      } ms (${g.commits} commits, ${g.retries} retries)` +
        ` | CAS ${c.ms.toFixed(1)} ms (${c.commits} commits, ${c.retries} retries)` +
        ` | CAS/group ${(c.ms / g.ms).toFixed(1)}× — both admitted exactly 100`,
    );
  }
}

if (import.meta.main) await run();
