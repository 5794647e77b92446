import { EVERY_SERVICE } from '../../plan/everyService';
import L from 'leaflet';
import type { Candidate } from '../../plan/candidates';
import type { CityData } from '../../plan/city';
import type { StreetGraph } from '../../engine/streets/graph';
import { coverageObjective, coverageRadius, typeIds, type FacilityType, type Scenario } from '../../plan/scenario';
import { typeSpec } from '../../plan/presets';
import { demandWeights } from '../../plan/city';
import type { PlannedSite, PlanResult } from '../../plan/solvePlan';
import { CANDIDATE, DRAWN_LINE, EXISTING, HIGHLIGHT, HOUSING, TRANSIT, layerColour, OFF_STREET, SERVICE, serviceColour, sitesShown, STREET, typeLook } from '../../style/colours';
import { shapeSvg } from '../../style/shapes';
import { estateResidents, type HousingEstate } from '../../plan/housing';
import type { TransitRoute } from '../../plan/transit';
import type { I18n } from '../i18n/i18n.svelte';
import { mapCredits } from './credits';
import { element, rows } from './dom';
import { legend, legendFits, NO_TRANSIT, type TransitShown } from './legend';
import { streetsLicence, type LayerWords } from './words';

export interface MapCallbacks {
  onMapClick(lon: number, lat: number): void;
  onCandidateRole(id: string, role: 'normal' | 'required' | 'forbidden'): void;
  onRemoveAdded(id: string): void;
}

/** Tooltip content as a text node: names from files must never become markup. */
const text = (content: string): HTMLElement => element('span', '', content);

/**
 * The Leaflet map and its layers. Panels are Svelte; the map is imperative,
 * so it lives here behind a few methods the Map component calls.
 *
 * All data layers share one canvas: two canvases stacked in a pane leave the
 * lower one deaf to the pointer (the district tooltips never opened). New
 * sites are few, so they are DOM markers in the marker pane, above the canvas:
 * a click or a tap on one reaches it, never the candidate underneath.
 */
export class PlanMap {
  private readonly map: L.Map;
  private readonly canvas = L.canvas({ padding: 0.3 });
  private readonly base = L.layerGroup();
  private readonly cells = L.layerGroup();
  private readonly existing = L.layerGroup();
  private readonly candidates = L.layerGroup();
  private readonly serviceAreas = L.layerGroup();
  private readonly sites = L.layerGroup();
  private readonly housing = L.layerGroup();
  /** Public transport: routes and stops, the line being drawn, and the cells a plan reaches by transit only. */
  private readonly transit = L.layerGroup();
  private readonly transitReach = L.layerGroup();
  /** Per cell, transit minutes to the nearest site of the shown type after the plan (NaN: none within its norm), for the tooltips. */
  private transitMinutes: Float64Array | null = null;
  /** A click places something (a line's stop, an estate, a candidate): candidates pass it on instead of opening their menu. */
  private placing = false;
  /** What of public transport is drawn: its legend rows. */
  private transitShown: TransitShown = NO_TRANSIT;
  /** The street network and the cells measured by straight lines (too far from any street), shown on request. */
  private readonly streets = L.layerGroup();
  private readonly offStreet = L.layerGroup();
  private streetsShown = false;
  /** The city's walking graph, for the streets layer and the attribution (it arrives after the city: the map does not wait for it). */
  private streetGraph: StreetGraph | null = null;
  private shownResult: PlanResult | null = null;
  /** Walking distance (metres) to the nearest facility per cell, and the speed that makes it minutes, for the tooltips. */
  private walking: { distance: Float64Array; speedKmh: number; alongStreets: boolean; type: FacilityType } | null = null;
  private cellMarkers: L.CircleMarker[] = [];
  private siteMarkers = new Map<string, L.Marker>();
  private legendControl: L.Control | null = null;
  private legendTypes: readonly FacilityType[] = [];
  /** Types the shown plan extends existing facilities of: their legend entry is shown only then. */
  private extensionTypes: readonly FacilityType[] = [];
  /** What the controls were last built for (see refreshControls). */
  private controlsKey = '';
  /** Once the viewer opens or folds the legend, the size no longer decides. */
  private legendTouched = false;
  private zoomControl: L.Control.Zoom | null = null;
  private attributions: string[] = [];
  /** A city's own credits (its package's attribution), shown in place of the demo's translated ones. */
  private cityAttribution: string | null = null;
  /** What the city's health facilities and no-build zones are called (the demo's words explain Almaty's stand-ins). */
  private words: LayerWords = { health: 'map.health', exclusion: 'map.exclusion' };
  private readonly resizes: ResizeObserver;
  private city: CityData | null = null;
  private cityBounds: L.LatLngBounds | null = null;
  /** Until the viewer pans or zooms, the whole city stays in view whatever the frame's size. */
  private viewerMoved = false;

