import L from 'leaflet';
import type { FacilityType } from '../../plan/scenario';
import type { SiteShape } from '../../plan/presets';
import { CANDIDATE, DRAWN_LINE, EXISTING, OFF_STREET, SERVICE, STREET, TRANSIT, typeLook } from '../../style/colours';
import { shapeSvg } from '../../style/shapes';
import type { I18n } from '../i18n/i18n.svelte';
import { element } from './dom';
import type { LayerWords } from './words';

type Shape = 'dot' | 'ring' | 'zone' | 'line' | 'extension' | { site: SiteShape };
type Swatch = { shape: Shape; colour: string; size: number; fill?: string; dashed?: boolean };

/** Which of public transport's layers the map draws: the feed's routes and stops, lines drawn, cells reached by transit only. */
export interface TransitShown {
  readonly routes: boolean;
  readonly drawn: boolean;
  readonly reach: boolean;
}
export const NO_TRANSIT: TransitShown = { routes: false, drawn: false, reach: false };

/** Maps narrower than this fold the legend: open, it would cover most of the map. */
const NARROW_MAP = 500;

/** Whether the legend can stay open: the map is wide enough and taller than the legend with room for the zoom buttons. */
export function legendFits(details: HTMLDetailsElement, map: HTMLElement): boolean {
  if (map.clientWidth < NARROW_MAP) return false;
  const wasOpen = details.open;
  details.open = true;
  const height = details.offsetHeight;
  details.open = wasOpen;
  return height + 90 <= map.clientHeight;
}

/**
 * The map legend, in the current language, for the plan's facility types: every
 * colour the map draws, with the shape it is drawn in. `ontouch` learns that
 * the viewer opened or folded it, after which the map's size no longer decides.
 * `words` name the city's own layers (the demo's explain Almaty's stand-ins);
 * a city without no-build zones has no entry for them.
 */
