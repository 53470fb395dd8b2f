"""Verbatim means verbatim: every quoted provision text is found in the legal text it is quoted from.

A rule folder ships its legal texts under `texts/` (Indonesian statutes and regulations carry no
copyright, UU 28/2014 Pasal 42), listed in `texts/manifest.yaml` with their provenance:
- `primary`: a full text of the regulation, byte for byte as published upstream (repository, path,
  commit, sha256); OCR noise is corrected by explicit `errata` in the manifest, never in the file, so
  that every difference between the law as quoted and the copy it comes from can be reviewed;
- `excerpt`: articles transcribed from a full text that could be read but not copied whole;
- `secondary`: the wording of a regulation as a secondary copy gives it (news, government pages,
  the project's legal reference), with the URLs it comes from.

A provision is matched to its text by its `source` (a `data-peraturan:<path>` reference or a URL);
its `text` and `lead_in` must then appear in that text, comparing after normalising whitespace and
hyphenation only (a line-break hyphen, `perundang- undangan`, `perundangundangan` and
`perundang-undangan` compare equal). Elisions (`...`, `…`) and editorial insertions in square
brackets split a quote into parts that must appear in order. A text that says it is a paraphrase
(`[paraphrase] ...`) is not a quote and may not claim a verbatim confidence mark (VV, VQ).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import RuleFileError
from ..ruleset.loader import TEXTS_FOLDER, Located, Problem, RuleSet, display_path
from ..ruleset.models import Provision
from ..ruleset.yamlfile import YamlDoc, read_yaml

MANIFEST = "manifest.yaml"
PARAPHRASE = "[paraphrase]"
_ELISION = re.compile(r"\s*(?:\.\s?\.\s?\.|…|\[[^\]]*\])\s*")
_HYPHEN = re.compile(r"(?<=\w)[-\u00ad] ?(?=\w)")
_SPACE = re.compile(r"\s+")
_URL = re.compile(r"https?://[^\s;,)]+")
CONTEXT = 50


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Erratum(_Strict):
    """One OCR correction: `find` becomes `replace`, on `line` of the raw file (or everywhere with `all`)."""

    find: str
    replace: str
    line: int | None = None
    all: bool = False
    why: str = "OCR"


class TextEntry(_Strict):
    file: str
    kind: Literal["primary", "excerpt", "secondary"]
    title: str
    instruments: list[str] = []
    repository: str | None = None
    path: str | None = None
    commit: str | None = None
    sha256: str | None = None
    urls: list[str] = []
    answers_for: list[str] = []
    """Values of a provision's `source` (before any ` @ commit`) that this text answers for."""
    errata: list[Erratum] = []
    placed: bool = True
    """Whether the text heads its passages with their article numbers, so that a quote's place can be
    checked (full texts always do; a secondary copy written as prose does not)."""
    note: str | None = None


class TextsManifest(_Strict):
    texts: dict[str, TextEntry]


@dataclass
class LegalText:
    """A shipped text, corrected by its errata and normalised, with the raw line of every character."""

    key: str
    entry: TextEntry
    path: Path
    norm: str
    lines: array  # type: ignore[type-arg]

    _headings: list[tuple[int, str]] | None = None
    _penjelasan: int | None = None

    def headings(self) -> list[tuple[int, str]]:
        """(position, article number) of every article heading, computed once."""
        if self._headings is None:
            self._headings = [(h.start(), h.group("n")) for h in _HEADING.finditer(self.norm)]
            splits = list(_PENJELASAN.finditer(self.norm))
            self._penjelasan = splits[-1].start() if splits else None
        return self._headings

    def penjelasan_at(self) -> int | None:
        self.headings()
        return self._penjelasan

    def where(self, pos: int) -> Located:
        line = self.lines[min(pos, len(self.lines) - 1)] if len(self.lines) else None
        return Located(display_path(self.path), line)


