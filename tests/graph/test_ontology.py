"""The ontology Turtle is the source of truth: terms.py, code, queries and vocabularies must agree with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from policygraph.extract import models
from policygraph.graph import iris
from policygraph.ontology import ONTOLOGY_TTL, REFERENCE_TTL, SHAPES_TTL, generate, terms

PACKAGE = Path(__file__).resolve().parents[2] / "policygraph"
PG = rdflib.Namespace(terms.PG.NS)
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(ONTOLOGY_TTL, format="turtle")
    return g


@pytest.fixture(scope="module")
def reference() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(REFERENCE_TTL, format="turtle")
    return g


def test_terms_module_is_generated_from_the_turtle():
    assert generate.TERMS_PY.read_text(encoding="utf-8") == generate.render(), (
        "policygraph/ontology/terms.py is out of date: run python -m policygraph.ontology.generate"
    )


def _declared(ontology: rdflib.Graph) -> set[str]:
    """IRIs the Turtle declares or documents (anything with a label)."""
    return {str(s) for s in ontology.subjects(RDFS.label, None)} | {str(s) for s in ontology.subjects(RDF.type, None)}


def test_every_pg_term_has_chinese_and_english_labels_and_comments(ontology):
    pg_terms = {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(terms.PG.NS)}
    assert len(pg_terms) > 40
    for term in sorted(pg_terms):
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in ontology.objects(term, prop)}
            assert {"zh", "en"} <= langs, f"{term} lacks a zh and en {prop}"


def test_every_reused_term_is_documented_with_how_we_use_it(ontology):
    """Reused terms (ORG, ELI, PROV, OA, SKOS, QB, OBEU) carry zh/en labels and a usage comment."""
    foreign = {s for s in ontology.subjects(RDFS.label, None) if not str(s).startswith(("https://w3id.org/policygraph/",))}
    assert {str(t) for t in foreign} >= {terms.ELI.LegalResource.value, terms.ORG.subOrganizationOf.value, terms.QB.componentAttachment.value,
                                          terms.OBEU_MEASURE.amount.value, terms.SKOS.broader.value, terms.PROV.wasDerivedFrom.value}
    for term in foreign:
        assert {o.language for o in ontology.objects(term, RDFS.comment)} >= {"zh", "en"}, term


def test_main_classes_reuse_the_standard_vocabularies(ontology):
    expected = {
        "SourceDocument": {"http://www.w3.org/ns/prov#Entity", "http://xmlns.com/foaf/0.1/Document"},
        "Department": {"http://www.w3.org/ns/org#FormalOrganization"},
        "BudgetUnit": {"http://www.w3.org/ns/org#Organization"},
        "Issuer": {"http://www.w3.org/ns/org#Organization"},
        "BudgetAllocation": {"http://purl.org/linked-data/cube#Observation"},
        "CitedDocument": {"http://data.europa.eu/eli/ontology#LegalResource"},
    }
    for name, parents in expected.items():
        assert {str(o) for o in ontology.objects(PG[name], RDFS.subClassOf)} >= parents, name
    assert (PG.Mention, OWL.disjointWith, PG.Citation) in ontology


def test_evidence_is_a_text_fragment_with_a_quote_and_the_currency_hangs_off_the_data_set(ontology):
    """The compact evidence model: pg:evidence/pg:extent → pg:TextFragment (source#char=start,end), pg:quote its text."""
    QB = rdflib.Namespace(terms.QB.NS)
    assert (PG.evidence, RDFS.range, PG.TextFragment) in ontology and (PG.extent, RDFS.range, PG.TextFragment) in ontology
    assert (PG.quote, RDFS.domain, PG.TextFragment) in ontology and (PG.quote, RDF.type, OWL.DatatypeProperty) in ontology
    assert not any(str(t).startswith("http://www.w3.org/ns/oa#") for triple in ontology for t in triple)  # no selectors left
    components = list(ontology.objects(PG.budgetStructure, QB.component))
    currency = [c for c in components if (c, QB.attribute, rdflib.URIRef(terms.OBEU_ATTRIBUTE.currency.value)) in ontology]
    assert len(currency) == 1 and (currency[0], QB.componentAttachment, QB.DataSet) in ontology


# ---------------------------------------------------------------------------
# code and queries may only use terms the Turtle declares

_ATTRIBUTE = re.compile(r"\b(PG|ORG|ELI|PROV|OA|DCTERMS|SKOS|QB|OBEU_DIMENSION|OBEU_MEASURE|OBEU_ATTRIBUTE|FOAF|RDFS|RDF|XSD|EUCURRENCY)\.([A-Za-z_][A-Za-z0-9_]*)\b")
_PG_IN_QUERY = re.compile(r"(?<![\w/#])pg:([A-Za-z_][A-Za-z0-9_]*)")
_PG_IRI = re.compile(re.escape(terms.PG.NS) + r"([A-Za-z_][A-Za-z0-9_]*)")


def _python_files():
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "terms.py")


