"""A PEP 517 build backend for the `flowbench` package, on the standard library alone.

pip builds a package in an isolated environment into which it installs the backend's
requirements from an index; setuptools would need the network. This backend needs nothing: a
wheel is a zip of the package plus three small text files (METADATA, WHEEL, RECORD).

    pip install <checkout>/resources/python            # a wheel, offline
    pip install -e <checkout>/resources/python         # editable: a .pth pointing here (PEP 660)

Builds are reproducible: entries are sorted and dated SOURCE_DATE_EPOCH (default 1980-01-01).
"""

import base64
import hashlib
import io
import os
import re
import tarfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "flowbench"
TAG = "py3-none-any"


def _project():
    """name, version, summary and requires-python from pyproject.toml's [project] table."""
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as file:
        text = file.read().decode("utf-8")
    try:
        import tomllib  # Python >= 3.11

        project = tomllib.loads(text)["project"]
    except ImportError:
        # Older Pythons: the few `key = "value"` lines of [project] are all that is read.
        section = text.split("[project]", 1)[1].split("\n[", 1)[0]
        project = dict(re.findall(r'^([A-Za-z-]+)\s*=\s*"([^"]*)"', section, re.MULTILINE))
    return {
        "name": project["name"],
        "version": project["version"],
        "summary": project.get("description", ""),
        "requires_python": project.get("requires-python", ""),
    }


def _dist_info(project):
    return f"{project['name']}-{project['version']}.dist-info"


def _metadata(project):
    lines = ["Metadata-Version: 2.1", f"Name: {project['name']}", f"Version: {project['version']}"]
    if project["summary"]:
        lines.append(f"Summary: {project['summary']}")
    if project["requires_python"]:
        lines.append(f"Requires-Python: {project['requires_python']}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _wheel_file():
    return f"Wheel-Version: 1.0\nGenerator: flowbench_build\nRoot-Is-Purelib: true\nTag: {TAG}\n".encode("utf-8")


def _package_files():
    """(path inside the wheel, bytes) for every file of the package; bytecode left out."""
    files = []
    for folder, subfolders, names in os.walk(os.path.join(ROOT, PACKAGE)):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(names):
            if name.endswith((".pyc", ".pyo")) or ".tmp" in name:
                continue
            path = os.path.join(folder, name)
            files.append((os.path.relpath(path, ROOT).replace(os.sep, "/"), _read(path)))
    return files


def _read(path):
    with open(path, "rb") as file:
        return file.read()


def _record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return f"{path},sha256={digest},{len(data)}"


def _date_time():
    epoch = max(int(os.environ.get("SOURCE_DATE_EPOCH", "315532800")), 315532800)
    return time.gmtime(epoch)[:6]


def _write_wheel(wheel_directory, project, files):
    """Writes `files` plus the dist-info into a wheel and returns its file name."""
    dist_info = _dist_info(project)
    files = files + [
        (f"{dist_info}/METADATA", _metadata(project)),
        (f"{dist_info}/WHEEL", _wheel_file()),
    ]
    record_path = f"{dist_info}/RECORD"
    record = "\n".join([_record_line(path, data) for path, data in files] + [f"{record_path},,"]) + "\n"
    files.append((record_path, record.encode("utf-8")))
    name = f"{project['name']}-{project['version']}-{TAG}.whl"
    final = os.path.join(wheel_directory, name)
    temporary = f"{final}.tmp"
    stamp = _date_time()
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as wheel:
        for path, data in files:
            entry = zipfile.ZipInfo(path, date_time=stamp)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(entry, data)
    os.replace(temporary, final)  # nobody sees half a wheel
    return name


def _write_metadata(metadata_directory, project):
    folder = os.path.join(metadata_directory, _dist_info(project))
    os.makedirs(folder, exist_ok=True)
    for name, data in (("METADATA", _metadata(project)), ("WHEEL", _wheel_file())):
        with open(os.path.join(folder, name), "wb") as file:
            file.write(data)
    return _dist_info(project)


# ---- PEP 517 ----


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    return _write_metadata(metadata_directory, _project())


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _write_wheel(wheel_directory, _project(), _package_files())


def build_sdist(sdist_directory, config_settings=None):
    """The source tree pip needs to build a wheel again: pyproject, the backend, the package."""
    project = _project()
    base = f"{project['name']}-{project['version']}"
    name = f"{base}.tar.gz"
    final = os.path.join(sdist_directory, name)
    entries = [("pyproject.toml", os.path.join(ROOT, "pyproject.toml"))]
    entries.append(("build_backend/flowbench_build.py", os.path.abspath(__file__)))
    entries += [(path, os.path.join(ROOT, path)) for path, _ in _package_files()]
    mtime = time.mktime(_date_time() + (0, 0, -1))
    with tarfile.open(f"{final}.tmp", "w:gz", format=tarfile.PAX_FORMAT) as archive:
        for relative, data in [("PKG-INFO", _metadata(project))] + [(rel, _read(path)) for rel, path in entries]:
            info = tarfile.TarInfo(f"{base}/{relative}")
            info.size, info.mtime, info.mode = len(data), mtime, 0o644
            archive.addfile(info, io.BytesIO(data))
    os.replace(f"{final}.tmp", final)
    return name


# ---- PEP 660 (pip install -e) ----


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_editable(metadata_directory, config_settings=None):
    return _write_metadata(metadata_directory, _project())


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """A wheel whose only content is a .pth file that puts this folder on sys.path."""
    return _write_wheel(wheel_directory, _project(), [(f"__editable__.{PACKAGE}.pth", (ROOT + "\n").encode("utf-8"))])