  constructor(
    container: HTMLElement,
    private readonly i18n: I18n,
    private readonly callbacks: MapCallbacks,
    /** Fit the city clear of the open legend (the embed, where the map is the whole slide and the legend stays open). */
    private readonly clearOfLegend = false,
  ) {
    // Quarter zoom steps let the whole city fill the map whatever the window's height.
    this.map = L.map(container, { preferCanvas: true, zoomControl: false, attributionControl: true, zoomSnap: 0.25 }).setView([43.25, 76.92], 11);
    // Tiles are decoration: without a network the data layers still show on the plain background.
    L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', { maxZoom: 18 }).addTo(this.map);
    for (const layer of [this.base, this.streets, this.cells, this.transitReach, this.offStreet, this.transit, this.existing, this.housing, this.candidates, this.serviceAreas, this.sites]) layer.addTo(this.map);
    this.map.on('click', (event: L.LeafletMouseEvent) => this.callbacks.onMapClick(event.latlng.lng, event.latlng.lat));
    // The view on the container lets a test find a place's pixel without reaching into Leaflet.
    this.map.on('moveend zoomend resize', () => this.publishView());
    this.refreshControls();
    for (const event of ['mousedown', 'wheel', 'touchstart', 'keydown']) container.addEventListener(event, () => (this.viewerMoved = true), { passive: true });
    // The panels around the map settle after it is created (and an embedding frame may resize it); Leaflet must know its real size.
    this.resizes = new ResizeObserver(() => {
      this.map.invalidateSize();
      // Without animation: the panels may settle in several steps, and each refit must land at once.
      this.foldLegend();
      if (!this.viewerMoved) this.fitCity();
    });
    this.resizes.observe(container);
  }

  destroy(): void {
    this.resizes.disconnect();
    this.map.remove();
  }

  /**
   * Rebuilds the legend (language, the plan's facility types, the streets
   * layer) and Leaflet's own controls in the current language; nothing when
   * none of these changed (every new plan asks, and fitting the legend
   * forces a layout of the page).
   */
  refreshControls(types: readonly FacilityType[] = this.legendTypes): void {
    const { i18n } = this;
    const exclusions = (this.city?.exclusions.features.length ?? 1) > 0;
    const key = [i18n.lang, Object.keys(this.city?.layers ?? {}).join(','), types.join(','), this.extensionTypes.join(','), this.streetsShown, this.streetGraph?.source.name ?? '', this.streetGraph?.source.newest ?? '', this.cityAttribution ?? '', this.words.health, this.words.exclusion, exclusions, JSON.stringify(this.transitShown)].join('|');
    if (key === this.controlsKey) return;
    this.controlsKey = key;
    this.legendTypes = types;
    this.zoomControl?.remove();
    this.zoomControl = L.control.zoom({ zoomInTitle: i18n.t('map.zoomIn'), zoomOutTitle: i18n.t('map.zoomOut') }).addTo(this.map);

    // Attribution strings are HTML in Leaflet: only our own constants go in, built as nodes so even they are escaped.
    const attribution = this.map.attributionControl;
    const leaflet = element('a', '', 'Leaflet');
    leaflet.href = 'https://leafletjs.com';
    leaflet.title = i18n.t('map.leafletTitle');
    attribution.setPrefix(leaflet.outerHTML);
    for (const old of this.attributions) attribution.removeAttribution(old);
    const streets = this.streetGraph?.source;
    const licence = streets ? streetsLicence(streets) : null;
    const credits = mapCredits(this.cityAttribution, licence, { osm: i18n.t('map.osmContributors'), districts: i18n.t('map.districtsLicence'), streets: i18n.t('streets.licence'), streetsOld: i18n.t('streets.licenceOld') });
    this.attributions = credits.map((credit) => {
      const node = element(credit.osm ? 'a' : 'span', credit.city ? 'city-attribution' : '', credit.text);
      if (credit.osm) (node as HTMLAnchorElement).href = 'https://www.openstreetmap.org/copyright';
      return node.outerHTML;
    });
    for (const line of this.attributions) attribution.addAttribution(line);

    const open = (this.legendControl?.getContainer() as HTMLDetailsElement | undefined)?.open;
    this.legendControl?.remove();
    const layers = Object.entries(this.city?.layers ?? {}).filter(([name, layer]) => !['schools', 'health', 'containers'].includes(name) && layer.count > 0).map(([name]) => ({ name, colour: layerColour(name) }));
    this.legendControl = legend(i18n, types, () => (this.legendTouched = true), this.words, this.streetsShown && this.streetGraph !== null, this.extensionTypes, exclusions, layers, this.transitShown);
    this.legendControl.addTo(this.map);
    // Opened or folded (by the viewer or by the map's size), it changes the room the city has.
    if (this.clearOfLegend) {
      this.legendControl.getContainer()!.addEventListener('toggle', () => {
        if (!this.viewerMoved) this.fitCity();
      });
    }
    if (this.legendTouched && open !== undefined) (this.legendControl.getContainer() as HTMLDetailsElement).open = open;
    else this.foldLegend();
  }

