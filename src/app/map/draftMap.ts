import L from 'leaflet';
import type { CityData } from '../../plan/city';
import { EXISTING, SERVICE } from '../../style/colours';
import { element } from './dom';

/** Tooltip content as a text node: names from the planner's files never become markup. */
const text = (content: string): HTMLElement => element('span', '', content);

/**
 * The small map of a city draft in the review step: district outlines,
 * population points and the existing facilities, no tiles (the review must
 * show the files' own geometry, and the page may be offline).
 */
export function drawDraft(container: HTMLElement, city: CityData, labels: { lang: 'en' | 'ru' | 'kk'; health: string; container: string }): () => void {
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
  const { demand } = city;
  const largest = Math.max(1, ...Array.from(demand.residents));
  for (let i = 0; i < demand.count; i++) {
    L.circleMarker([demand.lat[i], demand.lon[i]], { renderer: canvas, radius: 1 + 3 * Math.sqrt(demand.residents[i] / largest), stroke: false, fillColor: SERVICE.unsolved, fillOpacity: 0.9, interactive: false }).addTo(map);
  }
  const ring = (lat: number, lon: number, colour: string, name: string) =>
    L.circleMarker([lat, lon], { renderer: canvas, radius: 4, color: colour, weight: 2, fillColor: '#fff', fillOpacity: 1 }).bindTooltip(() => text(name)).addTo(map);
  const { schools, health, containers } = city;
  for (let j = 0; j < schools.count; j++) ring(schools.lat[j], schools.lon[j], EXISTING.school, schools.names[j]);
  for (let j = 0; j < health.count; j++) ring(health.lat[j], health.lon[j], EXISTING.health, health.names[j] || labels.health);
  for (let j = 0; j < containers.count; j++) ring(containers.lat[j], containers.lon[j], EXISTING.container, containers.names[j] || labels.container);
  const fit = () => {
    map.invalidateSize();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [6, 6], animate: false });
  };
  fit();
  const resizes = new ResizeObserver(fit);
  resizes.observe(container);
  container.dataset.drawn = String(city.districts.length);
  return () => {
    resizes.disconnect();
    map.remove();
  };
}
