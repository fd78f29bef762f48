"""The named queries in ontology/queries/: the four contract queries the extraction is scored with, and the
competency queries the ontology answers. Every query parses and runs on the seed store; the contract queries
return exactly the columns DESIGN.md promises; each competency query returns what the seed texts really say,
checked against the texts themselves or against an independent tkg: query wherever possible.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.build import BuildReport
from graph.cli import main
from graph.extract.read import read_source
from graph.settings import PROJECT_ROOT, Settings
from graph.store import query, term_text

QUERIES = PROJECT_ROOT / "ontology" / "queries"
SEEDS = PROJECT_ROOT / "seeds"
ALL = sorted(QUERIES.glob("*.rq"))
SEED_002 = "002_c976026b26af7936.txt"
BEIJING = "https://w3id.org/tradekg/id/org/beijing-customs/"
EMO = "Enterprise Management Office"

CONTRACT = {
    "documents": ["source", "title", "date", "issuer", "number"],
    "measures": ["source", "ordinal", "text"],
    "responsibilities": ["source", "ordinal", "department", "labels"],
    "mentions": ["source", "type", "label", "labels"],
}
COMPETENCY = [
    "departments-by-measure-count",
    "measures-of-department",
    "co-responsible-departments",
    "measures-by-zone-type",
    "measures-citing-agreements",
    "documents-by-issuer",
    "evidence-of-responsibility",
    "vocabulary-gaps",
]
_TAG = re.compile(r"\(Responsible [Dd]epartments?: ([^)]*)\)")

Rows = list[dict[str, str]]


def _run(kg: ox.Store, sparql: str) -> tuple[list[str], Rows]:
    result = query(kg, sparql)
    assert result.kind == "select"
    variables = result.variables
    return variables, [dict(zip(variables, map(term_text, row), strict=True)) for row in result.rows()]


def _named(kg: ox.Store, name: str) -> Rows:
    return _run(kg, (QUERIES / f"{name}.rq").read_text(encoding="utf-8"))[1]


def _seed_text(name: str) -> str:
    """A seed as the build reads it (decoded, line endings normalised): the text evidence offsets count into."""
    return read_source(SEEDS / name, Settings().max_document_bytes).text


def _tags(name: str) -> list[list[str]]:
    """The names in each "(Responsible department(s): …)" tag of a seed, as written."""
    # "and" joins two names only after a unit word: "Animal and Plant Inspection Office" is one name
    split = re.compile(r",\s*|(?:(?<=Office)|(?<=Department))\s+and\s+")
    return [split.split(m.group(1).strip()) for m in _TAG.finditer(_seed_text(name))]


@pytest.fixture(scope="module")
def measure_texts(kg: ox.Store) -> dict[tuple[str, int], str]:
    """(source, ordinal) → measure text, from the contract query measures.rq."""
    return {(r["source"], int(r["ordinal"])): r["text"] for r in _named(kg, "measures")}


# ---------------------------------------------------------------- every query


@pytest.mark.parametrize("path", ALL, ids=[p.stem for p in ALL])
def test_query_parses_and_runs(kg: ox.Store, path: Path) -> None:
    """Each named query is valid SPARQL, is a SELECT, and answers something on the seed store."""
    variables, rows = _run(kg, path.read_text(encoding="utf-8"))
    assert variables
    assert rows, f"{path.name} returns nothing on the seeds"


@pytest.mark.parametrize("path", ALL, ids=[p.stem for p in ALL])
def test_query_has_a_header(path: Path) -> None:
    """Each query opens with a comment header: a title line, then what it answers (and its parameters)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[: next(i for i, line in enumerate(lines) if not line.startswith("#"))]
    assert len(header) >= 2, f"{path.name} needs a '# Title' line and a line saying what it answers"
    assert re.match(r"# [A-Z]\S*", header[0]), header[0]
    assert any("Answers:" in line for line in header), f"{path.name} does not say what it answers"


