/** One credit of the map's attribution line: text only (never HTML), the OpenStreetMap one linking to its copyright page. */
export interface Credit {
  readonly text: string;
  readonly osm: boolean;
  /** The city's own credits (its package's attribution). */
  readonly city: boolean;
}

/** The streets' licence: OpenStreetMap data before 12 September 2012 is CC BY-SA 2.0, later data ODbL. */
export type StreetsLicence = 'odbl' | 'ccbysa' | null;

/**
 * The map's credits, each once. The demo: OpenStreetMap's contributors, the
 * districts' licence and the streets'. Another city: its package's credits
 * as its planner wrote them ("; " between sources), the one that names
 * OpenStreetMap linked; the streets' licence only where the city's credits
 * do not already give OpenStreetMap's ODbL (a built city's streets come from
 * the same extract).
 */
export function mapCredits(city: string | null, streets: StreetsLicence, texts: { osm: string; districts: string; streets: string; streetsOld: string }): Credit[] {
  const streetsCredit = streets === null ? [] : [{ text: streets === 'odbl' ? texts.streets : texts.streetsOld, osm: false, city: false }];
  if (city === null) return [{ text: texts.osm, osm: true, city: false }, { text: texts.districts, osm: false, city: true }, ...streetsCredit];
  const parts = city
    .split(/\s*;\s*/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const osm = parts.findIndex((part) => /openstreetmap/i.test(part));
  const credits = parts.map((text, k) => ({ text, osm: k === osm, city: true }));
  const covered = osm >= 0 && /odbl/i.test(parts[osm]) && streets === 'odbl';
  return [...credits, ...(covered ? [] : streetsCredit)];
}
