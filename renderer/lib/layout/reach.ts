/**
 * The reach band of ADA 308 (forward reach, unobstructed: 380–1220 mm above the floor) in screen
 * pixels, for the two mountings the kiosk ships in. One place, so the layout and its test agree.
 *
 * Assumed mounting (state it, because the band depends on it): a 43-inch 16:9 panel, active area
 * 952 × 535 mm.
 * - Portrait 1080×1920: lower edge 500 mm above the floor, upper edge 1452 mm; 1920 px / 952 mm
 *   ≈ 2.02 px/mm. 1220 mm is 232 mm below the top: y ≈ 468 px. 380 mm is below the panel, so the
 *   band runs to the bottom edge.
 * - Landscape 1920×1080: lower edge 700 mm, upper edge 1235 mm; 1080 px / 535 mm ≈ 2.02 px/mm.
 *   1220 mm is 15 mm below the top: y ≈ 30 px.
 * A different panel or height moves these numbers: measure it and change them here.
 */
export type Mounting = { panelHeightMm: number; lowerEdgeMm: number; heightPx: number };

export const REACH_MIN_MM = 380;
export const REACH_MAX_MM = 1220;

export const mountings = {
  portrait: { panelHeightMm: 952, lowerEdgeMm: 500, heightPx: 1920 },
  landscape: { panelHeightMm: 535, lowerEdgeMm: 700, heightPx: 1080 },
} as const satisfies Record<string, Mounting>;

/** The band as pixel rows from the top of the screen: [top, bottom]. */
export function reachBand(m: Mounting): { top: number; bottom: number } {
  const pxPerMm = m.heightPx / m.panelHeightMm;
  const upperEdgeMm = m.lowerEdgeMm + m.panelHeightMm;
  const top = Math.max(0, Math.ceil((upperEdgeMm - REACH_MAX_MM) * pxPerMm));
  const bottom = Math.min(m.heightPx, Math.floor((upperEdgeMm - REACH_MIN_MM) * pxPerMm));
  return { top, bottom };
}
