"""tradekg: a knowledge graph of Chinese customs and trade policy, built from policy text with evidence."""

from __future__ import annotations

__version__ = "0.1.0"
