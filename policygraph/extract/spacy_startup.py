"""Import spaCy without loading its command line, in processes of ours that never use it.

``import spacy`` imports ``spacy.cli`` (typer, requests, httpx, weasel …) for the one name
``spacy.info``: ~0.2 s of its ~0.6 s import, paid by every ingest (the four sample documents
end to end take ~2 s). The ingest workers' server (graph/_warm.py) and the ``policygraph``
command call :func:`defer_spacy_cli` before spaCy is imported: ``spacy.cli`` and
``spacy.cli.info`` are then stand-ins that import the real modules the first time anything
of theirs is used, so nothing breaks if something does. A library caller's process (a
notebook) is left alone.
"""

from __future__ import annotations

import importlib
import sys
import types

_NAMES = ("spacy.cli", "spacy.cli.info")


class _Deferred(types.ModuleType):
    """A stand-in for a spaCy CLI module: the first attribute asked for imports the real one."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_real(self.__name__), name)


def _real(name: str):
    for stand_in in _NAMES:
        if isinstance(sys.modules.get(stand_in), _Deferred):
            del sys.modules[stand_in]
    return importlib.import_module(name)


def _info(*args, **kwargs):
    """spacy.info, imported when called."""
    return _real("spacy.cli.info").info(*args, **kwargs)


def defer_spacy_cli() -> None:
    """Put the stand-ins in place, unless spaCy (or its CLI) is imported already."""
    if "spacy" in sys.modules or any(name in sys.modules for name in _NAMES):
        return
    package, info = _Deferred("spacy.cli"), _Deferred("spacy.cli.info")
    package.__path__ = []  # a package: `from .cli.info import info` looks its submodule up in sys.modules
    info.info = _info
    sys.modules.update({"spacy.cli": package, "spacy.cli.info": info})


def attach_deferred_cli(spacy_module) -> None:
    """After ``import spacy``: ``spacy.cli`` names the stand-in (importing a module found in
    sys.modules does not set it on its package), so ``spacy.cli.download`` … still work."""
    stand_in = sys.modules.get("spacy.cli")
    if isinstance(stand_in, _Deferred) and "cli" not in vars(spacy_module):
        spacy_module.cli = stand_in
