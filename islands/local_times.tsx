/**
 * Local times (island): rewrites every `<time data-local datetime="…">` on the page, written by the server in
 * UTC, in the reader's own time zone ("1 Dec 2026, 21:15 CET"). Renders nothing itself.
 */
import { useEffect } from "preact/hooks";

/** Rewrites the page's times once, after hydration. */
export default function LocalTimes(_: Record<string, unknown>) {
  useEffect(() => {
    for (const el of document.querySelectorAll<HTMLTimeElement>("time[data-local]")) {
      const d = new Date(el.dateTime);
      if (!Number.isFinite(d.getTime())) continue;
      el.title = `${el.dateTime.slice(0, 16).replace("T", " ")} UTC`;
      el.textContent = d.toLocaleString(undefined, {
        year: "numeric",
        month: "short",
        day: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        timeZoneName: "short",
      });
    }
  }, []);
  return null;
}
