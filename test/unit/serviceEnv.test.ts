import assert from 'node:assert/strict';
import test from 'node:test';
import { parseEcosystem } from '../../core/pactown/parse';
import { envKey, serviceEnv } from '../../core/runtime/serviceEnv';

const config = parseEcosystem(`services:
  db: {port: 9100}
  ml-svc.v2: {port: 9101}
  api:
    port: 9102
    depends_on:
      - db
      - {name: ml-svc.v2, env_var: ML_SERVICE_URL}
      - {name: billing, registry: remote, env_var: BILLING_URL, endpoint: "https://billing.example"}
    env:
      DEBUG: "1"
      PORT_NOTE: yes
`).config;
const api = config.services.find((s) => s.name === 'api')!;

test('discovery variables, env_var and endpoint, then the YAML env on top', () => {
  const env = serviceEnv({
    base: { PATH: '/usr/bin', HOME: '/home/u', PIP_INDEX_URL: 'http://mirror' },
    service: api,
    port: 9102,
    running: new Map([['db', { name: 'db', port: 9100 }], ['ml-svc.v2', { name: 'ml-svc.v2', port: 9201 }]]),
    binFolders: ['/venv/bin'],
    virtualEnv: '/venv',
  });
  assert.equal(env.PORT, '9102');
  assert.equal(env.MARKPACT_PORT, '9102');
  assert.equal(env.SERVICE_NAME, 'api');
  assert.equal(env.SERVICE_URL, 'http://127.0.0.1:9102');
  assert.equal(env.DB_URL, 'http://127.0.0.1:9100');
  assert.equal(env.DB_HOST, '127.0.0.1');
  assert.equal(env.DB_PORT, '9100');
  assert.equal(env.ML_SVC_V2_PORT, '9201');
  assert.equal(env.ML_SERVICE_URL, 'http://127.0.0.1:9201');
  assert.equal(env.BILLING_URL, 'https://billing.example');
  assert.equal(env.DEBUG, '1');
  assert.equal(env.PIP_INDEX_URL, 'http://mirror');
  assert.equal(env.PATH, '/venv/bin:/usr/bin');
  assert.equal(env.VIRTUAL_ENV, '/venv');
  assert.equal(envKey('a-b.c'), 'A_B_C');
});
