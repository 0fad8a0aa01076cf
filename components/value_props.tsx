/**
 * `ValueProps`: one card per constraint explaining why Cloudflare fits it, with the figures in the text
 * emphasised (prices, percentages, latencies, counts).
 */
import type { ComponentChildren } from "preact";
import type { ValuePropData } from "../lib/protocol/events.ts";
import { Icon } from "./icons.tsx";

/** A figure: an optional currency sign, a number not glued to a word (so "D1", "us-east-1" stay plain), a unit. */
const FIGURE = /(?<![\w.\-])[$€£]?\d(?:[\d,.]*\d)?(?:\s?(?:%|ms|GB|TB|MB|Gbps|Tbps|[KMB]|x|×|\+))?(?![\w])/g;

/** Splits text into plain runs, `<strong>` figures and `<code>` for `backticked` words. */
export function emphasiseFigures(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  text.split(/(`[^`]+`)/).forEach((part, p) => {
    if (part.startsWith("`") && part.endsWith("`") && part.length > 2) {
      out.push(<code key={`c${p}`}>{part.slice(1, -1)}</code>);
      return;
    }
    let last = 0;
    for (const m of part.matchAll(FIGURE)) {
      const i = m.index ?? 0;
      if (i > last) out.push(part.slice(last, i));
      out.push(<strong key={`${p}-${i}`}>{m[0]}</strong>);
      last = i + m[0].length;
    }
    if (last < part.length) out.push(part.slice(last));
  });
  return out;
}

/** The value proposition cards. */
export function ValueProps({ items }: { items: readonly ValuePropData[] }) {
  return (
    <ul class="value-props">
      {items.map((v) => (
        <li class="value-prop" key={v.constraint}>
          <span class="value-prop-icon">
            <Icon name={v.constraint} size={22} />
          </span>
          <div>
            <p class="value-prop-constraint">{v.constraint}</p>
            <h4>{v.title}</h4>
            <p>{emphasiseFigures(v.description)}</p>
          </div>
        </li>
      ))}
    </ul>
  );
}
