import sharp from "sharp";
import { parse, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** A rendered plot. */
export interface RenderedPlot {
  /** The SVG text (vector, as vega draws it). */
  readonly svg: string;
  /** The same plot as PNG, at `scale` times the SVG's pixel size. */
  readonly png: Uint8Array;
}

/** Options for {@linkcode renderPlot}. */
export interface RenderPlotOptions {
  /**
   * PNG pixels per SVG pixel.
   * @default 2
   */
  readonly scale?: number;
}

/**
 * Renders a vega-lite spec: vega-lite compiles it to vega, vega draws SVG headless (no canvas: text is measured by
 * estimate), and sharp (librsvg, the system fonts) turns the SVG into PNG.
 */
export async function renderPlot(spec: TopLevelSpec, options: RenderPlotOptions = {}): Promise<RenderedPlot> {
  const scale = options.scale ?? 2;
  if (!(scale > 0 && scale <= 8)) throw new RangeError(`Scale must be in (0, 8], got '${scale}'`);
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    const svg = await view.toSVG();
    const scaled = await view.toSVG(scale);
    const png = await sharp(Buffer.from(scaled)).png({ compressionLevel: 9 }).toBuffer();
    return { svg, png: new Uint8Array(png.buffer, png.byteOffset, png.byteLength) };
  } finally {
    view.finalize();
  }
}
