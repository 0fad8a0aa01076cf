/**
 * `CostComparison`: monthly totals of both platforms as bars, the difference in words, and each platform's
 * per-service bars on one shared scale, with the traffic assumptions. Bars are tiny SVGs sized with
 * attributes (no inline styles); the figures are text, so the chart reads the same without its graphics.
 */
import type { CostData } from "../lib/protocol/events.ts";
import { formatUsd } from "./format.ts";

/** Props: each side's cost when it has arrived, and the competitor's display name. */
export interface CostComparisonProps {
  cloudflare?: CostData;
  competitor?: CostData;
  competitorName: string;
}

function Bar({ value, max, variant }: { value: number; max: number; variant: "cf" | "comp" }) {
  const pct = max > 0 ? Math.max(value > 0 ? 1.5 : 0, (value / max) * 100) : 0;
  return (
    <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect class="bar-track" width="100" height="10" />
      <rect class={`bar-fill bar-fill--${variant}`} width={pct.toFixed(2)} height="10" />
    </svg>
  );
}

/** The cost section; shows placeholders for a side that has not arrived. */
export function CostComparison({ cloudflare, competitor, competitorName }: CostComparisonProps) {
  const totals = [
    { name: "Cloudflare", cost: cloudflare, variant: "cf" as const },
    { name: competitorName, cost: competitor, variant: "comp" as const },
  ];
  const maxTotal = Math.max(0, ...totals.map((t) => t.cost?.monthlyUsd ?? 0));
  const maxItem = Math.max(0, ...totals.flatMap((t) => t.cost?.items.map((i) => i.monthlyUsd) ?? []));
  let verdict = "";
  if (cloudflare && competitor) {
    const diff = competitor.monthlyUsd - cloudflare.monthlyUsd;
    const base = Math.max(competitor.monthlyUsd, cloudflare.monthlyUsd);
    const pct = base > 0 ? Math.round((Math.abs(diff) / base) * 100) : 0;
    verdict = Math.abs(diff) < 0.5
      ? "Both come to about the same per month."
      : diff > 0
      ? `Cloudflare comes to ${formatUsd(diff)} less per month (${pct}% lower) than ${competitorName}.`
      : `${competitorName} comes to ${formatUsd(-diff)} less per month (${pct}% lower) than Cloudflare.`;
  }
  return (
    <div class="costs">
      <dl class="cost-totals">
        {totals.map((t) => (
          <div class="cost-row cost-row--total" key={t.variant}>
            <dt>{t.name}</dt>
            <dd>
              <Bar value={t.cost?.monthlyUsd ?? 0} max={maxTotal} variant={t.variant} />
              <span class="cost-amount">{t.cost ? `${formatUsd(t.cost.monthlyUsd)}/mo` : "…"}</span>
            </dd>
          </div>
        ))}
      </dl>
      {verdict && <p class="cost-verdict">{verdict}</p>}
      <div class="cost-breakdowns">
        {totals.map((t) => (
          <section class={`cost-breakdown cost-breakdown--${t.variant}`} key={t.variant}>
            <h4>{t.name} by service</h4>
            {t.cost
              ? (
                <>
                  <ul class="cost-items">
                    {t.cost.items.map((item, i) => (
                      <li class="cost-row" key={i}>
                        <span class="cost-service" title={item.basis}>{item.service}</span>
                        <Bar value={item.monthlyUsd} max={maxItem} variant={t.variant} />
                        <span class="cost-amount">{formatUsd(item.monthlyUsd)}</span>
                        <span class="cost-basis">{item.basis}</span>
                      </li>
                    ))}
                  </ul>
                  <p class="cost-assumptions">{t.cost.assumptions}</p>
                </>
              )
              : <p class="muted">Waiting for the estimate…</p>}
          </section>
        ))}
      </div>
    </div>
  );
}
