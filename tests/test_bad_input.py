"""Bad input, through the real CLI (click's CliRunner on graph.cli.main) and through graph.build.build.

What this protects: an unreadable file is refused by name and the others are still built (exit 3); every
encoding the reader promises (UTF-8 with and without BOM, GB18030, UTF-16) gives the same graph as UTF-8; the
size limit refuses large files by name; and a failed, refused or killed build never touches the store being served.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.build import build
from graph.cli import main
from graph.errors import DocumentError, NothingBuilt, ShapeViolation
from graph.extract.read import read_source
from graph.settings import PROJECT_ROOT, Settings
from graph.store import CURRENT, open_store, query, term_text

SEEDS = PROJECT_ROOT / "seeds"
QUERIES = PROJECT_ROOT / "ontology" / "queries"

EN_DOC = """\
Notice of Beijing Customs on Printing and Distributing 3 Measures to Optimize the Business Environment
Jing Guan zong fa [2023] No.7
All units and departments of this customs:
(1) Cut the time goods spend at the border. (Responsible department: General Office)
(2) Support enterprises in the Zhongguancun Comprehensive Bonded Zone. (Responsible department: Audit Office)
(3) Make full use of RCEP rules of origin. (Responsible department: Tariff Office)
Beijing Customs
April 3, 2023
"""

ZH_DOC = """\
厦门海关关于印发《促进跨境贸易便利化若干措施》的通知
厦关综发〔2023〕12号
各隶属海关：
一、压缩整体通关时间。推进“提前申报”，支持企业在综合保税区开展业务。（责任部门：综合业务处）
二、优化出口退税服务。（责任部门：统计分析处、企业管理和稽查处）
三、用好《区域全面经济伙伴关系协定》（RCEP）原产地规则。（责任部门：关税处）
厦门海关
2023年3月15日
"""

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489") + b"\x00" * 64

# name, bytes, words the refusal must contain
UNREADABLE = [
    ("empty.txt", b"", "is empty"),
    ("blank.txt", b"  \n\r\n\t \n", "is empty"),
    ("scan.txt", PNG, "binary"),
    ("not-text.txt", b"\x80\x80\x80 hello \xff\xfe", "not valid UTF-8"),
    ("latin1.txt", "Les cafés sont élégants, les résumés sont précis".encode("latin-1"), "GB18030"),
]


def _rows(store_dir: Path, name: str) -> list[tuple[str, ...]]:
    """The rows of the named query in ontology/queries/, as plain strings."""
    result = query(open_store(store_dir), (QUERIES / f"{name}.rq").read_text(encoding="utf-8"))
    return [tuple(term_text(v) for v in row) for row in result.rows()]


def _measure_count(store_dir: Path) -> int:
    result = query(open_store(store_dir), "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a tkg:Measure }")
    return int(term_text(next(result.rows())[0]))


def _builds(store_dir: Path) -> set[str]:
    return {p.name for p in store_dir.iterdir() if p.name.startswith("build-")}


def _without_source(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    return sorted(row[1:] for row in rows)


@pytest.fixture()
def good_docs(tmp_path: Path) -> Path:
    """A folder with one English and one Chinese document, both readable."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "en.txt").write_text(EN_DOC, encoding="utf-8")
    (folder / "zh.txt").write_text(ZH_DOC, encoding="utf-8")
    return folder


# ---------------------------------------------------------------- the reader


