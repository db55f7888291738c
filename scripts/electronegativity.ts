import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * `npm run lint:electron`: runs @doyensec/electronegativity over electron/ and fails on any
 * finding that the reviewed allow-list (security/electronegativity-allowlist.json) does not
 * explain. The tool itself always exits 0, even with HIGH findings (TOOLCHAIN.md), so its
 * report file is the only trustworthy output.
 */

export const ELECTRON_VERSION = '45.4.1';
/** needs the network (it fetches Electron's release list); Electron updates are tracked as dependency updates */
export const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const MIN_REASON_LENGTH = 40;

export type Finding = {
  check: string;
  level: string;
  file: string;
  location: string;
  sample: string;
  description: string;
};
/** One reviewed exception: the exact finding (check, file, source line) and why it is acceptable. */
export type AllowEntry = { check: string; file: string; sample: string; reason: string };
export type Triage = {
  unexplained: Finding[];
  explained: Array<{ finding: Finding; entry: AllowEntry }>;
  unused: AllowEntry[];
};

type SarifResult = {
  ruleId?: unknown;
  level?: unknown;
  message?: { text?: unknown };
  locations?: Array<{
    physicalLocation?: {
      artifactLocation?: { uri?: unknown };
      region?: { startLine?: unknown; startColumn?: unknown };
    };
  }>;
};

/**
 * The tool's SARIF report as findings. SARIF, not CSV: 1.10.3 writes the CSV header with an
 * async writeFile that races the rows and can overwrite the first one (seen here). SARIF has no
 * sample, so the source line is read back the way the tool takes it (that line, trimmed).
 * Throws on a report it does not recognise: better than passing.
 */
export function parseReport(sarif: unknown, sourceLine: (file: string, line: number) => string | undefined): Finding[] {
  const runs = typeof sarif === 'object' && sarif !== null ? (sarif as { runs?: unknown }).runs : undefined;
  const results = Array.isArray(runs) ? (runs[0] as { results?: unknown } | undefined)?.results : undefined;
  if (!Array.isArray(results)) throw new Error('not an electronegativity SARIF report (no runs[0].results)');
  return (results as SarifResult[]).map((r, i) => {
    const location = r.locations?.[0]?.physicalLocation;
    const uri = location?.artifactLocation?.uri;
    const line = location?.region?.startLine;
    const column = location?.region?.startColumn;
    if (typeof r.ruleId !== 'string' || typeof uri !== 'string' || typeof line !== 'number')
      throw new Error(`report result ${i} lacks ruleId, uri or startLine`);
    // the tool writes "file:///" for findings that belong to no file (global checks)
    const file = uri === 'file:///' ? 'N/A' : uri;
    const sample = file === 'N/A' ? 'N/A' : (sourceLine(file, line) ?? '').trim();
    return {
      check: r.ruleId,
      level: typeof r.level === 'string' ? r.level : '',
      file,
      location: `${line}:${typeof column === 'number' ? column : 0}`,
      sample,
      description: typeof r.message?.text === 'string' ? r.message.text : '',
    };
  });
}

/** Reads the allow-list; an entry without a real reason (or without the exact line) is a problem, not an exception. */
export function parseAllowList(json: unknown): { entries: AllowEntry[]; problems: string[] } {
  const problems: string[] = [];
  const entries: AllowEntry[] = [];
  const list =
    typeof json === 'object' && json !== null && 'entries' in json ? (json as { entries: unknown }).entries : undefined;
  if (!Array.isArray(list)) return { entries, problems: ['the allow-list must be an object with an "entries" array'] };
  list.forEach((raw: unknown, i) => {
    const e = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const text = (key: string) => (typeof e[key] === 'string' ? (e[key] as string).trim() : '');
    const [check, file, sample, reason] = [text('check'), text('file'), text('sample'), text('reason')];
    const missing = ['check', 'file', 'sample'].filter((k) => text(k) === '');
    if (missing.length > 0) problems.push(`entry ${i}: missing ${missing.join(', ')}`);
    else if (reason.length < MIN_REASON_LENGTH || /^(todo|tbd|fixme|n\/a|ok|false positive)\.?$/i.test(reason)) {
      problems.push(
        `entry ${i} (${check} in ${file}): needs a reviewed reason of at least ${MIN_REASON_LENGTH} characters`,
      );
    } else entries.push({ check, file, sample, reason });
  });
  return { entries, problems };
}

