"""Bytes to text: encoding detection for notices saved by crawlers and Windows tools, and
the canonical line form every document gets.

UTF-8 or GBK text, UTF-16 with or without a byte-order mark, truncated downloads:
:func:`decode_bytes` returns text or raises ``ValueError`` with a reason a researcher
can act on; :func:`clean_text` trims lines and drops blank lines and control characters.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------
# Character classes

CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# "Ordinary" text characters: what a notice is made of. Used to judge whether a
# guessed decoding (BOM-less UTF-16, GB18030) produced text rather than noise.
_ORDINARY_RE = re.compile(
    r"[\t\n\r\f\v\x20-\x7e\u00a0-\u00ff"
    r"\u2000-\u206f\u2100-\u22ff\u2460-\u24ff\u2500-\u27bf"
    r"\u3000-\u303f\u3200-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)
_ZERO_WIDTH = {ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff"}
# Control characters left inside a line after splitting (tab is kept: it may be
# meaningful inside a line; it is stripped at line ends like any whitespace).
_CONTROLS = {c: None for c in (*range(0x00, 0x09), *range(0x0A, 0x20), *range(0x7F, 0xA0))}
_BAD_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # C0/C1 minus \t\n\v\f\r
_BAD_C0_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f]")
_SAMPLE = 200_000  # characters/bytes examined by the statistical checks
_BINARY_CONTROL_SHARE = 0.05

_UNDECODABLE = "not valid UTF-8, UTF-16 or GB18030 text"
_BINARY = "binary data, not text"
_EMPTY = "empty file"


# ---------------------------------------------------------------------------
# Decoding


def _decode_tolerant(data: bytes, encoding: str) -> str:
    """Strict decode, except that a character cut off at the very end is dropped.

    Crawlers truncate files at byte limits, which can split the last character;
    everything before it is still good text.
    """
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        cut_off = exc.reason in ("unexpected end of data", "incomplete multibyte sequence")
        if cut_off and exc.end == len(data) and exc.start >= len(data) - 4:
            return data[: exc.start].decode(encoding)  # raises if the rest is bad too
        raise


def _text_score(text: str) -> float:
    """Share of characters that are ordinary notice characters (CJK, ASCII, punctuation)."""
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    return (len(sample) - len(_ORDINARY_RE.sub("", sample))) / len(sample)


def _control_share(text: str) -> float:
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    return (len(sample) - len(_BAD_CONTROL_RE.sub("", sample))) / len(sample)


def _common_hanzi_share(text: str) -> float:
    """Share of CJK characters that are GB2312 level-1 (the 3,755 most common hanzi).

    Real Chinese prose is almost entirely level-1; bytes that merely happen to be
    valid GB18030 (Latin-1 text, binary data) spread evenly over the ~21,000 GBK
    hanzi, so only ~17% land there. This is what makes a GB18030 guess safe.
    """
    cjk = CJK_RE.findall(text[:_SAMPLE])
    if not cjk:
        return 1.0  # pure ASCII/punctuation: the score test decides
    common = 0
    for ch in cjk:
        encoded = ch.encode("gb18030")
        if len(encoded) == 2 and 0xB0 <= encoded[0] <= 0xD7 and encoded[1] >= 0xA1:
            common += 1
    return common / len(cjk)


def _is_texty(text: str) -> bool:
    return "\x00" not in text and _control_share(text) == 0 and _text_score(text) >= 0.95


def _guess_utf16(data: bytes) -> str | None:
    """BOM-less UTF-16: NUL bytes are the high byte of ASCII characters (newlines,
    digits). Try both byte orders; keep the one that decodes to ordinary text."""
    best: tuple[float, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = _decode_tolerant(data[: len(data) - len(data) % 2], encoding)
        except UnicodeDecodeError:
            continue
        if _is_texty(text):
            score = _text_score(text)
            if best is None or score > best[0]:
                best = (score, text)
    return best[1] if best else None


def _checked(text: str) -> str:
    if _control_share(text) > _BINARY_CONTROL_SHARE:
        raise ValueError(_BINARY)
    if not text.translate(_ZERO_WIDTH).strip():
        raise ValueError(_EMPTY)
    return text


_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def decode_bytes(data: bytes) -> str:
    """Decode a notice's bytes to text, or raise ``ValueError`` saying why not.

    Order: byte-order marks; NUL bytes (BOM-less UTF-16, else binary); strict
    UTF-8; strict GB18030 (covers GBK/GB2312) accepted only when it reads as
    Chinese prose. A character cut off at the very end (truncated download) is
    dropped rather than failing the file. The BOM is not part of the result.
    """
    if not data:
        raise ValueError(_EMPTY)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if encoding.startswith("utf-16"):
                body = body[: len(body) - len(body) % 2]
            elif encoding.startswith("utf-32"):
                body = body[: len(body) - len(body) % 4]
            try:
                return _checked(_decode_tolerant(body, encoding))
            except UnicodeDecodeError:
                raise ValueError(_UNDECODABLE) from None
    if b"\x00" in data:
        text = _guess_utf16(data)
        if text is not None:
            return _checked(text)
        # Not UTF-16. Tolerate NUL padding at the end (preallocated downloads) and
        # the odd stray NUL; anything more is binary.
        data = data.rstrip(b"\x00")
        if not data or data.count(b"\x00") * 1000 > len(data):
            raise ValueError(_BINARY)
        data = data.replace(b"\x00", b"")
    try:
        return _checked(_decode_tolerant(data, "utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        text = _decode_tolerant(data, "gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _text_score(text) >= 0.9 and _common_hanzi_share(text) >= 0.5:
        return _checked(text)
    head = data[:_SAMPLE]  # only C0 bytes: 0x80-0x9F are ordinary in GBK and cp1252
    if len(head) - len(_BAD_C0_BYTES.sub(b"", head)) > _BINARY_CONTROL_SHARE * len(head):
        raise ValueError(_BINARY)
    raise ValueError(_UNDECODABLE)


# ---------------------------------------------------------------------------
# Text cleanup


def clean_text(text: str) -> str:
    """Canonical line form every doc gets: LF line ends, each line stripped of
    surrounding whitespace (incl. U+3000 and NBSP indents), zero-width and control
    characters dropped, no blank lines. Blank lines carry no meaning in these
    notices; the inside of a line is otherwise left exactly as written."""
    lines = (line.translate(_ZERO_WIDTH).translate(_CONTROLS).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def has_cjk(text: str) -> bool:
    return CJK_RE.search(text) is not None
