import { lstat, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { LoadedReadme } from '../markpact/loadReadme';
import type { MarkpactBlock } from '../markpact/model';
import type { ServiceFile } from '../markpact/service';
import { fillTemplate, isTemplateBlock, looksSecret, parseSecrets, pendingAsks, type Placeholder } from '../markpact/template';
import { lineCharacterAt } from '../text/lineCharacter';
import { isShellName } from '../text/shellName';

/** A question for the user about one `${ask:Label}` placeholder (the editor shows an input box). */
export interface TemplateQuestion {
  service: string;
  label: string;
  default?: string;
  /** The label looks like it names a secret: ask password-style. */
  secret: boolean;
  /** Where the placeholder is: the README (or included file) and its 1-based line. */
  file: string;
  line: number;
}

/** Answers a question; undefined means no answer (cancelled, or nobody to ask): the default applies, else the service fails. */
export type TemplateAsker = (question: TemplateQuestion) => Promise<string | undefined>;

/** Raised before anything is written when an `ask:` placeholder has no value. */
export class TemplateValueMissing extends Error {}

/** Secrets files larger than this are not read. */
const MAX_SECRETS_BYTES = 1024 * 1024;

/**
 * markpact's secrets file: `.markpact/secrets.env` in the README's folder, else
 * `~/.config/markpact/secrets.env` (the first that exists, not both); only a plain file is read.
 */
export async function loadSecrets(readmePath: string, env: NodeJS.ProcessEnv): Promise<{ path?: string; secrets: Map<string, string> }> {
  const candidates = [join(dirname(readmePath), '.markpact', 'secrets.env'), join(env.HOME || homedir(), '.config', 'markpact', 'secrets.env')];
  for (const path of candidates) {
    const info = await lstat(path).catch(() => undefined);
    if (!info) continue;
    if (!info.isFile() || info.size > MAX_SECRETS_BYTES) return { secrets: new Map() };
    return { path, secrets: parseSecrets(await readFile(path, 'utf8')) };
  }
  return { secrets: new Map() };
}

/**
 * The files of a service with `template=true` blocks filled (markpact 0.1.42's rules, see
 * core/markpact/template.ts). `ask:` placeholders with no value in the secrets file or the
 * environment go to `ask` (once per label here; the asker may remember across services); with no
 * answer their default applies, and without a default the service fails naming the placeholder
 * and its line. `${env:X}` left unfilled is logged as a warning, as markpact prints it.
 */
export async function fillTemplateFiles(files: ServiceFile[], options: {
  service: string;
  readmePath: string;
  loaded: LoadedReadme;
  env: NodeJS.ProcessEnv;
  ask?: TemplateAsker;
  onWarning?: (line: string) => void;
}): Promise<ServiceFile[]> {
  const templates = files.filter((f) => isTemplateBlock(f.block));
  if (templates.length === 0) return files;
  const { secrets } = await loadSecrets(options.readmePath, options.env);
  const sources = { env: options.env, secrets };
  const answers = new Map<string, string>();
  for (const file of templates) {
    for (const p of pendingAsks(file.block.body, sources)) {
      if (answers.has(p.name)) continue;
      const where = placeOf(options.loaded, options.readmePath, file.block, p);
      const answer = await options.ask?.({ service: options.service, label: p.name, ...(p.default !== undefined ? { default: p.default } : {}), secret: looksSecret(p.name), ...where });
      if (answer !== undefined) answers.set(p.name, answer);
    }
  }
  return files.map((file) => {
    if (!isTemplateBlock(file.block)) return file;
    const filled = fillTemplate(file.block.body, { ...sources, answers });
    const [missing] = filled.unanswered;
    if (missing) {
      const where = placeOf(options.loaded, options.readmePath, file.block, missing);
      throw new TemplateValueMissing(`${options.service}: ${basename(where.file)}:${where.line}: no value for \${ask:${missing.name}} in ${file.path}: ` +
        `give it a default (\${ask:${missing.name}:-value}), or put ${missing.name}=value in .markpact/secrets.env next to the README or in ~/.config/markpact/secrets.env` +
        `${isShellName(missing.name) ? `, or set the environment variable ${missing.name}` : ''}; nothing was written`);
    }
    for (const p of filled.unsetEnv) {
      const where = placeOf(options.loaded, options.readmePath, file.block, p);
      options.onWarning?.(`warning: ${basename(where.file)}:${where.line}: \${env:${p.name}} in ${file.path} is not set and has no default: written as it is`);
    }
    return { ...file, content: filled.text === '' ? '' : `${filled.text}\n` };
  });
}

/** The file and 1-based line of a placeholder (its line in the body is the block's line of the same index). */
function placeOf(loaded: LoadedReadme, readmePath: string, block: MarkpactBlock, p: Placeholder): { file: string; line: number } {
  const file = block.sourcePath ?? readmePath;
  const text = block.sourcePath ? loaded.includes.documents.get(block.sourcePath)?.text : loaded.doc.text;
  const offset = block.lines[p.line]?.span.start ?? block.span.start;
  return { file, line: text === undefined ? 0 : lineCharacterAt(text, offset).line + 1 };
}
