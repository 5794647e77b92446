/*
 * Which OpenStreetMap objects make each facility layer of a new city: tag
 * rules the planner can edit ("New city"), one text per layer. A text holds
 * one or more rules, one a line or separated by ";"; an object belongs to
 * the layer when any rule matches it:
 *
 *   key=value|value   the key has one of these values   amenity=waste_disposal|recycling
 *   key=*             the key has any (non-empty) value  shop=*
 *   key!=value|value  the key has a value, not these     healthcare!=no|pharmacy
 *
 * Values are matched as OpenStreetMap writes them (case and all). An object
 * matching several layers goes to each.
 */

/** A layer's name: also its file's name and the manifest's key (src/io/city/manifest.ts). */
export const LAYER_NAME = /^[a-z][a-z0-9_]{0,31}$/;

/**
 * The layers offered by default, in this order. `health` is the rule the app
 * always used: clinics, doctors and hospitals, and every healthcare=* place
 * where residents see a doctor; pharmacies (they sell medicines, give no
 * consultation: a city has several times more of them than clinics, and
 * counting them would mark neighbourhoods as served), explicit `no`, and
 * places giving no medical care (alternative medicine, blood donation,
 * laboratories, sample collection) are not health facilities.
 */
export const DEFAULT_OSM_LAYERS: Readonly<Record<string, string>> = {
  schools: 'amenity=school',
  health: 'amenity=clinic|doctors|hospital; healthcare!=no|pharmacy|alternative|blood_donation|laboratory|sample_collection',
  containers: 'amenity=waste_disposal|recycling',
  kindergartens: 'amenity=kindergarten',
  pharmacies: 'amenity=pharmacy',
  sports: 'leisure=sports_centre|pitch',
};

export interface TagRule {
  readonly key: string;
  /** The values named, or null for `key=*`. */
  readonly values: ReadonlySet<string> | null;
  /** `key!=...`: any value but those named. */
  readonly except: boolean;
}

export interface LayerRules {
  readonly layer: string;
  readonly rules: readonly TagRule[];
}

/** An OSM key as written in rules: letters, digits and `_ : . -` (name:en, addr:street, disused:amenity). */
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_:.-]*$/;

/** Bad rule texts, one line per problem, each naming its layer and text. */
export class RuleProblems extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'RuleProblems';
  }
}

/** One layer's rules from its text; throws RuleProblems naming the layer and the text. */
export function parseLayerRules(layer: string, text: string): LayerRules {
  const problems: string[] = [];
  const rules = parseInto(layer, text, problems);
  if (problems.length > 0) throw new RuleProblems(problems);
  return { layer, rules };
}

/**
 * Every layer's rules, in the order given; every problem (a bad layer name,
 * a text that is not rules) reported at once.
 */
export function parseOsmLayers(layers: Readonly<Record<string, string>> = DEFAULT_OSM_LAYERS, reserved: readonly string[] = []): LayerRules[] {
  const problems: string[] = [];
  const parsed: LayerRules[] = [];
  for (const [layer, text] of Object.entries(layers)) {
    if (!LAYER_NAME.test(layer)) problems.push(`layer "${layer}": is not a layer name (a lower-case latin letter, then letters, digits or _, up to 32)`);
    else if (reserved.includes(layer)) problems.push(`layer "${layer}": is the name of a city layer that does not hold facilities`);
    parsed.push({ layer, rules: parseInto(layer, text, problems) });
  }
  if (problems.length > 0) throw new RuleProblems(problems);
  return parsed;
}

function parseInto(layer: string, text: string, problems: string[]): TagRule[] {
  const rules: TagRule[] = [];
  const pieces = String(text)
    .split(/[;\n]/)
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '');
  if (pieces.length === 0) problems.push(`layer "${layer}": has no tag rule (write key=value, e.g. amenity=kindergarten)`);
  for (const piece of pieces) {
    const rule = parseRule(piece);
    if (typeof rule === 'string') problems.push(`layer "${layer}": "${piece}" ${rule}`);
    else rules.push(rule);
  }
  return rules;
}

function parseRule(piece: string): TagRule | string {
  const match = /^([^=!]*?)\s*(!?=)\s*(.*)$/.exec(piece);
  if (!match) return 'is not a tag rule (key=value, key=value|value, key=* or key!=value)';
  const [, key, sign, rest] = match;
  if (!KEY.test(key)) return `is not a tag rule: ${key === '' ? 'the key is missing' : `"${key}" is not an OpenStreetMap key`}`;
  const except = sign === '!=';
  if (rest === '*' && !except) return { key, values: null, except: false };
  const values = rest.split('|').map((value) => value.trim());
  if (values.some((value) => value === '')) return 'is not a tag rule: a value is missing (values are separated by |)';
  if (values.some((value) => value === '*')) return 'is not a tag rule: * stands alone (key=*)';
  if (values.some((value) => value.includes('='))) return 'is not a tag rule: one rule has one = (write several rules one a line or separated by ;)';
  return { key, values: new Set(values), except };
}

/** Whether an object's tags match one rule. */
export function matches(rule: TagRule, tags: ReadonlyMap<string, string>): boolean {
  const value = tags.get(rule.key);
  if (value === undefined || value === '') return false;
  if (rule.values === null) return true;
  return rule.values.has(value) !== rule.except;
}

/** The layers an object belongs to, in the layers' order (empty: none). */
export function layersOf(layers: readonly LayerRules[], tags: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const { layer, rules } of layers) if (rules.some((rule) => matches(rule, tags))) found.push(layer);
  return found;
}

/** The keys the rules read: what an extract reader must decode. */
export function ruleKeys(layers: readonly LayerRules[]): Set<string> {
  return new Set(layers.flatMap(({ rules }) => rules.map((rule) => rule.key)));
}