  /** The whole city in view; with clearOfLegend, beside the legend where it is open (it stands over the map's lower right corner). */
  private fitCity(): void {
    if (!this.cityBounds) return;
    const legend = this.legendControl?.getContainer() as HTMLDetailsElement | undefined;
    const right = this.clearOfLegend && legend?.open ? legend.offsetWidth + 20 : 10;
    this.map.fitBounds(this.cityBounds, { paddingTopLeft: [10, 10], paddingBottomRight: [right, 10], animate: false });
  }

  /** Open where it fits; folded (a click opens it) on narrow maps or maps shorter than the legend. */
  private foldLegend(): void {
    const details = this.legendControl?.getContainer() as HTMLDetailsElement | undefined;
    if (!details || this.legendTouched) return;
    details.open = legendFits(details, this.map.getContainer());
  }

  private publishView(): void {
    // The place under the element's middle pixel (not getCenter(), which uses Leaflet's cached size and lags a panel's resize).
    const container = this.map.getContainer();
    const centre = this.map.containerPointToLatLng([container.clientWidth / 2, container.clientHeight / 2]);
    this.map.getContainer().dataset.view = `${centre.lat},${centre.lng},${this.map.getZoom()}`;
  }

  /** The city's credits as text (from its package: escaped like every other string from data). */
  setCityAttribution(text: string | null): void {
    if (text === this.cityAttribution) return;
    this.cityAttribution = text;
    this.refreshControls();
  }

  /** The words for the city's own layers (its health facilities' tooltips read them when shown). */
  setLayerWords(words: LayerWords): void {
    if (words.health === this.words.health && words.exclusion === this.words.exclusion) return;
    this.words = words;
    this.refreshControls();
  }

  /** No city (its package is missing): nothing of the last one stays on the map. */
  clearCity(): void {
    this.city = null;
    this.cityBounds = null;
    this.cellMarkers = [];
    for (const layer of [this.base, this.cells, this.existing, this.candidates, this.serviceAreas, this.sites, this.offStreet]) layer.clearLayers();
    this.siteMarkers.clear();
  }

  showCity(city: CityData): void {
    // Another city: it is fitted to the map again, whatever the viewer did with the last one.
    if (this.city && this.city.districtShapes !== city.districtShapes && this.city.districts[0]?.id !== city.districts[0]?.id) this.viewerMoved = false;
    this.city = city;
    this.base.clearLayers();
    L.geoJSON(city.exclusions, {
      style: { color: '#868e96', weight: 1, fillColor: '#adb5bd', fillOpacity: 0.35, dashArray: '4 4' },
      interactive: false,
      renderer: this.canvas,
    } as L.GeoJSONOptions & L.PathOptions).addTo(this.base);
    const districts = L.geoJSON(city.districtShapes, { style: { color: '#343a40', weight: 1.5, fill: false }, renderer: this.canvas } as L.GeoJSONOptions & L.PathOptions);
    districts.eachLayer((layer) => {
      const feature = (layer as L.GeoJSON).feature as GeoJSON.Feature;
      const k = city.districts.findIndex((d) => d.id === feature.properties?.id);
      layer.bindTooltip(() => text(city.districts[k].names[this.i18n.lang]), { sticky: true });
    });
    districts.addTo(this.base);
    this.cityBounds = districts.getBounds();
    this.map.invalidateSize();
    this.fitCity();
    this.publishView();
    // Cells first, facilities after: on one canvas the later layer is on top and takes the pointer.
    this.drawCells(city);
    this.showExisting(city);
    this.drawStreets();
    this.refreshControls();
  }

  setStreetGraph(graph: StreetGraph | null): void {
    if (graph === this.streetGraph) return;
    this.streetGraph = graph;
    this.drawStreets();
    this.refreshControls();
  }

  /** Shows or hides the street network (drawn when first asked for: a city's network is tens of thousands of segments). */
  setStreetsShown(shown: boolean): void {
    if (shown === this.streetsShown) return;
    this.streetsShown = shown;
    this.drawStreets();
    this.showOffStreet(this.shownResult);
    this.refreshControls();
  }

  private drawStreets(): void {
    this.streets.clearLayers();
    const graph = this.streetGraph;
    this.map.getContainer().dataset.streetsShown = String(this.streetsShown && graph ? graph.edgeFrom.length : 0);
    if (!this.streetsShown || !graph) return;
    const segments: L.LatLngExpression[][] = [];
    for (let e = 0; e < graph.edgeFrom.length; e++) {
      const u = graph.edgeFrom[e];
      const v = graph.edgeTo[e];
      segments.push([
        [graph.lat[u], graph.lon[u]],
        [graph.lat[v], graph.lon[v]],
      ]);
    }
    L.polyline(segments, { renderer: this.canvas, color: STREET, weight: 1, opacity: 0.7, interactive: false }).addTo(this.streets);
  }

