/**
 * How a chart mark (types.ts ChartMark) names an element of the chart's SVG: by its place among the SVG's
 * start tags in document order, `<svg>` being 0. The chart renderer counts them when it notes the marks
 * (src/charts/marks.ts) and a renderer that draws provenance counts them the same way (src/render/html/), so
 * both live here, with the model. vega's SVG writer escapes `>` in attribute values and writes no comments,
 * CDATA or processing instructions, so every `<` that does not start `</` starts an element.
 */

/** An element's start tag (or empty-element tag); group 1 is the element's name. */
export const SVG_START_TAG = /<(?![/!?])([^\s/>]+)[^>]*>/g;

/** The SVG with each start tag replaced by `edit(tag, name, element)`, `element` its place as a mark counts it. */
export function mapStartTags(svg: string, edit: (tag: string, name: string, element: number) => string): string {
  let element = 0;
  return svg.replace(SVG_START_TAG, (tag, name: string) => edit(tag, name, element++));
}

/** The SVG with `attributes(index)` written into each start tag, after its name ("" leaves it as it is). */
export function withAttributes(svg: string, attributes: (element: number) => string): string {
  return mapStartTags(svg, (tag, name, element) => {
    const extra = attributes(element);
    return extra ? `<${name}${extra}${tag.slice(1 + name.length)}` : tag;
  });
}
