import { formatGap } from './gap';
import { en, type Messages } from './en';
import { kk } from './kk';
import { ru } from './ru';
import { formatMessage, type Values } from './message';
import { PRESETS, demandUnit, typeSpecs, type TypeSpec } from '../../plan/presets';
import type { FacilitySettings, FacilityType } from '../../plan/scenario';

export type Language = 'kk' | 'ru' | 'en';
export const LANGUAGES: readonly Language[] = ['kk', 'ru', 'en'];
const CATALOGUES: Record<Language, Messages> = { kk, ru, en };
// Number formats. Chromium claims kk-KZ but formats it with English symbols
// (its ICU data is trimmed); Kazakhstan writes 229 462,5 as Russian does.
const LOCALES: Record<Language, string> = { kk: 'ru-RU', ru: 'ru-RU', en: 'en-US' };

export type { Values };

/**
 * The messages and formatters of one language, with no page behind them: the
 * app's I18n keeps its language and types as state over it, the command line's
 * reports use it as it is (`Words`).
 */
export abstract class Translator {
  abstract get lang(): Language;
  /** The facility types of the scenario in use: their labels and demand units name them in every message keyed by type. */
  protected abstract get types(): ReadonlyMap<FacilityType, TypeSpec>;

  /**
   * The message at a dotted path such as `solve.status.idle`, with `{name}`
   * values filled in and plural forms chosen for the language (see message.ts).
   */
  t(path: string, values: Values = {}): string {
    const own = this.typeWords(path, values);
    if (own !== null) return own;
    const template = lookup(CATALOGUES[this.lang], path) ?? lookup(en, path) ?? path;
    return formatMessage(template, values, { plural: pluralRules(this.lang), number: (n) => this.number(n, 2) });
  }

  /**
   * Messages keyed by a facility type (`type.<id>`, `demandOf.<id>`, ...): a
   * preset's own words from the catalogue, unless the planner renamed the type
   * or changed its demand; a type of the planner's own in the general words
   * with its label and its demand unit. Null for any other message.
   */
  protected typeWords(path: string, values: Values): string | null {
    const match = TYPE_FAMILY.exec(path);
    if (!match) return null;
    const [, family, id] = match;
    const spec = this.types.get(id);
    const preset = PRESETS[id];
    const renamed = spec?.label != null || !preset;
    const unit = spec ? demandUnit(spec.demand) : preset ? demandUnit(preset.demand) : 'people';
    const ownUnit = preset !== undefined && unit === demandUnit(preset.demand);
    const label = spec?.label?.[this.lang] ?? preset?.label[this.lang] ?? id;
    const people = (count: unknown) => this.t(`demandUnit.${unit}`, { count: count as number });
    const count = typeof values.count === 'number' ? this.number(values.count) : String(values.count ?? '');
    switch (family) {
      case 'demandOf':
        return ownUnit ? null : people(values.count);
      case 'access.straightMore':
      case 'access.straightFewer':
        return ownUnit ? null : this.t(`typeGeneric.${family === 'access.straightMore' ? 'straightMore' : 'straightFewer'}`, { people: people(values.count) });
      case 'capacityOf':
      case 'capacityUnit':
        return preset ? null : this.t(`typeGeneric.${family}`, values);
      default:
        if (!renamed) return null;
        return this.t(`typeGeneric.${GENERIC[family]}`, { ...values, label, count });
    }
  }


  /** A number in the language's format; `fixed` keeps trailing zeros (always `fractionDigits` decimals). */
  /** "2 schools and 1 polyclinic": the language's own way to join a list. */
  list(items: string[]): string {
    // Node's and Chromium's trimmed ICU data join Kazakh lists with commas only: "a, b және c" is written here.
    if (this.lang === 'kk' && items.length > 1) return `${items.slice(0, -1).join(', ')} және ${items[items.length - 1]}`;
    return new Intl.ListFormat(this.lang, { type: 'conjunction' }).format(items);
  }

