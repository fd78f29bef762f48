"""What a document's measures are about and what they quantify: themes, figures, targets and deadlines.

Runs after recognition (theme tagging skips department names, so it needs the mentions); the vocabularies it
reads (themes.ttl, units.ttl) come with the gazetteer, so extraction keeps its one input besides the text.
"""

from __future__ import annotations

from graph.extract.figures import find_figures
from graph.extract.gazetteer import Gazetteer
from graph.extract.records import DocumentRecord
from graph.extract.targets import find_targets
from graph.extract.themes import tag_themes


def characterise(rec: DocumentRecord, gaz: Gazetteer) -> None:
    """Tag the measures of `rec` with themes and find its figures and the measures' targets, in place."""
    if gaz.themes is not None:
        tag_themes(rec, gaz.themes)
    if gaz.units is not None:
        rec.figures = find_figures(rec, gaz.units)
        find_targets(rec, rec.figures)
