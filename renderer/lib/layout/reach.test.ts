import { describe, expect, it } from 'vitest';
import { mountings, reachBand } from './reach';

describe('ADA 308 reach band in pixels', () => {
  it('portrait 1080×1920 on the assumed mounting: from about 468 px to the bottom edge', () => {
    expect(reachBand(mountings.portrait)).toEqual({ top: 468, bottom: 1920 });
  });
  it('landscape 1920×1080: all but the top strip', () => {
    const band = reachBand(mountings.landscape);
    expect(band.top).toBeGreaterThan(0);
    expect(band.top).toBeLessThan(60);
    expect(band.bottom).toBe(1080);
  });
  it('a panel mounted higher moves the band down the screen', () => {
    expect(reachBand({ ...mountings.portrait, lowerEdgeMm: 700 }).top).toBeGreaterThan(
      reachBand(mountings.portrait).top,
    );
  });
});
