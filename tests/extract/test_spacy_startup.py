"""spaCy imported without its command line (extract/spacy_startup.py): lighter, and the CLI still there on use."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
from policygraph.extract.spacy_startup import defer_spacy_cli
defer_spacy_cli()
from policygraph.extract import extract_text
print("typer" in sys.modules, "requests" in sys.modules)
print(len(extract_text("根据《国务院关于加强数字政府建设的指导意见》（国发〔2022〕14号）。", path="x.txt").citations))
import spacy
print(callable(spacy.cli.download), "typer" in sys.modules)
"""


def test_spacy_is_imported_without_its_cli_until_something_uses_it():
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "False False"  # spaCy's CLI (typer, requests …) not loaded
    assert int(out[1]) >= 1  # extraction works
    assert out[2] == "True True"  # the real spacy.cli on first use


def test_a_process_that_imported_spacy_already_is_left_alone():
    code = "import spacy, sys\nfrom policygraph.extract.spacy_startup import defer_spacy_cli\ndefer_spacy_cli()\n" \
           "print(type(sys.modules['spacy.cli']).__name__)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "module"
