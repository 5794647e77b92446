import L from 'leaflet';
import type { Candidate } from '../../plan/candidates';
import type { CityData } from '../../plan/city';
import { FACILITY_TYPES, coverageRadius, type FacilityType, type Scenario } from '../../plan/scenario';
import type { PlannedSite, PlanResult } from '../../plan/solvePlan';
import type { I18n } from '../i18n/i18n.svelte';
import { element, rows } from './dom';
import { legend } from './legend';
import { EXISTING, SERVICE, TYPE_COLOURS } from './style';

export interface MapCallbacks {
  onMapClick(lon: number, lat: number): void;
  onCandidateRole(id: string, role: 'normal' | 'required' | 'forbidden'): void;
  onRemoveAdded(id: string): void;
}

/**
 * The Leaflet map and its layers. Panels are Svelte; the map is imperative,
 * so it lives here behind a few methods the Map component calls.
 */
export class PlanMap {
  private readonly map: L.Map;
  private readonly canvas = L.canvas({ padding: 0.3 });
  private readonly base = L.layerGroup();
  private readonly cells = L.layerGroup();
  private readonly existing = L.layerGroup();
  private readonly candidates = L.layerGroup();
  private readonly plan = L.layerGroup();
  private legendControl: L.Control;
  private legendTypes: readonly FacilityType[] = FACILITY_TYPES;
  private readonly resizes: ResizeObserver;
  private city: CityData | null = null;
  private cityBounds: L.LatLngBounds | null = null;
  /** Until the viewer pans or zooms, the whole city stays in view whatever the frame's size. */
  private viewerMoved = false;

