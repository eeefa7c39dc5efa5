"""QR codes of page addresses, as inline SVG: drawn at build time, so no image service and no script."""

from __future__ import annotations

import re
from functools import cache

import zxingcpp
from markupsafe import Markup

DARK_RUN = re.compile(b"\x00+")  # in zxing-cpp's bitmap of a code: 0 a dark module, 255 a light one


@cache  # the site's own code is printed on two pages
def qr_code(url: str) -> Markup:
    """Return a QR code for an address as inline SVG, black on white so it scans in dark mode too, with the quiet
    zone of four modules the standard asks for. zxing-cpp (compiled code) makes the code and a bitmap of it, one
    pixel a module; each run of dark modules is drawn here as a line: half the size of zxing-cpp's own SVG, whose
    rectangles each take four numbers, and in less time.

    Hidden from screen readers: the page prints the address beside it in words."""
    bitmap = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode).to_image()  # with the quiet zone
    size = bitmap.shape[1]
    lines, x, y = ["M0 .5"], 0, 0  # each run drawn from where the last one ended, like m2 0h3: shorter pages
    # The quiet zone is light, so no run of dark modules crosses from one row to the next.
    pixels = bytes(bitmap)  # type: ignore[call-overload]  # an Image is a buffer; zxing-cpp's stub leaves it out
    for run in DARK_RUN.finditer(pixels):
        row, start = divmod(run.start(), size)
        lines.append(f"m{start - x} {row - y}h{run.end() - run.start()}")
        x, y = start + run.end() - run.start(), row
    return Markup(f'<svg aria-hidden="true" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
                  f'class="qr-code"><path fill="#fff" d="M0 0h{size}v{size}H0z"/>'
                  f'<path stroke="#000" d="{"".join(lines)}"/></svg>')
