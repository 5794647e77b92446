/**
 * The one way the planner measures straight distances: on the WGS84
 * ellipsoid, through a transverse Mercator projection centred on the city
 * (central meridian and origin at the centre, scale 1 on the central
 * meridian; Krüger's series to the fourth order of n, Karney 2011), in which
 * a distance is a plain Euclidean one that a spatial index can search.
 *
 * The projection is conformal and its scale at x metres east of the centre is
 * 1 + x²/(2R²) (R about 6,380 km): a straight distance measured in it is the
 * ellipsoidal (geodesic) distance within a relative error of at most
 * x²/(2R²) at the pair's farthest easting, 5·10⁻⁶ (0.0005%) 20 km from the
 * centre, 1.2·10⁻⁴ (0.012%) 100 km from it. The series itself is exact to
 * well under a millimetre at such distances. tests/unit/geo.test.ts checks it
 * against Vincenty's inverse on the ellipsoid. (Until issue 23 this was an
 * equirectangular projection on a sphere, off by up to 0.3-0.5% across a
 * city 40 km wide.)
 */
export interface Projection {
  /** Longitude and latitude of the origin. */
  readonly centre: readonly [number, number];
  readonly x: (lon: number, lat: number) => number;
  readonly y: (lon: number, lat: number) => number;
  readonly lon: (x: number, y: number) => number;
  readonly lat: (x: number, y: number) => number;
}

/** WGS84. */
const A = 6_378_137;
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const E = Math.sqrt(E2);
const N = F / (2 - F);
const RADIANS = Math.PI / 180;
/** The rectifying radius. */
const RECTIFYING = (A / (1 + N)) * (1 + N ** 2 / 4 + N ** 4 / 64);
const ALPHA = [
  N / 2 - (2 / 3) * N ** 2 + (5 / 16) * N ** 3 + (41 / 180) * N ** 4,
  (13 / 48) * N ** 2 - (3 / 5) * N ** 3 + (557 / 1440) * N ** 4,
  (61 / 240) * N ** 3 - (103 / 140) * N ** 4,
  (49561 / 161280) * N ** 4,
];
const BETA = [
  N / 2 - (2 / 3) * N ** 2 + (37 / 96) * N ** 3 - (1 / 360) * N ** 4,
  (1 / 48) * N ** 2 + (1 / 15) * N ** 3 - (437 / 1440) * N ** 4,
  (17 / 480) * N ** 3 - (37 / 840) * N ** 4,
  (4397 / 161280) * N ** 4,
];

/** tan of the conformal latitude from tan of the geodetic one. */
function conformalTan(tau: number): number {
  const sigma = Math.sinh(E * Math.atanh((E * tau) / Math.hypot(1, tau)));
  return tau * Math.hypot(1, sigma) - sigma * Math.hypot(1, tau);
}

/** tan of the geodetic latitude from tan of the conformal one (Newton, Karney 2011 eq. 19-21). */
function geodeticTan(tauPrime: number): number {
  let tau = tauPrime / (1 - E2);
  for (let k = 0; k < 5; k++) {
    const tp = conformalTan(tau);
    const step = ((tauPrime - tp) * (1 + (1 - E2) * tau * tau)) / ((1 - E2) * Math.hypot(1, tau) * Math.hypot(1, tp));
    tau += step;
    if (Math.abs(step) < 1e-14) break;
  }
  return tau;
}

/** Transverse Mercator of (lon, lat) about the central meridian lon0: [x, y] in metres (y from the equator). */
function forward(lon0: number, lon: number, lat: number): [number, number] {
  const lambda = (lon - lon0) * RADIANS;
  const tp = conformalTan(Math.tan(lat * RADIANS));
  const xiP = Math.atan2(tp, Math.cos(lambda));
  const etaP = Math.asinh(Math.sin(lambda) / Math.hypot(tp, Math.cos(lambda)));
  let xi = xiP;
  let eta = etaP;
  for (let j = 1; j <= 4; j++) {
    xi += ALPHA[j - 1] * Math.sin(2 * j * xiP) * Math.cosh(2 * j * etaP);
    eta += ALPHA[j - 1] * Math.cos(2 * j * xiP) * Math.sinh(2 * j * etaP);
  }
  return [RECTIFYING * eta, RECTIFYING * xi];
}

