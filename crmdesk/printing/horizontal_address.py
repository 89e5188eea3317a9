"""An address block in 横書き (letters, labels): postal code, address lines, company, then the name(s).

With 連名 the joint names stand under the main given name and every honorific lines up on the right.
"""

from __future__ import annotations

from dataclasses import dataclass

from crmdesk.printing.drawing import MM, Pen
from crmdesk.printing.fonts import FontRole
from crmdesk.printing.pieces import Addressee, format_postal_code, split_name


@dataclass(frozen=True)
class BlockSizes:
    postal: float = 9.5
    address: float = 10.5
    organization: float = 11.0
    name: float = 14.0
    leading: float = 1.45


def block_height(
    pen: Pen, addressee: Addressee, width_mm: float, sizes: BlockSizes, postal: bool = True
) -> float:
    return _layout(pen, addressee, width_mm, sizes, postal)[1]


def draw_block(
    pen: Pen,
    addressee: Addressee,
    x_mm: float,
    top_mm: float,
    width_mm: float,
    sizes: BlockSizes = BlockSizes(),
    postal: bool = True,
    role: FontRole = FontRole.MINCHO,
) -> float:
    """Draw the block; returns the y (mm) below it."""
    lines, _height = _layout(pen, addressee, width_mm, sizes, postal, role)
    names = [text for kind, text, _size, _indent in lines if kind == "name"]
    y = top_mm
    for kind, text, size, indent in lines:
        step = size * sizes.leading / MM
        baseline = y + size * 0.88 / MM
        if kind == "name":
            given_x, honorific_x, _total = _name_geometry(pen, names, size, role)
            family, given, honorific, _main = text.split("\t")
            if family:
                pen.text(x_mm + indent, baseline, family, size, role)
            if given:
                pen.text(x_mm + indent + given_x, baseline, given, size, role)
            pen.text(x_mm + indent + honorific_x, baseline, honorific, size, role)
        else:
            pen.text(x_mm + indent, baseline, text, size, FontRole.GOTHIC if kind == "postal" else role)
        y += step
    return y


def _layout(
    pen: Pen,
    addressee: Addressee,
    width_mm: float,
    sizes: BlockSizes,
    postal: bool,
    role: FontRole = FontRole.MINCHO,
) -> tuple[list[tuple[str, str, float, float]], float]:
    mm = MM
    lines: list[tuple[str, str, float, float]] = []  # kind, text, size, indent
    if postal and addressee.postal_code:
        lines.append(("postal", "〒" + format_postal_code(addressee.postal_code), sizes.postal, 0.0))
    for text in (addressee.address1, addressee.address2):
        if text:
            indent = 0.0 if text is addressee.address1 else sizes.address / mm
            for line in pen.wrap(text, sizes.address, width_mm - indent, role):
                lines.append(("address", line, sizes.address, indent))
    if addressee.name:
        for text in (addressee.organization, addressee.department):
            if text:
                for line in pen.wrap(text, sizes.organization, width_mm, role):
                    lines.append(("org", line, sizes.organization, sizes.address / mm))
    if addressee.name_lines():
        # the name size shrinks until the longest name line fits the width
        size = sizes.name
        encoded = _encode_names(addressee)
        while size > 7 and _name_geometry(pen, encoded, size, role)[2] > width_mm - sizes.address / mm:
            size -= 0.5
        for text in encoded:
            lines.append(("name", text, size, sizes.address / mm))
    height = sum(size * sizes.leading / mm for _k, _t, size, _i in lines)
    return lines, height


def _encode_names(addressee: Addressee) -> list[str]:
    """Name lines as 'family\\tgiven\\thonorific\\tmain family' strings."""
    result: list[str] = []
    main_family, _main_given = split_name(addressee.name or addressee.organization)
    for index, (name, honorific) in enumerate(addressee.name_lines()):
        family, given = split_name(name) if addressee.name else (name, "")
        if index and not given:
            family, given = "", family  # a given name alone, under the main given name
        result.append("\t".join((family, given, honorific, main_family if index else "")))
    return result


def _name_geometry(pen: Pen, encoded: list[str], size: float, role: FontRole) -> tuple[float, float, float]:
    """x of the given names, x of the honorifics, total width (mm, from the block's left)."""
    em = size / MM
    parts = [line.split("\t") for line in encoded]
    family_w = max(pen.text_width(p[0] or p[3], size, role) for p in parts)
    given_w = max(pen.text_width(p[1], size, role) for p in parts)
    given_x = family_w + em if given_w else family_w
    honorific_x = given_x + given_w + em * 0.8
    hon_w = max(pen.text_width(p[2], size, role) for p in parts)
    return given_x, honorific_x, honorific_x + hon_w
