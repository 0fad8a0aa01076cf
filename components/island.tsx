/**
 * Server side of the islands model: renders an island's HTML inside a marker element carrying its name and
 * JSON props, which `islands/client.ts` hydrates in the browser.
 */
import type { ComponentChildren, FunctionComponent } from "preact";

/** Renders `component` with `props` as a hydratable island named `name` (a key of the client registry). */
export function Island<P extends Record<string, unknown>>(
  { name, component: Component, props }: { name: string; component: FunctionComponent<P>; props: P },
): ComponentChildren {
  // JSON in an attribute is escaped by the renderer, so markup in props cannot break out.
  return (
    <div data-island={name} data-props={JSON.stringify(props)}>
      <Component {...props} />
    </div>
  );
}
