import { createRequire } from 'node:module';

/**
 * Typed access to @doyensec/csp-evaluator, the CSP evaluator electronegativity runs in its
 * CSP_GLOBAL_CHECK (it ships no types). Tests only: it comes with the pinned electronegativity.
 */
export type CspFinding = { type: number; description: string; severity: number; directive: string; value?: string };
type CspEvaluatorModule = {
  CspParser: new (policy: string) => { csp: unknown };
  CspEvaluator: new (csp: unknown, version: number) => { evaluate(): CspFinding[] };
  Version: { CSP3: number };
  severities: Record<
    'HIGH' | 'SYNTAX' | 'MEDIUM' | 'HIGH_MAYBE' | 'STRICT_CSP' | 'MEDIUM_MAYBE' | 'INFO' | 'NONE',
    number
  >;
};

const csp = createRequire(import.meta.url)('@doyensec/csp-evaluator') as CspEvaluatorModule;

/** Findings at or above MEDIUM (HIGH, SYNTAX, MEDIUM): what makes electronegativity report a CSP. */
export function seriousCspFindings(policy: string): CspFinding[] {
  const findings = new csp.CspEvaluator(new csp.CspParser(policy).csp, csp.Version.CSP3).evaluate();
  return findings.filter((f) => f.severity <= csp.severities.MEDIUM);
}
