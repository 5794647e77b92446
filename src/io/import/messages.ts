/**
 * What the importers say, as message keys with values (as the plan's reasons
 * are): the app shows them in the planner's language (the `importer` section
 * of its catalogues); these English templates are that section's reference and
 * serve the command line and the tests. A value is text from the file (shown
 * as written), a number, or another message (a column's role, "tab").
 */
export interface ImportMessage {
  readonly key: string;
  readonly values?: Readonly<Record<string, ImportValue>>;
}

export type ImportValue = string | number | ImportMessage;

export function message(key: string, values?: Record<string, ImportValue>): ImportMessage {
  return values === undefined ? { key } : { key, values };
}

const TABLE_OR_GEOJSON = 'import a table (.csv, .tsv, .txt) or GeoJSON (.geojson, .json)';
const QUOTES = 'a cell starting with a double quote (") must end with one';
const PROJECTED =
  'the coordinates look projected (e.g. UTM metres), not longitude/latitude degrees: {far} of {total} positions are far outside [-180, 180] × [-90, 90], such as lon {lon}, lat {lat} ({where}). ' +
  'Save the file with WGS84 longitude/latitude in degrees (EPSG:4326) and import it again.';
const TRUNCATED = 'the file looks truncated, as if cut off while downloading or copying';