def test_code_uses_only_generated_terms():
    missing = []
    for path in _python_files():
        for cls, name in _ATTRIBUTE.findall(path.read_text(encoding="utf-8")):
            holder = getattr(terms, cls, None)
            if holder is not None and name != "NS" and not hasattr(holder, name):
                missing.append(f"{path.relative_to(PACKAGE.parent)}: {cls}.{name}")
    assert not missing, "terms used in code but not declared in policygraph.ttl: " + ", ".join(missing)


def test_queries_and_code_use_only_declared_pg_terms(ontology):
    """Every pg: term in a .rq file, a SPARQL string or a full IRI in code exists in the Turtle."""
    declared = {t[len(terms.PG.NS):] for t in _declared(ontology) if t.startswith(terms.PG.NS)}
    missing = []
    sources = sorted(PACKAGE.rglob("*.rq")) + _python_files() + sorted(PACKAGE.rglob("*.js")) + sorted(PACKAGE.rglob("*.html"))
    for path in sources:
        text = path.read_text(encoding="utf-8")
        if "w3id.org/policygraph/ontology" not in text and "pg:" not in text:
            continue
        names = set(_PG_IRI.findall(text))
        if path.suffix == ".rq" or "PREFIX pg:" in text:
            names |= set(_PG_IN_QUERY.findall(text))
        missing += [f"{path.relative_to(PACKAGE.parent)}: pg:{n}" for n in sorted(names - declared)]
    assert not missing, "pg: terms not declared in policygraph.ttl: " + ", ".join(missing)


def test_the_checks_above_catch_an_undeclared_term(ontology, tmp_path):
    """The scanners really find a made-up term (guards against a regex that matches nothing)."""
    declared = {t[len(terms.PG.NS):] for t in _declared(ontology) if t.startswith(terms.PG.NS)}
    text = "PREFIX pg: <https://w3id.org/policygraph/ontology#>\nSELECT ?x { ?x pg:citesDocument ?d ; pg:fundedBy ?f }"
    assert set(_PG_IN_QUERY.findall(text)) - declared == {"fundedBy"}
    assert [m for m in _ATTRIBUTE.findall("PG.Project PG.Projekt") if not hasattr(terms.PG, m[1])] == [("PG", "Projekt")]


# ---------------------------------------------------------------------------
# reference vocabularies cover the closed vocabularies of the records


@pytest.mark.parametrize(
    "scheme, keys",
    [
        ("document-kind", models.DOCUMENT_KINDS),
        ("section", models.SECTION_KEYS),
        ("citation-kind", models.CITATION_KINDS),
        ("level", models.POLICY_LEVELS),
        ("unit-kind", ("administrative", "public_institution")),
        ("amount-kind", ("annual", "total", "table_cell", "figure")),
        ("expenditure-type", ("total", "basic", "project")),
    ],
)
def test_reference_vocabulary_has_every_key(reference, scheme, keys):
    for key in keys:
        concept = rdflib.URIRef(iris.vocab_iri(scheme, key).value)
        assert (concept, SKOS.inScheme, rdflib.URIRef(iris.vocab_scheme_iri(scheme).value)) in reference, f"{scheme}/{key}"
        assert {o.language for o in reference.objects(concept, SKOS.prefLabel)} >= {"zh", "en"}, f"{scheme}/{key}"


@pytest.mark.parametrize("label, notation", [("意见", "opinions"), ("通知", "notice"), ("条例", "regulation"), ("纲要", "outline"), ("指引", "guideline")])
def test_document_types_are_found_by_their_chinese_label(label, notation):
    concept, known = iris.doc_type_iri(label)
    assert known and concept.value.endswith(f"/vocab/doc-type/{notation}")


def test_an_unknown_document_type_gets_a_stable_hashed_concept():
    first, known = iris.doc_type_iri("备忘录")
    assert not known and first == iris.doc_type_iri("备忘录")[0] and "/vocab/doc-type/x-" in first.value


def test_every_shape_constraint_explains_itself():
    shapes = rdflib.Graph()
    shapes.parse(SHAPES_TTL, format="turtle")
    property_shapes = set(shapes.objects(None, SH.property)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    assert len(property_shapes) > 30
    for shape in property_shapes:
        assert shapes.value(shape, SH.message) is not None, f"property shape on {shapes.value(shape, SH.path)} has no sh:message"
