import type { Feature, FeatureCollection, Point } from 'geojson';
import type { CityData } from '../../plan/city';
import type { FacilityType, Objective, Scenario } from '../../plan/scenario';
import { typeLabel, typeSpecs } from '../../plan/presets';
import type { PlanResult } from '../../plan/solvePlan';

/** What each chosen site carries in the exported GeoJSON. */
export interface SiteFeatureProperties {
  readonly id: string;
  readonly type: FacilityType;
  /** The type's name in English, Russian and Kazakh. */
  readonly type_name: { readonly en: string; readonly ru: string; readonly kk: string };
  /** The name the planner gave the site (a land plot's), or null. */
  readonly name: string | null;
  /** A new site, or an extension of an existing facility. */
  readonly kind: 'new' | 'extension';
  /** An extension: the extended facility's id and name in the city's data; null for a new site. */
  readonly extends: string | null;
  readonly extends_name: string | null;
  /** The district's slug, e.g. "almaly". */
  readonly district: string;
  /** The district's Russian name. */
  readonly district_name: string;
  readonly count: number;
  readonly cost_tenge: number;
  readonly capacity: number;
  readonly people_served: number;
  readonly newly_reached: number;
  readonly required: boolean;
  readonly added_by_planner: boolean;
  /** From a phasing schedule when there is one; null otherwise. */
  readonly opening_year: number | null;
}

/** The plan as a whole: a foreign member of the collection (RFC 7946, section 6.1). */
export interface PlanSummary {
  readonly scenario: string;
  readonly objective: Objective;
  readonly status: PlanResult['status'];
  readonly solver: PlanResult['solver'];
  /** The solver's objective value; null when there is no plan. */
  readonly objective_value: number | null;
  /** Relative optimality gap; 0 when proven optimal, null when unknown. */
  readonly gap: number | null;
  /** New sites and extensions together. */
  readonly total_cost_tenge: number;
  /** Features: new sites and extensions together. */
  readonly sites: number;
  /** Of which extensions of existing facilities. */
  readonly extensions: number;
}

export type PlanFeatureCollection = FeatureCollection<Point, SiteFeatureProperties> & { readonly plan: PlanSummary };

/** One Point feature per chosen site, with the plan's summary as the `plan` member. */
export function planToGeoJson(
  result: PlanResult,
  city: CityData,
  scenario: Scenario,
): PlanFeatureCollection {
  const specs = typeSpecs(scenario.facilities);
  const features = result.sites.map((site): Feature<Point, SiteFeatureProperties> => {
    const district = city.districts[site.district];
    const spec = specs.get(site.type);
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [round(site.lon, 6), round(site.lat, 6)] },
      properties: {
        id: site.id,
        type: site.type,
        type_name: { en: spec ? typeLabel(spec, 'en') : site.type, ru: spec ? typeLabel(spec, 'ru') : site.type, kk: spec ? typeLabel(spec, 'kk') : site.type },
        name: site.name ?? null,
        kind: site.kind,
        extends: site.kind === 'extension' ? (site.extendsId ?? null) : null,
        extends_name: site.kind === 'extension' ? (site.extendsName ?? null) : null,
        district: district?.id ?? '',
        district_name: district?.names.ru ?? '',
        count: site.count,
        cost_tenge: round(site.cost, 0),
        capacity: round(site.capacity, 0),
        people_served: Math.round(site.served),
        newly_reached: Math.round(site.newlyReached),
        required: site.required,
        added_by_planner: site.addedByPlanner,
        opening_year: scenario.phases.enabled ? scenario.phases.startYear + site.period : null,
      },
    };
  });
  return {
    type: 'FeatureCollection',
    plan: {
      scenario: scenario.name,
      objective: scenario.objective,
      status: result.status,
      solver: result.solver,
      objective_value: finiteOrNull(result.objective),
      gap: finiteOrNull(result.gap),
      total_cost_tenge: round(result.kpis?.totalCost ?? result.sites.reduce((total, site) => total + site.cost, 0), 0),
      sites: result.sites.length,
      extensions: result.sites.filter((site) => site.kind === 'extension').length,
    },
    features,
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  const rounded = Math.round(value * factor) / factor;
  // No "-0" in the output.
  return rounded === 0 ? 0 : rounded;
}

function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}
