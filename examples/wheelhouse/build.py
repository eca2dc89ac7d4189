"""Builds the example's wheel from src/ into dist/ with the standard library only (no PyPI, no setuptools).

A wheel is a zip with the package and a .dist-info folder (METADATA, WHEEL, RECORD): PEP 427.
"""
import base64
import hashlib
import pathlib
import zipfile

NAME, VERSION = "markpact-demo-quotes", "1.0.0"
here = pathlib.Path(__file__).resolve().parent
dist = here / "dist"
dist.mkdir(exist_ok=True)
info = f"{NAME.replace('-', '_')}-{VERSION}.dist-info"
files = {str(p.relative_to(here / "src")): p.read_bytes() for p in sorted((here / "src").rglob("*.py"))}
files[f"{info}/METADATA"] = f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n".encode()
files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: markpact-example\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
record = [f"{path},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},{len(data)}" for path, data in files.items()]
files[f"{info}/RECORD"] = ("\n".join(record + [f"{info}/RECORD,,"]) + "\n").encode()
target = dist / f"{NAME.replace('-', '_')}-{VERSION}-py3-none-any.whl"
with zipfile.ZipFile(target, "w") as wheel:
    for path, data in files.items():
        wheel.writestr(zipfile.ZipInfo(path, (2020, 1, 1, 0, 0, 0)), data)
print(target)