  private drawCells(city: CityData): void {
    this.cells.clearLayers();
    const { demand } = city;
    this.cellMarkers = [];
    for (let i = 0; i < demand.count; i++) {
      const marker = L.circleMarker([demand.lat[i], demand.lon[i]], {
        renderer: this.canvas,
        radius: 1.5 + Math.sqrt(demand.residents[i]) / 14,
        stroke: false,
        fillColor: SERVICE.unsolved,
        fillOpacity: 1,
      }).bindTooltip(() =>
        text(
          `${city.districts[demand.district[i]].names[this.i18n.lang]} · ${this.i18n.t('map.cellPeople', {
            residents: this.i18n.number(demand.residents[i]),
            children: this.i18n.number(demand.children[i]),
            households: this.i18n.number(demand.households[i]),
          })}${this.walkingText(i)}${this.transitText(i)}`,
        ),
      );
      marker.addTo(this.cells);
      this.cellMarkers.push(marker);
    }
  }

  /** " · 12 min walk to the nearest school (along streets)", for the type shown, once a plan is. */
  private walkingText(i: number): string {
    const walking = this.walking;
    if (!walking || !Number.isFinite(walking.distance[i])) return '';
    const minutes = Math.max(1, Math.round(walking.distance[i] / ((walking.speedKmh * 1000) / 60)));
    const type = this.i18n.t(`typeOne.${walking.type}`).toLowerCase();
    return ` · ${this.i18n.t(walking.alongStreets ? 'streets.walkAlong' : 'streets.walkStraight', { minutes: this.i18n.number(minutes), type })}`;
  }

  /** " · by transit 9 min", where a site of the shown type is within its norm by transit after the plan. */
  private transitText(i: number): string {
    const minutes = this.transitMinutes?.[i];
    if (minutes === undefined || !Number.isFinite(minutes)) return '';
    return ` · ${this.i18n.t('transit.cellMinutes', { minutes: this.i18n.number(Math.max(1, Math.round(minutes))) })}`;
  }

  setPlacing(placing: boolean): void {
    this.placing = placing;
    if (placing) this.map.closePopup();
  }

  /**
   * Public transport: the routes (the feed's in their own colour, drawn lines
   * in orange) with their stops, and the line being drawn. Names are text.
   */
  showTransit(routes: readonly TransitRoute[], stops: { readonly lon: Float64Array; readonly lat: Float64Array } | null, drawing: readonly (readonly [number, number])[] | null): void {
    this.transit.clearLayers();
    for (const route of routes) {
      // One colour for the feed's routes (their own may be a type's or a coverage state's): the tooltip names each.
      const line = L.polyline(
        route.paths.map((path) => path.map(([lon, lat]) => [lat, lon] as L.LatLngTuple)),
        { renderer: this.canvas, color: route.drawn ? DRAWN_LINE : TRANSIT, weight: route.drawn ? 4 : 3, opacity: route.drawn ? 0.9 : 0.8 },
      );
      line.bindTooltip(() => text(route.name), { sticky: true }).addTo(this.transit);
      if (route.drawn) for (const path of route.paths) for (const [lon, lat] of path) L.circleMarker([lat, lon], { renderer: this.canvas, radius: 4, color: DRAWN_LINE, weight: 2, fillColor: '#ffffff', fillOpacity: 1, interactive: false }).addTo(this.transit);
    }
    const stopCount = stops?.lon.length ?? 0;
    for (let s = 0; s < stopCount; s++) L.circleMarker([stops!.lat[s], stops!.lon[s]], { renderer: this.canvas, radius: 2, color: TRANSIT, weight: 1, fillColor: '#ffffff', fillOpacity: 1, interactive: false }).addTo(this.transit);
    if (drawing && drawing.length > 0) {
      L.polyline(drawing.map(([lon, lat]) => [lat, lon] as L.LatLngTuple), { renderer: this.canvas, color: DRAWN_LINE, weight: 3, dashArray: '6 4', interactive: false }).addTo(this.transit);
      for (const [lon, lat] of drawing) L.circleMarker([lat, lon], { renderer: this.canvas, radius: 5, color: DRAWN_LINE, weight: 2, fillColor: '#ffffff', fillOpacity: 1, interactive: false }).addTo(this.transit);
    }
    const container = this.map.getContainer();
    container.dataset.transitRoutes = String(routes.length);
    container.dataset.transitStops = String(stopCount);
    container.dataset.drawingStops = String(drawing?.length ?? 0);
    this.setTransitShown({ ...this.transitShown, routes: routes.some((route) => !route.drawn), drawn: routes.some((route) => route.drawn) || (drawing?.length ?? 0) > 0 });
  }