@dataclass
class Corpus:
    texts: dict[str, LegalText] = field(default_factory=dict)
    by_source: dict[str, list[str]] = field(default_factory=dict)
    by_url: dict[str, list[str]] = field(default_factory=dict)
    by_instrument: dict[str, list[str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def normalise(text: str) -> str:
    """Whitespace and hyphenation only: what a quote may differ in from the text it quotes."""
    text = unicodedata.normalize("NFC", text)
    text = _SPACE.sub(" ", text)
    return _HYPHEN.sub("", text).strip()


def _normalise_mapped(text: str, lines: array) -> tuple[str, array]:  # type: ignore[type-arg]
    """`normalise`, keeping for each output character the raw line it comes from."""
    out: list[str] = []
    out_lines = array("i")
    pending_space = False
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch.isspace():
            pending_space = bool(out)
            i += 1
            continue
        if ch in "-\u00ad" and out and _word(out[-1]) and not pending_space:
            # a hyphen between word characters, possibly followed by white space (a line break)
            j = i + 1
            while j < n and text[j].isspace():
                j += 1
            if j < n and _word(text[j]):
                i = j
                continue
        if pending_space:
            out.append(" ")
            out_lines.append(lines[i])
            pending_space = False
        out.append(ch)
        out_lines.append(lines[i])
        i += 1
    return "".join(out), out_lines


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _apply_errata(raw: str, errata: list[Erratum], where: Located) -> tuple[str, array, list[Problem]]:  # type: ignore[type-arg]
    """Apply the manifest's OCR corrections; one that finds nothing is reported (it no longer applies)."""
    line_starts = [0]
    for m in re.finditer("\n", raw):
        line_starts.append(m.end())
    per_char = array("i", bytes(4 * len(raw)))
    for number, (start, end) in enumerate(zip(line_starts, [*line_starts[1:], len(raw)], strict=True), start=1):
        for k in range(start, end):
            per_char[k] = number
    spans: list[tuple[int, int, str]] = []
    problems: list[Problem] = []
    # corrections on a named line first: a correction for everywhere does not apply where they do
    order = sorted(range(len(errata)), key=lambda k: errata[k].line is None)
    for i in order:
        err = errata[i]
        if err.line is not None:
            if not 1 <= err.line <= len(line_starts):
                problems.append(
                    Problem("erratum-stale", f"erratum {i} names line {err.line}, beyond the text", (where,))
                )
                continue
            lo = line_starts[err.line - 1]
            pos = raw.find(err.find, lo)
            hits = [pos] if pos != -1 and per_char[pos] == err.line else []
        else:
            hits = [m.start() for m in re.finditer(re.escape(err.find), raw)]
            if not err.all and len(hits) > 1:
                problems.append(
                    Problem(
                        "erratum-ambiguous",
                        f"erratum {i} ({err.find!r}) matches {len(hits)} places: give its line, or all: true",
                        (where,),
                    )
                )
                continue
        if err.line is None:
            hits = [h for h in hits if not any(s < h + len(err.find) and h < e for s, e, _ in spans)]
        if not hits:
            problems.append(
                Problem("erratum-stale", f"erratum {i} ({err.find!r} -> {err.replace!r}) finds nothing", (where,))
            )
            continue
        spans.extend((h, h + len(err.find), err.replace) for h in hits)
    spans.sort()
    pieces: list[str] = []
    piece_lines = array("i")
    cursor = 0
    for start, end, replacement in spans:
        if start < cursor:
            problems.append(Problem("erratum-overlap", f"two errata overlap at line {per_char[start]}", (where,)))
            continue
        pieces.append(raw[cursor:start])
        piece_lines.extend(per_char[cursor:start])
        pieces.append(replacement)
        piece_lines.extend(array("i", [per_char[start]] * len(replacement)))
        cursor = end
    pieces.append(raw[cursor:])
    piece_lines.extend(per_char[cursor:])
    return "".join(pieces), piece_lines, problems


def _base_source(source: str) -> str:
    return source.split(" @ ")[0].strip()


def load_corpus(folders: tuple[str, ...]) -> Corpus:
    """The shipped texts of every folder of a (layered) rule set; cached per folder and file state."""
    corpus = Corpus()
    for folder in folders:
        part = _load_folder(Path(folder).resolve(), _fingerprint(Path(folder)))
        for key, text in part.texts.items():
            if key in corpus.texts:
                corpus.problems.append(
                    Problem("layer-collision", f"texts: {key} already defined", (Located(str(text.path), None),))
                )
                continue
            corpus.texts[key] = text
        for index, mapping in ((part.by_source, corpus.by_source), (part.by_url, corpus.by_url)):
            for k, keys in index.items():
                mapping.setdefault(k, []).extend(keys)
        for k, keys in part.by_instrument.items():
            corpus.by_instrument.setdefault(k, []).extend(keys)
        corpus.problems.extend(part.problems)
    return corpus


def _fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    texts = folder / TEXTS_FOLDER
    if not texts.is_dir():
        return ()
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in texts.rglob("*") if p.is_file()))


