import L from 'leaflet';
import { FACILITY_TYPES } from '../../plan/scenario';
import type { I18n } from '../i18n/i18n.svelte';
import { element } from './dom';
import { EXISTING, SERVICE, TYPE_COLOURS } from './style';

type Swatch = { fill: string; stroke: string; size: number; dashed?: boolean; square?: boolean };

/** The map legend, in the current language; rebuilt when the language changes. */
export function legend(i18n: I18n): L.Control {
  const control = new L.Control({ position: 'bottomright' });
  control.onAdd = () => {
    const box = element('div', 'legend');
    box.setAttribute('data-testid', 'legend');
    L.DomEvent.disableClickPropagation(box);
    box.append(element('strong', '', i18n.t('map.legend')));
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
    for (const type of FACILITY_TYPES) entry({ fill: TYPE_COLOURS[type], stroke: '#fff', size: 12 }, i18n.t('map.newSite', { type: i18n.t(`typeOne.${type}`).toLowerCase() }));
    entry({ fill: SERVICE.served, stroke: SERVICE.served, size: 8 }, i18n.t('map.served'));
    entry({ fill: SERVICE.partly, stroke: SERVICE.partly, size: 8 }, i18n.t('map.partly'));
    entry({ fill: SERVICE.unserved, stroke: SERVICE.unserved, size: 8 }, i18n.t('map.unserved'));
    entry({ fill: SERVICE.unsolved, stroke: SERVICE.unsolved, size: 8 }, i18n.t('map.unsolved'));
    entry({ fill: '#fff', stroke: EXISTING.school, size: 8 }, i18n.t('map.existingSchool'));
    entry({ fill: '#fff', stroke: EXISTING.overloaded, size: 8 }, i18n.t('map.overloaded'));
    entry({ fill: 'transparent', stroke: EXISTING.private, size: 6 }, i18n.t('map.privateSchool'));
    entry({ fill: '#fff', stroke: EXISTING.health, size: 8 }, i18n.t('map.health'));
    entry({ fill: '#fff', stroke: '#495057', size: 6 }, i18n.t('map.candidate'));
    entry({ fill: '#adb5bd', stroke: '#868e96', size: 10, dashed: true, square: true }, i18n.t('map.exclusion'));
    return box;
  };
  return control;
}
