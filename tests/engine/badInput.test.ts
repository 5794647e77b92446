import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/engine/instance/errors';
import { parseInstance, parseInstanceText } from '../../src/engine/instance/parse';

/** A small valid instance; each case below breaks one thing in it. */
function valid(): Record<string, any> {
  return {
    format: 'siting-instance/1',
    name: 'small',
    model: { type: 'mclp', p: 1, radius: 10 },
    demand: { count: 2, weights: [5, 7] },
    sites: { count: 2, costs: [1, 2], capacities: [10, 10] },
    distances: { kind: 'matrix', values: [[1, 20], [20, 1]] },
  };
}

function rejection(mutate: (json: Record<string, any>) => void): InputError {
  const json = valid();
  mutate(json);
  try {
    parseInstanceText(JSON.stringify(json), 'small.json');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('the bad input was accepted');
}

const graph = (edges: unknown) => ({ kind: 'graph', nodes: 3, edges, demandNodes: [0, 1], siteNodes: [1, 2] });

describe('bad input is rejected with the file, field and value named', () => {
  const cases: [string, (json: Record<string, any>) => void, string, RegExp][] = [
    ['unknown format', (j) => (j.format = 'siting-instance/9'), 'format', /unknown format "siting-instance\/9"/],
    ['missing format', (j) => delete j.format, 'format', /missing/],
    ['unknown model type', (j) => (j.model.type = 'pmedain'), 'model.type', /unknown model type "pmedain"/],
    ['misspelt field', (j) => (j.model.raduis = 10), 'model.raduis', /not a field/],
    ['weights shorter than the count', (j) => (j.demand.weights = [5]), 'demand.weights', /has 1 entries but demand.count is 2/],
    ['matrix with a missing row', (j) => (j.distances.values = [[1, 2]]), 'distances.values', /has 1 entries but demand.count is 2/],
    ['matrix row too long', (j) => (j.distances.values[1] = [1, 2, 3]), 'distances.values[1]', /has 3 entries but sites.count is 2/],
    ['costs longer than the count', (j) => (j.sites.costs = [1, 2, 3]), 'sites.costs', /has 3 entries but sites.count is 2/],
    ['negative weight', (j) => (j.demand.weights[1] = -7), 'demand.weights[1]', /-7 is negative/],
    ['non-numeric weight', (j) => (j.demand.weights[0] = 'five'), 'demand.weights[0]', /"five" is not a number/],
    ['negative cost', (j) => (j.sites.costs[0] = -1), 'sites.costs[0]', /-1 is negative/],
    ['negative capacity', (j) => (j.sites.capacities[1] = -10), 'sites.capacities[1]', /-10 is negative/],
    ['negative distance', (j) => (j.distances.values[0][1] = -3), 'distances.values[0][1]', /-3 is negative/],
    ['non-numeric distance', (j) => (j.distances.values[1][0] = '20 m'), 'distances.values[1][0]', /"20 m" is not a number/],
    ['negative radius', (j) => (j.model.radius = -1), 'model.radius', /-1 is negative/],
    ['p larger than the number of sites', (j) => (j.model.p = 3), 'model.p', /3 is larger than the number of sites \(2\)/],
    ['p below 1', (j) => (j.model.p = 0), 'model.p', /0 is below 1/],
    ['fractional p', (j) => (j.model.p = 1.5), 'model.p', /not a whole number/],
    ['zero demand points', (j) => (j.demand.count = 0), 'demand.count', /below 1/],
    ['edge to a node that does not exist', (j) => (j.distances = graph([[0, 1, 1], [1, 7, 2]])), 'distances.edges[1][1]', /node 7 does not exist/],
    ['edge of the wrong shape', (j) => (j.distances = graph([[0, 1]])), 'distances.edges[0]', /expected \[u, v, length\]/],
    ['negative edge length', (j) => (j.distances = graph([[0, 1, -4]])), 'distances.edges[0][2]', /-4 is negative/],
    ['site node that does not exist', (j) => (j.distances = { ...graph([[0, 1, 1]]), siteNodes: [1, 3] }), 'distances.siteNodes[1]', /node 3 does not exist/],
    ['unknown distance kind', (j) => (j.distances.kind = 'manhattan'), 'distances.kind', /unknown kind "manhattan"/],
    ['coverage site that does not exist', (j) => (j.distances = { kind: 'coverage', covers: [[0], [5]] }), 'distances.covers[1][0]', /site 5 does not exist/],
    ['missing coordinate', (j) => (j.distances = { kind: 'euclidean', demand: [[0, null], [1, 1]], sites: [[0, 0], [1, 1]] }), 'distances.demand[0][1]', /null is not a number/],
    ['a point with three coordinates', (j) => (j.distances = { kind: 'euclidean', demand: [[0, 1, 2], [1, 1]], sites: [[0, 0], [1, 1]] }), 'distances.demand[0]', /expected \[x, y\]/],
    ['a budget without costs', (j) => ((j.model.budget = 5), delete j.sites.costs), 'sites.costs', /a budget needs a cost/],
    ['a site both required and forbidden', (j) => ((j.sites.required = [1]), (j.sites.forbidden = [1])), 'sites.forbidden', /site 1 is both required and forbidden/],
    ['a site index out of range', (j) => (j.sites.existing = [2]), 'sites.existing[0]', /2 is not below sites.count/],
    ['a radius missing for coverage', (j) => delete j.model.radius, 'model.radius', /missing/],
    ['p-median without p', (j) => ((j.model = { type: 'pmedian' })), 'model.p', /missing/],
    ['p-median on coverage sets', (j) => ((j.model = { type: 'pmedian', p: 1 }), (j.distances = { kind: 'coverage', covers: [[0], [1]] })), 'distances.kind', /gives no distances/],
    ['capacitated without capacities', (j) => ((j.model = { type: 'pmedian', p: 1, capacitated: true }), delete j.sites.capacities), 'sites.capacities', /missing/],
    ['an unknown assignment', (j) => (j.model = { type: 'pmedian', p: 1, capacitated: true, assignment: 'some' }), 'model.assignment', /neither "split" nor "single"/],
    ['a share above 1', (j) => ((j.model.minGroupCoverage = 1.2), (j.demand.groups = ['a', 'b'])), 'model.minGroupCoverage', /above 1/],
    ['weights by period of the wrong count', (j) => ((j.model.periods = [{ budget: 1 }]), (j.demand.weightsByPeriod = [[1, 1], [1, 1]])), 'demand.weightsByPeriod', /has 2 entries but the number of periods is 1/],
  ];

  for (const [what, mutate, field, message] of cases) {
    it(what, () => {
      const error = rejection(mutate);
      expect(error.field).toBe(field);
      expect(error.detail).toMatch(message);
      expect(error.message.startsWith(`small.json: ${field}`)).toBe(true);
    });
  }

  it('NaN coordinates given through the API', () => {
    const json = valid();
    json.distances = { kind: 'euclidean', demand: [[NaN, 0], [1, 1]], sites: [[0, 0], [1, 1]] };
    expect(() => parseInstance(json)).toThrow(/distances.demand\[0\]\[0\]: NaN is not a finite number/);
  });
});

describe('text that is not a valid instance file', () => {
  const text = JSON.stringify(valid(), null, 2);

  it('truncated JSON', () => {
    expect(() => parseInstanceText(text.slice(0, 120), 'cut.json')).toThrow(/^cut.json: truncated JSON/);
  });

  it('malformed JSON, with its line and column where the parser gives them', () => {
    const broken = text.replace('"p": 1,', '"p": 1,,');
    expect(() => parseInstanceText(broken, 'broken.json')).toThrow(/^broken.json: not valid JSON/);
  });

  it('NaN written into the file', () => {
    expect(() => parseInstanceText(text.replace('"radius": 10', '"radius": NaN'), 'nan.json')).toThrow(/NaN and Infinity are not JSON numbers/);
  });

  it('an infinite coordinate (1e999 parses to Infinity)', () => {
    const json = valid();
    json.distances = { kind: 'euclidean', demand: [[0, 123456], [1, 1]], sites: [[0, 0], [1, 1]] };
    const huge = JSON.stringify(json).replace('123456', '1e999');
    expect(() => parseInstanceText(huge, 'far.json')).toThrow(/^far.json: distances.demand\[0\]\[1\]: Infinity is not a finite number/);
  });

  it('an empty file', () => {
    expect(() => parseInstanceText('  \n', 'empty.json')).toThrow(/^empty.json: the file is empty/);
  });

  it('JSON that is not an object', () => {
    expect(() => parseInstanceText('[1, 2]', 'list.json')).toThrow(/^list.json: instance: expected an object/);
  });
});
