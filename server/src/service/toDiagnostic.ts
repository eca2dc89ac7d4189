import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Problem, Severity } from '../../../core/diagnostics/problem';
import { pathToUri } from './paths';
import type { SeverityOverride } from './settings';

const lspSeverity: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** An LSP diagnostic for a problem, with the user's severity for its code; undefined when the code is off. */
export function toDiagnostic(problem: Problem, doc: TextDocument, overrides: Record<string, SeverityOverride>): Diagnostic | undefined {
  const level = overrides[problem.code] ?? problem.severity;
  if (level === 'off') return undefined;
  const range = { start: doc.positionAt(problem.span.start), end: doc.positionAt(problem.span.end) };
  const related = (problem.related ?? []).map((r) => ({
    location: r.path
      ? { uri: pathToUri(r.path), range: r.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }
      : { uri: doc.uri, range: { start: doc.positionAt(r.span.start), end: doc.positionAt(r.span.end) } },
    message: r.message,
  }));
  return {
    range,
    severity: lspSeverity[level],
    source: problem.source,
    code: problem.code,
    message: problem.message,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
    ...(problem.data ? { data: problem.data } : {}),
  };
}
