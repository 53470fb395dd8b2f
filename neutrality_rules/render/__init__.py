"""Renderers: the same verdict as a terminal report (rich), JSON, or a Markdown memo."""
