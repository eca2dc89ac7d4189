// The Debian packages the scripts need, found missing before anything slow runs, and installed
// with apt-get when this is root (as on the CI machines); otherwise one line says what to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const onPath = (command) => (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, command)));

/** Each package, how to tell it is there, and what needs it. */
const packages = {
  // code-server's native `kerberos` module compiles against the GSSAPI headers.
  'libkrb5-dev': { present: () => existsSync('/usr/include/gssapi/gssapi.h') && onPath('krb5-config'), for: 'installing code-server (VS Code)' },
  // code-server's ripgrep would be downloaded from GitHub, which is out of reach: Debian's is used.
  ripgrep: { present: () => onPath('rg'), for: 'installing code-server (VS Code)' },
  // Only the end-to-end tests, the screenshots and the activation bench drive a browser.
  chromium: { present: () => onPath('chromium'), for: 'the end-to-end tests' },
  // The corpus's Go and PHP services run in the integration tests (about 20 s of apt on a fresh machine).
  'golang-go': { present: () => onPath('go'), for: 'the integration tests of Go and PHP services' },
  'php-cli': { present: () => onPath('php'), for: 'the integration tests of Go and PHP services' },
  // The export's engine test starts its own dockerd and runs docker-compose; its offline base
  // images copy Debian's python3 with pip and the wheels venv installs pip from.
  'docker.io': { present: () => onPath('dockerd'), for: 'the export engine test' },
  'docker-compose': { present: () => onPath('docker-compose'), for: 'the export engine test' },
  'python3-pip': { present: () => existsSync('/usr/lib/python3/dist-packages/pip/__init__.py'), for: 'the export engine test' },
  'python3-venv': { present: () => existsSync('/usr/share/python-wheels'), for: 'the export engine test' },
};

/** Installs what is missing of `names`; exits with one line saying what to run when it cannot. */
export function ensureSystemPackages(names) {
  const missing = names.filter((name) => !packages[name].present());
  if (missing.length === 0) return;
  const command = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const why = [...new Set(missing.map((name) => packages[name].for))].join(' and ');
  if (process.getuid?.() !== 0 || !onPath('apt-get')) {
    console.error(`Missing system packages for ${why}: ${missing.join(' ')}. Install them with: sudo apt-get update && sudo ${command}`);
    process.exit(1);
  }
  console.log(`Installing system packages for ${why}: ${missing.join(' ')}…`);
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  execFileSync('sh', ['-c', command], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}
