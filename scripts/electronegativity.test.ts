import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllowList, parseErrors, parseReport, triage, type AllowEntry } from './electronegativity';

const fixture: unknown = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures/electronegativity/report.sarif'), 'utf8'),
);
const reason = 'Reviewed: the tool cannot see the header set by the protocol handler; proven by a unit test.';

// the source lines the fixture's findings point at, as the tool would have read them
const sources: Record<string, string[]> = {
  'main/window-options.ts': Object.assign(new Array<string>(29).fill(''), { 29: '      preload: preloadPath,' }),
  'main/index.ts': Object.assign(new Array<string>(48).fill(''), {
    48: '    const win = new BrowserWindow(windowOptions(role, preloadPath));',
  }),
  'main/links.ts': Object.assign(new Array<string>(11).fill(''), {
    11: '  shell.openExternal(`${base}/help?q="x,y"`);',
  }),
};
const sourceLine = (file: string, line: number) => sources[file]?.[line - 1];
const findings = parseReport(fixture, sourceLine);

describe('electronegativity report parsing', () => {
  it('reads every result of the tool’s SARIF, with the source line each points at', () => {
    expect(findings.map((f) => f.check)).toEqual([
      'CSP_GLOBAL_CHECK',
      'PRELOAD_JS_CHECK',
      'CONTEXT_ISOLATION_JS_CHECK',
      'OPEN_EXTERNAL_JS_CHECK',
    ]);
    expect(findings[2]).toMatchObject({
      level: 'warning',
      file: 'main/index.ts',
      location: '49:17',
      sample: 'const win = new BrowserWindow(windowOptions(role, preloadPath));',
    });
    expect(findings[1]?.sample).toBe('preload: preloadPath,');
    expect(findings[3]?.sample).toBe('shell.openExternal(`${base}/help?q="x,y"`);');
    // global checks belong to no file
    expect(findings[0]).toMatchObject({ file: 'N/A', sample: 'N/A' });
  });

  it('reads a clean report as no findings, and refuses something that is not a report', () => {
    expect(parseReport({ runs: [{ results: [] }] }, sourceLine)).toEqual([]);
    expect(() => parseReport({}, sourceLine)).toThrow(/not an electronegativity/);
    expect(() => parseReport('<html>502</html>', sourceLine)).toThrow(/not an electronegativity/);
    expect(() => parseReport({ runs: [{ results: [{ ruleId: 'X' }] }] }, sourceLine)).toThrow(/lacks/);
  });

  it('spots files the tool could not parse (they were not checked)', () => {
    const out =
      'Starting scan...\n\x1b[31mError parsing main/x.ts - Unexpected token\x1b[39m\nTolerable error parsing y.ts - z\n';
    expect(parseErrors(out)).toHaveLength(1);
    expect(parseErrors('41 check(s) successfully loaded')).toEqual([]);
  });
});

describe('allow-list', () => {
  it('accepts entries with check, file, exact line and a real reason', () => {
    const { entries, problems } = parseAllowList({
      entries: [{ check: 'CSP_GLOBAL_CHECK', file: 'N/A', sample: 'N/A', reason }],
    });
    expect(problems).toEqual([]);
    expect(entries).toEqual([{ check: 'CSP_GLOBAL_CHECK', file: 'N/A', sample: 'N/A', reason }]);
  });

  it('rejects entries without a reason, with a placeholder reason, or without the line they explain', () => {
    const { entries, problems } = parseAllowList({
      entries: [
        { check: 'A', file: 'f.ts', sample: 'x' },
        { check: 'B', file: 'f.ts', sample: 'x', reason: 'TODO' },
        { check: 'C', file: 'f.ts', sample: 'x', reason: 'false positive' },
        { check: 'D', file: 'f.ts', reason },
        'not an object',
      ],
    });
    expect(entries).toEqual([]);
    expect(problems).toHaveLength(5);
    expect(problems[3]).toMatch(/missing sample/);
    expect(parseAllowList([]).problems).toEqual(['the allow-list must be an object with an "entries" array']);
  });

  it('the committed allow-list is valid', () => {
    const committed: unknown = JSON.parse(
      readFileSync(join(import.meta.dirname, '../security/electronegativity-allowlist.json'), 'utf8'),
    );
    const { entries, problems } = parseAllowList(committed);
    expect(problems).toEqual([]);
    expect(entries.length).toBeGreaterThan(0);
  });
});

describe('triage', () => {
  const csp: AllowEntry = { check: 'CSP_GLOBAL_CHECK', file: 'N/A', sample: 'N/A', reason };
  const preload: AllowEntry = {
    check: 'PRELOAD_JS_CHECK',
    file: 'main/window-options.ts',
    sample: 'preload: preloadPath,',
    reason,
  };

  it('fails (unexplained) every finding the list does not name exactly', () => {
    const t = triage(findings, [csp, preload]);
    expect(t.explained.map((e) => e.finding.check)).toEqual(['CSP_GLOBAL_CHECK', 'PRELOAD_JS_CHECK']);
    expect(t.unexplained.map((f) => f.check)).toEqual(['CONTEXT_ISOLATION_JS_CHECK', 'OPEN_EXTERNAL_JS_CHECK']);
    expect(t.unused).toEqual([]);
  });

  it('does not let an entry explain the same check on another line or in another file', () => {
    const elsewhere = { ...preload, sample: 'preload: join(dir, "other.cjs"),' };
    const otherFile = { ...preload, file: 'main/index.ts' };
    const t = triage(findings, [elsewhere, otherFile]);
    expect(t.unexplained.map((f) => f.check)).toContain('PRELOAD_JS_CHECK');
    expect(t.unused).toEqual([elsewhere, otherFile]);
  });

  it('passes a clean report and reports stale entries', () => {
    expect(triage([], [])).toEqual({ unexplained: [], explained: [], unused: [] });
    expect(triage([], [csp]).unused).toEqual([csp]);
  });
});
