import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllowList, parseCsvRows, parseErrors, parseReport, triage, type AllowEntry } from './electronegativity';

const fixture = readFileSync(join(import.meta.dirname, 'fixtures/electronegativity/report.csv'), 'utf8');
const reason = 'Reviewed: the tool cannot see the header set by the protocol handler; proven by a unit test.';

describe('electronegativity report parsing', () => {
  it('reads every row of the tool’s CSV, quotes and commas inside samples included', () => {
    const findings = parseReport(fixture);
    expect(findings.map((f) => f.check)).toEqual(['CSP_GLOBAL_CHECK', 'PRELOAD_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'OPEN_EXTERNAL_JS_CHECK']);
    expect(findings[2]).toMatchObject({ severity: 'HIGH', confidence: 'FIRM', file: 'main/index.ts', location: '49:16', sample: 'const win = new BrowserWindow(windowOptions(role, preloadPath));' });
    expect(findings[3]?.sample).toBe('shell.openExternal(`${base}/help?q="x,y"`);');
    expect(findings[0]).toMatchObject({ file: 'N/A', sample: 'N/A' });
  });

  it('reads an empty report (header only) as no findings, and refuses something that is not a report', () => {
    expect(parseReport('issue, severity, confidence, filename, location, sample, description, url\n')).toEqual([]);
    expect(() => parseReport('')).toThrow(/header/);
    expect(() => parseReport('<html>502</html>\n')).toThrow(/header/);
    expect(() => parseReport('issue, severity, confidence, filename, location, sample, description, url\nX,"HIGH"\n')).toThrow(/fields/);
  });

  it('keeps newlines inside quoted fields and refuses an unterminated quote', () => {
    expect(parseCsvRows('a,"b\nc",d\r\ne,f,g')).toEqual([['a', 'b\nc', 'd'], ['e', 'f', 'g']]);
    expect(() => parseCsvRows('a,"b')).toThrow(/unterminated/);
  });

  it('spots files the tool could not parse (they were not checked)', () => {
    const out = 'Starting scan...\n\x1b[31mError parsing main/x.ts - Unexpected token\x1b[39m\nTolerable error parsing y.ts - z\n';
    expect(parseErrors(out)).toHaveLength(1);
    expect(parseErrors('41 check(s) successfully loaded')).toEqual([]);
  });
});

describe('allow-list', () => {
  it('accepts entries with check, file, exact line and a real reason', () => {
    const { entries, problems } = parseAllowList({ entries: [{ check: 'CSP_GLOBAL_CHECK', file: 'N/A', sample: 'N/A', reason }] });
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
    const committed: unknown = JSON.parse(readFileSync(join(import.meta.dirname, '../security/electronegativity-allowlist.json'), 'utf8'));
    const { entries, problems } = parseAllowList(committed);
    expect(problems).toEqual([]);
    expect(entries.length).toBeGreaterThan(0);
  });
});

describe('triage', () => {
  const findings = parseReport(fixture);
  const csp: AllowEntry = { check: 'CSP_GLOBAL_CHECK', file: 'N/A', sample: 'N/A', reason };
  const preload: AllowEntry = { check: 'PRELOAD_JS_CHECK', file: 'main/window-options.ts', sample: 'preload: preloadPath,', reason };

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
