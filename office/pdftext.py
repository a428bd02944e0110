"""Enough of a PDF's text to find a classification mark in it, with no PDF library.

A bounded scan of the raw bytes, not a PDF reader: the streams are inflated (FlateDecode, the
usual filter), the ToUnicode maps of the fonts are read (Word and WPS write Chinese text as
two-byte glyph codes with such a map), and what is read as text:
- hex strings ``<...>`` in the content streams, decoded through every ToUnicode map of the file
  (merged: which font a string uses is not followed);
- UTF-16 strings with a byte-order mark (the title and bookmarks), plain literal strings, and
  UTF-8 text (XMP metadata).
What this does not see: text drawn as images (scans), fonts without a ToUnicode map, other
filters (LZW, object streams compressed twice), encrypted files. Each stream and the whole
scan are bounded in size, so a crafted file cannot make it run long or fill the memory.
"""

import re
import zlib

MAX_STREAMS = 2_000
MAX_INFLATED_PER_STREAM = 4 * 1024 * 1024
MAX_INFLATED_TOTAL = 32 * 1024 * 1024

STREAM = re.compile(rb"stream\r?\n")
END_STREAM = b"endstream"
HEX_STRING = re.compile(rb"<([0-9A-Fa-f\s]{2,})>")
LITERAL = re.compile(rb"\(((?:[^()\\]|\\.){1,4000})\)", re.S)
BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
HEX = rb"<([0-9A-Fa-f]+)>"
PAIR = re.compile(HEX + rb"\s*" + HEX)
RANGE = re.compile(HEX + rb"\s*" + HEX + rb"\s*" + HEX)
MAX_RANGE = 65_536


def pdf_text(data: bytes) -> str:
    streams = list(_streams(data))
    glyphs = _unicode_maps(streams)
    parts = [_strings(chunk, glyphs) for chunk in [data, *streams]]
    return "\n".join(part for part in parts if part)


def _streams(data: bytes):
    """Each stream's bytes, inflated when they are Flate-compressed (bounded)."""
    total = 0
    position = 0
    for _count in range(MAX_STREAMS):
        match = STREAM.search(data, position)
        if match is None:
            return
        end = data.find(END_STREAM, match.end())
        if end < 0:
            return
        raw = data[match.end() : end]
        position = end + len(END_STREAM)
        try:
            inflated = zlib.decompressobj().decompress(raw, MAX_INFLATED_PER_STREAM)
        except zlib.error:
            inflated = raw
        total += len(inflated)
        if total > MAX_INFLATED_TOTAL:
            return
        yield inflated


def _unicode_maps(streams) -> dict[bytes, str]:
    """Glyph code (bytes) → text, from every ToUnicode map in the file."""
    glyphs: dict[bytes, str] = {}
    for stream in streams:
        if b"begincmap" not in stream:
            continue
        for block in BFCHAR.findall(stream):
            for code, text in PAIR.findall(block):
                glyphs[bytes.fromhex(code.decode())] = _utf16(text)
        for block in BFRANGE.findall(stream):
            for low, high, start in RANGE.findall(block):
                _add_range(glyphs, low, high, start)
    return glyphs


def _add_range(glyphs: dict, low: bytes, high: bytes, start: bytes) -> None:
    width = len(low) // 2
    first, last, base = int(low, 16), int(high, 16), int(start, 16)
    for offset in range(min(last - first + 1, MAX_RANGE)):
        glyphs[(first + offset).to_bytes(width, "big")] = chr(min(base + offset, 0x10FFFF))


def _utf16(hex_text: bytes) -> str:
    try:
        return bytes.fromhex(hex_text.decode()).decode("utf-16-be", "ignore")
    except ValueError:
        return ""


def _strings(chunk: bytes, glyphs: dict) -> str:
    found = []
    for match in HEX_STRING.finditer(chunk):
        digits = re.sub(rb"\s", b"", match.group(1))[:8000].decode()
        found.append(_decode(bytes.fromhex(digits + "0" * (len(digits) % 2)), glyphs))
    for match in LITERAL.finditer(chunk):
        found.append(_decode(match.group(1), glyphs))
    found.append(chunk.decode("utf-8", "ignore"))  # XMP metadata and text left uncompressed
    return "".join(found)


def _decode(raw: bytes, glyphs: dict) -> str:
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "ignore")
    text = raw.decode("latin-1")
    if glyphs:  # two-byte glyph codes, as Word and WPS write Chinese text
        text += " " + "".join(glyphs.get(raw[i : i + 2], "") for i in range(0, len(raw) - 1, 2))
    return text
