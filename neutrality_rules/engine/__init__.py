"""Matchers: given fact documents, which rules hold. Two backends behind one protocol."""

from .protocol import Matcher

__all__ = ["Matcher"]
