/**
 * "Copy" button (island): copies the text of the element with id `target` to the clipboard and says so.
 * Renders nothing until it runs in a browser (without JavaScript the text is there to select by hand).
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";

/** Props: the element whose text is copied, and the button's label. */
export interface CopyButtonProps {
  target: string;
  label?: string;
  [key: string]: unknown;
}

/** The button. */
export default function CopyButton({ target, label = "Copy" }: CopyButtonProps) {
  const mounted = useSignal(false);
  const state = useSignal<"" | "copied" | "failed">("");
  useEffect(() => {
    mounted.value = true;
  }, []);
  if (!mounted.value) return null;
  return (
    <button
      type="button"
      class="copy-button"
      data-copy={target}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(document.getElementById(target)?.textContent?.trim() ?? "");
          state.value = "copied";
        } catch {
          state.value = "failed";
        }
      }}
    >
      {state.value === "copied" ? "Copied" : state.value === "failed" ? "Copy failed: select it" : label}
    </button>
  );
}
