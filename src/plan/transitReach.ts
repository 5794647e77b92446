import { byTarget, reachWithin } from '../engine/streets/reach';
import type { Snaps } from '../engine/streets/network';
import { transitReach } from '../engine/transit/raptor';
import { straightWalks, walksByStop } from '../engine/transit/walks';
import type { CityData } from './city';
import { demandSnaps, offStreetRules, snapSites, streetNetwork } from './streets';
import type { FacilityType, Scenario } from './scenario';
import type { CityTransit } from './transit';

/** Per demand point, the sites a transit trip reaches within the norm (ascending) and its median minutes over the window. */
export interface TransitPairs {
  readonly start: Int32Array;
  readonly site: Int32Array;
  readonly minutes: Float64Array;
}

/**
 * Per demand point, the sites of one type whose median transit trip over the
 * window is within the type's walking minutes: walk to a stop (along the
 * streets where the type's walking is measured on them, else the straight
 * line times the detour), wait, ride, transfer, ride, walk to the site.
 */
export function transitPairs(city: CityData, scenario: Scenario, type: FacilityType, siteX: Float64Array, siteY: Float64Array, streets: boolean): TransitPairs | null {
  const transit = city.transit;
  if (!transit || transit.timetable.stopCount === 0) return null;
  const settings = scenario.facilities[type];
  const speed = settings.walkSpeedKmh / 3.6;
  const maxSeconds = settings.walkMinutes * 60;
  // No trip walks farther than the whole norm.
  const metres = maxSeconds * speed;
  const { stopCount } = transit.timetable;
  const demand = city.demand;
  let access: { start: Int32Array; stop: Int32Array; seconds: Int32Array };
  let egress: { start: Int32Array; target: Int32Array; seconds: Int32Array };
  if (streets && city.streets) {
    const rules = offStreetRules(scenario);
    const network = streetNetwork(city)!;
    const stops = stopSnaps(city, rules.maxConnector);
    const seconds = (distance: Float64Array) => Int32Array.from(distance, (d) => Math.round(d / speed));
    // Per stop the demand points it is walked to from, turned to per demand point its stops.
    const toStops = byTarget(reachWithin(network, stops, demandSnaps(city, rules.maxConnector), metres, rules.detour), demand.count);
    access = { start: toStops.start, stop: toStops.site, seconds: seconds(toStops.distance) };
    // Per site its stops, turned to per stop the sites.
    const fromStops = byTarget(reachWithin(network, snapSites(city, siteX, siteY, rules), stops, metres, rules.detour), stopCount);
    egress = { start: fromStops.start, target: fromStops.site, seconds: seconds(fromStops.distance) };
  } else {
    const walking = { maxSeconds, metresPerSecond: speed, detour: scenario.detourFactor };
    access = straightWalks(demand.x, demand.y, transit.timetable, walking);
    egress = walksByStop(straightWalks(siteX, siteY, transit.timetable, walking), stopCount);
  }
  const reach = transitReach({
    timetable: transit.timetable,
    accessStart: access.start,
    accessStop: access.stop,
    accessSeconds: access.seconds,
    egressStart: egress.start,
    egressTarget: egress.target,
    egressSeconds: egress.seconds,
    targetCount: siteX.length,
    from: transit.from,
    to: transit.to,
    step: 60,
    maxSeconds,
  });
  return { start: reach.start, site: reach.target, minutes: Float64Array.from(reach.seconds, (s) => s / 60) };
}

const stopSnapCache = new WeakMap<CityTransit, Map<number, Snaps>>();

function stopSnaps(city: CityData, maxConnector: number): Snaps {
  const transit = city.transit!;
  let byConnector = stopSnapCache.get(transit);
  if (!byConnector) stopSnapCache.set(transit, (byConnector = new Map()));
  let snaps = byConnector.get(maxConnector);
  if (!snaps) {
    snaps = snapSites(city, transit.timetable.stopX, transit.timetable.stopY, { detour: 1, maxConnector });
    byConnector.set(maxConnector, snaps);
  }
  return snaps;
}

interface Pairs {
  readonly pairStart: Int32Array;
  readonly pairSite: Int32Array;
  readonly pairDistance: Float64Array;
}

/**
 * Walking pairs with the transit pairs added, per demand point in ascending
 * site order. A site a transit trip reaches within the norm reaches the whole
 * cell (its centre's trip stands for it: `whole`); its distance is the walk's,
 * or the transit minutes in the norm's own measure (`metresPerMinute`: the
 * radius over the norm's minutes, straight metres where walking is measured
 * by straight lines) where that is less, so that a trip by bus within the
 * norm is always within the radius.
 */
export function withTransitPairs(near: Pairs, transit: TransitPairs, metresPerMinute: number): Pairs & { readonly whole: Uint8Array } {
  const count = near.pairStart.length - 1;
  const pairStart = new Int32Array(count + 1);
  const sites: number[] = [];
  const distances: number[] = [];
  const whole: number[] = [];
  for (let i = 0; i < count; i++) {
    let p = near.pairStart[i];
    let q = transit.start[i];
    const pEnd = near.pairStart[i + 1];
    const qEnd = transit.start[i + 1];
    while (p < pEnd || q < qEnd) {
      const walkSite = p < pEnd ? near.pairSite[p] : Infinity;
      const busSite = q < qEnd ? transit.site[q] : Infinity;
      if (walkSite < busSite) {
        sites.push(walkSite);
        distances.push(near.pairDistance[p++]);
        whole.push(0);
      } else {
        const bus = transit.minutes[q++] * metresPerMinute;
        sites.push(busSite);
        distances.push(walkSite === busSite ? Math.min(near.pairDistance[p++], bus) : bus);
        whole.push(1);
      }
    }
    pairStart[i + 1] = sites.length;
  }
  return { pairStart, pairSite: Int32Array.from(sites), pairDistance: Float64Array.from(distances), whole: Uint8Array.from(whole) };
}