function inverse(lon0: number, x: number, y: number): [number, number] {
  const xi = y / RECTIFYING;
  const eta = x / RECTIFYING;
  let xiP = xi;
  let etaP = eta;
  for (let j = 1; j <= 4; j++) {
    xiP -= BETA[j - 1] * Math.sin(2 * j * xi) * Math.cosh(2 * j * eta);
    etaP -= BETA[j - 1] * Math.cos(2 * j * xi) * Math.sinh(2 * j * eta);
  }
  const tauP = Math.sin(xiP) / Math.hypot(Math.sinh(etaP), Math.cos(xiP));
  const lambda = Math.atan2(Math.sinh(etaP), Math.cos(xiP));
  return [lon0 + lambda / RADIANS, Math.atan(geodeticTan(tauP)) / RADIANS];
}

/**
 * The city's projection (see the top of this file): metres east and north of
 * (centreLon, centreLat). The last point projected is remembered, so x and y
 * of one point cost one projection.
 */
export function localProjection(centreLon: number, centreLat: number): Projection {
  const northing0 = forward(centreLon, centreLon, centreLat)[1];
  let lastLon = NaN;
  let lastLat = NaN;
  let last: [number, number] = [0, 0];
  const project = (lon: number, lat: number) => {
    if (lon !== lastLon || lat !== lastLat) {
      last = forward(centreLon, lon, lat);
      lastLon = lon;
      lastLat = lat;
    }
    return last;
  };
  let lastX = NaN;
  let lastY = NaN;
  let back: [number, number] = [0, 0];
  const unproject = (x: number, y: number) => {
    if (x !== lastX || y !== lastY) {
      back = inverse(centreLon, x, y + northing0);
      lastX = x;
      lastY = y;
    }
    return back;
  };
  return {
    centre: [centreLon, centreLat],
    x: (lon, lat) => project(lon, lat)[0],
    y: (lon, lat) => project(lon, lat)[1] - northing0,
    lon: (x, y) => unproject(x, y)[0],
    lat: (x, y) => unproject(x, y)[1],
  };
}

/**
 * The frame grids are laid out in: the candidates' lattice and a population
 * raster's cells. It is the equirectangular projection on a sphere
 * (R = 6,371,008.8 m, east scale fixed at the centre's latitude) that was the
 * planner's measure before issue 23, kept so that a city's candidates and
 * cells are exactly those earlier versions made: share links and saved plans
 * name candidates by their index. A construction frame only (its "metres"
 * differ from true ones by up to about 0.5% across a city): no distance is
 * measured in it.
 */
export function gridFrame(centreLon: number, centreLat: number): Projection {
  const east = SPHERE * Math.cos(centreLat * RADIANS) * RADIANS;
  const north = SPHERE * RADIANS;
  return {
    centre: [centreLon, centreLat],
    x: (lon) => (lon - centreLon) * east,
    y: (_lon, lat) => (lat - centreLat) * north,
    lon: (x) => centreLon + x / east,
    lat: (_x, y) => centreLat + y / north,
  };
}

const SPHERE = 6_371_008.8;

/** Radii of curvature at latitude φ: [meridional M, prime vertical N]. */
function radii(lat: number): [number, number] {
  const s = Math.sin(lat * RADIANS);
  const w = Math.sqrt(1 - E2 * s * s);
  return [(A * (1 - E2)) / (w * w * w), A / w];
}

/**
 * The distance in metres between two points given by longitude and latitude,
 * on the ellipsoid at the pair's mid-latitude (the same measure as the
 * projection's to far under 0.01% within a city; for pairs not projected
 * together, e.g. lengths of streets in a summary).
 */
export function metresBetween(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const mid = (lat1 + lat2) / 2;
  const [m, n] = radii(mid);
  const east = n * Math.cos(mid * RADIANS) * (lon2 - lon1) * RADIANS;
  const north = m * (lat2 - lat1) * RADIANS;
  return Math.hypot(east, north);
}

/** A [west, south, east, north] box in degrees widened by at least `metres` on every side. */
export function widenedBox(box: readonly number[], metres: number): [number, number, number, number] {
  const [west, south, east, north] = box;
  // The smallest radii of the box's latitudes, so the margin is never short.
  const far = Math.max(Math.abs(south), Math.abs(north));
  const dLat = metres / radii(0)[0] / RADIANS;
  const dLon = metres / (radii(0)[1] * Math.cos(Math.min(far + dLat, 89.9) * RADIANS)) / RADIANS;
  return [west - dLon, south - dLat, east + dLon, north + dLat];
}
