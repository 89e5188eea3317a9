"""The address side (表書き) in 縦書き, shared by postcards and envelopes.

Postal code digits go inside the printed red boxes; the address runs down from the right, the name (with the
joint names of a household, 連名) stands large in the middle with the honorifics level, and the sender sits small
at the lower left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from crmdesk.printing.drawing import GUIDE_RED, MM, Align, Pen
from crmdesk.printing.fonts import FontRole
from crmdesk.printing.pieces import Addressee, StoreInfo, split_name
from crmdesk.printing.vertical import Cell, Numerals


@dataclass(frozen=True)
class PostalBoxes:
    """Where the seven postal code boxes are, in mm from the card's top-left corner."""

    lefts: tuple[float, ...] = (44.3, 51.3, 58.3, 65.9, 72.7, 79.5, 86.3)
    top: float = 12.0
    width: float = 5.7
    height: float = 8.0

    def shifted(self, dx: float) -> PostalBoxes:
        return PostalBoxes(tuple(x + dx for x in self.lefts), self.top, self.width, self.height)

    def centre(self, index: int) -> tuple[float, float]:
        return self.lefts[index] + self.width / 2, self.top + self.height / 2


JAPAN_POST_POSTCARD_BOXES = PostalBoxes()


@dataclass(frozen=True)
class AddressFrame:
    """The regions of an address side, in mm from the top-left corner."""

    boxes: PostalBoxes = field(default_factory=PostalBoxes)
    address_right: float = 92.0  # centre of the first address column
    address_top: float = 28.0
    address_bottom: float = 120.0
    address_size: float = 13.0  # pt
    name_centre: float = 50.0
    name_top: float = 34.0
    name_bottom: float = 128.0
    name_size: float = 26.0
    sender_left: float = 7.0  # the sender block: columns from its right edge leftwards
    sender_right: float = 33.0
    sender_top: float = 74.0
    sender_bottom: float = 136.0
    sender_size: float = 9.5
    sender_postal_y: float = 141.0  # baseline of the sender's postal code, printed as text


def draw_postal_digits(pen: Pen, code: str, boxes: PostalBoxes, guides: bool, size: float = 16.0) -> None:
    """One digit centred in each box (the boxes themselves are pre-printed; drawn only as a guide)."""
    digits = "".join(ch for ch in code if ch.isdigit())
    if guides:
        for left in boxes.lefts:
            pen.rect(left, boxes.top, boxes.width, boxes.height, GUIDE_RED, 0.35)
        hyphen_y = boxes.top + boxes.height / 2
        pen.line(
            boxes.lefts[2] + boxes.width + 0.3, hyphen_y, boxes.lefts[3] - 0.3, hyphen_y, GUIDE_RED, 0.35
        )
    if len(digits) != 7:
        return
    digit_height = 0.73 * size / MM  # lining figures stand about 0.73 em tall
    for index, digit in enumerate(digits[: len(boxes.lefts)]):
        x, y = boxes.centre(index)
        pen.text(x, y + digit_height / 2, digit, size, FontRole.GOTHIC, align=Align.CENTER)


def fit_size(pen: Pen, cells: Sequence[Cell], size: float, length_mm: float, minimum: float) -> float:
    """The largest size up to `size` at which the column fits `length_mm` (not below `minimum`)."""
    height = pen.column_height(cells, size)
    if height <= length_mm:
        return size
    return max(minimum, size * length_mm / height)


def draw_address_columns(pen: Pen, addressee: Addressee, frame: AddressFrame, numerals: Numerals) -> float:
    """The address from the right, in one or two columns; returns the x of the last column's left edge."""
    size = frame.address_size
    length = frame.address_bottom - frame.address_top
    line1 = pen.cells(addressee.address1, numerals)
    x = frame.address_right
    if pen.column_height(line1, size) > length:
        size = fit_size(pen, line1, size, length, 10.0)
    columns: list[tuple[list[Cell], float]] = []
    if pen.column_height(line1, size) > length:
        for column in pen.vertical_columns(addressee.address1, size, length, numerals):
            columns.append((column, frame.address_top))
    else:
        columns.append((line1, frame.address_top))
    if addressee.address2:
        line2 = pen.cells(addressee.address2, numerals)
        indent = size * 3 / MM  # the building name starts lower, as written by hand
        top2 = frame.address_top + indent
        if pen.column_height(line2, size) > frame.address_bottom - top2:
            top2 = frame.address_bottom - pen.column_height(line2, size)
            top2 = max(frame.address_top, top2)
        columns.append((line2, top2))
    pitch = size * 1.55 / MM
    for column, top in columns:
        pen.vertical(x, top, column, size)
        x -= pitch
    return x + pitch / 2


