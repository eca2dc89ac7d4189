// Prints the current diagnostics of the compatibility files in the expectations format (see expectations.ts).
import { existsSync, readFileSync } from 'node:fs';
import { expectationsPath, formatExpectations, parseExpectations } from './expectations';
import { listDiagnostics } from './listDiagnostics';

void (async () => {
  const previous = existsSync(expectationsPath) ? parseExpectations(readFileSync(expectationsPath, 'utf8')).entries : [];
  process.stdout.write(formatExpectations(await listDiagnostics(), previous));
})();
