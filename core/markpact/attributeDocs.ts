/** What markpact 0.1.42 does with the block attributes it added (for completion and hover). */

export const TEMPLATE_DOC =
  '`template=true` (or `yes`, `1`): the body is filled when the sandbox is written. `${ask:Label}` / `${ask:Label:-default}` take the ' +
  'secrets file\'s `Label=` line, else the environment variable `Label`, else are asked for (the editor shows an input box once per run; ' +
  'the command line takes the default, else stops the service); `${env:VAR}` / `${env:VAR:-default}` take the environment; `${VAR}` the ' +
  'environment, else the secrets file, else stays as written. The secrets file is `.markpact/secrets.env` next to the README, else ' +
  '`~/.config/markpact/secrets.env`. A block with no `${ask:…}` or `${env:…}` placeholder is written as is. No escape: a literal `${env:X}` cannot be written.';

export const SHA256_DOC =
  '`sha256=<12 hex digits>`, written by `markpact sync --hash`: the start of the SHA-256 of the body (the file\'s text without its ' +
  'final newlines, UTF-8). No tool checks it when running; the editor compares the block with the file next to the README ' +
  '(or in `sandbox/`) and says when they differ.';

export const SCOPE_DOC =
  '`scope=`: markpact has no dependency scopes. It ignores the attribute and installs every line of a Python deps block as a runtime ' +
  'dependency (pactown and this extension too), so `scope=dev` tools end up in the service\'s environment.';
