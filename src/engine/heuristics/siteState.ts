/** A site's state in the heuristics and bounds: decided by the search, or fixed. */
export const enum SiteState {
  /** May be opened or not: the search decides. */
  Free = 0,
  /** Open, and counted in p where there is a p (required sites, and sites fixed open by a bound). */
  Open = 1,
  /** Open, not counted in p (facilities already built). */
  Existing = 2,
  /** Never opened (forbidden sites, and sites fixed closed by a bound). */
  Closed = 3,
}