@lru_cache(maxsize=8)
def _load_folder(folder: Path, _state: tuple[tuple[str, int, int], ...]) -> Corpus:
    corpus = Corpus()
    manifest_path = folder / TEXTS_FOLDER / MANIFEST
    if not manifest_path.is_file():
        return corpus
    try:
        doc = read_yaml(manifest_path)
        manifest = TextsManifest.model_validate(doc.data)
    except RuleFileError as exc:
        corpus.problems.append(Problem("texts-manifest", exc.render("en"), (Located(str(manifest_path), exc.line),)))
        return corpus
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        corpus.problems.append(
            Problem(
                "texts-manifest",
                f"{'.'.join(str(p) for p in loc)}: {first['msg']}",
                (Located(display_path(manifest_path), doc.line_of(loc)),),
            )
        )
        return corpus
    for key, entry in manifest.texts.items():
        where = Located(display_path(manifest_path), doc.line_of(("texts", key)))
        path = folder / TEXTS_FOLDER / entry.file
        if not path.is_file():
            corpus.problems.append(Problem("text-missing", f"text {key}: no file {entry.file}", (where,)))
            continue
        data = path.read_bytes()
        if entry.sha256 and hashlib.sha256(data).hexdigest() != entry.sha256:
            corpus.problems.append(
                Problem(
                    "text-altered",
                    f"text {key} ({entry.file}) is not the upstream file its manifest records (sha256 differs); "
                    "correct OCR noise with an erratum in the manifest, never in the file",
                    (where,),
                )
            )
        raw = unicodedata.normalize("NFC", data.decode("utf-8"))
        corrected, per_char, problems = _apply_errata(raw, list(entry.errata), where)
        corpus.problems.extend(problems)
        norm, lines = _normalise_mapped(corrected, per_char)
        corpus.texts[key] = LegalText(key, entry, path, norm, lines)
        for source in entry.answers_for:
            corpus.by_source.setdefault(_base_source(source), []).append(key)
        for url in entry.urls:
            corpus.by_url.setdefault(url, []).append(key)
        for instrument in entry.instruments:
            corpus.by_instrument.setdefault(instrument, []).append(key)
    return corpus


def texts_for(corpus: Corpus, prov: Provision) -> list[LegalText]:
    """The shipped texts a provision's quote must come from: by its source, then its URLs, then (for a
    provision without a source) the primary texts of its instrument."""
    keys: list[str] = []
    if prov.source:
        keys.extend(corpus.by_source.get(_base_source(prov.source), []))
        for url in _URL.findall(prov.source):
            keys.extend(corpus.by_url.get(url.rstrip("."), []))
    elif prov.instrument in corpus.by_instrument:
        keys.extend(k for k in corpus.by_instrument[prov.instrument] if corpus.texts[k].entry.kind != "secondary")
    return [corpus.texts[k] for k in dict.fromkeys(keys)]


def segments(quote: str) -> list[str]:
    """The parts of a quote that must appear, in order: elisions and [editorial insertions] split it."""
    return [n for n in (normalise(part) for part in _ELISION.split(quote)) if n]


