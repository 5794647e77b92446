import { strToU8, zipSync } from 'fflate';

/**
 * Small GTFS feeds made in the tests: an Almaty-like feed of two bus routes
 * through the demo's centre (stops every ~500 m, every 6 minutes both ways
 * from 06:00 to 10:00 on weekdays, as frequencies), and any feed from files
 * given as text.
 */
export function gtfsZip(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));
}

/** Stops [id, lon, lat] along a straight line from (lon0, lat0) to (lon1, lat1), `count` of them. */
function along(prefix: string, count: number, lon0: number, lat0: number, lon1: number, lat1: number): [string, number, number][] {
  return Array.from({ length: count }, (_, k) => [`${prefix}${k}`, lon0 + ((lon1 - lon0) * k) / (count - 1), lat0 + ((lat1 - lat0) * k) / (count - 1)]);
}

export const ALMATY_ROUTES = {
  // East-west along Abay avenue's latitude, and north-south along Dostyk's longitude.
  A: along('a', 16, 76.85, 43.24, 76.95, 43.24),
  B: along('b', 12, 76.955, 43.28, 76.955, 43.2),
};

export function almatyFeedFiles(): Record<string, string> {
  const stops = [...ALMATY_ROUTES.A, ...ALMATY_ROUTES.B];
  const trips: string[] = [];
  const times: string[] = [];
  const frequencies: string[] = [];
  const clock = (s: number) => `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  for (const [route, list] of Object.entries(ALMATY_ROUTES)) {
    for (const [direction, sequence] of [list, [...list].reverse()].entries()) {
      const trip = `${route}${direction}`;
      trips.push(`${route},wk,${trip},${direction}`);
      // 90 s between stops (about 20 km/h over 500 m).
      sequence.forEach(([stop], k) => times.push(`${trip},${clock(6 * 3600 + 90 * k)},${clock(6 * 3600 + 90 * k)},${stop},${k + 1}`));
      frequencies.push(`${trip},06:00:00,10:00:00,360`);
    }
  }
  return {
    'agency.txt': 'agency_id,agency_name,agency_url,agency_timezone\nalm,Test buses,https://example.org,Asia/Almaty\n',
    'stops.txt': `stop_id,stop_name,stop_lat,stop_lon\n${stops.map(([id, lon, lat]) => `${id},"Stop ${id}",${lat.toFixed(6)},${lon.toFixed(6)}`).join('\n')}\n`,
    'routes.txt': 'route_id,agency_id,route_short_name,route_long_name,route_type,route_color\nA,alm,12,Abay,3,1C7ED6\nB,alm,34,Dostyk,3,E03131\n',
    'trips.txt': `route_id,service_id,trip_id,direction_id\n${trips.join('\n')}\n`,
    'stop_times.txt': `trip_id,arrival_time,departure_time,stop_id,stop_sequence\n${times.join('\n')}\n`,
    'calendar.txt': 'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nwk,1,1,1,1,1,0,0,20260101,20271231\n',
    'frequencies.txt': `trip_id,start_time,end_time,headway_secs\n${frequencies.join('\n')}\n`,
  };
}