  private setTransitShown(shown: TransitShown): void {
    if (JSON.stringify(shown) === JSON.stringify(this.transitShown)) return;
    this.transitShown = shown;
    this.refreshControls();
  }

  /** The cells the plan reaches by transit only (a teal ring), for the type shown. */
  private showTransitReach(result: PlanResult | null, type: FacilityType): void {
    this.transitReach.clearLayers();
    const access = result?.transit?.find((entry) => entry.type === type) ?? null;
    this.transitMinutes = access?.cellMinutes ?? null;
    const city = this.city;
    let count = 0;
    if (access && city && access.transitOnly.length === city.demand.count) {
      for (let i = 0; i < city.demand.count; i++) {
        if (!access.transitOnly[i]) continue;
        count++;
        L.circleMarker([city.demand.lat[i], city.demand.lon[i]], { renderer: this.canvas, radius: 3 + Math.sqrt(city.demand.residents[i]) / 14, color: TRANSIT, weight: 2, fill: false, interactive: false }).addTo(this.transitReach);
      }
    }
    this.map.getContainer().dataset.transitReach = String(count);
    this.setTransitShown({ ...this.transitShown, reach: count > 0 });
  }

  private showExisting(city: CityData): void {
    this.existing.clearLayers();
    const { schools, privateSchools, health, containers } = city;
    for (let j = 0; j < privateSchools.count; j++) {
      L.circleMarker([privateSchools.lat[j], privateSchools.lon[j]], { renderer: this.canvas, radius: 2.5, color: EXISTING.private, weight: 1, fill: false })
        .bindTooltip(() => text(`${privateSchools.names[j]} · ${this.i18n.t('map.privateSchool')}`))
        .addTo(this.existing);
    }
    for (let j = 0; j < schools.count; j++) {
      const overloaded = schools.students[j] > schools.capacity[j];
      L.circleMarker([schools.lat[j], schools.lon[j]], {
        renderer: this.canvas,
        radius: 4,
        color: overloaded ? EXISTING.overloaded : EXISTING.schools,
        weight: overloaded ? 2.5 : 1.5,
        fillColor: '#fff',
        fillOpacity: 1,
      })
        .bindTooltip(() => {
          const load = Number.isNaN(schools.students[j]) ? '' : ` · ${this.i18n.t('map.students', { students: this.i18n.number(schools.students[j]), capacity: this.i18n.number(schools.capacity[j]) })}`;
          return text(`${schools.names[j]}${load}`);
        })
        .addTo(this.existing);
    }
    for (let j = 0; j < health.count; j++) {
      L.circleMarker([health.lat[j], health.lon[j]], { renderer: this.canvas, radius: 4, color: EXISTING.health, weight: 2, fillColor: '#fff', fillOpacity: 1 })
        .bindTooltip(() => text(`${health.names[j] || health.ids[j]} · ${this.i18n.t(this.words.health)}`))
        .addTo(this.existing);
    }
    // Existing container sites (imported): a ring in their type's colour, as existing schools are.
    for (let j = 0; j < containers.count; j++) {
      L.circleMarker([containers.lat[j], containers.lon[j]], { renderer: this.canvas, radius: 3, color: EXISTING.containers, weight: 2, fillColor: '#fff', fillOpacity: 1 })
        .bindTooltip(() => text([containers.names[j], this.i18n.t('map.existingContainer')].filter((part) => part !== '').join(' · ')))
        .addTo(this.existing);
    }
    // Any further layer (kindergartens, pharmacies, ...): a ring in the colour of the type it serves.
    for (const [name, layer] of Object.entries(city.layers)) {
      if (name === 'schools' || name === 'health' || name === 'containers') continue;
      const colour = layerColour(name);
      for (let j = 0; j < layer.count; j++) {
        L.circleMarker([layer.lat[j], layer.lon[j]], { renderer: this.canvas, radius: 3.5, color: colour, weight: 2, fillColor: '#fff', fillOpacity: 1 })
          .bindTooltip(() => text([layer.names[j], this.i18n.t('map.existingLayer', { layer: name })].filter((part) => part !== '').join(' · ')))
          .addTo(this.existing);
      }
    }
    this.map.getContainer().dataset.existingShown = String(this.existing.getLayers().length);
  }

