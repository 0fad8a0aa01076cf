/**
 * Diagram downloads (browser only): the diagram's own SVG, cloned with the whole drawing in view and every
 * computed style written onto its elements as presentation attributes (colours, strokes, the font family,
 * size and weight of each text), with the diagrams' font embedded (a `<style>` `@font-face` whose source is
 * the WOFF2 file as a `data:` URL, ~64 KB of base64), so the file looks the same outside the page, on a
 * machine without that font; PNG is that SVG drawn on a canvas at twice the size, in the same font.
 */
/** The diagrams' font file (its `@font-face` is in static/styles.css; the page preloads it). */
export const DIAGRAM_FONT_URL = "/static/fonts/inter-latin-wght-normal.woff2";

/** The family name the page's `@font-face` gives the diagrams' font (static/styles.css). */
export const DIAGRAM_FONT_FAMILY = "Inter Variable";

let fontCss: Promise<string> | undefined;

/** The `@font-face` rule with the font file inlined (fetched once, then cached; the page already loaded it). */
export function embeddedFontCss(): Promise<string> {
  fontCss ??= (async () => {
    const res = await fetch(DIAGRAM_FONT_URL);
    if (!res.ok) throw new Error(`font ${DIAGRAM_FONT_URL}: status ${res.status}`);
    const blob = new Blob([await res.arrayBuffer()], { type: "font/woff2" });
    const url = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
    return `@font-face{font-family:"${DIAGRAM_FONT_FAMILY}";font-style:normal;font-weight:100 900;` +
      `src:url(${url}) format("woff2");}`;
  })();
  fontCss.catch(() => (fontCss = undefined));
  return fontCss;
}

/** Presentation properties copied from the page onto each exported element. */
const PROPS = [
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-dasharray",
  "stroke-linecap",
  "stroke-linejoin",
  "font-family",
  "font-size",
  "font-weight",
] as const;

/**
 * The standalone SVG text of a drawn diagram (whole drawing, styles inlined, page background behind, `css`
 * — the embedded font — in a `<style>` element first).
 */
export function diagramSvgText(
  svg: SVGSVGElement,
  size: { width: number; height: number },
  css = "",
): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll("*")];
  const to = [clone, ...clone.querySelectorAll("*")];
  from.forEach((el, i) => {
    const cs = getComputedStyle(el);
    const target = to[i] as SVGElement;
    // Presentation attributes, not a style attribute: the page's CSP refuses inline styles even on a copy.
    for (const p of PROPS) {
      const v = cs.getPropertyValue(p);
      if (v && !(p === "stroke-dasharray" && v === "none")) target.setAttribute(p, v);
    }
    target.removeAttribute("class");
    target.removeAttribute("tabindex");
  });
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("viewBox", `0 0 ${size.width} ${size.height}`);
  clone.setAttribute("width", String(size.width));
  clone.setAttribute("height", String(size.height));
  const bg = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  bg.setAttribute("width", "100%");
  bg.setAttribute("height", "100%");
  const panel = getComputedStyle(svg.closest(".diagram") ?? svg).backgroundColor || "#ffffff";
  bg.setAttribute("fill", panel === "rgba(0, 0, 0, 0)" ? "#ffffff" : panel);
  clone.insertBefore(bg, clone.firstChild);
  if (css) {
    // Only in the detached copy (never in the page, whose CSP refuses inline styles).
    const style = document.createElementNS("http://www.w3.org/2000/svg", "style");
    style.textContent = css;
    clone.insertBefore(style, clone.firstChild);
  }
  return new XMLSerializer().serializeToString(clone);
}

function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Renders the SVG text to a PNG at `scale` times its size. */
export async function diagramPng(
  text: string,
  size: { width: number; height: number },
  scale = 2,
): Promise<Blob> {
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await img.decode();
  // The embedded font is a data: URL, decoded with the image; one more frame lets its text settle.
  await new Promise((resolve) => requestAnimationFrame(resolve));
  const canvas = document.createElement("canvas");
  canvas.width = Math.ceil(size.width * scale);
  canvas.height = Math.ceil(size.height * scale);
  const ctx = canvas.getContext("2d")!;
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0, size.width, size.height);
  return await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG encoding failed"))), "image/png")
  );
}

/** Downloads a drawn diagram as `name` (SVG or PNG). */
export async function downloadDiagram(
  svg: SVGSVGElement,
  size: { width: number; height: number },
  name: string,
  kind: "svg" | "png",
): Promise<void> {
  const text = diagramSvgText(svg, size, await embeddedFontCss());
  if (kind === "svg") save(new Blob([text], { type: "image/svg+xml" }), name);
  else save(await diagramPng(text, size), name);
}
