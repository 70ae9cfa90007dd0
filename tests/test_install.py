"""The installed environment is the one requirements.lock pins, and every document reader works in it."""

from __future__ import annotations

import importlib.metadata as metadata
import tomllib
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from probation_graph.read import SUFFIXES, read_document

from .conftest import ROOT

LOCK = ROOT / "requirements.lock"
HOW = "reinstall with `make test` (pip install -c requirements.lock -e '.[dev]'), or update requirements.lock"


def pins() -> dict[str, str]:
    """The lock file's pins, by canonical name."""
    pinned: dict[str, str] = {}
    for line in LOCK.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"requirements.lock: {line!r} is not pinned with =="
            pinned[canonicalize_name(name)] = version.strip()
    return pinned


def declared() -> list[Requirement]:
    """The project's dependencies and the dev extra (what `make test` installs)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(text) for text in [*project["dependencies"], *project["optional-dependencies"]["dev"]]]


def installed() -> dict[str, str]:
    return {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}


def test_the_lock_file_is_read():
    pinned = pins()
    assert len(pinned) > 50 and pinned["pyoxigraph"] and pinned["trafilatura"]


def test_every_pinned_package_is_installed_at_its_pinned_version():
    present = installed()
    drift = {name: (version, present.get(name)) for name, version in pins().items() if present.get(name) != version}
    assert not drift, f"pinned (lock, installed): {drift}; {HOW}"


def test_every_declared_dependency_is_pinned_within_its_range():
    pinned = pins()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{requirement} (pyproject.toml) is not in requirements.lock"
        assert requirement.specifier.contains(Version(pinned[name]), prereleases=True), (
            f"requirements.lock pins {name}=={pinned[name]}, outside pyproject.toml's {requirement}"
        )


def test_the_lock_pins_the_dependencies_of_the_dependencies():
    """A constraints file only fixes what it lists: every package the declared ones pull in must be there."""
    pinned, seen = pins(), set()
    todo = [(requirement, frozenset(requirement.extras), "pyproject.toml") for requirement in declared()]
    while todo:
        requirement, extras, parent = todo.pop()
        name = canonicalize_name(requirement.name)
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        assert name in pinned, f"{name} (required by {parent}: {requirement}) is not in requirements.lock"
        for text in metadata.requires(name) or []:
            child = Requirement(text)
            wanted = child.marker is None or any(
                child.marker.evaluate({**default_environment(), "extra": extra}) for extra in {"", *extras}
            )
            if wanted:
                todo.append((child, frozenset(child.extras), name))
    assert len(seen) > len(declared())


def _pdf(path: Path, text: str) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    pdf.output(str(path))


SENTENCE = "Inspectors rated Kestrel Bay PDU as Good overall after their inspection of probation services."
SAMPLES = {
    ".txt": lambda path: path.write_text(SENTENCE),
    ".md": lambda path: path.write_text(f"# Kestrel Bay\n\n{SENTENCE}\n"),
    ".markdown": lambda path: path.write_text(f"## Kestrel Bay\n\n- {SENTENCE}\n"),
    ".html": lambda path: path.write_text(f"<html><body><article><p>{SENTENCE * 3}</p></article></body></html>"),
    ".htm": lambda path: path.write_text(f"<html><body><main><p>{SENTENCE * 3}</p></main></body></html>"),
    ".pdf": lambda path: _pdf(path, SENTENCE),
}


def test_every_supported_file_type_has_a_sample():
    assert set(SAMPLES) == set(SUFFIXES), "a reader without an install test (or a sample without a reader)"


@pytest.mark.parametrize("suffix", sorted(SAMPLES))
def test_every_reader_reads_in_this_environment(tmp_path: Path, suffix: str):
    path = tmp_path / f"sample{suffix}"
    SAMPLES[suffix](path)
    document = read_document(path, max_bytes=1_000_000)
    assert "Kestrel Bay PDU" in document.text.replace("\n", " ")


@pytest.mark.parametrize("module", ["trafilatura", "pypdf", "lxml_html_clean", "lxml"])
def test_the_reader_libraries_come_from_pinned_packages(module: str):
    __import__(module)
    distributions = metadata.packages_distributions()[module]
    pinned = pins()
    for distribution in distributions:
        name = canonicalize_name(distribution)
        version = metadata.version(distribution)
        assert pinned.get(name) == version, f"{module} comes from {distribution} {version}, pinned: {pinned.get(name)}"