  /** Planned housing estates: a dark dashed outline, or a dark square where only a point is given, named as text. */
  showHousing(estates: readonly HousingEstate[], startYear: number): void {
    this.housing.clearLayers();
    for (const estate of estates) {
      const label = () =>
        text(this.i18n.t('housing.mapLabel', { name: estate.name ?? estate.id, residents: this.i18n.number(Math.round(estateResidents(estate))), year: estate.year === undefined ? String(startYear) : String(estate.year) }));
      const layer = estate.polygon
        ? L.polygon(estate.polygon.map((ring) => ring.map(([lon, lat]) => [lat, lon] as L.LatLngTuple)), { renderer: this.canvas, color: HOUSING, weight: 2, dashArray: '5 4', fillColor: HOUSING, fillOpacity: 0.08 })
        : L.marker([estate.point![1], estate.point![0]], { icon: L.divIcon({ className: 'housing-marker', html: element('span', 'housing-mark'), iconSize: [14, 14] }), keyboard: false });
      layer.bindTooltip(label).addTo(this.housing);
    }
    this.map.getContainer().dataset.housingShown = String(estates.length);
  }

  /**
   * Demand cells coloured by how much of their demand of `type` the plan
   * serves in `year` (null: not solved); for EVERY_SERVICE, by the share of
   * residents reaching every essential type in the plan's last year.
   */
  colourCells(result: PlanResult | null, type: FacilityType, year?: number, scenario?: Scenario): void {
    const city = this.city;
    if (!city || this.cellMarkers.length !== city.demand.count) return;
    if (type === EVERY_SERVICE) {
      const every = result?.kpis?.everyService;
      for (let i = 0; i < city.demand.count; i++) {
        const colour = every ? serviceColour(every.share[i]) : SERVICE.unsolved;
        if (this.cellMarkers[i].options.fillColor !== colour) this.cellMarkers[i].setStyle({ fillColor: colour });
      }
      return;
    }
    const { demand } = city;
    const byYear = result?.servedByYear[type];
    const served = byYear && year !== undefined ? byYear[Math.min(year, byYear.length - 1)] : result?.served[type];
    const spec = scenario && type in scenario.facilities ? typeSpec(scenario.facilities, type) : null;
    const weight = spec ? demandWeights(city, spec.demand) : demand.residents;
    // Demand grows over the years: year t's demand is the data's, grown t times at the district's rate.
    const t = byYear && year !== undefined ? Math.min(year, byYear.length - 1) : byYear ? byYear.length - 1 : 0;
    const growth = city.districts.map((district) => (1 + (scenario?.phases.enabled ? (scenario.phases.growth[district.id] ?? 0) : 0)) ** t);
    for (let i = 0; i < demand.count; i++) {
      let colour: string = SERVICE.unsolved;
      if (served) {
        const demandThen = weight[i] * growth[demand.district[i]];
        colour = serviceColour(demandThen > 0 ? served[i] / demandThen : 1);
      }
      if (this.cellMarkers[i].options.fillColor !== colour) this.cellMarkers[i].setStyle({ fillColor: colour });
    }
  }

  /** Candidates of the type whose coverage is shown (the others would only hide it). */
  showCandidates(candidates: Candidate[], scenario: Scenario, shownType: FacilityType): void {
    this.candidates.clearLayers();
    const required = new Set(scenario.candidates.required);
    const forbidden = new Set(scenario.candidates.forbidden);
    for (const candidate of candidates) {
      const marked = required.has(candidate.id) || forbidden.has(candidate.id) || candidate.addedByPlanner;
      if (candidate.type !== shownType && !marked) continue;
      // Candidates on every population cell (container sites) would hide the cells.
      if (typeLook(candidate.type).many && !marked) continue;
      // An extension candidate sits on its existing facility: a dot on every school would hide them (drawn once required or forbidden).
      if (candidate.extends !== undefined && !marked) continue;
      const role = required.has(candidate.id) ? 'required' : forbidden.has(candidate.id) ? 'forbidden' : 'normal';
      const marker = L.circleMarker([candidate.lat, candidate.lon], {
        renderer: this.canvas,
        radius: role === 'normal' ? 2.5 : 5,
        color: role === 'required' ? typeLook(candidate.type).colour : CANDIDATE,
        weight: role === 'normal' ? 1 : 2.5,
        dashArray: role === 'forbidden' ? '2 3' : undefined,
        fillColor: role === 'required' ? typeLook(candidate.type).colour : '#fff',
        fillOpacity: role === 'forbidden' ? 0.2 : 0.9,
      });
      // While the planner places something (a stop of a line, an estate, a site), a click on a candidate is a click on the map.
      marker.on('click', (event: L.LeafletMouseEvent) => {
        // The click is the candidate's: the map does not take it too.
        L.DomEvent.stopPropagation(event);
        if (this.placing) this.callbacks.onMapClick(event.latlng.lng, event.latlng.lat);
        else L.popup().setLatLng(event.latlng).setContent(this.candidatePopup(candidate, role)).openOn(this.map);
      });
      marker.addTo(this.candidates);
    }
  }

