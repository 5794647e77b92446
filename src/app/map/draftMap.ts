import L from 'leaflet';
import type { DraftMap } from '../../io/city/types';
import { layerColour, SERVICE } from '../../style/colours';
import { element } from './dom';

const CHUNK = 400;

/** Tooltip content as a text node: names from the planner's files never become markup. */
const text = (content: string): HTMLElement => element('span', '', content);

/**
 * The small map of a city draft in the review step: district outlines,
 * population points and the existing facilities, no tiles (the review must
 * show the files' own geometry, and the page may be offline).
 */
export function drawDraft(container: HTMLElement, city: DraftMap, labels: { lang: 'en' | 'ru' | 'kk'; layers: Readonly<Record<string, string>> }): () => void {
  const map = L.map(container, { preferCanvas: true, zoomSnap: 0.25, attributionControl: false });
  const canvas = L.canvas({ padding: 0.3 });
  const districts = L.geoJSON(city.districtShapes, { style: { color: '#343a40', weight: 1.5, fill: true, fillOpacity: 0.04 }, renderer: canvas } as L.GeoJSONOptions & L.PathOptions);
  districts.eachLayer((layer) => {
    const feature = (layer as L.GeoJSON).feature as GeoJSON.Feature;
    const district = city.districts.find((d) => d.id === feature.properties?.id);
    if (district) layer.bindTooltip(() => text(district.names[labels.lang] || district.names.en), { sticky: true });
  });
  const bounds = districts.getBounds();
  // A view first: Leaflet's canvas cannot draw on a map that has none.
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [6, 6], animate: false });
  else map.setView([48, 68], 4);
  districts.addTo(map);
  new Dots(city.demand).addTo(map);
  // A region's extract can give thousands of facilities: they are added a few hundred at a time, so the page never stops answering.
  let next = 0;
  let timer = 0;
  const addSome = () => {
    for (const end = Math.min(next + CHUNK, city.facilities.length); next < end; next++) {
      const facility = city.facilities[next];
      L.circleMarker([facility.lat, facility.lon], { renderer: canvas, radius: 4, color: layerColour(facility.layer), weight: 2, fillColor: '#fff', fillOpacity: 1 })
        .bindTooltip(() => text(facility.name || (labels.layers[facility.layer] ?? facility.layer)))
        .addTo(map);
    }
    if (next < city.facilities.length) timer = window.setTimeout(addSome, 0);
  };
  addSome();
  const fitView = () => {
    map.invalidateSize();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [6, 6], animate: false });
  };
  fitView();
  const resizes = new ResizeObserver(fitView);
  resizes.observe(container);
  container.dataset.drawn = String(city.districts.length);
  return () => {
    window.clearTimeout(timer);
    resizes.disconnect();
    map.remove();
  };
}

/** A #rrggbb colour as one opaque pixel of ImageData (RGBA bytes, read as a little-endian word). */
function rgba(hex: string): number {
  const value = Number.parseInt(hex.slice(1, 7), 16);
  return ((255 << 24) | ((value & 0xff) << 16) | (value & 0xff00) | ((value >> 16) & 0xff)) >>> 0;
}

/**
 * The population points as one canvas, drawn in one pass at every move: a
 * 100 m raster gives some 80,000 cells, and as many Leaflet markers held the
 * page for seconds.
 */
class Dots extends L.Layer {
  private canvas: HTMLCanvasElement | null = null;
  private readonly largest: number;

  constructor(private readonly demand: DraftMap['demand']) {
    super();
    let largest = 1;
    for (const residents of demand.residents) if (residents > largest) largest = residents;
    this.largest = largest;
  }

  override onAdd(map: L.Map): this {
    this.canvas = L.DomUtil.create('canvas', 'leaflet-zoom-hide draft-dots') as HTMLCanvasElement;
    this.canvas.setAttribute('aria-hidden', 'true');
    map.getPanes().overlayPane.appendChild(this.canvas);
    map.on('moveend zoomend resize', this.draw, this);
    this.draw();
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('moveend zoomend resize', this.draw, this);
    this.canvas?.remove();
    this.canvas = null;
    return this;
  }

  private draw(): void {
    const map = this._map;
    const canvas = this.canvas;
    if (!map || !canvas) return;
    const size = map.getSize();
    const ratio = window.devicePixelRatio || 1;
    canvas.width = size.x * ratio;
    canvas.height = size.y * ratio;
    canvas.style.width = `${size.x}px`;
    canvas.style.height = `${size.y}px`;
    const topLeft = map.containerPointToLayerPoint([0, 0]);
    L.DomUtil.setPosition(canvas, topLeft);
    const context = canvas.getContext('2d');
    // A map not laid out yet (a hidden dialog) has no pixels to draw into.
    if (!context || canvas.width === 0 || canvas.height === 0) return;
    const { lon, lat, residents } = this.demand;
    // Web Mercator is linear in longitude and in ln(tan(pi/4 + lat/2)): two points placed by Leaflet place every other one, with no object per point.
    const mercator = (degrees: number) => Math.log(Math.tan(Math.PI / 4 + (degrees * Math.PI) / 360));
    const a = map.latLngToContainerPoint([0, 0]);
    const b = map.latLngToContainerPoint([10, 10]);
    const xScale = (b.x - a.x) / 10;
    const yScale = (b.y - a.y) / mercator(10);
    // Pixels written into one image and put once: tens of thousands of canvas calls took a third of a second without a GPU.
    const width = canvas.width;
    const height = canvas.height;
    const image = context.createImageData(width, height);
    const pixels = new Uint32Array(image.data.buffer);
    const colour = rgba(SERVICE.unsolved);
    for (let i = 0; i < lon.length; i++) {
      const x = (a.x + xScale * lon[i]) * ratio;
      const y = (a.y + yScale * mercator(lat[i])) * ratio;
      const radius = (1 + 3 * Math.sqrt(residents[i] / this.largest)) * ratio;
      const x0 = Math.max(0, Math.round(x - radius));
      const x1 = Math.min(width, Math.round(x + radius));
      const y0 = Math.max(0, Math.round(y - radius));
      const y1 = Math.min(height, Math.round(y + radius));
      for (let row = y0; row < y1; row++) pixels.fill(colour, row * width + x0, row * width + x1);
    }
    context.putImageData(image, 0, 0);
  }
}
