/**
 * Header budget gauge (island): how much of the global generation budget is used, coloured by state
 * (healthy / approaching / exhausted / invalid). First paint comes from the server; without a server value it
 * loads `GET /api/budget`. Live updates follow `GET /api/budget/stream` (EventSource, `budget` events). When
 * the budget API does not exist (404) the gauge stays hidden.
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { formatClock } from "../components/format.ts";

/** The public budget figures (`GET /api/budget`). Numbers are null when a stored value is invalid. */
export interface BudgetView {
  used: number | null;
  limit: number | null;
  remaining: number | null;
  reserved?: number;
  state: "healthy" | "approaching" | "exhausted" | "invalid";
  resetsAt?: string | null;
}

/** Props: the server's snapshot, or null to load it in the browser. */
export interface BudgetGaugeProps {
  initial: BudgetView | null;
  [key: string]: unknown;
}

const STATE_TEXT: Record<BudgetView["state"], string> = {
  healthy: "Healthy",
  approaching: "Running low",
  exhausted: "Nearly spent",
  invalid: "Unavailable",
};

/** Accepts a bare budget or `{ budget }`; returns null for anything else. */
export function budgetFrom(data: unknown): BudgetView | null {
  if (!data || typeof data !== "object") return null;
  const obj = ((data as { budget?: unknown }).budget ?? data) as Partial<BudgetView>;
  if (!obj || typeof obj !== "object" || typeof obj.state !== "string" || !(obj.state in STATE_TEXT)) {
    return null;
  }
  return {
    used: typeof obj.used === "number" ? obj.used : null,
    limit: typeof obj.limit === "number" ? obj.limit : null,
    remaining: typeof obj.remaining === "number" ? obj.remaining : null,
    reserved: typeof obj.reserved === "number" ? obj.reserved : 0,
    state: obj.state,
    resetsAt: typeof obj.resetsAt === "string" ? obj.resetsAt : null,
  };
}

/** The gauge. */
export default function BudgetGauge({ initial }: BudgetGaugeProps) {
  const budget = useSignal<BudgetView | null>(initial);
  const hidden = useSignal(false);
  useEffect(() => {
    let source: EventSource | undefined;
    let closed = false;
    (async () => {
      if (!budget.peek()) {
        try {
          const res = await fetch("/api/budget", { headers: { accept: "application/json" } });
          if (res.status === 404) {
            hidden.value = true;
            return;
          }
          if (res.ok) budget.value = budgetFrom(await res.json());
        } catch {
          // offline: keep what we have and still try the stream
        }
      }
      if (closed || typeof EventSource === "undefined") return;
      source = new EventSource("/api/budget/stream");
      const onData = (ev: MessageEvent) => {
        try {
          const next = budgetFrom(JSON.parse(ev.data));
          if (next) budget.value = next;
        } catch {
          // ignore malformed frames
        }
      };
      source.addEventListener("budget", onData as EventListener);
      source.onmessage = onData;
    })();
    return () => {
      closed = true;
      source?.close();
    };
  }, []);
  const b = budget.value;
  if (hidden.value) return null;
  if (!b) {
    return (
      <div class="budget budget--loading" aria-hidden="true">
        <span class="budget-label">Budget</span>
      </div>
    );
  }
  const pct = b.used !== null && b.limit
    ? Math.min(100, (b.used / b.limit) * 100)
    : b.state === "invalid"
    ? 0
    : 100;
  const figures = b.used !== null && b.limit !== null ? `${b.used} / ${b.limit}` : "—";
  const summary = b.state === "invalid"
    ? "The generation budget cannot be read right now."
    : `${b.used} of ${b.limit} generations used, ${b.remaining ?? 0} left${
      b.resetsAt ? `, resets at ${formatClock(b.resetsAt)}` : ""
    }.`;
  return (
    <div class={`budget budget--${b.state}`} id="budget-gauge" data-state={b.state} title={summary}>
      <span class="budget-label">Budget</span>
      <svg
        class="budget-bar"
        viewBox="0 0 100 8"
        preserveAspectRatio="none"
        aria-hidden="true"
        focusable="false"
      >
        <rect class="budget-track" width="100" height="8" rx="4" />
        <rect class="budget-fill" width={pct.toFixed(1)} height="8" rx="4" />
      </svg>
      <span class="budget-figures">{figures}</span>
      <span class="budget-state">
        {b.state === "exhausted" && b.remaining === 0 ? "Spent" : STATE_TEXT[b.state]}
      </span>
      <span class="sr-only">{summary}</span>
    </div>
  );
}
