"""The build: one named graph per document, evidence for facts, provenance, stable IRIs, dumps, ELI alignment."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox

from graph.build import BuildReport, build
from graph.settings import PROJECT_ROOT, Settings
from graph.store import current_build, open_store, query, term_text

SEEDS = PROJECT_ROOT / "seeds"


def values(store: ox.Store, sparql: str) -> list[list[str]]:
    return [[term_text(t) for t in row] for row in query(store, sparql).rows()]


def test_summary_counts(seed_build: BuildReport) -> None:
    """All 27 Beijing Customs measures with their 34 responsibilities; 58 measures over the five seeds."""
    by_doc = {d.source[:3]: d for d in seed_build.documents}
    assert by_doc["002"].measures == 27
    assert by_doc["002"].responsibilities == 34
    assert sum(d.measures for d in seed_build.documents) == 58
    assert seed_build.ok


def test_one_named_graph_per_document(kg: ox.Store) -> None:
    rows = values(kg, "SELECT ?g (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?g { ?d a tkg:PolicyDocument } } GROUP BY ?g")
    assert len(rows) == 5
    assert all(n == "1" for _, n in rows)


def test_every_responsibility_has_evidence_quoting_the_tag(kg: ox.Store) -> None:
    rows = values(
        kg,
        """SELECT ?m ?u ?quote ?rule WHERE {
        ?m tkg:responsibleUnit ?u .
        ?ev rdf:subject ?m ; rdf:object ?u ; nif:anchorOf ?quote ; tkg:rule ?rule }""",
    )
    assert len({(m, u) for m, u, _, _ in rows}) == 34
    assert {q for _, _, q, _ in rows} >= {"Supervision Department", "Enterprise Management Office", "Audit Office"}
    assert all(r.startswith("tag-en-") for *_, r in rows)


def test_scoped_units_are_units_of_the_issuer(kg: ox.Store) -> None:
    rows = values(
        kg,
        """SELECT DISTINCT ?parent WHERE {
        ?m tkg:responsibleUnit ?u . ?u org:unitOf ?parent }""",
    )
    assert rows == [["https://w3id.org/tradekg/id/org/beijing-customs"]]


def test_generic_eli_and_org_queries_work(kg: ox.Store) -> None:
    """The ontology's alignment is materialised: ELI terms alone find measures and who is responsible."""
    rows = values(
        kg,
        """SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {
        ?m a eli:LegalResourceSubdivision ; eli:is_part_of ?doc ; eli:responsibility_of_agent ?agent .
        ?doc a eli:LegalResource . ?agent a org:Organization }""",
    )
    assert rows == [["27"]]


def test_prov_record_of_the_build(kg: ox.Store) -> None:
    rows = values(
        kg,
        """SELECT ?agent ?file ?sum WHERE {
        ?b a prov:Activity ; prov:wasAssociatedWith ?a ; prov:used ?t ; prov:startedAtTime ?s .
        ?a rdfs:label ?agent . ?t tkg:inputChecksum ?sum . ?doc tkg:text ?t ; tkg:sourceFile ?file }""",
    )
    assert len(rows) == 5
    assert all(a.startswith("tradekg ") for a, _, _ in rows)
    assert all(s.startswith("sha256:") and len(s) == 71 for *_, s in rows)


def test_rebuilding_never_renames(tmp_path: Path, settings: Settings, kg: ox.Store) -> None:
    """A second build of the same inputs mints exactly the same measure, section and unit IRIs."""
    sparql = "SELECT ?x WHERE { { ?x a tkg:Measure } UNION { ?x a tkg:Section } UNION { ?x a tkg:InternalUnit } }"
    build([SEEDS], tmp_path / "again", settings)
    again = open_store(tmp_path / "again")
    assert sorted(values(kg, sparql)) == sorted(values(again, sparql))


def test_dumps_next_to_the_store(seed_build: BuildReport) -> None:
    folder = current_build(seed_build.store)
    dataset = ox.Store()
    dataset.load(path=str(folder / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    assert len(dataset) == len(open_store(seed_build.store))
    assert (folder / "ontology.ttl").read_text(encoding="utf-8").startswith("#")
    assert (folder / "vocabulary-gaps.csv").read_text(encoding="utf-8").startswith("type,name,iri,source")


def test_vocabulary_gaps_are_reported(tmp_path: Path, settings: Settings) -> None:
    """A name no vocabulary lists is still found by pattern, marked discovered and listed as a gap."""
    doc = tmp_path / "doc.txt"
    doc.write_text(
        "Notice of Zhoukou Customs on Trade\n(1) Support trade with the Zhoukou Comprehensive Bonded "
        "Zone. (Responsible department: Cold Chain Quarantine Office)\n(2) Promote exports. "
        "(Responsible department: General Office)\n",
        encoding="utf-8",
    )
    rep = build([doc], tmp_path / "s", settings)
    names = {name for _, name, _, _ in rep.gaps}
    assert {"Zhoukou Customs", "Zhoukou Comprehensive Bonded Zone", "Cold Chain Quarantine Office"} <= names
    assert "General Office" not in names, "a known unit type is not a gap"
    rows = values(open_store(tmp_path / "s"), "SELECT ?l WHERE { ?e tkg:discovered true ; skos:prefLabel ?l }")
    assert ["Zhoukou Customs"] in rows


def test_store_folder_keeps_serving_build(tmp_path: Path, settings: Settings) -> None:
    """Two builds into one folder: `current` moves to the newest; older builds beyond two are removed."""
    store = tmp_path / "s"
    seed = next(SEEDS.glob("000_*.txt"))
    for _ in range(3):
        build([seed], store, settings)
    assert len(list(store.glob("build-*"))) == 2
    shutil.rmtree(store)
