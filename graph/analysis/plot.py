"""The department network as a figure for a paper: SVG, PNG or PDF, drawn with matplotlib off-screen.

Departments are sized by the measures they carry and coloured by their community in the co-responsibility network;
zones, themes and measures (in the networks that have them) get one colour per kind. Labels go on the busiest nodes
only, so the figure stays readable; Chinese labels need a CJK font, and when none is installed they are replaced by
the English label (or the IRI's last segment) rather than drawn as empty boxes. SVG keeps text as text, so labels
can be searched and edited.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from graph.errors import QueryError

FORMATS = (".svg", ".png", ".pdf")
# Families with Chinese glyphs, in order of preference; the first one installed is used as a fallback font.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
)
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf")
_OTHER = "#b0b0b0"
_KIND_COLOURS = {"measure": "#d9d9d9", "zone": "#4d9221", "theme": "#c51b7d"}
_KIND_SHAPES = {"department": "o", "measure": "s", "zone": "^", "theme": "D"}


@dataclass
class Figure:
    path: Path
    nodes: int
    edges: int
    labelled: list[str] = field(default_factory=list)  # the label texts drawn
    cjk_font: str = ""  # "" when none was found
    notes: list[str] = field(default_factory=list)


def cjk_font() -> str:
    """The first installed family with Chinese glyphs, or ""."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FAMILIES if name in installed), "")


def _label(attrs: dict[str, object], node: str, lang: str, cjk: bool, scoped: bool = True) -> tuple[str, bool]:
    """The label to draw, and whether a Chinese one had to be replaced for want of a CJK font."""
    en, zh = str(attrs.get("label") or ""), str(attrs.get("label_zh") or "")
    text = (zh or en) if lang == "zh" else (en or zh)
    replaced = bool(_CJK.search(text)) and not cjk
    if replaced:
        text = en if en and not _CJK.search(en) else node.rstrip("/").rsplit("/", 1)[-1]
    text = text if len(text) <= 40 else text[:39] + "…"
    scope = str(attrs.get("issuer_scope_label") or "")
    if scoped and scope and not (_CJK.search(scope) and not cjk):  # like-named offices of two districts told apart
        text += f" ({scope})"
    return text, replaced


