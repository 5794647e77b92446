// Degrees never get near this; metres in UTM (~500 000 / ~4 800 000) or Web
// Mercator (~8 500 000) always do. A mistyped degree value (95, 430) is a row
// error instead, unless most of the file is like it.
const FAR = 1000;

/** Why a longitude or latitude is unusable, or null when it is in range. */
export function rangeProblem(role: 'lat' | 'lon', value: number, shown: string): string | null {
  const limit = role === 'lat' ? 90 : 180;
  if (Math.abs(value) <= limit) return null;
  return `${shown} is outside the ${role === 'lat' ? 'latitude' : 'longitude'} range [-${limit}, ${limit}]`;
}


/**
 * Decides whether a file's coordinates are projected metres rather than
 * WGS84 degrees. Fed every finite position; when most are far out of range,
 * the whole file is rejected with one message instead of one per row.
 */
export class ProjectionCheck {
  private total = 0;
  private far = 0;
  private example = '';

  add(lon: number, lat: number, where: string): void {
    this.total++;
    if (Math.abs(lon) > FAR || Math.abs(lat) > FAR) {
      if (this.far === 0) this.example = `lon ${lon}, lat ${lat} (${where})`;
      this.far++;
    }
  }

  get projected(): boolean {
    return this.far > 0 && this.far * 2 > this.total;
  }

  message(): string {
    return (
      `the coordinates look projected (e.g. UTM metres), not longitude/latitude degrees: ${this.far} of ${this.total} ` +
      `positions are far outside [-180, 180] × [-90, 90], such as ${this.example}. ` +
      'Save the file with WGS84 longitude/latitude in degrees (EPSG:4326) and import it again.'
    );
  }
}
