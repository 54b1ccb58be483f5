"""The extractor's fingerprint changes with its rules, so stores re-read unchanged files after an upgrade."""

from __future__ import annotations

import shutil

from policygraph.extract import version


def _fingerprint_of(folder, monkeypatch) -> str:
    monkeypatch.setattr(version, "_HERE", folder)
    version.extractor_fingerprint.cache_clear()
    try:
        return version.extractor_fingerprint()
    finally:
        version.extractor_fingerprint.cache_clear()


def test_a_changed_rule_file_or_module_changes_the_fingerprint(tmp_path, monkeypatch):
    copy = tmp_path / "extract"
    shutil.copytree(version._HERE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = _fingerprint_of(copy, monkeypatch)
    assert before == _fingerprint_of(copy, monkeypatch)  # deterministic

    (copy / "__pycache__").mkdir(exist_ok=True)
    (copy / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"compiled")  # not the extractor's content
    assert _fingerprint_of(copy, monkeypatch) == before

    data_file = next(p for p in sorted(copy.rglob("*.tsv")))
    data_file.write_text(data_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after_data = _fingerprint_of(copy, monkeypatch)
    assert after_data != before

    (copy / "structure.py").write_text((copy / "structure.py").read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert _fingerprint_of(copy, monkeypatch) not in {before, after_data}


def test_the_stored_mapping_version_names_the_extractor():
    from policygraph.graph.mapping import MAPPING_REVISION, MAPPING_VERSION

    assert MAPPING_VERSION == f"{MAPPING_REVISION}+{version.extractor_fingerprint()}"
