"""Deterministic synthetic corpus of Chinese department budgets, with ground truth and a scorer.

    python -m benchmarks.synthetic --docs 1000 --seed 7 --out /tmp/synth1k
    python -m benchmarks.synthetic score /tmp/synth1k extracted.jsonl

Documents are recombined from the structures of the sample corpus (examples/corpus):
departments, budget units, project sections with their seven headings, amounts written the
ways the samples write them, citations of a heavy-tailed catalogue of policy documents, and
budget tables whose totals add up. Vocabularies live in ``benchmarks/synth_data``.

Modules, one per stage:

* ``data``     – loads the vocabularies (TSV/JSON) once;
* ``text``     – a text builder that tracks offsets and lines (and line wrapping) of marked spans;
* ``money``    – how amounts are written (万元/元/亿元, separators, full-width digits);
* ``world``    – regions, departments, units, the policy catalogue and each department's projects;
* ``cite``     – the surface forms of citations;
* ``tables``   – budget tables whose rows add up, in tab- and space-separated layouts;
* ``project``  – project sections "XXX项目经费情况说明";
* ``document`` – one whole department budget and its ground-truth record;
* ``corpus``   – streams a corpus and its ground truth to disk (same seed → same bytes);
* ``score``    – precision/recall/F1 of an extraction JSONL against the ground truth.

See docs/synthetic.md.
"""

GENERATOR_VERSION = "1"
