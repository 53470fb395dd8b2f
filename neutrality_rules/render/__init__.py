"""Renderers: the verdict on a terminal (text.py: one screen, or the full reasoning), the rule set for
browsing (rules.py), and the letter the officer sends (letter.py: the letters as data;
letter_md.py and docx.py: Markdown and Word, from a replaceable template)."""
