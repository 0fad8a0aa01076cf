/** Browser entry: hydrates every island the server marked with `data-island`. Bundled by `deno task build`. */
import { h, hydrate } from "preact";
import type { FunctionComponent } from "preact";
import AdminGauge from "./admin_gauge.tsx";
import ArchitectureStudio from "./architecture_studio.tsx";
import BudgetGauge from "./budget_gauge.tsx";
import CopyButton from "./copy_button.tsx";
import LocalTimes from "./local_times.tsx";
import GenerationHistory from "./generation_history.tsx";
import ResultView from "./result_view.tsx";

// deno-lint-ignore no-explicit-any
const registry: Record<string, FunctionComponent<any>> = {
  architecture_studio: ArchitectureStudio,
  budget_gauge: BudgetGauge,
  generation_history: GenerationHistory,
  admin_gauge: AdminGauge,
  result_view: ResultView,
  copy_button: CopyButton,
  local_times: LocalTimes,
};

for (const el of document.querySelectorAll<HTMLElement>("[data-island]")) {
  const component = registry[el.dataset.island ?? ""];
  if (!component) continue;
  hydrate(h(component, JSON.parse(el.dataset.props ?? "{}")), el);
}
