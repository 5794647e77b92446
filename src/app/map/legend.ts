import L from 'leaflet';
import { FACILITY_TYPES, type FacilityType } from '../../plan/scenario';
import type { I18n } from '../i18n/i18n.svelte';
import { element } from './dom';
import { EXISTING, SERVICE, TYPE_COLOURS } from './style';

type Swatch = { fill: string; stroke: string; size: number; dashed?: boolean; square?: boolean };

/** The map legend, in the current language, for the plan's facility types; folded (a click opens it) on small maps. */
export function legend(i18n: I18n, types: readonly FacilityType[], folded: boolean): L.Control {
  const control = new L.Control({ position: 'bottomright' });
  control.onAdd = () => {
    const details = element('details', 'legend');
    details.open = !folded;
    details.setAttribute('data-testid', 'legend');
    L.DomEvent.disableClickPropagation(details);
    details.append(element('summary', '', i18n.t('map.legend')));
    const box = element('div', 'legend-body');
    details.append(box);
    const entry = (swatch: Swatch, label: string) => {
      const row = element('div', 'legend-row');
      const mark = element('span', 'legend-mark');
      mark.style.width = mark.style.height = `${swatch.size}px`;
      mark.style.background = swatch.fill;
      mark.style.border = `2px ${swatch.dashed ? 'dashed' : 'solid'} ${swatch.stroke}`;
      if (swatch.square) mark.style.borderRadius = '2px';
      row.append(mark, element('span', '', label));
      box.append(row);
    };
    for (const type of FACILITY_TYPES.filter((t) => types.includes(t))) entry({ fill: TYPE_COLOURS[type], stroke: '#fff', size: 12 }, i18n.t('map.newSite', { type: i18n.t(`typeOne.${type}`).toLowerCase() }));
    entry({ fill: SERVICE.served, stroke: SERVICE.served, size: 8 }, i18n.t('map.served'));
    entry({ fill: SERVICE.partly, stroke: SERVICE.partly, size: 8 }, i18n.t('map.partly'));
    entry({ fill: SERVICE.unserved, stroke: SERVICE.unserved, size: 8 }, i18n.t('map.unserved'));
    entry({ fill: SERVICE.unsolved, stroke: SERVICE.unsolved, size: 8 }, i18n.t('map.unsolved'));
    entry({ fill: '#fff', stroke: EXISTING.school, size: 8 }, i18n.t('map.existingSchool'));
    entry({ fill: '#fff', stroke: EXISTING.overloaded, size: 8 }, i18n.t('map.overloaded'));
    entry({ fill: 'transparent', stroke: EXISTING.private, size: 6 }, i18n.t('map.privateSchool'));
    entry({ fill: '#fff', stroke: EXISTING.health, size: 8 }, i18n.t('map.health'));
    entry({ fill: '#fff', stroke: EXISTING.container, size: 6, square: true }, i18n.t('map.existingContainer'));
    entry({ fill: '#fff', stroke: '#495057', size: 6 }, i18n.t('map.candidate'));
    entry({ fill: '#adb5bd', stroke: '#868e96', size: 10, dashed: true, square: true }, i18n.t('map.exclusion'));
    return details;
  };
  return control;
}
