import { describe, expect, it } from 'vitest';
import { installCommand, missingPackages, systemPackages } from './system-packages';

describe('system packages npm test needs', () => {
  it('names the Debian package of each missing command', () => {
    expect(missingPackages((command) => command !== 'xvfb-run' && command !== 'chromium')).toEqual([
      'chromium',
      'xvfb',
    ]);
    expect(missingPackages(() => true)).toEqual([]);
  });

  it('tells the one command that installs them', () => {
    expect(installCommand(['chromium', 'xvfb'])).toBe('apt-get update && apt-get install -y chromium xvfb');
  });

  it('covers the browser and the display server of the e2e stage, and the PostgreSQL server', () => {
    expect(systemPackages.map((p) => p.pkg)).toEqual(expect.arrayContaining(['chromium', 'xvfb', 'postgresql']));
    expect(missingPackages((command) => command !== 'initdb')).toEqual(['postgresql']);
  });
});