def test_competency_queries_are_there() -> None:
    """The ontology's competency questions are named queries; removing one fails here."""
    names = {p.stem for p in ALL}
    assert set(COMPETENCY) <= names
    assert set(CONTRACT) <= names
    for name in COMPETENCY:
        assert "Parameters:" in (QUERIES / f"{name}.rq").read_text(encoding="utf-8"), name


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_contract_columns(kg: ox.Store, name: str) -> None:
    """The evaluation contract (DESIGN.md): exactly these result columns, in this order."""
    variables, _ = _run(kg, (QUERIES / f"{name}.rq").read_text(encoding="utf-8"))
    assert variables == CONTRACT[name]


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_contract_csv_through_cli(seed_build: BuildReport, runner: CliRunner, name: str) -> None:
    """`tradekg query --format csv FILE.rq` prints a header row of exactly the contract's columns, then rows."""
    result = runner.invoke(
        main, ["query", "--store", str(seed_build.store), "--format", "csv", str(QUERIES / f"{name}.rq")]
    )
    assert result.exit_code == 0, result.output
    table = list(csv.reader(result.stdout.splitlines()))
    assert table[0] == CONTRACT[name]
    assert len(table) > 1 and all(len(row) == len(CONTRACT[name]) for row in table)


# ---------------------------------------------------------------- departments


def test_departments_by_measure_count(kg: ox.Store) -> None:
    """The busiest department in the seeds is Beijing Customs' Enterprise Management Office (tied with its
    General Office); its count is the number of responsibility tags in seed 002 that name it."""
    rows = _named(kg, "departments-by-measure-count")
    assert list(rows[0]) == ["department", "label", "organisation", "measures", "documents"]
    emo_tags = sum(1 for names in _tags(SEED_002) if EMO in names)
    assert emo_tags == 6
    top = max(int(r["measures"]) for r in rows)
    assert top == emo_tags
    leaders = {r["label"] for r in rows if int(r["measures"]) == top}
    assert EMO in leaders and leaders <= {EMO, "General Office"}
    assert [int(r["measures"]) for r in rows] == sorted((int(r["measures"]) for r in rows), reverse=True)
    # every department is a unit of Beijing Customs, the only seed with responsibility tags
    assert [p.name for p in sorted(SEEDS.glob("*.txt")) if _TAG.search(_seed_text(p.name))] == [SEED_002]
    assert {r["organisation"] for r in rows} == {"Beijing Customs"}
    assert all(r["department"].startswith(BEIJING) and r["documents"] == "1" for r in rows)


def test_department_counts_match_tkg_responsibilities(kg: ox.Store) -> None:
    """The ELI-level counts equal the tkg:responsibleUnit counts: eli:responsibility_of_agent is fully
    materialised."""
    _, direct = _run(kg, "SELECT ?d (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m tkg:responsibleUnit ?d } GROUP BY ?d")
    expected = {r["d"]: r["n"] for r in direct}
    assert {r["department"]: r["measures"] for r in _named(kg, "departments-by-measure-count")} == expected
    assert sum(int(n) for n in expected.values()) == sum(len(names) for names in _tags(SEED_002))


def test_measures_of_department(kg: ox.Store, measure_texts: dict[tuple[str, int], str]) -> None:
    """The default parameter lists the Enterprise Management Office's measures: those whose tag names it, with
    their text, section heading and organisation."""
    rows = _named(kg, "measures-of-department")
    assert list(rows[0]) == ["department", "organisation", "source", "ordinal", "role", "section", "text"]
    tagged = sorted(
        o
        for (src, o), text in measure_texts.items()
        if src == SEED_002 and any(EMO in m.group(1) for m in _TAG.finditer(text))
    )
    assert [int(r["ordinal"]) for r in rows] == tagged == [13, 17, 19, 20, 23, 24]
    _, headings = _run(
        kg,
        "SELECT ?o ?h WHERE { ?m tkg:ordinal ?o ; tkg:inDocument/tkg:sourceFile "
        f"'{SEED_002}' ; tkg:inSection/tkg:heading ?h }}",
    )
    heading = {int(r["o"]): r["h"] for r in headings}
    for r in rows:
        assert r["department"] == BEIJING + "enterprise-management-office"
        assert (r["organisation"], r["source"], r["role"]) == ("Beijing Customs", SEED_002, "responsible")
        assert r["text"] == measure_texts[(SEED_002, int(r["ordinal"]))]
        assert r["section"] == heading[int(r["ordinal"])]


