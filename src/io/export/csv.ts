import type { CityData } from '../../plan/city';
import type { PlanResult } from '../../plan/solvePlan';
import { typeLabel, typeSpecs } from '../../plan/presets';
import type { Scenario } from '../../plan/scenario';

/**
 * Plans as CSV for spreadsheets: RFC 4180 (comma separated, CRLF line ends,
 * fields quoted when needed), "." decimals and no thousands separators, and
 * text that a spreadsheet would run as a formula neutralised.
 */
export const CSV_MIME = 'text/csv;charset=utf-8';

type Cell = string | number | boolean | null;

/**
 * `kind` is "new" or "extension"; an extension names the facility it extends
 * (`extends`: its id in the city's data, `extends_name`: its name). They come
 * last, so that the columns of earlier exports keep their places; then the
 * district's name in each of the interface's languages.
 *
 * Headers are English identifiers in every interface language: programs read
 * the columns by them (docs/FORMAT.md lists what each means). The planner's
 * own language is in the data instead: a column of district names per language.
 */
export const SITE_COLUMNS = ['id', 'type', 'district', 'lon', 'lat', 'count', 'cost_tenge', 'capacity', 'people_served', 'newly_reached', 'required', 'opening_year', 'kind', 'extends', 'extends_name', 'district_name_kk', 'district_name_ru', 'district_name_en', 'type_name_en', 'type_name_ru', 'type_name_kk', 'name'] as const;

/** `district_name_ru` keeps its place; the Kazakh and English names come last. */
export const DISTRICT_COLUMNS = ['district', 'district_name_ru', 'type', 'demand', 'covered_before', 'covered_after', 'share_before', 'share_after', 'district_name_kk', 'district_name_en', 'type_name_en', 'type_name_ru', 'type_name_kk'] as const;

/** One row per chosen site. */
export function sitesCsv(result: PlanResult, city: CityData, startYear: number | null = null, facilities?: Scenario['facilities']): string {
  const names = typeNames(facilities);
  const rows: Cell[][] = result.sites.map((site) => [
    site.id,
    site.type,
    city.districts[site.district]?.id ?? '',
    round(site.lon, 6),
    round(site.lat, 6),
    site.count,
    round(site.cost, 0),
    round(site.capacity, 0),
    round(site.served, 0),
    round(site.newlyReached, 0),
    site.required,
    startYear === null ? '' : startYear + site.period,
    site.kind,
    site.extendsId ?? '',
    site.extendsName ?? '',
    city.districts[site.district]?.names.kk ?? '',
    city.districts[site.district]?.names.ru ?? '',
    city.districts[site.district]?.names.en ?? '',
    ...names(site.type),
    site.name ?? '',
  ]);
  return toCsv(SITE_COLUMNS, rows);
}

/**
 * One row per district and facility type: demand (children, residents or
 * households), how many existing facilities cover and how many the plan covers.
 * A plan without KPIs (infeasible, error) gives the header alone; a share is
 * left empty where a district has no demand of the type.
 */
export function districtsCsv(result: PlanResult, city: CityData, facilities?: Scenario['facilities']): string {
  const names = typeNames(facilities);
  const rows: Cell[][] = [];
  for (const district of result.kpis?.districts ?? []) {
    const info = city.districts[district.district];
    for (const entry of district.byType) {
      rows.push([
        info?.id ?? '',
        info?.names.ru ?? '',
        entry.type,
        round(entry.demand, 0),
        round(entry.coveredBefore, 0),
        round(entry.covered, 0),
        entry.demand > 0 ? round(entry.coveredBefore / entry.demand, 4) : null,
        entry.demand > 0 ? round(entry.covered / entry.demand, 4) : null,
        info?.names.kk ?? '',
        info?.names.en ?? '',
        ...names(entry.type),
      ]);
    }
  }
  return toCsv(DISTRICT_COLUMNS, rows);
}

/** A type's name in English, Russian and Kazakh (its label, or its preset's), or empty cells without the scenario's types. */
function typeNames(facilities: Scenario['facilities'] | undefined): (type: string) => string[] {
  const specs = facilities ? typeSpecs(facilities) : null;
  return (type) => {
    const spec = specs?.get(type);
    return spec ? (['en', 'ru', 'kk'] as const).map((lang) => typeLabel(spec, lang)) : ['', '', ''];
  };
}

/**
 * The CSV as a file: a UTF-8 byte order mark first, without which Excel reads
 * the Cyrillic and Kazakh names as Windows-1251 mojibake.
 */
export function csvBlob(csv: string): Blob {
  return new Blob(['\uFEFF', csv], { type: CSV_MIME });
}

/** Header and rows, each line ended by CRLF (RFC 4180). */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',') + '\r\n').join('');
}

/**
 * One field. Text that starts like a formula (=, +, -, @, or a tab or carriage
 * return, per OWASP) gets a leading apostrophe so a spreadsheet shows it as
 * text; then a field with a comma, quote or line break is quoted, with its
 * quotes doubled. Numbers are written as they are (a negative number is not
 * text and is left alone).
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? decimal(value, 10) : '';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rounded to `digits` decimals. */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** A number with at most `digits` decimals, "." as the separator, no exponent, no "-0". */
export function decimal(value: number, digits: number): string {
  if (!Number.isFinite(value)) return '';
  let text = value.toFixed(digits);
  if (text.includes('.')) text = text.replace(/\.?0+$/, '');
  return /^-0$/.test(text) ? '0' : text;
}