  private candidatePopup(candidate: Candidate, role: 'normal' | 'required' | 'forbidden'): HTMLElement {
    const node = element('div', 'popup');
    const status = role === 'normal' ? '' : ` · ${this.i18n.t(`map.${role}`)}`;
    const what = candidate.extends === undefined ? `${this.i18n.t(`typeOne.${candidate.type}`)} · ${this.i18n.t('map.candidate')}` : this.i18n.t(`extension.kind.${candidate.type}`);
    node.append(element('strong', '', `${what}${status}`));
    const buttons = element('div', 'popup-buttons');
    const button = (label: string, action: () => void) => {
      const b = element('button', '', label);
      b.type = 'button';
      b.addEventListener('click', () => {
        this.map.closePopup();
        action();
      });
      buttons.append(b);
    };
    if (role !== 'required') button(this.i18n.t('map.require'), () => this.callbacks.onCandidateRole(candidate.id, 'required'));
    if (role !== 'forbidden') button(this.i18n.t('map.forbid'), () => this.callbacks.onCandidateRole(candidate.id, 'forbidden'));
    if (role !== 'normal') button(this.i18n.t('map.clear'), () => this.callbacks.onCandidateRole(candidate.id, 'normal'));
    if (candidate.addedByPlanner) button(this.i18n.t('map.remove'), () => this.callbacks.onRemoveAdded(candidate.id));
    node.append(buttons);
    return node;
  }

  /** The plan as it stands in `year` (a year index; all years when absent): sites opened by then, coverage then. */
  showPlan(result: PlanResult | null, scenario: Scenario, coverageType: FacilityType, highlight?: Set<string>, year?: number): void {
    this.serviceAreas.clearLayers();
    this.sites.clearLayers();
    this.siteMarkers.clear();
    this.shownResult = result;
    this.colourCells(result, coverageType, year, scenario);
    const kpis = result?.kpis?.types.find((t) => t.type === coverageType);
    this.walking = kpis ? { distance: kpis.walking, speedKmh: scenario.facilities[coverageType].walkSpeedKmh, alongStreets: (result?.access?.source ?? null) !== null, type: coverageType } : null;
    this.showOffStreet(result);
    this.showTransitReach(result, coverageType);
    const sites = result?.sites.filter((site) => year === undefined || site.period <= year) ?? [];
    // The count on the container lets a test (or a screen reader) read what is shown.
    this.map.getContainer().dataset.sitesShown = String(sites.reduce((sum, site) => sum + site.count, 0));
    const extensions = sites.filter((site) => site.kind === 'extension');
    this.map.getContainer().dataset.extensionsShown = String(extensions.length);
    const extensionTypes = typeIds(scenario).filter((type) => extensions.some((site) => site.type === type));
    if (extensionTypes.join(',') !== this.extensionTypes.join(',')) {
      this.extensionTypes = extensionTypes;
      this.refreshControls();
    }
    if (!result) return;
    let alongStreets = 0;
    for (const type of typeIds(scenario)) {
      const radius = coverageRadius(scenario, type);
      for (const site of sites.filter((s) => s.type === type)) {
        // Along streets: the cells the site reaches within its norm, and the streets walked to them.
        const area = result.serviceAreas?.[site.id];
        if (area) {
          alongStreets++;
          L.polygon(area.cells.map((ring) => ring.map(([lon, lat]) => [lat, lon] as L.LatLngTuple)), { renderer: this.canvas, stroke: false, fillColor: typeLook(type).colour, fillOpacity: 0.13, interactive: false }).addTo(this.serviceAreas);
          L.polyline(area.streets.map((piece) => piece.map(([lon, lat]) => [lat, lon] as L.LatLngTuple)), { renderer: this.canvas, color: typeLook(type).colour, weight: 2, opacity: 0.8, interactive: false }).addTo(this.serviceAreas);
        } else if (!typeLook(type).many) {
          L.circle([site.lat, site.lon], { renderer: this.canvas, radius, color: typeLook(type).colour, weight: 1, fillOpacity: 0.06, interactive: false }).addTo(this.serviceAreas);
        }
      }
    }
    this.map.getContainer().dataset.serviceAreasAlongStreets = String(alongStreets);
    for (const site of sitesShown(sites, coverageType)) {
      const ringed = highlight?.has(site.id) ?? false;
      const marker = L.marker([site.lat, site.lon], { icon: site.kind === 'extension' ? extensionIcon(site.type, ringed) : siteIcon(site.type, ringed), keyboard: true, riseOnHover: true, title: this.siteTitle(site) });
      marker.bindPopup(() => this.sitePopup(site, scenario)).addTo(this.sites);
      this.siteMarkers.set(site.id, marker);
    }
  }