def _find_in_order(parts: list[str], text: LegalText) -> tuple[int, int]:
    """(index of the first part not found in order, -1 if all found; where the first part was found)."""
    pos = 0
    first = -1
    for i, part in enumerate(parts):
        hit = text.norm.find(part, pos)
        if hit == -1:
            return i, first
        if i == 0:
            first = hit
        pos = hit + len(part)
    return -1, first


_PASAL = r"Pasal\s*(?P<pasal>\d+[A-Z]?|I\b)"
_ITEM = re.compile(r"(?P<kind>ayat|huruf|angka)\s*(?:\((?P<ayat>\d+)\)|(?P<value>\d+|[a-z])\b)")
_ROW = re.compile(r"\((?P<row>KE\d+|D\d+)\)")
_HEADING = re.compile(
    r"(?<!dalam )(?<!dengan )(?<!dan )(?<!atau )(?<!pada )(?<!oleh )(?<!tentang )(?<!bahwa )(?<!ketentuan )"
    r"Pasal\s?(?P<n>\d+[A-Z]?)(?=\s(?:\(1\)|[A-Z\"“]))"
)
"""An article heading ("Pasal 5 PNS dilarang:", "Pasal 8 (1) ..."), not a cross-reference ("dalam Pasal 5 huruf a")."""
_PENJELASAN = re.compile(r"PENJELASAN\s+ATAS")
"""The Penjelasan part starts at its last heading (a law enacting a Perppu carries two)."""
_TAIL = r"(?:\s+[a-z]+)?[\s:\"“]*$"
"""After the enumerator: at most one word ("Ayat (2) lists ...", "Pasal 200 berbunyi: ...") and punctuation."""


@dataclass(frozen=True)
class Place:
    """Where in a text a provision's words must be: after `pattern` (its innermost enumerator), under the
    heading of article `pasal` (None: not checked), in the Penjelasan part or the body."""

    pattern: re.Pattern[str]
    pasal: str | None
    penjelasan: bool


_ORDINALS = ("pertama", "kedua", "ketiga", "keempat", "kelima", "keenam", "ketujuh", "kedelapan")


def place(article: str) -> Place | None:
    """What must come right before the quote for it to be `article`'s words: the innermost enumerator it
    names ("angka 5" -> "5.", "huruf k" -> "k.", "ayat (2)" -> "(2)", a whole article -> "Pasal 17", a row
    of the SKB annex -> its "## D6" heading, a pledge's "Butir 2" -> "kedua,"). An amending law's
    article names the amended one in brackets ("Pasal I angka 27 (Pasal 71 ayat (1))"); another remark
    in brackets names nothing. None when nothing checkable is named."""
    row = _ROW.search(article)
    if row:
        return Place(re.compile(r"## " + row.group("row") + _TAIL), None, False)
    butir = re.match(r"Butir (\d)$", article)
    if butir and 1 <= int(butir.group(1)) <= len(_ORDINALS):
        return Place(re.compile(r"(?i:" + _ORDINALS[int(butir.group(1)) - 1] + r")," + _TAIL), None, False)
    penjelasan = article.startswith("Penjelasan")
    inner = re.search(r"\((" + _PASAL + r"[^()]*(?:\([^()]*\)[^()]*)*)\)", article)
    amending = re.match(r"(?:Penjelasan\s+)?Pasal I\b", article) is not None
    text = inner.group(1) if inner and amending else re.sub(r"^Penjelasan\s+", "", article)
    text = re.sub(r"\s\((?!\d)[^()]*(?:\([^()]*\)[^()]*)*\)", "", text)  # remarks: "(as amended by ...)"
    head = re.match(_PASAL, text)
    pasal = head.group("pasal") if head else None
    if pasal == "I":
        pasal = None  # the amending article: its items carry the amended articles' headings
    items = list(_ITEM.finditer(text, head.end() if head else 0))
    if not items:
        if pasal is None:
            return None
        return Place(re.compile(r"(?i:pasal)\s*" + re.escape(pasal) + _TAIL), pasal, penjelasan)
    last = items[-1]
    kind = last.group("kind")
    value = last.group("ayat") or last.group("value")
    if kind == "ayat":
        pattern = r"(?:\(" + value + r"\)|(?i:ayat)\s*\(" + value + r"\))" + _TAIL
    else:
        pattern = r"(?:" + re.escape(value) + r"\.|(?i:" + kind + r")\s*" + re.escape(value) + r")" + _TAIL
    return Place(re.compile(pattern), pasal, penjelasan)