def test_measures_of_department_parameter(kg: ox.Store) -> None:
    """The ?name parameter is matched without case against any label: "general office" finds Beijing Customs'
    General Office and as many measures as departments-by-measure-count gives it."""
    text = (QUERIES / "measures-of-department.rq").read_text(encoding="utf-8")
    assert f'VALUES ?name {{ "{EMO}" }}' in text
    _, rows = _run(kg, text.replace(f'"{EMO}"', '"general office"'))
    counts = {r["label"]: int(r["measures"]) for r in _named(kg, "departments-by-measure-count")}
    assert {r["department"] for r in rows} == {BEIJING + "general-office"}
    assert len(rows) == counts["General Office"]


def test_co_responsible_departments(kg: ox.Store) -> None:
    """Pairs sharing measures, each once; the pairs named together most often in seed 002's tags come first,
    with as many shared measures as tags naming both."""
    lines = (QUERIES / "co-responsible-departments.rq").read_text(encoding="utf-8").splitlines()
    body = "\n".join(line for line in lines if not line.startswith("#"))
    assert "tkg:" not in body and "eli:responsibility_of_agent" in body, "generic ELI terms must suffice"
    rows = _named(kg, "co-responsible-departments")
    assert all(r["department1"] < r["department2"] for r in rows)
    pairs = {frozenset((r["label1"], r["label2"])): int(r["measures"]) for r in rows}
    assert len(pairs) == len(rows)
    tags = _tags(SEED_002)
    for other in ("Audit Office", "Postal Office"):
        both = sum(1 for names in tags if EMO in names and other in names)
        assert both == 2
        assert pairs[frozenset((EMO, other))] == both
    assert max(pairs.values()) == 2 == int(rows[0]["measures"])
    assert sum(pairs.values()) == sum(1 for names in tags if len(names) == 2)


# ---------------------------------------------------------------- zones, agreements, issuers


def test_measures_by_zone_type(kg: ox.Store, measure_texts: dict[tuple[str, int], str]) -> None:
    """For the zone types the seeds spell out, the measures listed are exactly those whose text names the type;
    named zones are listed with their type (Zhongguancun under comprehensive bonded zone)."""
    rows = _named(kg, "measures-by-zone-type")
    listed: dict[str, set[tuple[str, int]]] = {}
    for r in rows:
        listed.setdefault(r["type"], set()).add((r["source"], int(r["ordinal"])))
    for zone_type in ("comprehensive bonded zone", "free trade port", "cooperation zone"):
        naming = {key for key, text in measure_texts.items() if zone_type in text.lower()}
        assert naming, zone_type
        assert listed[zone_type] == naming, zone_type
    (row,) = [r for r in rows if (r["source"], r["ordinal"]) == (SEED_002, "13")]
    assert row["type"] == "comprehensive bonded zone"
    assert "Zhongguancun Comprehensive Bonded Zone" in row["zones"].split("|")
    assert "Zhongguancun Comprehensive Bonded Zone" in measure_texts[(SEED_002, 13)]


def test_measures_citing_agreements(kg: ox.Store, measure_texts: dict[tuple[str, int], str]) -> None:
    """RCEP and the Belt and Road Initiative are cited where the texts name them; the name as written is quoted
    from the measure's own text; dcterms:references gives the same answer as tkg:referencesAgreement."""
    rows = _named(kg, "measures-citing-agreements")
    cited = {(r["label"], r["source"][:3], int(r["ordinal"])) for r in rows}
    rcep = "Regional Comprehensive Economic Partnership"
    assert {(label, src, o) for label, src, o in cited if label == rcep} == {
        (rcep, "001", 6),
        (rcep, "002", 14),
        (rcep, "002", 17),
    }
    assert ("Belt and Road Initiative", "002", 17) in cited
    for r in rows:
        quotes = r["written"].split("|")
        assert quotes and all(q and q in measure_texts[(r["source"], int(r["ordinal"]))] for q in quotes), r
    assert any("RCEP" in r["written"].split("|") for r in rows)
    _, direct = _run(
        kg,
        "SELECT DISTINCT ?a ?s ?o WHERE { ?m tkg:referencesAgreement ?a ; tkg:ordinal ?o ; "
        "tkg:inDocument/tkg:sourceFile ?s }",
    )
    assert {(r["a"], r["s"], r["o"]) for r in direct} == {(r["agreement"], r["source"], r["ordinal"]) for r in rows}


