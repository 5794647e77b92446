import { message, type ImportMessage, type ImportValue } from './messages';

// Degrees never get near this; metres in UTM (~500 000 / ~4 800 000) or Web
// Mercator (~8 500 000) always do. A mistyped degree value (95, 430) is a row
// error instead, unless most of the file is like it.
const FAR = 1000;

/** Why a longitude or latitude is unusable, or null when it is in range. */
export function rangeProblem(role: 'lat' | 'lon', value: number, shown: string): ImportMessage | null {
  const limit = role === 'lat' ? 90 : 180;
  if (Math.abs(value) <= limit) return null;
  return message('outOfRange', { value: shown, role: message(`role.${role}`), limit });
}


/**
 * Decides whether a file's coordinates are projected metres rather than
 * WGS84 degrees. Fed every finite position; when most are far out of range,
 * the whole file is rejected with one message instead of one per row.
 */
export class ProjectionCheck {
  private total = 0;
  private far = 0;
  private example: { lon: number; lat: number; where: ImportValue } | null = null;

  /** `where`: a line (a message) or a GeoJSON path. */
  add(lon: number, lat: number, where: ImportValue): void {
    this.total++;
    if (Math.abs(lon) > FAR || Math.abs(lat) > FAR) {
      if (this.far === 0) this.example = { lon, lat, where };
      this.far++;
    }
  }

  get projected(): boolean {
    return this.far > 0 && this.far * 2 > this.total;
  }

  /** `crs`: the coordinate system the file declares, if any. */
  message(crs?: string): ImportMessage {
    const values = { far: this.far, total: this.total, lon: this.example!.lon, lat: this.example!.lat, where: this.example!.where };
    return crs === undefined ? message('projected', values) : message('projectedCrs', { ...values, crs });
  }
}