export const IMPORT_MESSAGES = {
  whereLine: 'line {line}',
  whereColumn: 'column {column}',
  whereRecord: 'record {record}',
  moreProblems: '{hidden} more problems not shown ({total} in all); nothing was imported',
  moreProblem: '1 more problem not shown ({total} in all); nothing was imported',
  tooLarge: 'is too large ({size} MB); the limit is {limit} MB: split the file or aggregate the points',
  zonesNeedGeoJson: 'exclusion zones are polygons and must come as GeoJSON (.geojson), not as a table',
  noExtension: `has no extension; ${TABLE_OR_GEOJSON}`,
  badExtension: `has the extension ".{extension}"; ${TABLE_OR_GEOJSON}`,
  empty: 'the file is empty',
  onlyEmptyLines: 'the file has only empty lines',
  noDataRows: 'has a header but no data rows',
  tooManyRows: 'has more than {max} rows; split it or aggregate the points',
  tooManyFeatures: 'has more than {max} features; split it or aggregate the points',
  quoteUnterminated: `quoted field unterminated: ${QUOTES}`,
  quoteMalformed: `trailing quote on quoted field is malformed: ${QUOTES}`,
  fieldCount: 'expected {expected} fields as in the header, found {found}: {row}',
  missingColumn: 'no {role} column: the header (read as {separator}-separated) has {found}; expected one named {names}',
  missingColumnMany: 'no {role} column: the header (read as {separator}-separated) has {found}, … ({count} in all); expected one named {names}',
  tab: 'tab',
  missingValue: 'missing value: {requirement}',
  requiredRole: '{role} is required',
  requiredRoles: '{role} are required',
  requiredType: 'a type is required: {examples}',
  requiredCapacity: 'schools need a capacity (number of places)',
  absent: 'no {role} given. Add it under one of the names {names}',
  absentRequired: 'no {role} given; {requirement}. Add it under one of the names {names}',
  notNumber: '{value} is not a number',
  notNumberComma: '{value} is not a number (in a comma-separated file, decimals need a dot: 43.25)',
  notFinite: '{value} is not a finite number',
  negative: '{value} is negative; {role} must be 0 or more',
  notType: '{value} is not a facility type; expected {examples}',
  noExistingLayer: '{type} has no layer of existing facilities in the scenario: give the type an existing layer first',
  typeExamples: 'a type of the scenario by its id or its name in English, Russian or Kazakh (school, школа, мектеп; kindergarten, детский сад, балабақша)',
  outOfRange: '{value} is outside the {role} range [-{limit}, {limit}]',
  projected: PROJECTED,
  projectedCrs: `${PROJECTED} (The file declares its CRS as {crs}.)`,
  duplicate: '{others} also looks like {role}; using {used}',
  duplicates: '{others} also look like {role}; using {used}',
  estimatedChildren: 'no children {unit}: school-age children (6-17) estimated as {share} × residents of each point',
  estimatedHouseholds: 'no households {unit}: households estimated as residents of each point / {size}',
  unitColumn: 'column',
  unitProperty: 'property',
  ignoredColumns: 'ignored columns: {names}',
  ignoredProperties: 'ignored properties: {names}',
  centroid: '1 polygon feature was imported as a point at its centroid (the mean of the vertices)',
  centroids: '{count} polygon features were imported as points at their centroids (the mean of the vertices)',
  notFeature: 'expected a Feature, found {found}',
  noGeometry: 'the feature has no geometry',
  pointsNoType: 'the geometry has no "type"; points must be Point, Polygon or MultiPolygon',
  pointsUnsupported: '{value} is not supported; points must be Point, Polygon or MultiPolygon',
  zonesNoType: 'the geometry has no "type"; exclusion zones must be Polygon or MultiPolygon',
  zonesUnsupported: '{value} is not supported; exclusion zones must be Polygon or MultiPolygon',
  notProperties: '{value} is not an object of properties',
  notGeoJson: 'is not GeoJSON: expected a FeatureCollection or a Feature, found {found}',
  noFeatureList: 'the FeatureCollection has no "features" list (found {found})',
  bareGeometry: 'holds a bare {type} geometry; wrap it in a Feature or FeatureCollection (GIS tools do this when exporting a layer)',
  noFeatures: 'has no features',
  truncated: `the JSON ends unexpectedly: ${TRUNCATED}`,
  truncatedAt: `the JSON ends unexpectedly (column {column}): ${TRUNCATED}`,
  invalidJson: 'is not valid JSON: {reason}',
  invalidJsonAt: 'is not valid JSON (column {column}): {reason}',
  foundNothing: 'nothing',
  foundNull: 'null',
  foundList: 'a list of {count} items',
  foundListOne: 'a list of 1 item',
  foundTyped: 'an object of type {type}',
  foundEmptyObject: 'an empty object',
  foundUntyped: 'an object with {keys} and no "type"',
  foundText: 'text {value}',
  foundNumber: 'a number {value}',
  foundBoolean: 'a boolean {value}',
  foundOther: 'a value {value}',
  notPolygonList: '{value} is not a list of polygons',
  noPolygons: 'the MultiPolygon has no polygons',
  notRingList: '{value} is not a list of rings',
  noRings: 'the polygon has no rings',
  notRing: '{value} is not a ring (a list of positions)',
  shortRing: 'the ring has {count} positions; a ring needs at least 4, the last repeating the first',
  shortRingOne: 'the ring has 1 position; a ring needs at least 4, the last repeating the first',
  openRing: 'the ring is not closed: it starts at {first} but ends at {last}',
  notPosition: '{value} is not a [longitude, latitude] position',
  notFinitePosition: '{value} has a coordinate that is not a finite number',
  notScenario: 'not a scenario this app can open: {detail}',
  notJson: 'not valid JSON',
  unreadable: 'could not be read: {detail}',
  outsideCity: "[{lon}, {lat}] lies outside the city's districts",
  role: {
    lat: 'latitude',
    lon: 'longitude',
    name: 'name',
    type: 'type',
    residents: 'residents',
    children: 'children',
    households: 'households',
    capacity: 'capacity',
    students: 'students',
    cost: 'cost',
  },
};

type Templates = { readonly [key: string]: string | Templates };

/** A message as text, its values filled in (nested messages first), from `templates` (English by default). */
export function formatMessage(text: ImportMessage, templates: Templates = IMPORT_MESSAGES): string {
  return fillMessage(text, (key) => lookup(templates, key));
}

/** The same with any lookup (the app passes its catalogue's); an unknown key shows as itself. */
export function fillMessage(text: ImportMessage, template: (key: string) => string | undefined, number: (value: number) => string = String): string {
  const values = text.values ?? {};
  return (template(text.key) ?? text.key).replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    if (typeof value === 'object') return fillMessage(value, template, number);
    return typeof value === 'number' ? number(value) : String(value);
  });
}

function lookup(templates: Templates, path: string): string | undefined {
  let node: string | Templates | undefined = templates;
  for (const key of path.split('.')) node = typeof node === 'object' ? node[key] : undefined;
  return typeof node === 'string' ? node : undefined;
}
