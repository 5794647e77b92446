import L from 'leaflet';
import { FACILITY_TYPES, type FacilityType } from '../../plan/scenario';
import { CANDIDATE, EXISTING, OFF_STREET, SERVICE, STREET, TYPE_COLOURS } from '../../style/colours';
import type { I18n } from '../i18n/i18n.svelte';
import { element } from './dom';
import type { LayerWords } from './words';

type Shape = 'dot' | 'ring' | 'diamond' | 'square' | 'zone' | 'line' | 'extension';
type Swatch = { shape: Shape; colour: string; size: number; fill?: string; dashed?: boolean };

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
export function legend(i18n: I18n, types: readonly FacilityType[], ontouch: () => void, words: LayerWords, streets = false, extensions: readonly FacilityType[] = [], exclusions = true): L.Control {
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
      const mark = element('span', `legend-mark legend-${swatch.shape}`, swatch.shape === 'extension' ? '+' : undefined);
      mark.style.width = mark.style.height = `${swatch.size}px`;
      if (swatch.shape === 'extension') {
        // As the map draws an extension: a white disc, a thick ring and a "+" in the type's colour.
        Object.assign(mark.style, { boxSizing: 'border-box', border: `3px solid ${swatch.colour}`, background: '#fff', color: swatch.colour, font: 'bold 11px/1 sans-serif', display: 'inline-flex', alignItems: 'center', justifyContent: 'center' });
      } else if (swatch.shape === 'dot' || swatch.shape === 'diamond' || swatch.shape === 'square') mark.style.background = swatch.colour;
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
    const shown = FACILITY_TYPES.filter((t) => types.includes(t));
    for (const type of shown) {
      const name = i18n.t(`typeOne.${type}`).toLowerCase();
      entry({ shape: type === 'container' ? 'square' : 'diamond', colour: TYPE_COLOURS[type], size: type === 'container' ? 9 : 11 }, i18n.t('map.newSite', { type: name }));
    }
    // Extensions only while the shown plan has some: a longer legend covers more of the map.
    for (const type of shown.filter((t) => extensions.includes(t))) {
      entry({ shape: 'extension', colour: TYPE_COLOURS[type], size: 15 }, i18n.t('extension.legend', { type: i18n.t(`typeOne.${type}`).toLowerCase() }));
    }
    for (const type of shown.filter((t) => t !== 'container')) {
      entry({ shape: 'ring', colour: TYPE_COLOURS[type], size: 12, fill: `${TYPE_COLOURS[type]}22` }, `${i18n.t('map.serviceArea')}: ${i18n.t(`typeOne.${type}`).toLowerCase()}`);
    }
    entry({ shape: 'dot', colour: SERVICE.served, size: 9 }, i18n.t('map.served'));
    entry({ shape: 'dot', colour: SERVICE.partly, size: 9 }, i18n.t('map.partly'));
    entry({ shape: 'dot', colour: SERVICE.unserved, size: 9 }, i18n.t('map.unserved'));
    entry({ shape: 'dot', colour: SERVICE.unsolved, size: 9 }, i18n.t('map.unsolved'));
    entry({ shape: 'ring', colour: EXISTING.school, size: 9, fill: '#fff' }, i18n.t('map.existingSchool'));
    entry({ shape: 'ring', colour: EXISTING.overloaded, size: 9, fill: '#fff' }, i18n.t('map.overloaded'));
    entry({ shape: 'ring', colour: EXISTING.private, size: 6 }, i18n.t('map.privateSchool'));
    entry({ shape: 'ring', colour: EXISTING.health, size: 9, fill: '#fff' }, i18n.t(words.health));
    entry({ shape: 'ring', colour: EXISTING.container, size: 7, fill: '#fff' }, i18n.t('map.existingContainer'));
    entry({ shape: 'ring', colour: CANDIDATE, size: 6, fill: '#fff' }, i18n.t('map.candidate'));
    if (exclusions) entry({ shape: 'zone', colour: '#868e96', size: 10, fill: '#adb5bd', dashed: true }, i18n.t(words.exclusion));
    entry({ shape: 'line', colour: '#343a40', size: 12 }, i18n.t('map.district'));
    // The streets layer's entries only while it is shown: a longer legend covers more of the map.
    if (streets) {
      entry({ shape: 'line', colour: STREET, size: 12 }, i18n.t('streets.layer'));
      entry({ shape: 'ring', colour: OFF_STREET, size: 8 }, i18n.t('streets.offStreetLegend'));
    }
    return details;
  };
  return control;
}
