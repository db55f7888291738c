import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBoundaries, importsOf } from './boundaries';

describe('boundary check (DESIGN §3)', () => {
  it('finds the deliberately bad imports of the fixture', () => {
    const violations = checkBoundaries(resolve(import.meta.dirname, 'fixtures/bad-imports'));
    expect(violations).toEqual([
      {
        file: 'electron/core/flow/central-direct.ts',
        specifier: '../../../central/server/app',
        rule: 'core must not import central-server',
      },
      { file: 'electron/core/window.ts', specifier: 'electron', rule: 'core must not import electron' },
      { file: 'central/contract.ts', specifier: '../electron/contract/flow', rule: 'central must not import contract' },
      {
        file: 'central/server/app.ts',
        specifier: '../../electron/core/flow/session',
        rule: 'central-server must not import core',
      },
      {
        file: 'central/server/app.ts',
        specifier: '../../renderer/lib/catalogs',
        rule: 'central-server must not import renderer',
      },
      {
        file: 'domain/vocabulary.ts',
        specifier: '../electron/contract/result',
        rule: 'domain must not import contract',
      },
      { file: 'renderer/screen.ts', specifier: '../electron/core/kiosk', rule: 'renderer must not import core' },
    ]);
  });

  it('passes on the real tree', () => {
    expect(checkBoundaries(resolve(import.meta.dirname, '..'))).toEqual([]);
  });

  it('reads static, dynamic, re-export and side-effect imports', () => {
    const src = `import a from './a';\nexport { b } from "../b";\nconst c = await import('./c');\nimport './d.css';\nconst e = require('electron');`;
    expect(importsOf(src).sort()).toEqual(['../b', './a', './c', './d.css', 'electron']);
  });
});