  number(value: number, fractionDigits = 0, fixed = false): string {
    return numberFormat(LOCALES[this.lang], 'decimal', fractionDigits, fixed).format(value);
  }

  percent(share: number, fractionDigits = 1): string {
    return numberFormat(LOCALES[this.lang], 'percent', fractionDigits, false).format(share);
  }

  /** A proven gap (see gap.ts). */
  gap(gap: number): string {
    return formatGap(gap, (share, digits) => this.percent(share, digits));
  }

  /** A difference of two shares, in percentage points: 0.052 is "5.2 pp". */
  points(difference: number, fractionDigits = 1): string {
    return this.t('units.pp', { value: this.number(difference * 100, fractionDigits) });
  }

  /**
   * An amount of tenge in bn, mn or tenge. With `alongside` (a budget beside a
   * cost), both take the unit of the larger and the same number of decimals,
   * so "77.79 bn" never stands next to "77.8 bn".
   */
  tenge(amount: number, alongside?: number): string {
    const size = Math.max(Math.abs(amount), Math.abs(alongside ?? 0));
    const fixed = alongside !== undefined;
    if (size >= 1e9) return this.t('units.bn', { value: this.number(amount / 1e9, 2, fixed) });
    if (size >= 1e6) return this.t('units.mn', { value: this.number(amount / 1e6, 1, fixed) });
    return this.t('units.tenge', { value: this.number(amount) });
  }

  distance(metres: number): string {
    if (!Number.isFinite(metres)) return '–';
    return metres >= 1000 ? this.t('units.km', { value: this.number(metres / 1000, 2) }) : this.t('units.metres', { value: this.number(metres) });
  }
}

/** Made once per format: a plan's tables and charts format thousands of numbers, and each new Intl.NumberFormat costs the page tens of microseconds. */
const NUMBER_FORMATS = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, style: 'decimal' | 'percent', fractionDigits: number, fixed: boolean): Intl.NumberFormat {
  const key = `${locale}|${style}|${fractionDigits}|${fixed}`;
  let format = NUMBER_FORMATS.get(key);
  if (!format) NUMBER_FORMATS.set(key, (format = new Intl.NumberFormat(locale, { style, maximumFractionDigits: fractionDigits, minimumFractionDigits: fixed ? fractionDigits : 0 })));
  return format;
}

const PLURAL_RULES = new Map<Language, Intl.PluralRules>();
function pluralRules(lang: Language): Intl.PluralRules {
  let rules = PLURAL_RULES.get(lang);
  if (!rules) PLURAL_RULES.set(lang, (rules = new Intl.PluralRules(lang)));
  return rules;
}

function lookup(catalogue: unknown, path: string): string | undefined {
  let node = catalogue;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Message families keyed by a facility type, and their general words (typeGeneric.*). */
const GENERIC: Readonly<Record<string, string>> = {
  type: 'type',
  typeOne: 'typeOne',
  'kpi.typeColumn': 'typeColumn',
  'extension.kind': 'extensionKind',
  'site.whyFirst': 'whyFirst',
  'io.existingCount': 'existingCount',
  'io.replacesDemo': 'replacesDemo',
  'io.replacesCity': 'replacesCity',
  'io.replacesEarlier': 'replacesEarlier',
};
const TYPE_FAMILY = new RegExp(`^(${[...Object.keys(GENERIC), 'demandOf', 'capacityOf', 'capacityUnit', 'access.straightMore', 'access.straightFewer'].map((f) => f.replace('.', '\\.')).join('|')})\\.([a-z][a-z0-9_]*)$`);

/** The words of one language for a scenario's types, fixed: what the command line writes its reports in. */
export class Words extends Translator {
  readonly lang: Language;
  protected readonly types: ReadonlyMap<FacilityType, TypeSpec>;

  constructor(lang: Language, facilities: Readonly<Record<FacilityType, FacilitySettings>> = {}) {
    super();
    this.lang = lang;
    this.types = typeSpecs(facilities);
  }
}