def _misplaced(article: str, first: str, texts: list[LegalText], bracketed: bool = False) -> str | None:
    """None when some occurrence of the quote follows its article's enumerator, under its article's
    heading, in the right part (body or Penjelasan); otherwise where the occurrences are (a quote of
    another item of the same law)."""
    where = place(article)
    if where is None or not texts:
        return None
    seen: list[str] = []
    unchecked = False
    for text in texts:
        if not text.entry.placed:
            unchecked = True  # prose that does not head passages with their articles: cannot tell
            continue
        secondary = text.entry.kind == "secondary"
        split = None if secondary else text.penjelasan_at()
        headings = [] if secondary else text.headings()
        for hit in re.finditer(re.escape(first), text.norm):
            start = hit.start()
            before = text.norm[max(0, start - 60) : start]
            if bracketed:  # "[U]ntuk ...": the quote restored a letter; the enumerator is before it
                before = re.sub(r"\S{1,3}$", "", before)
            enumerated = where.pattern.search(before) is not None or _starts_with(where.pattern, first)
            in_part = split is None or (start > split) == where.penjelasan
            heading = next((n for s, n in reversed(headings) if s <= start), None)
            under = where.pasal is None or heading is None or heading == where.pasal
            if enumerated and in_part and under:
                return None
            seen.append(f"{text.where(start)} after {before[-24:]!r}" + ("" if under else f" (under Pasal {heading})"))
    if unchecked and not seen:
        return None
    return "; ".join(seen[:2]) or None


def _starts_with(pattern: re.Pattern[str], quote: str) -> bool:
    """A quote of a whole ayat or article may begin with its own enumerator ("(1) ...")."""
    return re.match(pattern.pattern[: -len(_TAIL)] + r"\s", quote + " ") is not None


MIN_PIECE = 20
MIN_OVERLAP = 12


def _chained(part: str, texts: list[LegalText]) -> bool:
    """A quote assembled from several secondary copies (none complete): every stretch is verbatim in one
    copy, and consecutive stretches overlap by at least MIN_OVERLAP characters, so that the copies agree
    where they join. Greedy on the longest stretch; no stretch shorter than MIN_PIECE. Never used for
    full texts (primary, excerpt): a quote from the law itself must appear whole."""
    start = 0
    while start < len(part):
        best = max(_longest_prefix(part[start:], t)[0] for t in texts)
        if start + best >= len(part):
            return best >= min(MIN_PIECE, len(part) - start)
        if best < MIN_PIECE:
            return False
        start += best - MIN_OVERLAP
    return True


def _longest_prefix(part: str, text: LegalText) -> tuple[int, int]:
    """The longest prefix of `part` found in the text (length, position), by bisection on length."""
    lo, hi, at = 0, len(part), -1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        hit = text.norm.find(part[:mid])
        if hit == -1:
            hi = mid - 1
        else:
            lo, at = mid, hit
    return lo, at


def _diagnose(part: str, texts: list[LegalText]) -> str:
    best = max(((_longest_prefix(part, t), t) for t in texts), key=lambda x: x[0][0])
    (length, at), text = best
    if length < 8 or at < 0:
        return f"no part of it is in {', '.join(display_path(t.path) for t in texts)}"
    here = text.where(at)
    quoted = part[length : length + CONTEXT]
    found = text.norm[at + length : at + length + CONTEXT]
    return (
        f"it follows {here} for {length} characters (...{part[max(0, length - 30) : length]!r}), "
        f"then the quote reads {quoted!r} where the text reads {found!r}"
    )


