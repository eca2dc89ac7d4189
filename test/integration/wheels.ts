import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/**
 * Builds two tiny wheels by hand (PyPI is unreachable here): `pactown-demo-core` and
 * `pactown-demo-app`, which requires it and installs a console script `pactown-demo`.
 */
export function buildWheels(dir: string): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('python3', ['-c', script, dir]);
}

const script = String.raw`
import sys, zipfile, hashlib, base64, os
out = sys.argv[1]
def wheel(name, version, files, requires=(), scripts=None):
    dist = f"{name.replace('-', '_')}-{version}"
    info = f"{dist}.dist-info"
    meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n" + "".join(f"Requires-Dist: {r}\n" for r in requires)
    files = dict(files)
    files[f"{info}/METADATA"] = meta
    files[f"{info}/WHEEL"] = "Wheel-Version: 1.0\nGenerator: pactown-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    if scripts:
        files[f"{info}/entry_points.txt"] = "[console_scripts]\n" + "".join(f"{k} = {v}\n" for k, v in scripts.items())
    record = []
    for path, text in files.items():
        data = text.encode()
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = "\n".join(record) + "\n"
    with zipfile.ZipFile(os.path.join(out, f"{dist}-py3-none-any.whl"), "w") as z:
        for path, text in files.items():
            z.writestr(path, text)
wheel("pactown-demo-core", "1.0", {"pactown_demo_core/__init__.py": "GREETING = 'hello from a local wheel'\n"})
wheel("pactown-demo-app", "1.0", {"pactown_demo_app/__init__.py": "from pactown_demo_core import GREETING\ndef main():\n    print(GREETING)\n"},
      requires=["pactown-demo-core"], scripts={"pactown-demo": "pactown_demo_app:main"})
`;