def draw(g: nx.Graph, path: Path, title: str = "", max_labels: int = 30, lang: str = "en") -> Figure:
    """Draw `g` (department nodes annotated by metrics.annotate for sizes and colours) into `path`."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise QueryError(f"cannot tell the figure format from {path.name!r}; use one of {', '.join(FORMATS)}")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    fig_info = Figure(path, g.number_of_nodes(), g.number_of_edges(), cjk_font=cjk_font())
    families = ["DejaVu Sans", *([fig_info.cjk_font] if fig_info.cjk_font else [])]
    with plt.rc_context({"font.family": families, "svg.fonttype": "none", "pdf.fonttype": 42, "font.size": 8}):
        fig, ax = plt.subplots(figsize=(11, 8.5))
        ax.set_axis_off()
        pos = layout(g)
        ax.margins(0.06)
        kinds = {n: str(k) for n, k in g.nodes(data="kind", default="department")}
        weights = [float(w) for *_, w in g.edges(data="weight", default=1)]
        top_w = max(weights, default=1.0)
        nx.draw_networkx_edges(g, pos, ax=ax, width=[0.4 + 2.6 * w / top_w for w in weights], alpha=0.35)
        communities = sorted(
            {int(c) for n, c in g.nodes(data="community") if c is not None and kinds[n] == "department"}
        )
        colour_of = {c: _PALETTE[i] for i, c in enumerate(communities[: len(_PALETTE)])}
        degree = {n: int(g.nodes[n].get("degree", g.degree(n))) for n in g}
        for kind, shape in _KIND_SHAPES.items():
            nodes = [n for n in g if kinds[n] == kind]
            if not nodes:
                continue
            if kind == "department":
                colours = [colour_of.get(int(g.nodes[n].get("community", 0)), _OTHER) for n in nodes]
                sizes = [30 + 40 * math.sqrt(degree[n]) for n in nodes]
            else:
                colours = [_KIND_COLOURS[kind]] * len(nodes)
                sizes = [12 if kind == "measure" else 20 + 25 * math.sqrt(g.degree(n)) for n in nodes]
            nx.draw_networkx_nodes(
                g, pos, nodelist=nodes, node_color=colours, node_size=sizes, node_shape=shape, ax=ax,
                edgecolors="#333333", linewidths=0.4,
            )  # fmt: skip
        ranked = sorted((n for n in g if kinds[n] != "measure"), key=lambda n: (-degree[n], n))[:max_labels]
        # the organisation in brackets only when the departments belong to more than one
        scoped = len({g.nodes[n].get("issuer_scope_label", "") for n in g if kinds[n] == "department"}) > 1
        drawn = {n: _label(g.nodes[n], n, lang, bool(fig_info.cjk_font), scoped) for n in ranked}
        labels = {n: text for n, (text, _) in drawn.items()}
        if any(replaced for _, replaced in drawn.values()):
            fig_info.notes.append("no CJK font installed: Chinese labels replaced by English labels or IRIs")
        nx.draw_networkx_labels(g, pos, labels=labels, ax=ax, font_size=7, font_family=families, clip_on=False)
        fig_info.labelled = sorted(labels.values())
        handles = []
        for c in communities[: len(_PALETTE)]:
            members = sorted((n for n in g if g.nodes[n].get("community") == c), key=lambda n: (-degree[n], n))
            name, _ = _label(g.nodes[members[0]], members[0], lang, bool(fig_info.cjk_font), scoped)
            more = f" +{len(members) - 1}" if len(members) > 1 else ""
            handles.append(_dot(Line2D, colour_of[c], "o", f"community {c}: {name}{more}"))
        if len(communities) > len(_PALETTE):
            handles.append(_dot(Line2D, _OTHER, "o", f"{len(communities) - len(_PALETTE)} smaller communities"))
        for kind in ("measure", "zone", "theme"):
            if kind in kinds.values():
                handles.append(_dot(Line2D, _KIND_COLOURS[kind], _KIND_SHAPES[kind], f"{kind}s"))
        legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=7)
        legend.set_title("node size: measures; edge width: shared measures")
        legend.get_title().set_fontsize(7)
        default = f"{g.graph.get('name', 'network')}: {g.number_of_nodes()} nodes, {g.number_of_edges()} links"
        ax.set_title(title or default, fontsize=11)
        fig.savefig(path, bbox_inches="tight", dpi=200 if suffix == ".png" else None)
        plt.close(fig)
    return fig_info


def layout(g: nx.Graph) -> dict[str, tuple[float, float]]:
    """Linked nodes by a seeded spring layout; nodes with no link in rows underneath, so they neither crowd the
    picture nor push the linked part into a corner."""
    linked = g.subgraph(n for n in g if g.degree(n) > 0)
    alone = sorted((n for n in g if g.degree(n) == 0), key=lambda n: (-int(g.nodes[n].get("degree", 0)), n))
    pos: dict[str, tuple[float, float]] = {}
    if linked.number_of_nodes():
        k = 1.6 / math.sqrt(linked.number_of_nodes())
        pos = {n: (float(x), float(y)) for n, (x, y) in nx.spring_layout(linked, seed=1, weight="weight", k=k).items()}
    bottom = min((y for _, y in pos.values()), default=0.0) - 0.25
    per_row = max(3, math.ceil(math.sqrt(len(alone))))  # few columns: each label has room
    for i, n in enumerate(alone):
        row, col = divmod(i, per_row)
        pos[n] = (-1.0 + 2.0 * (col + 0.5) / per_row, bottom - 0.15 * row)
    return pos


def _dot(line2d: type, colour: str, marker: str, text: str) -> object:
    return line2d([], [], marker=marker, linestyle="", markersize=7, markerfacecolor=colour, markeredgecolor="#333333",
                  label=text)  # fmt: skip
