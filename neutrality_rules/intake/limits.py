"""The limits on what nrules reads (documented in the README's "Limits"), in one place."""

MAX_INCIDENT_BYTES = 1_000_000
"""One incident, whether a file, a line of JSON Lines, an item of a JSON array, or a YAML document."""
MAX_FILE_BYTES = 200_000_000
"""One input file or standard input."""
MAX_DEPTH = 32
"""Nesting of objects and arrays in one incident."""
MAX_NUMBER_DIGITS = 30
"""Digits in one integer literal: far above any field (an amount stops at 10^15), far below Python's
int-string limit (4,300 digits), which would otherwise raise a foreign error."""
INPUT_SUFFIXES = (".json", ".jsonl", ".yaml", ".yml")
"""What a folder given to `nrules check` is searched for."""
