"""Makers of hostile and special files, shared by the core, ui and end-to-end tests.

Everything is generated at test time (FIFOs, sparse giants, bombs), never checked in.
"""

from __future__ import annotations

import gzip
import json
import struct
import zlib
from pathlib import Path
from typing import Any


def png(width: int = 2, height: int = 2) -> bytes:
    """A real PNG; width × height is only declared when it is huge (the header is what counts)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = (
        b"" if width * height > 4096 else b"".join(b"\0" + b"\0\0\0" * width for _ in range(height))
    )
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def use_bomb(levels: int = 30) -> str:
    """~2 KB: each group <use>s the previous one twice, `levels` deep (2**levels elements)."""
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' width="10" height="10">',
        '<defs><g id="g0"><rect width="1" height="1"/></g>',
    ]
    parts += [
        f'<g id="g{i}"><use xlink:href="#g{i - 1}"/><use xlink:href="#g{i - 1}"/></g>'
        for i in range(1, levels + 1)
    ]
    parts.append(f'</defs><use xlink:href="#g{levels}"/></svg>')
    return "".join(parts)


def svg(body: str = '<rect width="5" height="5"/>') -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' width="10" height="10">{body}</svg>'
    )


def svgz(text: str) -> bytes:
    return gzip.compress(text.encode())


def gzip_bomb(inflated: int = 64 * 1024 * 1024) -> bytes:
    """A few tens of KB that inflate to `inflated` bytes of an SVG."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = [inner.compress(b"<svg>")]
    block = b" " * (1024 * 1024)
    for _ in range(inflated // len(block)):
        out.append(inner.compress(block))
    out.append(inner.compress(b"</svg>"))
    out.append(inner.flush())
    return b"".join(out)


def write_deck(folder: Path, slides: list[dict[str, Any]], **top: Any) -> Path:
    path = folder / "playlist.json"
    path.write_text(json.dumps({"deck": {"title": "Hostile"}, "slides": slides, **top}))
    return path
