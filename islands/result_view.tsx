/**
 * The permalink page's result (island): the same `ResultPanel` the studio shows, hydrated so its diagrams
 * fit their width and can be explored (zoom, pan, details, downloads) without the studio form.
 */
import { ResultPanel } from "../components/result_panel.tsx";
import type { ResultState } from "./studio_state.ts";

/** Island props (JSON, from the server). */
export interface ResultViewProps {
  result: ResultState;
  now: number;
  stacked?: boolean;
  toggleStackedHref?: string;
  [key: string]: unknown;
}

/** A stored result, explorable. */
export default function ResultView({ result, now, stacked, toggleStackedHref }: ResultViewProps) {
  return <ResultPanel result={result} now={now} stacked={stacked} toggleStackedHref={toggleStackedHref} />;
}
