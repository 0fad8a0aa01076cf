/**
 * Line icons (24×24, stroked) for node types and constraints, as single SVG path strings so diagrams stay
 * cheap to render and need no icon font or external asset.
 */

const circle = (cx: number, cy: number, r: number) =>
  `M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`;
const rect = (x: number, y: number, w: number, h: number) => `M${x} ${y}h${w}v${h}h${-w}z`;

/** Icon path per node type (and per constraint, keyed by its name). */
export const ICON_PATHS: Readonly<Record<string, string>> = {
  users: `${circle(12, 8, 4)}M4 21v-1a6 6 0 0 1 6-6h4a6 6 0 0 1 6 6v1`,
  dns: `${circle(12, 12, 9)}M3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18`,
  cdn: `${circle(12, 12, 3)}${circle(4, 5, 2)}${circle(20, 5, 2)}${circle(4, 19, 2)}${
    circle(20, 19, 2)
  }M6 6.5l3.8 3.5M18 6.5l-3.8 3.5M6 17.5l3.8-3.5M18 17.5l-3.8-3.5`,
  security: "M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6zM9 12l2 2 4-4",
  auth: `${circle(8, 15, 4)}M11 12l9-9M16 7l3 3M14 9l2 2`,
  gateway: `${rect(3, 4, 18, 16)}M8 12h8M13 9l3 3-3 3`,
  compute: `${rect(6, 6, 12, 12)}${
    rect(9.5, 9.5, 5, 5)
  }M9 2v4M15 2v4M9 18v4M15 18v4M2 9h4M2 15h4M18 9h4M18 15h4`,
  realtime: "M13 2L4 14h7l-1 8 9-12h-7z",
  scheduler: `${circle(12, 12, 9)}M12 7v5l3 3`,
  database: "M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3zM4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6" +
    "M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3",
  kv: `${rect(3, 4, 7, 7)}${rect(14, 4, 7, 7)}${rect(3, 14, 7, 7)}${rect(14, 14, 7, 7)}`,
  cache: "M12 3l9 5-9 5-9-5zM3 13l9 5 9-5M3 17.5l9 5 9-5",
  storage: "M3 7l9-4 9 4v10l-9 4-9-4zM3 7l9 4 9-4M12 11v10",
  queue: `${rect(3, 5, 4, 14)}${rect(10, 5, 4, 14)}${rect(17, 5, 4, 14)}`,
  video: `${rect(2, 6, 14, 12)}M16 10l6-3v10l-6-3`,
  images: `${rect(3, 4, 18, 16)}${circle(9, 10, 2)}M21 16l-5-5-10 9`,
  ai: "M12 3l2 5 5 2-5 2-2 5-2-5-5-2 5-2zM19 15l.8 2 2 .8-2 .8-.8 2-.8-2-2-.8 2-.8z",
  vector: `${circle(5, 7, 1.5)}${circle(12, 4, 1.5)}${circle(19, 9, 1.5)}${circle(7, 17, 1.5)}${
    circle(17, 19, 1.5)
  }M6.4 6.5l4.2-2M13.4 4.7l4.2 3.6M8.5 17.3l7 1.4M5.4 8.5l1.2 7`,
  search: `${circle(10, 10, 6.5)}M15 15l6 6`,
  analytics: "M3 21h18M6 17v-5M11 17V6M16 17v-8M21 17V4",
  email: `${rect(3, 5, 18, 14)}M3 7l9 6 9-6`,
  iot: `${circle(12, 12, 2)}M7.8 7.8a6 6 0 0 0 0 8.4M16.2 7.8a6 6 0 0 1 0 8.4M4.9 4.9a10 10 0 0 0 0 14.2` +
    "M19.1 4.9a10 10 0 0 1 0 14.2",
  payments: `${rect(2, 5, 20, 14)}M2 10h20M6 15h4`,
  external: "M14 4h6v6M20 4l-9 9M18 14v6H4V6h6",
  "Cost Optimization":
    `${circle(12, 12, 9)}M15 9.2c-.6-1-1.7-1.5-3-1.5-1.7 0-3 .9-3 2.2 0 3 6 1.6 6 4.4 0 1.3-1.3 2.2-3 2.2` +
    "-1.4 0-2.6-.6-3.2-1.6M12 6v1.7M12 16.5V18",
  "Global Performance": `${circle(12, 12, 9)}M3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18`,
  Scalability: "M3 17l6-6 4 4 8-8M15 7h6v6",
  "Developer Velocity": "M8 7l-5 5 5 5M16 7l5 5-5 5M13.5 4l-3 16",
  "Enterprise Security": "M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6zM9 12l2 2 4-4",
};

/** An inline SVG icon, decorative (hidden from assistive technology). */
export function Icon({ name, size = 20, class: cls = "" }: { name: string; size?: number; class?: string }) {
  return (
    <svg
      class={`icon ${cls}`}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
    >
      <path d={ICON_PATHS[name] ?? ICON_PATHS.compute} />
    </svg>
  );
}