def draw_names(
    pen: Pen,
    addressee: Addressee,
    frame: AddressFrame,
    numerals: Numerals,
    right_limit: float,
    left_limit: float = 4.0,
) -> None:
    """Company lines, then the name(s) large in the middle; with 連名 the honorifics stand level."""
    lines = addressee.name_lines()
    if not lines:
        return
    size = frame.name_size
    mm = MM
    org_lines = [t for t in (addressee.organization, addressee.department) if t and addressee.name]
    # the height each name needs: family + gap + given + gap + honorific
    family, given = split_name(addressee.name) if addressee.name else (addressee.organization, "")
    main_family = pen.cells(family, numerals)
    gap = 1.0  # em between family and given name
    given_cells: list[list[Cell]] = []
    joint_family_cells: list[list[Cell]] = []
    for index, (name, _hon) in enumerate(lines):
        if index == 0:
            given_cells.append(pen.cells(given, numerals))
            joint_family_cells.append([])
            continue
        j_family, j_given = split_name(name)
        if not j_given:  # a given name only (printed under the main given name)
            given_cells.append(pen.cells(j_family, numerals))
            joint_family_cells.append([])
        else:
            given_cells.append(pen.cells(j_given, numerals))
            joint_family_cells.append(pen.cells(j_family, numerals))
    family_em = max(
        [pen.column_height(main_family, 1.0) * mm]
        + [pen.column_height(c, 1.0) * mm for c in joint_family_cells]
    )
    given_em = max(pen.column_height(c, 1.0) * mm for c in given_cells)
    hon_em = max(len(h) for _n, h in lines)
    total_em = family_em + (gap if given_em else 0) + given_em + 0.8 + hon_em
    available = frame.name_bottom - frame.name_top
    size = min(size, available * mm / total_em)
    count = len(lines)
    org_em = (0.5 + 1.05 * len(org_lines)) if org_lines else 0.0
    width_em = 1.0 + 1.35 * (count - 1) + org_em  # the name columns (and the company) side by side
    size = min(size, (right_limit - left_limit) * mm / width_em)
    unit = size / mm  # one em in mm
    # columns: main name at the centre, joint names to its left; the block is centred as a whole
    pitch = size * 1.35 / mm
    first_x = frame.name_centre + pitch * (count - 1) / 2
    first_x = min(first_x, right_limit - (org_em + 0.5) * unit)
    first_x = max(first_x, left_limit + pitch * (count - 1) + 0.5 * unit)
    top = frame.name_top + max(0.0, (available - total_em * unit) / 3)
    given_top = top + (family_em + gap) * unit if given_em else top + family_em * unit
    hon_top = given_top + (given_em + 0.8) * unit
    for index, (_name, honorific) in enumerate(lines):
        x = first_x - pitch * index
        fam = main_family if index == 0 else joint_family_cells[index]
        if fam:
            pen.vertical(x, top, fam, size)
        if given_cells[index]:
            pen.vertical(x, given_top, given_cells[index], size)
        pen.vertical(x, hon_top, pen.cells(honorific, numerals), size)
    # the company and department, right of the name, smaller
    if org_lines:
        org_size = min(16.0, size * 0.7)
        x = first_x + unit * 0.5 + org_size * 0.9 / mm
        for text in org_lines:
            cells = pen.cells(text, numerals)
            fitted = fit_size(pen, cells, org_size, frame.name_bottom - frame.name_top, 8.0)
            pen.vertical(min(x, right_limit), frame.name_top, cells, fitted)
            x -= fitted * 1.5 / mm


def draw_sender(pen: Pen, store: StoreInfo, frame: AddressFrame, numerals: Numerals) -> None:
    """The store, small, in the lower left: address, then name (and phone), postal code below."""
    size = frame.sender_size
    length = frame.sender_bottom - frame.sender_top
    columns: list[tuple[list[Cell], float, bool]] = []  # cells, size, bottom-aligned
    if store.address:
        cells = pen.cells(store.address, numerals)
        fitted = fit_size(pen, cells, size, length, size * 0.8)
        if pen.column_height(cells, fitted) <= length:
            columns.append((cells, fitted, False))
        else:  # two columns, broken at the space before the building name when there is one
            head, _sep, tail = store.address.replace("\u3000", " ").partition(" ")
            parts = [head, tail] if tail else [store.address]
            for part in parts:
                for column in pen.vertical_columns(part, size, length, numerals):
                    columns.append((column, size, False))
    if store.phone:
        columns.append((pen.cells("電話 " + store.phone, Numerals.UPRIGHT), size * 0.85, True))
    if store.name:
        cells = pen.cells(store.name, numerals)
        columns.append((cells, fit_size(pen, cells, size * 1.35, length, size), True))
    for line in store.signature.splitlines():  # one column a line; the store's name is already there
        line = line.strip()
        if not line or line == store.name.strip():
            continue
        cells = pen.cells(line, numerals)
        columns.append((cells, fit_size(pen, cells, size * 1.1, length, 7.0), True))
    x = frame.sender_right - size / MM / 2
    for cells, column_size, bottom in columns:
        height = pen.column_height(cells, column_size)
        top = frame.sender_bottom - height if bottom else frame.sender_top
        pen.vertical(x, max(frame.sender_top, top), cells, column_size)
        x -= column_size * 1.45 / MM
    if store.postal_code:
        digits = "".join(ch for ch in store.postal_code if ch.isdigit())
        shown = f"〒{digits[:3]}-{digits[3:]}" if len(digits) == 7 else store.postal_code
        pen.text(frame.sender_left, frame.sender_postal_y, shown, 8.5, FontRole.GOTHIC)
