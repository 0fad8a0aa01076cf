/**
 * Admin dashboard budget gauge (island): starts from the server-rendered status and follows
 * `/api/budget/stream` (server-sent events fed by `kv.watch`), so resets from the CLI, the API or a hand edit
 * of KV show up within a second without polling.
 */
import { useSignal, useSignalEffect } from "@preact/signals";
import type { BudgetView } from "./budget_gauge.tsx";

/** The budget figures the gauge shows: the public view plus the invalid values (a subset of the status). */
export interface AdminGaugeStatus extends BudgetView {
  invalid?: { key: string; value: unknown }[];
}

/** Props: the status at render time and the stream to follow. */
export interface AdminGaugeProps {
  [key: string]: unknown;
  initial: AdminGaugeStatus;
  streamUrl?: string;
}

/** Accepts either a bare status or `{ budget: status }` from the stream. */
function statusFrom(data: unknown): AdminGaugeStatus | null {
  if (!data || typeof data !== "object") return null;
  const obj = (data as { budget?: unknown }).budget ?? data;
  if (!obj || typeof obj !== "object" || !("state" in obj)) return null;
  return obj as AdminGaugeStatus;
}

/** The gauge. */
export default function AdminGauge({ initial, streamUrl = "/api/budget/stream" }: AdminGaugeProps) {
  const status = useSignal<AdminGaugeStatus>(initial);
  const live = useSignal(false);
  useSignalEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource(streamUrl);
    const onData = (ev: MessageEvent) => {
      try {
        const next = statusFrom(JSON.parse(ev.data));
        // The public stream carries no `invalid` details: keep the last known ones while still invalid.
        if (next) {
          const invalid = next.invalid ?? (next.state === "invalid" ? status.value.invalid ?? [] : []);
          status.value = { ...next, invalid };
        }
      } catch { /* ignore malformed frames */ }
    };
    source.onopen = () => live.value = true;
    source.onerror = () => live.value = false;
    source.onmessage = onData;
    source.addEventListener("budget", onData as EventListener);
    return () => source.close();
  });
  const s = status.value;
  const pct = s.used !== null && s.limit ? Math.min(100, Math.round((s.used / s.limit) * 100)) : 100;
  return (
    <section class={`gauge gauge-${s.state}`} aria-live="polite">
      <meter
        class="gauge-meter"
        min={0}
        max={s.limit || 1}
        low={(s.limit || 1) * 0.7}
        high={(s.limit || 1) * 0.9}
        optimum={0}
        value={s.used ?? s.limit ?? 1}
        title={`${pct}% used`}
      />
      <p>
        <strong data-field="used">{s.used ?? "invalid"}</strong> used of{" "}
        <strong data-field="limit">{s.limit ?? "invalid"}</strong>
        {" — "}
        <span data-field="remaining">{s.remaining ?? "?"}</span> remaining
        {s.reserved ? `, ${s.reserved} in flight` : ""} · state <strong data-field="state">{s.state}</strong>
        {s.resetsAt ? ` · resets ${s.resetsAt}` : ""}
        {live.value ? " · live" : ""}
      </p>
      {s.state === "invalid" && (
        <p role="alert" class="invalid">
          Invalid values in KV (generation is refused until repaired; a reset repairs them)
          {s.invalid && s.invalid.length > 0
            ? ": " + s.invalid.map((i) => `${i.key} = ${JSON.stringify(i.value)}`).join("; ")
            : "."}
        </p>
      )}
    </section>
  );
}
