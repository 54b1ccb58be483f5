"""Typed RDF terms of the policygraph ontology. GENERATED from policygraph.ttl — do not edit.

Regenerate with ``python -m policygraph.ontology.generate``. One class per prefix of the
Turtle; each attribute is a pyoxigraph NamedNode for a term the Turtle declares or uses.
"""

from __future__ import annotations

from typing import Final

from pyoxigraph import NamedNode

#: prefix -> namespace IRI, as declared in the ontology (for serialisers and SPARQL headers)
PREFIXES: Final[dict[str, str]] = {
    "dcterms": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "eucurrency": "http://publications.europa.eu/resource/authority/currency/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "obeu-attribute": "http://data.openbudgets.eu/ontology/dsd/attribute/",
    "obeu-dimension": "http://data.openbudgets.eu/ontology/dsd/dimension/",
    "obeu-measure": "http://data.openbudgets.eu/ontology/dsd/measure/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "pg": "https://w3id.org/policygraph/ontology#",
    "pgid": "https://w3id.org/policygraph/id/",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "vann": "http://purl.org/vocab/vann/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


class DCTERMS:
    """``dcterms:`` <http://purl.org/dc/terms/>"""

    NS: Final[str] = "http://purl.org/dc/terms/"
    license: Final[NamedNode] = NamedNode("http://purl.org/dc/terms/license")
    references: Final[NamedNode] = NamedNode("http://purl.org/dc/terms/references")
    title: Final[NamedNode] = NamedNode("http://purl.org/dc/terms/title")


class ELI:
    """``eli:`` <http://data.europa.eu/eli/ontology#>"""

    NS: Final[str] = "http://data.europa.eu/eli/ontology#"
    LegalResource: Final[NamedNode] = NamedNode("http://data.europa.eu/eli/ontology#LegalResource")
    cites: Final[NamedNode] = NamedNode("http://data.europa.eu/eli/ontology#cites")
    date_document: Final[NamedNode] = NamedNode("http://data.europa.eu/eli/ontology#date_document")
    id_local: Final[NamedNode] = NamedNode("http://data.europa.eu/eli/ontology#id_local")
    passed_by: Final[NamedNode] = NamedNode("http://data.europa.eu/eli/ontology#passed_by")
    title: Final[NamedNode] = NamedNode("http://data.europa.eu/eli/ontology#title")
    type_document: Final[NamedNode] = NamedNode("http://data.europa.eu/eli/ontology#type_document")


class EUCURRENCY:
    """``eucurrency:`` <http://publications.europa.eu/resource/authority/currency/>"""

    NS: Final[str] = "http://publications.europa.eu/resource/authority/currency/"
    CNY: Final[NamedNode] = NamedNode("http://publications.europa.eu/resource/authority/currency/CNY")


class FOAF:
    """``foaf:`` <http://xmlns.com/foaf/0.1/>"""

    NS: Final[str] = "http://xmlns.com/foaf/0.1/"
    Document: Final[NamedNode] = NamedNode("http://xmlns.com/foaf/0.1/Document")


class OBEU_ATTRIBUTE:
    """``obeu-attribute:`` <http://data.openbudgets.eu/ontology/dsd/attribute/>"""

    NS: Final[str] = "http://data.openbudgets.eu/ontology/dsd/attribute/"
    currency: Final[NamedNode] = NamedNode("http://data.openbudgets.eu/ontology/dsd/attribute/currency")


class OBEU_DIMENSION:
    """``obeu-dimension:`` <http://data.openbudgets.eu/ontology/dsd/dimension/>"""

    NS: Final[str] = "http://data.openbudgets.eu/ontology/dsd/dimension/"
    economicClassification: Final[NamedNode] = NamedNode("http://data.openbudgets.eu/ontology/dsd/dimension/economicClassification")
    functionalClassification: Final[NamedNode] = NamedNode("http://data.openbudgets.eu/ontology/dsd/dimension/functionalClassification")
    organization: Final[NamedNode] = NamedNode("http://data.openbudgets.eu/ontology/dsd/dimension/organization")


class OBEU_MEASURE:
    """``obeu-measure:`` <http://data.openbudgets.eu/ontology/dsd/measure/>"""

    NS: Final[str] = "http://data.openbudgets.eu/ontology/dsd/measure/"
    amount: Final[NamedNode] = NamedNode("http://data.openbudgets.eu/ontology/dsd/measure/amount")


class ORG:
    """``org:`` <http://www.w3.org/ns/org#>"""

    NS: Final[str] = "http://www.w3.org/ns/org#"
    FormalOrganization: Final[NamedNode] = NamedNode("http://www.w3.org/ns/org#FormalOrganization")
    Organization: Final[NamedNode] = NamedNode("http://www.w3.org/ns/org#Organization")
    hasSubOrganization: Final[NamedNode] = NamedNode("http://www.w3.org/ns/org#hasSubOrganization")
    subOrganizationOf: Final[NamedNode] = NamedNode("http://www.w3.org/ns/org#subOrganizationOf")


class OWL:
    """``owl:`` <http://www.w3.org/2002/07/owl#>"""

    NS: Final[str] = "http://www.w3.org/2002/07/owl#"
    Class: Final[NamedNode] = NamedNode("http://www.w3.org/2002/07/owl#Class")
    DatatypeProperty: Final[NamedNode] = NamedNode("http://www.w3.org/2002/07/owl#DatatypeProperty")
    ObjectProperty: Final[NamedNode] = NamedNode("http://www.w3.org/2002/07/owl#ObjectProperty")
    Ontology: Final[NamedNode] = NamedNode("http://www.w3.org/2002/07/owl#Ontology")
    disjointWith: Final[NamedNode] = NamedNode("http://www.w3.org/2002/07/owl#disjointWith")
    versionInfo: Final[NamedNode] = NamedNode("http://www.w3.org/2002/07/owl#versionInfo")


class PG:
    """``pg:`` <https://w3id.org/policygraph/ontology#>"""

    NS: Final[str] = "https://w3id.org/policygraph/ontology#"
    BudgetAllocation: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#BudgetAllocation")
    BudgetUnit: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#BudgetUnit")
    Citation: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#Citation")
    CitedDocument: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#CitedDocument")
    CitingOrganisationsSummary: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#CitingOrganisationsSummary")
    CoCitationSummary: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#CoCitationSummary")
    DatedDocumentYearSummary: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#DatedDocumentYearSummary")
    Department: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#Department")
    DocumentYearSummary: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#DocumentYearSummary")
    ExtractionWarning: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#ExtractionWarning")
    Issuer: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#Issuer")
    IssuerYearSummary: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#IssuerYearSummary")
    LevelYearSummary: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#LevelYearSummary")
    Mention: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#Mention")
    Project: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#Project")
    ProjectSection: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#ProjectSection")
    SourceDocument: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#SourceDocument")
    Summary: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#Summary")
    TextFragment: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#TextFragment")
    amountColumn: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#amountColumn")
    amountKind: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#amountKind")
    amountText: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#amountText")
    amountYuan: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#amountYuan")
    approximate: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#approximate")
    budgetStructure: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#budgetStructure")
    budgetTable: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#budgetTable")
    charCount: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#charCount")
    citationKind: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#citationKind")
    citedDocument: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#citedDocument")
    citesDocument: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#citesDocument")
    citingProject: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#citingProject")
    confidence: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#confidence")
    contentHash: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#contentHash")
    department: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#department")
    derived: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#derived")
    documentKind: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#documentKind")
    documentYear: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#documentYear")
    encoding: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#encoding")
    evidence: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#evidence")
    expenditureType: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#expenditureType")
    extent: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#extent")
    figureName: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#figureName")
    fileName: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#fileName")
    fiscalYear: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#fiscalYear")
    flag: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#flag")
    hasAllocation: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#hasAllocation")
    hasSection: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#hasSection")
    hasWarning: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#hasWarning")
    implementingUnit: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#implementingUnit")
    issuerCode: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#issuerCode")
    issuerSource: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#issuerSource")
    level: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#level")
    line: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#line")
    mappingVersion: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#mappingVersion")
    mentioningProject: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#mentioningProject")
    message: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#message")
    period: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#period")
    periodEnd: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#periodEnd")
    periodStart: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#periodStart")
    projectAmountStructure: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#projectAmountStructure")
    quote: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#quote")
    rule: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#rule")
    section: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#section")
    sectionKind: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#sectionKind")
    serialNumber: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#serialNumber")
    shareQ1: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#shareQ1")
    shareQ2: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#shareQ2")
    shareQ3: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#shareQ3")
    shareQ4: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#shareQ4")
    sourcePath: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#sourcePath")
    subProjectOf: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#subProjectOf")
    summaryAge: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryAge")
    summaryDepartments: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryDepartments")
    summaryDocument: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryDocument")
    summaryDocumentYear: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryDocumentYear")
    summaryDocuments: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryDocuments")
    summaryFlaggedProjects: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryFlaggedProjects")
    summaryFlaggedYuan: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryFlaggedYuan")
    summaryIncludes: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryIncludes")
    summaryIssuer: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryIssuer")
    summaryKeptShareYuan: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryKeptShareYuan")
    summaryKeptYuan: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryKeptYuan")
    summaryLevel: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryLevel")
    summaryLevelCode: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryLevelCode")
    summaryName: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryName")
    summaryNumber: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryNumber")
    summaryOrganisationNames: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryOrganisationNames")
    summaryOrganisations: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryOrganisations")
    summaryOtherDocument: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryOtherDocument")
    summaryOtherTitle: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryOtherTitle")
    summaryProjects: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryProjects")
    summaryShareYuan: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryShareYuan")
    summarySources: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summarySources")
    summarySourcesHash: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summarySourcesHash")
    summaryTitle: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryTitle")
    summaryUnpricedProjects: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryUnpricedProjects")
    summaryVersion: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryVersion")
    summaryYear: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryYear")
    summaryYuan: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#summaryYuan")
    surfaceForm: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#surfaceForm")
    totalAmountYuan: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#totalAmountYuan")
    unitKind: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#unitKind")
    warningCode: Final[NamedNode] = NamedNode("https://w3id.org/policygraph/ontology#warningCode")


class PGID:
    """``pgid:`` <https://w3id.org/policygraph/id/>"""

    NS: Final[str] = "https://w3id.org/policygraph/id/"


class PROV:
    """``prov:`` <http://www.w3.org/ns/prov#>"""

    NS: Final[str] = "http://www.w3.org/ns/prov#"
    Entity: Final[NamedNode] = NamedNode("http://www.w3.org/ns/prov#Entity")
    wasDerivedFrom: Final[NamedNode] = NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")


class QB:
    """``qb:`` <http://purl.org/linked-data/cube#>"""

    NS: Final[str] = "http://purl.org/linked-data/cube#"
    Attachable: Final[NamedNode] = NamedNode("http://purl.org/linked-data/cube#Attachable")
    AttributeProperty: Final[NamedNode] = NamedNode("http://purl.org/linked-data/cube#AttributeProperty")
    DataSet: Final[NamedNode] = NamedNode("http://purl.org/linked-data/cube#DataSet")
    DataStructureDefinition: Final[NamedNode] = NamedNode("http://purl.org/linked-data/cube#DataStructureDefinition")
    DimensionProperty: Final[NamedNode] = NamedNode("http://purl.org/linked-data/cube#DimensionProperty")
    Observation: Final[NamedNode] = NamedNode("http://purl.org/linked-data/cube#Observation")
    attribute: Final[NamedNode] = NamedNode("http://purl.org/linked-data/cube#attribute")
    component: Final[NamedNode] = NamedNode("http://purl.org/linked-data/cube#component")
    componentAttachment: Final[NamedNode] = NamedNode("http://purl.org/linked-data/cube#componentAttachment")
    componentRequired: Final[NamedNode] = NamedNode("http://purl.org/linked-data/cube#componentRequired")
    dataSet: Final[NamedNode] = NamedNode("http://purl.org/linked-data/cube#dataSet")
    dimension: Final[NamedNode] = NamedNode("http://purl.org/linked-data/cube#dimension")
    measure: Final[NamedNode] = NamedNode("http://purl.org/linked-data/cube#measure")
    structure: Final[NamedNode] = NamedNode("http://purl.org/linked-data/cube#structure")


class RDF:
    """``rdf:`` <http://www.w3.org/1999/02/22-rdf-syntax-ns#>"""

    NS: Final[str] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    langString: Final[NamedNode] = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
    type: Final[NamedNode] = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


class RDFS:
    """``rdfs:`` <http://www.w3.org/2000/01/rdf-schema#>"""

    NS: Final[str] = "http://www.w3.org/2000/01/rdf-schema#"
    comment: Final[NamedNode] = NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
    domain: Final[NamedNode] = NamedNode("http://www.w3.org/2000/01/rdf-schema#domain")
    label: Final[NamedNode] = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    range: Final[NamedNode] = NamedNode("http://www.w3.org/2000/01/rdf-schema#range")
    subClassOf: Final[NamedNode] = NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
    subPropertyOf: Final[NamedNode] = NamedNode("http://www.w3.org/2000/01/rdf-schema#subPropertyOf")


class SKOS:
    """``skos:`` <http://www.w3.org/2004/02/skos/core#>"""

    NS: Final[str] = "http://www.w3.org/2004/02/skos/core#"
    Concept: Final[NamedNode] = NamedNode("http://www.w3.org/2004/02/skos/core#Concept")
    ConceptScheme: Final[NamedNode] = NamedNode("http://www.w3.org/2004/02/skos/core#ConceptScheme")
    altLabel: Final[NamedNode] = NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
    broader: Final[NamedNode] = NamedNode("http://www.w3.org/2004/02/skos/core#broader")
    inScheme: Final[NamedNode] = NamedNode("http://www.w3.org/2004/02/skos/core#inScheme")
    narrower: Final[NamedNode] = NamedNode("http://www.w3.org/2004/02/skos/core#narrower")
    notation: Final[NamedNode] = NamedNode("http://www.w3.org/2004/02/skos/core#notation")
    prefLabel: Final[NamedNode] = NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    topConceptOf: Final[NamedNode] = NamedNode("http://www.w3.org/2004/02/skos/core#topConceptOf")


class VANN:
    """``vann:`` <http://purl.org/vocab/vann/>"""

    NS: Final[str] = "http://purl.org/vocab/vann/"
    preferredNamespacePrefix: Final[NamedNode] = NamedNode("http://purl.org/vocab/vann/preferredNamespacePrefix")
    preferredNamespaceUri: Final[NamedNode] = NamedNode("http://purl.org/vocab/vann/preferredNamespaceUri")


class XSD:
    """``xsd:`` <http://www.w3.org/2001/XMLSchema#>"""

    NS: Final[str] = "http://www.w3.org/2001/XMLSchema#"
    boolean: Final[NamedNode] = NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
    date: Final[NamedNode] = NamedNode("http://www.w3.org/2001/XMLSchema#date")
    decimal: Final[NamedNode] = NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    integer: Final[NamedNode] = NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    string: Final[NamedNode] = NamedNode("http://www.w3.org/2001/XMLSchema#string")


def sparql_prefixes(*names: str) -> str:
    """``PREFIX`` lines for the given prefixes (all of them when none are given)."""
    chosen = names or tuple(PREFIXES)
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in chosen)