export function legend(i18n: I18n, types: readonly FacilityType[], ontouch: () => void, words: LayerWords, streets = false, extensions: readonly FacilityType[] = [], exclusions = true, layers: readonly { name: string; colour: string }[] = [], transit: TransitShown = NO_TRANSIT): L.Control {
  const control = new L.Control({ position: 'bottomright' });
  control.onAdd = () => {
    const details = element('details', 'legend');
    details.setAttribute('data-testid', 'legend');
    L.DomEvent.disableClickPropagation(details);
    L.DomEvent.disableScrollPropagation(details);
    const summary = element('summary', '', i18n.t('map.legend'));
    summary.addEventListener('click', ontouch);
    details.append(summary);
    const box = element('div', 'legend-body');
    details.append(box);
    const entry = (swatch: Swatch, label: string) => {
      const row = element('div', 'legend-row');
      row.dataset.colour = swatch.colour;
      const shape = swatch.shape;
      const mark = element('span', `legend-mark legend-${typeof shape === 'string' ? shape : `site legend-${shape.site}`}`, shape === 'extension' ? '+' : undefined);
      mark.style.width = mark.style.height = `${swatch.size}px`;
      if (typeof shape === 'object') mark.append(shapeSvg(shape.site, swatch.colour, swatch.size));
      else if (swatch.shape === 'extension') {
        // As the map draws an extension: a white disc, a thick ring and a "+" in the type's colour.
        Object.assign(mark.style, { boxSizing: 'border-box', border: `3px solid ${swatch.colour}`, background: '#fff', color: swatch.colour, font: 'bold 11px/1 sans-serif', display: 'inline-flex', alignItems: 'center', justifyContent: 'center' });
      } else if (swatch.shape === 'dot') mark.style.background = swatch.colour;
      else if (swatch.shape === 'line') {
        mark.style.height = '0';
        mark.style.borderTop = `2px solid ${swatch.colour}`;
      }
      else {
        mark.style.background = swatch.fill ?? 'transparent';
        mark.style.border = `2px ${swatch.dashed ? 'dashed' : 'solid'} ${swatch.colour}`;
      }
      row.append(mark, element('span', '', label));
      box.append(row);
    };
    const shown = types;
    for (const type of shown) {
      const name = i18n.t(`typeOne.${type}`).toLowerCase();
      const look = typeLook(type);
      entry({ shape: { site: look.shape }, colour: look.colour, size: look.many ? 10 : 13 }, i18n.t('map.newSite', { type: name }));
    }
    // Extensions only while the shown plan has some: a longer legend covers more of the map.
    for (const type of shown.filter((t) => extensions.includes(t))) {
      entry({ shape: 'extension', colour: typeLook(type).colour, size: 15 }, i18n.t('extension.legend', { type: i18n.t(`typeOne.${type}`).toLowerCase() }));
    }
    for (const type of shown.filter((t) => !typeLook(t).many)) {
      const colour = typeLook(type).colour;
      entry({ shape: 'ring', colour, size: 12, fill: `${colour}22` }, `${i18n.t('map.serviceArea')}: ${i18n.t(`typeOne.${type}`).toLowerCase()}`);
    }
    entry({ shape: 'dot', colour: SERVICE.served, size: 9 }, i18n.t('map.served'));
    entry({ shape: 'dot', colour: SERVICE.partly, size: 9 }, i18n.t('map.partly'));
    entry({ shape: 'dot', colour: SERVICE.unserved, size: 9 }, i18n.t('map.unserved'));
    entry({ shape: 'dot', colour: SERVICE.unsolved, size: 9 }, i18n.t('map.unsolved'));
    entry({ shape: 'ring', colour: EXISTING.schools, size: 9, fill: '#fff' }, i18n.t('map.existingSchool'));
    entry({ shape: 'ring', colour: EXISTING.overloaded, size: 9, fill: '#fff' }, i18n.t('map.overloaded'));
    entry({ shape: 'ring', colour: EXISTING.private, size: 6 }, i18n.t('map.privateSchool'));
    entry({ shape: 'ring', colour: EXISTING.health, size: 9, fill: '#fff' }, i18n.t(words.health));
    entry({ shape: 'ring', colour: EXISTING.containers, size: 7, fill: '#fff' }, i18n.t('map.existingContainer'));
    // The city's further layers of existing facilities (kindergartens, pharmacies, ...), by the package's name.
    for (const layer of layers) entry({ shape: 'ring', colour: layer.colour, size: 8, fill: '#fff' }, i18n.t('map.existingLayer', { layer: layer.name }));
    entry({ shape: 'ring', colour: CANDIDATE, size: 6, fill: '#fff' }, i18n.t('map.candidate'));
    if (exclusions) entry({ shape: 'zone', colour: '#868e96', size: 10, fill: '#adb5bd', dashed: true }, i18n.t(words.exclusion));
    entry({ shape: 'line', colour: '#343a40', size: 12 }, i18n.t('map.district'));
    // Public transport's entries only while the map draws it.
    if (transit.routes) {
      entry({ shape: 'line', colour: TRANSIT, size: 12 }, i18n.t('transit.legendRoute'));
      entry({ shape: 'ring', colour: TRANSIT, size: 6, fill: '#fff' }, i18n.t('transit.legendStop'));
    }
    if (transit.drawn) entry({ shape: 'line', colour: DRAWN_LINE, size: 12 }, i18n.t('transit.legendDrawn'));
    if (transit.reach) entry({ shape: 'ring', colour: TRANSIT, size: 10 }, i18n.t('transit.reachLegend'));
    // The streets layer's entries only while it is shown: a longer legend covers more of the map.
    if (streets) {
      entry({ shape: 'line', colour: STREET, size: 12 }, i18n.t('streets.layer'));
      entry({ shape: 'ring', colour: OFF_STREET, size: 8 }, i18n.t('streets.offStreetLegend'));
    }
    return details;
  };
  return control;
}
