import assert from 'node:assert/strict';
import test from 'node:test';
import { fillTemplate, findPlaceholders, hasTemplatePlaceholders, looksSecret, parseSecrets, pendingAsks } from '../../core/markpact/template';

const sources = (env: Record<string, string> = {}, secrets: Record<string, string> = {}, answers?: Record<string, string>) => ({
  env, secrets: new Map(Object.entries(secrets)), ...(answers ? { answers: new Map(Object.entries(answers)) } : {}),
});

test('placeholders as markpact\'s three regexes read them', () => {
  const text = '${ask:Db password:-s3cr:et} ${ask:Label} ${ask:} ${ask:A:B} ${env:HOME} ${env:1X} ${env:PORT:-8000} ${NAME} ${a-b}';
  assert.deepEqual(findPlaceholders(text, 'ask').map((p) => [p.name, p.default]), [['Db password', 's3cr:et'], ['Label', undefined]]);
  assert.deepEqual(findPlaceholders(text, 'env').map((p) => [p.name, p.default]), [['HOME', undefined], ['PORT', '8000']]);
  assert.deepEqual(findPlaceholders(text, 'var').map((p) => p.name), ['NAME']);
  // A `${` whose `}` is the one of a later placeholder is not one; the later one still is.
  assert.deepEqual(findPlaceholders('${x ${env:A}', 'env').map((p) => [p.name, p.start]), [['A', 4]]);
  assert.deepEqual(findPlaceholders('${ask:no close', 'ask'), []);
});

test('filled in three passes: ask (secrets, environment, answer, default), env (environment, default), then ${VAR} (environment, secrets)', () => {
  const body = 'user=${ask:DB_USER}\npass=${ask:Password:-changeme}\nhome=${env:APP_HOME:-/srv}\nport=${env:PORT}\ntok=${TOKEN}\nshell=${UNSET}';
  const filled = fillTemplate(body, sources({ DB_USER: 'env-user', PORT: '', TOKEN: 'from-env' }, { DB_USER: 'secret-user', TOKEN: 'from-secrets' }));
  assert.equal(filled.text, 'user=secret-user\npass=changeme\nhome=/srv\nport=${env:PORT}\ntok=from-env\nshell=${UNSET}');
  assert.deepEqual(filled.unsetEnv.map((p) => p.name), ['PORT'], 'an empty variable counts as unset, as `if val:` does');
  assert.deepEqual(filled.unanswered, []);
  const asked = fillTemplate(body, sources({}, {}, { DB_USER: 'typed', Password: 'typed too' }));
  assert.match(asked.text, /^user=typed\npass=typed too\n/);
});

test('an ask with no value and no default is unanswered and left as it is', () => {
  const filled = fillTemplate('a=${ask:Api key}\nb=${ask:Api key}', sources());
  assert.equal(filled.text, 'a=${ask:Api key}\nb=${ask:Api key}');
  assert.deepEqual(filled.unanswered.map((p) => [p.name, p.start]), [['Api key', 2], ['Api key', 19]]);
  assert.deepEqual(pendingAsks('${ask:Api key} ${ask:HOME}', { env: { HOME: '/root' }, secrets: new Map() }).map((p) => p.name), ['Api key']);
});

test('a body with only ${VAR} placeholders is not filled at all (has_template_placeholders)', () => {
  assert.equal(hasTemplatePlaceholders('echo ${HOME}'), false);
  assert.equal(fillTemplate('echo ${HOME}', sources({ HOME: '/root' })).text, 'echo ${HOME}');
  assert.equal(fillTemplate('${env:X:-1} ${HOME}', sources({ HOME: '/root' })).text, '1 /root');
});

test('a later pass fills what an earlier one put in (markpact substitutes pass by pass)', () => {
  assert.equal(fillTemplate('${ask:A}', sources({ A: '${env:B}', B: 'b' })).text, 'b');
});

test('scanning stays linear on hostile bodies', () => {
  const many = '${ask:a:-'.repeat(200_000);
  assert.deepEqual(findPlaceholders(many, 'ask'), []);
  const farBrace = '${env:'.repeat(200_000) + '}';
  assert.deepEqual(findPlaceholders(farBrace, 'env'), []);
  assert.equal(fillTemplate(`${'${ask:x}'.repeat(50_000)}`, sources({ x: 'y' })).text, 'y'.repeat(50_000));
});

test('the secrets file as load_secrets reads it', () => {
  const secrets = parseSecrets('# comment\n\n  KEY = "quoted value"  \nSINGLE=\'v\'\nMIXED="\'both\'"\nNOEQ\nEMPTY=\nKEY=last wins\r\nURL=a=b\n');
  assert.deepEqual(Object.fromEntries(secrets), { KEY: 'last wins', SINGLE: 'v', MIXED: 'both', EMPTY: '', URL: 'a=b' });
});

test('labels that look secret are asked password-style', () => {
  assert.deepEqual(['Database password', 'API_TOKEN', 'Secret', 'api key', 'Host name', 'Port'].map(looksSecret), [true, true, true, true, false, false]);
});
