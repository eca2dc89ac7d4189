// Records what markpact's own template code makes of each case, for test/unit/templateParity.test.ts.
// markpact's source is not part of this repository: pass the `src/markpact` folder of a markpact
// checkout (0.1.42, commit 7f7cd48), e.g.
//   git --git-dir=<markpact.git> archive 7f7cd48 src/markpact | tar -x -C /tmp/markpact
//   node --import tsx test/compat/recordTemplateParity.ts /tmp/markpact/src/markpact
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { templateCases, templateParityPath } from './templateCases';

const source = process.argv[2];
if (!source) throw new Error('usage: recordTemplateParity.ts <markpact src/markpact folder>');
// As markpact's CLI calls it for a file block (`cli/helpers.py _resolve_file_body`): only a body
// with an ask/env placeholder, non-interactive (a run without a terminal).
const script = [
  'import json, os, sys',
  `sys.path.insert(0, ${JSON.stringify(resolve(source))})`,
  'from template import resolve_template, has_template_placeholders',
  'out = []',
  'for case in json.load(sys.stdin):',
  '    os.environ.clear(); os.environ.update(case["env"])',
  '    body = case["body"]',
  '    text, warnings = resolve_template(body, secrets=case["secrets"], interactive=False) if has_template_placeholders(body) else (body, [])',
  '    out.append({**case, "text": text, "warnings": len(warnings)})',
  'print(json.dumps(out, ensure_ascii=False, indent=1))',
].join('\n');
const result = spawnSync('python3', ['-c', script], { input: JSON.stringify(templateCases), encoding: 'utf8', timeout: 30_000 });
if (result.status !== 0) throw new Error(result.stderr);
writeFileSync(templateParityPath, result.stdout);
