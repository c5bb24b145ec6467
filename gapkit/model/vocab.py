"""IRIs of the Wikidata RDF model (as the Wikidata Query Service serves it)."""

WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
SCHEMA = "http://schema.org/"
WIKIBASE = "http://wikiba.se/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
# "Unknown value" statements: WDQS and the RDF dumps skolemise blank nodes under this prefix.
GENID = "http://www.wikidata.org/.well-known/genid/"

HUMAN = "Q5"  # wd:Q5, human
P_INSTANCE_OF = "P31"
P_SEX_OR_GENDER = "P21"
P_CITIZENSHIP = "P27"
P_OCCUPATION = "P106"
P_BIRTH = "P569"
P_DEATH = "P570"
P_SUBCLASS_OF = "P279"
# Evidence of notability (issue #17): described by source, authority identifiers, image, sitelink badges.
P_DESCRIBED_BY = "P1343"
P_IMAGE = "P18"
AUTHORITY_IDS = ("P213", "P214", "P227", "P244", "P268")  # ISNI, VIAF, GND, Library of Congress, BnF
FEATURED = "Q17437796"  # badge: featured article
GOOD = "Q17437798"  # badge: good article


def wd(qid: str) -> str:
    """Entity IRI of a QID."""
    return WD + qid


def wdt(pid: str) -> str:
    """Truthy-statement predicate IRI of a property id."""
    return WDT + pid
