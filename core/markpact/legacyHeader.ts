import type { MarkpactBlock } from './model';

const EXTENSION_LANG: Record<string, string> = {
  py: 'python', js: 'javascript', mjs: 'javascript', cjs: 'javascript', ts: 'typescript', tsx: 'tsx', jsx: 'jsx',
  json: 'json', html: 'html', css: 'css', md: 'markdown', yaml: 'yaml', yml: 'yaml', toml: 'toml', sh: 'bash',
  txt: 'text', go: 'go', rs: 'rust', php: 'php', sql: 'sql', dockerfile: 'dockerfile',
};
const DEFAULT_LANG: Record<string, string> = { run: 'bash', build: 'bash', target: 'yaml', publish: 'text', test: 'text', deps: 'text' };
const NODE_SCOPES = new Set(['node', 'npm', 'js', 'javascript']);

/**
 * The current-form info string for a legacy header, read the same way by both tools:
 * `markpact:file python path=main.py` → `python markpact:file path=main.py`, `markpact:run` →
 * `bash markpact:run`, `markpact:deps node` → `node markpact:deps`. Python deps become
 * `text markpact:deps python`: the markpact CLI only reads deps whose META contains `python`,
 * so `python markpact:deps` would silently lose them there. Test blocks keep their META
 * (`http`/`shell` decides how they run). Undefined for the current form and for `bootstrap`,
 * which the embedded runtime only finds in the legacy form.
 */
export function legacyReplacement(block: MarkpactBlock): string | undefined {
  if (block.form !== 'legacy' || block.kind === 'bootstrap') return undefined;
  const first = block.words[0]?.text;
  let lang: string;
  let dropFirst = false;
  if (block.kind === 'deps') {
    dropFirst = first !== undefined && NODE_SCOPES.has(first.toLowerCase());
    lang = dropFirst ? 'node' : 'text';
  } else if (block.kind === 'test') {
    lang = block.words.some((w) => w.text.includes('shell') || w.text.includes('bash')) ? 'bash' : 'text';
  } else if (first !== undefined) {
    [lang, dropFirst] = [first, true];
  } else {
    lang = langFromPath(block) ?? DEFAULT_LANG[block.kind] ?? 'text';
  }
  // The remaining words and the `key=value` attributes, in their original order.
  const meta = [
    ...block.words.slice(dropFirst ? 1 : 0).map((w) => ({ at: w.span.start, text: w.text })),
    ...block.attributes.map((a) => ({ at: a.span.start, text: `${a.key}=${a.value}` })),
  ].sort((a, b) => a.at - b.at);
  return [lang, `markpact:${block.kind}`, ...meta.map((m) => m.text)].join(' ');
}

function langFromPath(block: MarkpactBlock): string | undefined {
  const path = block.attributes.find((a) => a.key === 'path')?.value;
  const extension = path?.split('/').pop()?.split('.').pop()?.toLowerCase();
  return extension ? EXTENSION_LANG[extension] : undefined;
}
