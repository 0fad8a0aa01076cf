/**
 * Diagram downloads (browser only): the diagram's own SVG, cloned with the whole drawing in view and every
 * computed style written onto its elements as presentation attributes (colours, strokes, the font family, size and weight of each
 * text), so the file looks the same outside the page; PNG is that SVG drawn on a canvas at twice the size.
 */

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

/** The standalone SVG text of a drawn diagram (whole drawing, styles inlined, page background behind). */
export function diagramSvgText(svg: SVGSVGElement, size: { width: number; height: number }): string {
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
  const text = diagramSvgText(svg, size);
  if (kind === "svg") save(new Blob([text], { type: "image/svg+xml" }), name);
  else save(await diagramPng(text, size), name);
}