  constructor(
    container: HTMLElement,
    private readonly i18n: I18n,
    private readonly callbacks: MapCallbacks,
  ) {
    // Quarter zoom steps let the whole city fill the map whatever the window's height.
    this.map = L.map(container, { preferCanvas: true, zoomControl: true, attributionControl: true, zoomSnap: 0.25 }).setView([43.25, 76.92], 11);
    // Tiles are decoration: without a network the data layers still show on the plain background.
    L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {
      maxZoom: 18,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    }).addTo(this.map);
    for (const layer of [this.base, this.cells, this.existing, this.candidates, this.plan]) layer.addTo(this.map);
    this.map.attributionControl.addAttribution('Districts &copy; OpenStreetMap contributors, ODbL');
    this.map.on('click', (event: L.LeafletMouseEvent) => this.callbacks.onMapClick(event.latlng.lng, event.latlng.lat));
    this.legendControl = legend(i18n, this.legendTypes, container.clientWidth < 700);
    this.legendControl.addTo(this.map);
    for (const event of ['mousedown', 'wheel', 'touchstart', 'keydown']) container.addEventListener(event, () => (this.viewerMoved = true), { passive: true });
    // The panels around the map settle after it is created (and an embedding frame may resize it); Leaflet must know its real size.
    this.resizes = new ResizeObserver(() => {
      this.map.invalidateSize();
      if (this.cityBounds && !this.viewerMoved) this.map.fitBounds(this.cityBounds, { padding: [10, 10] });
    });
    this.resizes.observe(container);
  }

  destroy(): void {
    this.resizes.disconnect();
    this.map.remove();
  }

  /** Rebuilds the legend (language, the plan's facility types, folded on small maps). */
  refreshLegend(types: readonly FacilityType[] = this.legendTypes): void {
    this.legendTypes = types;
    this.legendControl.remove();
    this.legendControl = legend(this.i18n, types, this.map.getContainer().clientWidth < 700);
    this.legendControl.addTo(this.map);
  }

  showCity(city: CityData): void {
    this.city = city;
    this.base.clearLayers();
    L.geoJSON(city.exclusions, { style: { color: '#868e96', weight: 1, fillColor: '#adb5bd', fillOpacity: 0.35, dashArray: '4 4' }, interactive: false }).addTo(this.base);
    const districts = L.geoJSON(city.districtShapes, { style: { color: '#343a40', weight: 1.5, fill: false } });
    districts.eachLayer((layer) => {
      const feature = (layer as L.GeoJSON).feature as GeoJSON.Feature;
      const k = city.districts.findIndex((d) => d.id === feature.properties?.id);
      layer.bindTooltip(() => city.districts[k].names[this.i18n.lang], { sticky: true });
    });
    districts.addTo(this.base);
    this.cityBounds = districts.getBounds();
    this.map.invalidateSize();
    this.map.fitBounds(this.cityBounds, { padding: [10, 10] });
    this.showExisting(city);
    this.colourCells(null, 'school');
  }

  private showExisting(city: CityData): void {
    this.existing.clearLayers();
    const { schools, privateSchools, health, containers } = city;
    for (let j = 0; j < privateSchools.count; j++) {
      L.circleMarker([privateSchools.lat[j], privateSchools.lon[j]], { renderer: this.canvas, radius: 2.5, color: EXISTING.private, weight: 1, fill: false })
        .bindTooltip(() => `${privateSchools.names[j]} · ${this.i18n.t('map.privateSchool')}`)
        .addTo(this.existing);
    }
    for (let j = 0; j < schools.count; j++) {
      const overloaded = schools.students[j] > schools.capacity[j];
      L.circleMarker([schools.lat[j], schools.lon[j]], {
        renderer: this.canvas,
        radius: 4,
        color: overloaded ? EXISTING.overloaded : EXISTING.school,
        weight: overloaded ? 2.5 : 1.5,
        fillColor: '#fff',
        fillOpacity: 1,
      })
        .bindTooltip(() => {
          const load = Number.isNaN(schools.students[j]) ? '' : ` · ${this.i18n.t('map.students', { students: this.i18n.number(schools.students[j]), capacity: this.i18n.number(schools.capacity[j]) })}`;
          return `${schools.names[j]}${load}`;
        })
        .addTo(this.existing);
    }
    for (let j = 0; j < health.count; j++) {
      L.circleMarker([health.lat[j], health.lon[j]], { renderer: this.canvas, radius: 4, color: EXISTING.health, weight: 2, fillColor: '#fff', fillOpacity: 1 })
        .bindTooltip(() => `${health.names[j] || health.ids[j]} · ${this.i18n.t('map.health')}`)
        .addTo(this.existing);
    }
    // Existing container sites (imported): their own colour, so they do not read as new ones.
    for (let j = 0; j < containers.count; j++) {
      const label = () => {
        const node = document.createElement('span');
        node.textContent = [containers.names[j], this.i18n.t('map.existingContainer')].filter((part) => part !== '').join(' · ');
        return node;
      };
      L.circleMarker([containers.lat[j], containers.lon[j]], { renderer: this.canvas, radius: 3, color: EXISTING.container, weight: 2, fillColor: '#fff', fillOpacity: 1 })
        .bindTooltip(label)
        .addTo(this.existing);
    }
  }

  /** Demand cells coloured by how much of their demand of `type` the plan serves in `year` (null: not solved). */
  colourCells(result: PlanResult | null, type: FacilityType, year?: number, scenario?: Scenario): void {
    const city = this.city;
    if (!city) return;
    this.cells.clearLayers();
    const { demand } = city;
    const byYear = result?.servedByYear[type];
    const served = byYear && year !== undefined ? byYear[Math.min(year, byYear.length - 1)] : result?.served[type];
    const weight = type === 'school' ? demand.children : type === 'polyclinic' ? demand.residents : demand.households;
    // Demand grows over the years: year t's demand is the data's, grown t times at the district's rate.
    const t = byYear && year !== undefined ? Math.min(year, byYear.length - 1) : byYear ? byYear.length - 1 : 0;
    const growth = city.districts.map((district) => (1 + (scenario?.phases.enabled ? (scenario.phases.growth[district.id] ?? 0) : 0)) ** t);
    for (let i = 0; i < demand.count; i++) {
      let colour = SERVICE.unsolved;
      if (served) {
        const demandThen = weight[i] * growth[demand.district[i]];
        const share = demandThen > 0 ? served[i] / demandThen : 1;
        colour = share >= 0.99 ? SERVICE.served : share > 0.01 ? SERVICE.partly : SERVICE.unserved;
      }
      L.circleMarker([demand.lat[i], demand.lon[i]], {
        renderer: this.canvas,
        radius: 1.5 + Math.sqrt(demand.residents[i]) / 14,
        stroke: false,
        fillColor: colour,
        fillOpacity: served ? 0.65 : 0.35,
      })
        .bindTooltip(() =>
          this.i18n.t('map.cellPeople', {
            residents: this.i18n.number(demand.residents[i]),
            children: this.i18n.number(demand.children[i]),
            households: this.i18n.number(demand.households[i]),
          }),
        )
        .addTo(this.cells);
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
      // Container candidates sit on every population cell; drawing them all would hide the cells.
      if (candidate.type === 'container' && !marked) continue;
      const role = required.has(candidate.id) ? 'required' : forbidden.has(candidate.id) ? 'forbidden' : 'normal';
      const marker = L.circleMarker([candidate.lat, candidate.lon], {
        renderer: this.canvas,
        radius: role === 'normal' ? 2.5 : 5,
        color: role === 'forbidden' ? '#495057' : TYPE_COLOURS[candidate.type],
        weight: role === 'normal' ? 1 : 2.5,
        dashArray: role === 'forbidden' ? '2 3' : undefined,
        fillColor: role === 'required' ? TYPE_COLOURS[candidate.type] : '#fff',
        fillOpacity: role === 'forbidden' ? 0.2 : 0.9,
      });
      marker.bindPopup(() => this.candidatePopup(candidate, role));
      marker.addTo(this.candidates);
    }
  }

  private candidatePopup(candidate: Candidate, role: 'normal' | 'required' | 'forbidden'): HTMLElement {
    const node = element('div', 'popup');
    const status = role === 'normal' ? '' : ` · ${this.i18n.t(`map.${role}`)}`;
    node.append(element('strong', '', `${this.i18n.t(`typeOne.${candidate.type}`)} · ${this.i18n.t('map.candidate')}${status}`));
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
    this.plan.clearLayers();
    this.colourCells(result, coverageType, year, scenario);
    const sites = result?.sites.filter((site) => year === undefined || site.period <= year) ?? [];
    // Sites are drawn on a canvas; the count on the container lets a test (or a screen reader) read what is shown.
    this.map.getContainer().dataset.sitesShown = String(sites.reduce((sum, site) => sum + site.count, 0));
    if (!result) return;
    for (const type of FACILITY_TYPES) {
      if (type === 'container') continue;
      const radius = coverageRadius(scenario, type);
      for (const site of sites.filter((s) => s.type === type)) {
        L.circle([site.lat, site.lon], { radius, color: TYPE_COLOURS[type], weight: 1, fillOpacity: 0.06, interactive: false }).addTo(this.plan);
      }
    }
    // Container sites are many and small; they are drawn when their coverage is the one shown.
    for (const site of sites.filter((s) => s.type !== 'container' || coverageType === 'container')) {
      const ringed = highlight?.has(site.id) ?? false;
      L.circleMarker([site.lat, site.lon], { radius: site.type === 'container' ? 5 : 8, color: ringed ? '#000' : '#fff', weight: ringed ? 3.5 : 2, fillColor: TYPE_COLOURS[site.type], fillOpacity: 1 })
        .bindPopup(() => this.sitePopup(site, scenario))
        .addTo(this.plan);
    }
  }

  private sitePopup(site: PlannedSite, scenario: Scenario): HTMLElement {
    const { i18n, city } = this;
    const node = element('div', 'popup');
    const district = city ? city.districts[site.district].names[i18n.lang] : '';
    node.append(element('strong', '', `${i18n.t('map.newSite', { type: i18n.t(`typeOne.${site.type}`).toLowerCase() })} · ${district}`));
    const unit = i18n.t(`capacityUnit.${site.type}`);
    node.append(
      rows([
        [i18n.t('site.cost'), i18n.tenge(site.cost)],
        [i18n.t('site.capacity'), `${i18n.number(site.capacity)} ${unit}`],
        [i18n.t('site.serves'), `${i18n.number(site.served)} ${i18n.t(`demandOf.${site.type}`)}`],
      ]),
    );
    if (site.count > 1) node.append(element('p', '', i18n.t('site.count', { count: site.count })));
    const travel = scenario.objective === 'minTravel' || scenario.objective === 'minWorst';
    const why = site.required
      ? i18n.t('site.whyRequired')
      : travel
        ? i18n.t('site.whyTravel', { people: i18n.number(site.served), demand: i18n.t(`demandOf.${site.type}`) })
        : i18n.t('site.whyNew', { people: i18n.number(site.newlyReached), demand: i18n.t(`demandOf.${site.type}`) });
    node.append(element('p', 'popup-why', `${i18n.t('site.why')}: ${why}`));
    return node;
  }
}
