import type { SiteShape } from '../plan/presets';

/**
 * The outline of each site shape as a polygon around (0, 0) with radius 1
 * (y down), so that the map's markers (SVG), its legend and the exported
 * picture (canvas) draw the same shape from one definition.
 */
export function shapePoints(shape: SiteShape): [number, number][] {
  const regular = (corners: number, turn = -Math.PI / 2, radii: readonly number[] = [1]) =>
    Array.from({ length: corners * radii.length }, (_, k): [number, number] => {
      const angle = turn + (k * 2 * Math.PI) / (corners * radii.length);
      const r = radii[k % radii.length];
      return [r * Math.cos(angle), r * Math.sin(angle)];
    });
  switch (shape) {
    case 'diamond':
      return [[0, -1], [1, 0], [0, 1], [-1, 0]];
    case 'square':
      return [[-0.8, -0.8], [0.8, -0.8], [0.8, 0.8], [-0.8, 0.8]];
    case 'triangle':
      return [[0, -1], [1, 0.8], [-1, 0.8]];
    case 'cross': {
      const a = 0.34;
      return [[-a, -1], [a, -1], [a, -a], [1, -a], [1, a], [a, a], [a, 1], [-a, 1], [-a, a], [-1, a], [-1, -a], [-a, -a]];
    }
    case 'hexagon':
      return regular(6, 0);
    case 'pentagon':
      return regular(5);
    case 'star':
      return regular(5, -Math.PI / 2, [1, 0.45]);
    case 'bar':
      return [[-1, -0.45], [1, -0.45], [1, 0.45], [-1, 0.45]];
  }
}

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG of the shape, `size` pixels wide, filled with `colour` and outlined in dark for contrast on any cell. */
export function shapeSvg(shape: SiteShape, colour: string, size: number, outline = '#0009'): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('viewBox', '-1.15 -1.15 2.3 2.3');
  svg.setAttribute('aria-hidden', 'true');
  const polygon = document.createElementNS(SVG, 'polygon');
  polygon.setAttribute('points', shapePoints(shape).map(([x, y]) => `${x.toFixed(3)},${y.toFixed(3)}`).join(' '));
  polygon.setAttribute('fill', colour);
  polygon.setAttribute('stroke', outline);
  polygon.setAttribute('stroke-width', '0.12');
  svg.append(polygon);
  return svg;
}