def test_documents_by_issuer(kg: ox.Store) -> None:
    """Every seed once; those with an issuer first; the ELI view (eli:passed_by, eli:date_document, eli:id_local)
    agrees with documents.rq, and seed 002's number is the one on its second line."""
    rows = _named(kg, "documents-by-issuer")
    assert sorted(r["source"] for r in rows) == sorted(p.name for p in SEEDS.glob("*.txt"))
    issued = [bool(r["issuer"]) for r in rows]
    assert issued == sorted(issued, reverse=True) and any(issued)
    by_source = {r["source"]: r for r in rows}
    beijing = by_source[SEED_002]
    assert (beijing["issuer"], beijing["label"]) == (
        "https://w3id.org/tradekg/id/org/beijing-customs",
        "Beijing Customs",
    )
    assert beijing["number"] == _seed_text(SEED_002).splitlines()[1].strip() == "Jing Guan zong fa [2023] No.54"
    assert beijing["date"] == "2023-06-29"
    for doc in _named(kg, "documents"):
        mine = by_source[doc["source"]]
        assert (mine["title"], mine["date"], mine["number"]) == (doc["title"], doc["date"], doc["number"])
        assert bool(mine["issuer"]) == bool(doc["issuer"])


# ---------------------------------------------------------------- evidence and gaps


def test_evidence_of_responsibility(kg: ox.Store) -> None:
    """Each responsibility is shown with its quote, which is exactly characters [begin, end) of the seed file,
    inside a "(Responsible department(s): …" passage; one row per department name in the tags."""
    rows = _named(kg, "evidence-of-responsibility")
    text = _seed_text(SEED_002)
    tags = _tags(SEED_002)
    assert {r["source"] for r in rows} == {SEED_002}
    assert len(rows) == sum(len(names) for names in tags) == 34
    assert {int(r["ordinal"]) for r in rows} == set(range(1, len(tags) + 1))
    for r in rows:
        begin, end = int(r["begin"]), int(r["end"])
        assert text[begin:end] == r["quote"], r
        assert re.match(r"\(Responsible [Dd]epartments?: ", r["passage"]), r["passage"]
        assert r["passage"].endswith(r["quote"])
        assert r["rule"].startswith("tag-en-responsible")
    assert sorted(r["quote"] for r in rows) == sorted(name for names in tags for name in names)
    first = rows[0]
    assert (first["ordinal"], first["passage"]) == ("1", "(Responsible department: " + first["quote"])


def test_vocabulary_gaps(kg: ox.Store, seed_build: BuildReport) -> None:
    """The gaps query lists the same entities as the build's vocabulary-gaps.csv, each found as written in the
    documents it names."""
    rows = _named(kg, "vocabulary-gaps")
    assert seed_build.build_dir is not None
    with (seed_build.build_dir / "vocabulary-gaps.csv").open(encoding="utf-8") as fh:
        gaps = list(csv.DictReader(fh))
    assert {(g["type"], g["name"], g["iri"]) for g in gaps} == {(r["type"], r["label"], r["entity"]) for r in rows}
    for r in rows:
        sources = r["sources"].split("|")
        assert int(r["documents"]) == len(sources)
        assert {g["source"] for g in gaps if g["iri"] == r["entity"]} == set(sources)
        assert any(r["label"] in _seed_text(s) for s in sources), r


def test_documents_lists_co_issuers_in_the_order_the_document_names_them(tmp_path: Path, settings: Settings) -> None:
    """A joint announcement's issuers come in the order of its title line, not in whatever order the engine groups
    them (the contract's scorer compares the issuer string as written)."""
    from graph.build import build
    from graph.store import open_store

    doc = PROJECT_ROOT / "tests" / "corpus" / "zh" / "zh_19_joint_announcement_support.txt"
    build([doc], tmp_path / "store", settings)
    rows = _named(open_store(tmp_path / "store"), "documents")
    assert [r["issuer"] for r in rows] == ["海关总署; 国家市场监督管理总局"]
