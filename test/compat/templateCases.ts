import { resolve } from 'node:path';

export interface TemplateCase {
  body: string;
  env: Record<string, string>;
  secrets: Record<string, string>;
}

/** What markpact 0.1.42 made of each case, recorded by recordTemplateParity.ts. */
export const templateParityPath = resolve(__dirname, '../fixtures/markpact-parity/template-cases.json');

/** Bodies chosen for the corners of markpact's filling: precedence, passes, defaults, malformed and unicode placeholders. */
export const templateCases: TemplateCase[] = [
  { body: 'user=${ask:DB_USER}\npass=${ask:Password:-changeme}\nhome=${env:APP_HOME:-/srv}\nport=${env:PORT}\ntok=${TOKEN}', env: { DB_USER: 'env', PORT: '' }, secrets: { DB_USER: 'secret', TOKEN: 't' } },
  { body: 'only ${HOME} and ${TOKEN}', env: { HOME: '/root' }, secrets: { TOKEN: 't' } },
  { body: '${ask:A:-x:-y} ${ask:A:B} ${ask:} ${env:1X} ${env:X:y} ${env:X:-} $${env:Y} \\${env:Y}', env: { Y: 'why' }, secrets: {} },
  { body: '${ask:multi\nline} ${ask:open\n${env:Y}', env: { Y: 'y', 'multi\nline': 'ml' }, secrets: {} },
  { body: '${ask:A} ${ask:B}', env: { A: '${env:C}', C: 'c' }, secrets: { B: '${TOKEN}', TOKEN: 'tok' } },
  { body: '${x ${env:Y}} ${ask:Space label} ${ask:Space label:-d} ${${env:Y}}', env: { Y: 'y' }, secrets: { 'Space label': 'sl' } },
  { body: '${env:UNSET} ${ask:UNSET} ${UNSET} ${env:UNSET:-} done', env: {}, secrets: {} },
  { body: 'ünïcode ${ask:Ключ:-значение} ${env:E}', env: { E: '😀' }, secrets: {} },
];
