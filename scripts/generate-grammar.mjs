// Generates syntaxes/markpact.injection.tmLanguage.json: `node scripts/generate-grammar.mjs`.
// The grammar repeats one header rule per embedded language and form, so it is written by code, not by hand;
// test/unit/grammar.test.ts checks that the committed file is this script's output.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const languages = [
  { id: 'python', aliases: ['python', 'py', 'py3'], include: ['source.python'] },
  { id: 'javascript', aliases: ['javascript', 'js', 'node', 'mjs', 'cjs'], include: ['source.js'] },
  { id: 'javascriptreact', aliases: ['jsx'], include: ['source.js.jsx'] },
  { id: 'typescript', aliases: ['typescript', 'ts'], include: ['source.ts'] },
  { id: 'typescriptreact', aliases: ['tsx'], include: ['source.tsx'] },
  { id: 'json', aliases: ['json'], include: ['source.json'] },
  { id: 'yaml', aliases: ['yaml', 'yml'], include: ['source.yaml'] },
  { id: 'shellscript', aliases: ['bash', 'sh', 'shell', 'zsh'], include: ['source.shell'] },
  { id: 'html', aliases: ['html', 'htm'], include: ['text.html.basic'] },
  { id: 'css', aliases: ['css'], include: ['source.css'] },
  { id: 'toml', aliases: ['toml'], include: ['source.toml'] },
  { id: 'dockerfile', aliases: ['dockerfile', 'docker'], include: ['source.dockerfile'] },
  { id: 'go', aliases: ['go', 'golang'], include: ['source.go'] },
  { id: 'rust', aliases: ['rust', 'rs'], include: ['source.rust'] },
  { id: 'php', aliases: ['php'], include: ['text.html.basic', 'source.php'] },
];

const open = '(^|\\G)([ ]{0,3})(`{3,}(?=[^`]*$)|~{3,})';
const end = '(^|\\G)([ ]{0,3})(\\3(?:(?<=`)`|(?<=~)~)*)[ \\t]*$';
const blockName = 'markup.fenced_code.block.markdown meta.block.markpact';
const fence = { name: 'punctuation.definition.markdown' };
const lang = { name: 'fenced_code.block.language.markdown' };
const keyword = { name: 'keyword.other.markpact' };
const colon = { name: 'punctuation.separator.markpact' };
const kind = { patterns: [{ include: '#kind' }] };
const meta = { name: 'fenced_code.block.language.attributes.markdown', patterns: [{ include: '#meta' }] };
const endCaptures = { '3': fence };

function current(langRe, body) {
  return {
    begin: `${open}(${langRe})[ \\t]+(markpact)(:)(\\w+)(?=[ \\t]|$)(.*)$`,
    beginCaptures: { '3': fence, '4': lang, '5': keyword, '6': colon, '7': kind, '8': meta },
    end, endCaptures, name: blockName,
    ...(body ? { patterns: [{ include: body }] } : {}),
  };
}

function legacy(langRe, body, langOptional = false) {
  return {
    begin: `${open}(markpact)(:)(\\w+)(?=[ \\t]|$)(?:[ \\t]+(${langRe})(?=[ \\t]|$))${langOptional ? '?' : ''}(.*)$`,
    beginCaptures: { '3': fence, '4': keyword, '5': colon, '6': kind, '7': lang, '8': meta },
    end, endCaptures, name: blockName,
    ...(body ? { patterns: [{ include: body }] } : {}),
  };
}

const repository = {};
const patterns = [];
for (const l of languages) {
  const re = `(?i:${l.aliases.join('|')})`;
  repository[`fence-${l.id}`] = current(re, `#body-${l.id}`);
  repository[`legacy-fence-${l.id}`] = legacy(re, `#body-${l.id}`);
  repository[`body-${l.id}`] = {
    begin: '(^|\\G)',
    while: '(^|\\G)(?![ ]{0,3}([`~]{3,})[ \\t]*$)',
    contentName: `meta.embedded.block.${l.id}`,
    patterns: l.include.map((include) => ({ include })),
  };
}
// Other languages (text, ini, ...): scoped header, plain body.
repository['fence-other'] = current('\\w+', null);
// Legacy first word is the language unless it is a test scope word or a key=value pair.
repository['legacy-fence-other'] = legacy('(?!http(?=[ \\t]|$))\\w+', null, true);

for (const l of languages) patterns.push({ include: `#fence-${l.id}` });
patterns.push({ include: '#fence-other' });
for (const l of languages) patterns.push({ include: `#legacy-fence-${l.id}` });
patterns.push({ include: '#legacy-fence-other' });

repository.kind = {
  patterns: [
    { match: '\\b(?:deps|file|run|test|build|target|publish|bootstrap|healthcheck|health)\\b', name: 'entity.name.type.markpact.$0' },
    { match: '\\w+', name: 'entity.name.type.markpact.unknown' },
  ],
};
repository.meta = {
  patterns: [
    {
      match: '(?<![^ \\t])([\\w.-]+)(=)([^ \\t]*)',
      captures: {
        '1': { name: 'entity.other.attribute-name.markpact' },
        '2': { name: 'punctuation.separator.key-value.markpact' },
        '3': { name: 'string.unquoted.markpact' },
      },
    },
    { match: '(?<![^ \\t])(?:python|node|http|shell|bash)(?=[ \\t]|$)', name: 'support.constant.scope.markpact' },
  ],
};

export const grammar = {
  $comment: 'Highlights ```<lang> markpact:<kind> <meta> and legacy ```markpact:<kind> <lang> <meta> fences (indent 0-3, backticks or tildes). One header rule per embedded language and form, because TextMate cannot pick an include from a capture. The body is a begin/while rule so an unclosed construct in the embedded language cannot swallow the closing fence. The selector skips existing code blocks so markpact examples shown inside a plain fence stay plain.',
  name: 'markpact fences',
  scopeName: 'markdown.markpact.injection',
  injectionSelector: 'L:text.html.markdown -markup.fenced_code.block.markdown -markup.raw.block.markdown',
  patterns,
  repository,
};
export const grammarText = JSON.stringify(grammar, null, 2) + '\n';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(new URL('../syntaxes/markpact.injection.tmLanguage.json', import.meta.url), grammarText);
}