@dataclass
class QuoteStats:
    checked: int = 0
    paraphrases: int = 0
    texts: int = 0


def check_quotes(rs: RuleSet, keys: list[str] | None = None, stats: QuoteStats | None = None) -> list[Problem]:
    """Every provision's quoted `text` and `lead_in` against the shipped text it comes from."""
    corpus = load_corpus(rs.folders)
    problems = list(corpus.problems) if keys is None else []
    stats = stats if stats is not None else QuoteStats()
    stats.texts = len(corpus.texts)
    docs = _sources_docs(rs.folders)
    provisions = rs.sources.provisions
    for key in keys if keys is not None else list(provisions):
        prov = provisions.get(key)
        if prov is None:
            continue
        where = _locate(docs, key, "text")
        if prov.text.lstrip().startswith(PARAPHRASE):
            stats.paraphrases += 1
            if prov.confidence in ("VV", "VQ"):
                problems.append(
                    Problem(
                        "quote-confidence",
                        f"provision {key} is a paraphrase but marked {prov.confidence} (verbatim)",
                        (where,),
                    )
                )
            continue
        texts = texts_for(corpus, prov)
        if not texts:
            problems.append(
                Problem(
                    "quote-unsourced",
                    f"provision {key}: no shipped text answers for its source {prov.source!r}; ship the text under "
                    f"{TEXTS_FOLDER}/ (manifest `answers_for` or `urls`), or mark the provision [paraphrase]",
                    (where,),
                )
            )
            continue
        stats.checked += 1
        if prov.confidence == "VV" and all(t.entry.kind == "secondary" for t in texts):
            problems.append(
                Problem(
                    "quote-confidence",
                    f"provision {key} is marked VV (verified against a full text) but its text is a secondary copy",
                    (where,),
                )
            )
        for field_name, quote in (("text", prov.text), ("lead_in", prov.lead_in)):
            if not quote:
                continue
            parts = segments(quote)
            results = [(_find_in_order(parts, t), t) for t in texts]
            if any(missing == -1 for (missing, _), _ in results):
                if field_name == "text":
                    found_in = [t for (m, _), t in results if m == -1]
                    misplaced = _misplaced(prov.article, parts[0], found_in, bracketed=quote.lstrip().startswith("["))
                    lead = segments(prov.lead_in) if prov.lead_in else []
                    if misplaced and lead and _misplaced(prov.article, lead[0], texts) is None:
                        misplaced = None  # a whole article's list: the items follow its lead-in ("... yaitu:")
                    if misplaced:
                        problems.append(
                            Problem(
                                "quote-misplaced",
                                f"provision {key} text is in its source, but not at {prov.article}: {misplaced}",
                                (_locate(docs, key, field_name),),
                            )
                        )
                continue
            copies = [t for t in texts if t.entry.kind == "secondary"]
            if copies and all(_chained(part, copies) for part in parts):
                continue
            (missing, _), _ = max(results, key=lambda r: r[0][0])
            problems.append(
                Problem(
                    "quote-not-verbatim",
                    f"provision {key} {field_name} is not in its source: {_diagnose(parts[missing], texts)}",
                    (_locate(docs, key, field_name),),
                )
            )
    return problems


def _sources_docs(folders: tuple[str, ...]) -> list[YamlDoc]:
    docs = []
    for folder in folders:
        path = Path(folder) / "sources.yaml"
        if path.is_file():
            docs.append(_read_cached(path.resolve(), path.stat().st_mtime_ns))
    return docs


@lru_cache(maxsize=8)
def _read_cached(path: Path, _mtime: int) -> YamlDoc:
    return read_yaml(path)


def _locate(docs: list[YamlDoc], key: str, field_name: str) -> Located:
    for doc in docs:
        data = doc.data or {}
        if key in (data.get("provisions") or {}):
            return Located(display_path(doc.path), doc.line_of(("provisions", key, field_name)))
    return Located("sources.yaml", None)