  /** Cells measured by straight lines because no mapped street is near: a hollow grey ring each, with the streets layer. */
  private showOffStreet(result: PlanResult | null): void {
    this.offStreet.clearLayers();
    const city = this.city;
    const points = result?.access?.offStreetPoints ?? [];
    this.map.getContainer().dataset.offStreetShown = String(this.streetsShown ? points.length : 0);
    if (!city || !this.streetsShown) return;
    for (const i of points) {
      L.circleMarker([city.demand.lat[i], city.demand.lon[i]], { renderer: this.canvas, radius: 3, color: OFF_STREET, weight: 1, opacity: 0.8, fill: false, interactive: false }).addTo(this.offStreet);
    }
  }

  /** Brings a new site into view and opens its popup (from the schedule table). */
  focusSite(id: string): boolean {
    const marker = this.siteMarkers.get(id);
    if (!marker) return false;
    this.viewerMoved = true;
    this.map.setView(marker.getLatLng(), Math.max(this.map.getZoom(), 14), { animate: false });
    marker.openPopup();
    return true;
  }

  private siteTitle(site: PlannedSite): string {
    const district = this.city ? this.city.districts[site.district].names[this.i18n.lang] : '';
    if (site.kind === 'extension') {
      const what = site.extendsName ? this.i18n.t('extension.title', { name: site.extendsName }) : this.i18n.t('extension.titleUnnamed', { type: this.i18n.t(`typeOne.${site.type}`).toLowerCase() });
      return `${what} · ${district}`;
    }
    return `${this.i18n.t('map.newSite', { type: this.i18n.t(`typeOne.${site.type}`).toLowerCase() })} · ${district}`;
  }

  private sitePopup(site: PlannedSite, scenario: Scenario): HTMLElement {
    const { i18n } = this;
    const node = element('div', 'popup');
    node.dataset.site = site.id;
    node.append(element('strong', '', this.siteTitle(site)));
    // "1 234 children", with the plural form the number takes in the language.
    const people = (count: number) => i18n.t(`demandOf.${site.type}`, { count: Math.round(count) });
    node.append(
      rows([
        [i18n.t('site.cost'), i18n.tenge(site.cost)],
        [i18n.t('site.capacity'), i18n.t(`capacityOf.${site.type}`, { count: site.capacity })],
        [i18n.t('site.serves'), people(site.served)],
      ]),
    );
    if (site.count > 1) node.append(element('p', '', i18n.t('site.count', { count: site.count })));
    const travel = !coverageObjective(scenario);
    const first = typeof site.reachedFirst === 'number' && Math.round(site.reachedFirst) > 0 ? site.reachedFirst : 0;
    const why = site.required
      ? i18n.t('site.whyRequired')
      : site.kind === 'extension'
        ? i18n.t('extension.why', { capacity: i18n.t(`capacityOf.${site.type}`, { count: site.capacity }) })
        : travel
        ? i18n.t('site.whyTravel', { people: people(site.served) })
        : first
          ? i18n.t(`site.whyFirst.${site.type}`, { people: people(first) })
          : i18n.t('site.whyNew', { people: people(site.newlyReached) });
    node.append(element('p', 'popup-why', `${i18n.t('site.why')}: ${why}`));
    // Why this site among equally good ones (results kept from before the rule have no figure).
    if (first && !site.required && site.kind === 'new' && !travel) node.append(element('p', 'popup-equals', i18n.t('site.whyEquals')));
    return node;
  }
}

export { EVERY_SERVICE };

/**
 * An extension of an existing facility: a white disc ringed thickly in its
 * type's colour with a "+", over the existing facility's own ring.
 */
function extensionIcon(type: FacilityType, ringed: boolean): L.DivIcon {
  const size = 18;
  const mark = element('span', 'site-extension', '+');
  Object.assign(mark.style, {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    width: '100%',
    height: '100%',
    boxSizing: 'border-box',
    borderRadius: '50%',
    border: `3px solid ${typeLook(type).colour}`,
    background: '#fff',
    color: typeLook(type).colour,
    font: 'bold 13px/1 sans-serif',
    boxShadow: '0 0 0 1px #0009',
  });
  if (ringed) mark.style.outline = `3px solid ${HIGHLIGHT}`;
  return L.divIcon({ className: `site-marker site-extension-marker site-${type}`, html: mark, iconSize: [size, size] });
}

/** The type's own shape in its colour (a diamond for schools, a small square for container sites): shapes no coverage dot has. */
function siteIcon(type: FacilityType, ringed: boolean): L.DivIcon {
  const look = typeLook(type);
  const size = look.many ? 10 : 16;
  const mark = element('span', 'site-shape');
  mark.append(shapeSvg(look.shape, look.colour, size));
  if (ringed) mark.style.outline = `3px solid ${HIGHLIGHT}`;
  return L.divIcon({ className: `site-marker site-${type}`, html: mark, iconSize: [size, size] });
}