/**
 * A finding is explained only by an entry with the same check, file and source line: the same
 * check on another line of the same file is a new finding. An entry nothing matches is stale and
 * reported, so the list never keeps hiding a line that changed.
 */
export function triage(findings: Finding[], entries: AllowEntry[]): Triage {
  const used = new Set<AllowEntry>();
  const result: Triage = { unexplained: [], explained: [], unused: [] };
  for (const finding of findings) {
    const entry = entries.find(
      (e) => e.check === finding.check && e.file === finding.file && e.sample === finding.sample,
    );
    if (entry) {
      used.add(entry);
      result.explained.push({ finding, entry });
    } else result.unexplained.push(finding);
  }
  result.unused = entries.filter((e) => !used.has(e));
  return result;
}

/** Lines of the tool's output that say a file could not be parsed (so was not checked at all). */
export function parseErrors(output: string): string[] {
  // the tool colours its lines with ANSI escapes (ESC = \x1b), which are part of what is matched
  // eslint-disable-next-line no-control-regex
  return output.split('\n').filter((line) => /^\s*(\x1b\[[0-9;]*m)*Error parsing /.test(line));
}

function main(): number {
  const root = resolve(import.meta.dirname, '..');
  const outDir = join(root, 'test-results');
  const report = join(outDir, 'electronegativity.sarif');
  mkdirSync(outDir, { recursive: true });
  rmSync(report, { force: true });
  const bin = join(root, 'node_modules/.bin/electronegativity');
  const args = ['-i', 'electron', '-e', ELECTRON_VERSION, '-r', '-x', EXCLUDED_CHECKS.join(','), '-o', report];
  // LANG pins the tool's messages to English, which parseErrors reads
  const run = spawnSync(bin, args, { cwd: root, encoding: 'utf8', env: { ...process.env, LANG: 'en-US' } });
  const output = `${run.stdout ?? ''}\n${run.stderr ?? ''}`;
  if (run.error || !existsSync(report)) {
    console.error(`electronegativity did not write ${report}:\n${run.error?.message ?? output}`);
    return 1;
  }
  const findings = parseReport(JSON.parse(readFileSync(report, 'utf8')), (file, line) => {
    const path = join(root, 'electron', file);
    return existsSync(path) ? readFileSync(path, 'utf8').split('\n')[line - 1] : undefined;
  });
  const allowFile = join(root, 'security/electronegativity-allowlist.json');
  const { entries, problems } = parseAllowList(JSON.parse(readFileSync(allowFile, 'utf8')));
  const { unexplained, explained, unused } = triage(findings, entries);
  const unparsed = parseErrors(output);

  for (const { finding, entry } of explained)
    console.log(`explained  ${finding.check} ${finding.file} ${finding.location}: ${entry.reason}`);
  for (const f of unexplained)
    console.error(`FINDING    ${f.check} [${f.level}] ${f.file} ${f.location} ${f.sample} — ${f.description}`);
  for (const e of unused)
    console.error(`STALE      allow-list entry ${e.check} ${e.file} "${e.sample}" matches no finding: remove it`);
  for (const p of problems) console.error(`INVALID    ${p}`);
  for (const line of unparsed) console.error(`UNPARSED   ${line.trim()}`);
  const failed = unexplained.length + unused.length + problems.length + unparsed.length;
  console.log(
    `electronegativity ${ELECTRON_VERSION}: ${findings.length} finding(s), ${explained.length} explained by the allow-list, ${unexplained.length} unexplained; report at test-results/electronegativity.sarif`,
  );
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) process.exit(main());