@pytest.mark.parametrize(("name", "data", "reason"), UNREADABLE, ids=[u[0] for u in UNREADABLE])
def test_reader_refuses_by_name(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    """Each kind of unreadable file raises DocumentError naming the file and saying why."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentError) as info:
        read_source(path, Settings().max_document_bytes)
    assert info.value.source == name
    assert str(info.value).startswith(f"{name}: ")
    assert reason in info.value.reason


# ---------------------------------------------------------------- bad files among good ones


def test_cli_builds_the_good_and_names_the_bad(good_docs: Path, tmp_path: Path) -> None:
    """A folder with one unreadable file: exit 3, the bad file named, the good documents built and queryable."""
    (good_docs / "scan.txt").write_bytes(PNG)
    store = tmp_path / "store"
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(good_docs), "--store", str(store)])
    assert result.exit_code == 3, result.output
    assert "scan.txt: looks like a binary file" in result.output
    assert "1 document(s) could not be read; the other 2 were built" in result.output

    answer = runner.invoke(main, ["query", "--store", str(store), "--format", "csv", str(QUERIES / "measures.rq")])
    assert answer.exit_code == 0, answer.output
    lines = answer.output.splitlines()
    assert lines[0] == "source,ordinal,text"
    assert sorted(line.split(",")[0] for line in lines[1:]) == ["en.txt"] * 3 + ["zh.txt"] * 3
    assert "scan.txt" not in answer.output


def test_build_names_every_bad_file(good_docs: Path, tmp_path: Path) -> None:
    """Every kind of unreadable file, in the folder or named on its own (any extension), is reported by name
    with its reason, and the readable documents are still built and swapped in."""
    for name, data, _ in UNREADABLE:
        (good_docs / name).write_bytes(data)
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    store = tmp_path / "store"
    rep = build([good_docs, logo], store, Settings(validate=False))
    reasons = {e.source: e.reason for e in rep.errors}
    expected = {name: reason for name, _, reason in UNREADABLE} | {"logo.png": "binary"}
    assert set(reasons) == set(expected)
    for name, words in expected.items():
        assert words in reasons[name], (name, reasons[name])
    assert sorted(d.source for d in rep.documents) == ["en.txt", "zh.txt"]
    assert not rep.ok
    assert _measure_count(store) == 6


# ---------------------------------------------------------------- encodings


ENCODED = {
    "zh-utf8.txt": (ZH_DOC.encode("utf-8"), "utf-8"),
    "zh-gb18030.txt": (ZH_DOC.encode("gb18030"), "gb18030"),
    "zh-bom.txt": (b"\xef\xbb\xbf" + ZH_DOC.encode("utf-8"), "utf-8-sig"),
    "zh-utf16.txt": (ZH_DOC.encode("utf-16"), "utf-16"),
    "en-lf.txt": (EN_DOC.encode("utf-8"), "utf-8"),
    "en-bom.txt": (b"\xef\xbb\xbf" + EN_DOC.encode("utf-8"), "utf-8-sig"),
    "en-crlf.txt": (EN_DOC.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
}


@pytest.fixture(scope="module")
def encoded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store built from the same two documents in every encoding and line ending the reader accepts."""
    folder = tmp_path_factory.mktemp("encoded")
    for name, (data, _) in ENCODED.items():
        (folder / name).write_bytes(data)
    store = folder / "store"
    rep = build([folder], store)
    assert rep.ok and len(rep.documents) == len(ENCODED)
    return store


@pytest.fixture(scope="module")
def encoded_rows(encoded: Path) -> dict[str, list[tuple[str, ...]]]:
    """The four contract queries' rows on the encoded store, run once."""
    return {name: _rows(encoded, name) for name in ("documents", "measures", "responsibilities", "mentions")}


def test_texts_are_decoded(encoded: Path) -> None:
    """Each stored source text is the document's text, whatever its bytes, with the encoding it was read as."""
    result = query(
        open_store(encoded),
        "SELECT ?source ?text ?enc WHERE { ?d tkg:sourceFile ?source ; tkg:text ?t . "
        "?t nif:isString ?text ; tkg:encoding ?enc }",
    )
    got = {term_text(r[0]): (term_text(r[1]), term_text(r[2])) for r in result.rows()}
    expected = {n: (ZH_DOC if n.startswith("zh") else EN_DOC, enc) for n, (_, enc) in ENCODED.items()}
    assert got == expected


@pytest.mark.parametrize("name", [n for n in ENCODED if n not in ("zh-utf8.txt", "en-lf.txt")])
@pytest.mark.parametrize("contract", ["documents", "measures", "responsibilities", "mentions"])
def test_encoding_does_not_change_the_graph(
    encoded_rows: dict[str, list[tuple[str, ...]]], name: str, contract: str
) -> None:
    """GB18030, a BOM, UTF-16 or CRLF give exactly the rows plain UTF-8 gives, in every contract query."""
    reference = "zh-utf8.txt" if name.startswith("zh") else "en-lf.txt"
    rows = encoded_rows[contract]
    ours = [row for row in rows if row[0] == name]
    theirs = [row for row in rows if row[0] == reference]
    assert ours, f"{contract}.rq has no row for {name}"
    assert _without_source(ours) == _without_source(theirs)


def test_gb18030_document_content(encoded_rows: dict[str, list[tuple[str, ...]]]) -> None:
    """The GB18030 document's title, date, number and measure texts are the Chinese text, not mojibake."""
    (doc,) = [row for row in encoded_rows["documents"] if row[0] == "zh-gb18030.txt"]
    assert doc[1:3] == ("厦门海关关于印发《促进跨境贸易便利化若干措施》的通知", "2023-03-15")
    assert doc[4] == "厦关综发〔2023〕12号"
    measures = [row[1:] for row in encoded_rows["measures"] if row[0] == "zh-gb18030.txt"]
    assert measures == [
        ("1", "压缩整体通关时间。推进“提前申报”，支持企业在综合保税区开展业务。（责任部门：综合业务处）"),
        ("2", "优化出口退税服务。（责任部门：统计分析处、企业管理和稽查处）"),
        ("3", "用好《区域全面经济伙伴关系协定》（RCEP）原产地规则。（责任部门：关税处）"),
    ]


def test_utf8_bom_is_not_part_of_the_text(encoded: Path) -> None:
    """The BOM is dropped before offsets are counted: the title is quoted from offset 0, without a BOM."""
    result = query(
        open_store(encoded),
        "SELECT ?b ?a WHERE { ?d tkg:sourceFile 'en-bom.txt' . ?ev rdf:subject ?d ; rdf:predicate dcterms:title ; "
        "nif:beginIndex ?b ; nif:anchorOf ?a }",
    )
    rows = [tuple(term_text(v) for v in row) for row in result.rows()]
    assert rows == [("0", EN_DOC.splitlines()[0])]


# ---------------------------------------------------------------- size


def test_size_limit_is_a_setting(tmp_path: Path) -> None:
    """Settings(max_document_bytes=N): a file of N bytes is built, one of N + 1 bytes is refused by name."""
    data = EN_DOC.encode("utf-8")
    exact = tmp_path / "exact.txt"
    exact.write_bytes(data)
    over = tmp_path / "over.txt"
    over.write_bytes(data + b"\n")
    rep = build([exact, over], tmp_path / "store", Settings(max_document_bytes=len(data)))
    assert [d.source for d in rep.documents] == ["exact.txt"]
    assert [e.source for e in rep.errors] == ["over.txt"]
    assert "limit" in rep.errors[0].reason and "TRADEKG_MAX_DOCUMENT_BYTES" in rep.errors[0].reason


def test_size_limit_from_environment_through_cli(good_docs: Path, tmp_path: Path) -> None:
    """TRADEKG_MAX_DOCUMENT_BYTES reaches the CLI build: the larger file is refused by name, exit 3."""
    sizes = {p.name: p.stat().st_size for p in good_docs.iterdir()}
    limit = min(sizes.values())
    result = CliRunner().invoke(
        main,
        ["build", str(good_docs), "--store", str(tmp_path / "store"), "-q"],
        env={"TRADEKG_MAX_DOCUMENT_BYTES": str(limit)},
    )
    assert result.exit_code == 3, result.output
    too_big = max(sizes, key=lambda n: sizes[n])
    assert f"{too_big}: is " in result.output and "limit" in result.output
    assert "the other 1 were built" in result.output


def test_file_over_the_default_limit_is_refused_unread(tmp_path: Path) -> None:
    """A file one byte over the default limit is refused by its size alone (a sparse file: nothing is read), and
    the refusal states the file's size and the limit exactly, the size being the larger."""
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(Settings().max_document_bytes + 1)
    with pytest.raises(DocumentError) as info:
        read_source(path, Settings().max_document_bytes)
    assert info.value.source == "huge.txt" and "limit" in info.value.reason
    words = info.value.reason.split()
    size = int(words[words.index("is") + 1])
    limit = int(words[words.index("of") + 1])
    assert size == limit + 1 == path.stat().st_size, info.value.reason
    assert "TRADEKG_MAX_DOCUMENT_BYTES" in info.value.reason


def test_20mb_file_is_refused_by_name_under_the_default_limit(tmp_path: Path) -> None:
    """20 MB is over the default 8 MiB limit: refused with its name and the setting that raises the limit."""
    path = _twenty_mb(tmp_path)
    with pytest.raises(DocumentError) as info:
        read_source(path, Settings().max_document_bytes)
    assert info.value.source == "big.txt"
    assert "MiB" in info.value.reason


def _twenty_mb(folder: Path) -> Path:
    para = (
        "Customs continued to improve the business environment and to facilitate cross-border trade, "
        "cutting the time goods spend at the border and the cost of compliance for enterprises.\n"
    )
    head = "Notice on a Very Long Report\n"
    path = folder / "big.txt"
    path.write_text(head + para * ((20_000_000 - len(head)) // len(para) + 1), encoding="utf-8")
    return path


@pytest.mark.slow
def test_20mb_file_builds_or_is_refused_by_name(tmp_path: Path) -> None:
    """A 20 MB document with the default settings is either built and queryable, or refused naming the file."""
    folder = tmp_path / "docs"
    folder.mkdir()
    _twenty_mb(folder)
    (folder / "en.txt").write_text(EN_DOC, encoding="utf-8")
    store = tmp_path / "store"
    rep = build([folder], store)
    built = {d.source for d in rep.documents}
    refused = {e.source for e in rep.errors}
    assert "en.txt" in built
    assert ("big.txt" in built) != ("big.txt" in refused)
    assert _measure_count(store) >= 3


@pytest.mark.slow
def test_20mb_file_builds_when_the_limit_is_raised(tmp_path: Path) -> None:
    """With the limit raised, a 20 MB text is built: its text literal (over Oxigraph's 16 MiB N-Quads line
    buffer) is loaded without the parser, and its text is intact in the store."""
    folder = tmp_path / "docs"
    folder.mkdir()
    big = _twenty_mb(folder)
    (folder / "en.txt").write_text(EN_DOC, encoding="utf-8")
    store = tmp_path / "store"
    rep = build([folder], store, Settings(max_document_bytes=32 * 2**20))
    assert {d.source for d in rep.documents} == {"big.txt", "en.txt"}
    result = query(
        open_store(store), "SELECT (STRLEN(?s) AS ?n) WHERE { ?d tkg:sourceFile 'big.txt' ; tkg:text/nif:isString ?s }"
    )
    assert [term_text(r[0]) for r in result.rows()] == [str(len(big.read_text(encoding="utf-8")))]


# ---------------------------------------------------------------- the served store survives failures


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from the seeds, which the failing builds below must leave exactly as it was."""
    store = tmp_path_factory.mktemp("served") / "store"
    build([SEEDS], store)
    return store


@pytest.fixture(scope="module")
def strict_ontology(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of ontology/ whose shapes.ttl has one more shape that every document violates."""
    copy = tmp_path_factory.mktemp("strict") / "ontology"
    shutil.copytree(PROJECT_ROOT / "ontology", copy)
    extra = """
tkgsh:EveryDocumentHasAPublisherShape a sh:NodeShape ;
    sh:targetClass tkg:PolicyDocument ;
    sh:property [ sh:path dcterms:publisher ; sh:minCount 1 ; sh:message "a document names its publisher" ] .
"""
    with (copy / "shapes.ttl").open("a", encoding="utf-8") as fh:
        fh.write(extra)
    return copy


def test_shape_violation_leaves_served_store(served: Path, strict_ontology: Path) -> None:
    """A build that fails validation raises ShapeViolation, swaps nothing in and leaves no build folder."""
    before = (_measure_count(served), os.readlink(served / CURRENT), _builds(served))
    assert before[0] > 50
    with pytest.raises(ShapeViolation) as info:
        build([SEEDS], served, Settings(ontology_dir=strict_ontology))
    assert info.value.count == len(list(SEEDS.glob("*.txt")))
    assert "a document names its publisher" in info.value.report
    assert (_measure_count(served), os.readlink(served / CURRENT), _builds(served)) == before


def test_shape_violation_through_cli(served: Path, strict_ontology: Path) -> None:
    """The CLI maps ShapeViolation to exit 4 with the readable report, and the served store still answers."""
    before = (_measure_count(served), _builds(served))
    result = CliRunner().invoke(
        main,
        ["build", str(SEEDS / "002_c976026b26af7936.txt"), "--store", str(served), "-q"],
        env={"TRADEKG_ONTOLOGY_DIR": str(strict_ontology)},
    )
    assert result.exit_code == 4, result.output
    assert "1 SHACL violation(s)" in result.output
    assert "002_c976026b26af7936.txt" in result.output and "publisher" in result.output
    assert (_measure_count(served), _builds(served)) == before


def test_killed_build_leaves_served_store(served: Path) -> None:
    """A build interrupted midway (Ctrl-C while reading the third file) leaves the served store and no debris."""
    before = (_measure_count(served), os.readlink(served / CURRENT), _builds(served))
    seen: list[str] = []

    def interrupt(name: str) -> None:
        seen.append(name)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build([SEEDS], served, progress=interrupt)
    assert len(seen) == 3
    assert (_measure_count(served), os.readlink(served / CURRENT), _builds(served)) == before
    assert not any(p.name.startswith(".") for p in served.iterdir())


def test_store_still_opens_after_failures(served: Path) -> None:
    """After the failures above, the served store opens read-only and holds every seed document."""
    result = query(open_store(served), "SELECT DISTINCT ?s WHERE { ?d a tkg:PolicyDocument ; tkg:sourceFile ?s }")
    assert sorted(term_text(r[0]) for r in result.rows()) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert isinstance(open_store(served), ox.Store)


def test_build_with_nothing_readable_keeps_served_store(tmp_path: Path) -> None:
    """A build in which every document was refused is a failed build and must not replace what is served."""
    store = tmp_path / "store"
    build([SEEDS / "000_939a486fdfdd36b9.txt"], store)
    served_measures = _measure_count(store)
    served_docs = _rows(store, "documents")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(NothingBuilt) as info:
        build([empty], store)
    assert [e.source for e in info.value.errors] == ["empty.txt"]
    assert (_measure_count(store), _rows(store, "documents")) == (served_measures, served_docs)
    assert len(list(store.glob("build-*"))) == 1, "the failed build folder is removed"
