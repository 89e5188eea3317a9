"""Plain input for the layouts: who a piece goes to, who sends it, and what it says.

Nothing here knows about the database: the printing service fills these from customer cards, the tests and the
benchmarks build them by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

_SPACES = (" ", "\u3000")


def split_name(name: str) -> tuple[str, str]:
    """'山田 太郎' → ('山田', '太郎'); a name written without a space stays whole as the family part."""
    cleaned = name.strip()
    for index, char in enumerate(cleaned):
        if char in _SPACES:
            return cleaned[:index], cleaned[index + 1 :].strip(" \u3000")
    return cleaned, ""


@dataclass(frozen=True)
class JointName:
    """A second (third…) name on the same address, 連名: '花子 様' printed under '山田 太郎 様'."""

    name: str
    honorific: str = "様"


@dataclass(frozen=True)
class Addressee:
    """Who a piece goes to. For a company: `organization` (and `department`), with `name` the contact person.

    A company with no contact person is addressed to the company itself, normally with 御中.
    """

    name: str
    honorific: str = "様"
    postal_code: str = ""  # 7 digits, or empty
    address1: str = ""  # prefecture, city, town, street number
    address2: str = ""  # building and room
    organization: str = ""
    department: str = ""
    joint: tuple[JointName, ...] = ()
    label: str = ""  # who this is, for messages: "No.123 山田 太郎様"

    @property
    def who(self) -> str:
        if self.label:
            return self.label
        main = self.name or self.organization
        return f"{main}{self.honorific}"

    def name_lines(self) -> list[tuple[str, str]]:
        """The (name, honorific) lines to print: the main name then the joint names (連名)."""
        if not self.name:
            return [(self.organization, self.honorific)] if self.organization else []
        lines = [(self.name, self.honorific)]
        family, _given = split_name(self.name)
        for joint in self.joint:
            joint_family, joint_given = split_name(joint.name)
            if joint_given and joint_family == family:
                shown = joint_given  # 山田 花子 under 山田 太郎 → 花子
            else:
                shown = joint.name
            lines.append((shown, joint.honorific))
        return lines

    def all_text(self) -> str:
        parts = [self.name, self.honorific, self.postal_code, self.address1, self.address2]
        parts += [self.organization, self.department]
        for joint in self.joint:
            parts += [joint.name, joint.honorific]
        return "".join(parts)


@dataclass(frozen=True)
class StoreInfo:
    """The sender: the store's profile, as printed on letters and the back of postcards."""

    name: str = ""
    postal_code: str = ""  # 7 digits or 123-4567
    address: str = ""
    phone: str = ""
    signature: str = ""  # e.g. 店長 鈴木 一郎

    def all_text(self) -> str:
        return "".join((self.name, self.postal_code, self.address, self.phone, self.signature))


@dataclass(frozen=True)
class LetterContent:
    """The merged text of one piece. `title` is a letter's title, or a card's big greeting (謹賀新年)."""

    title: str = ""
    body: str = ""
    date_text: str = ""  # e.g. 令和8年11月22日
    staff: str = ""  # the staff member who signs

    def all_text(self) -> str:
        return "".join((self.title, self.body, self.date_text, self.staff))


@dataclass(frozen=True)
class Piece:
    """One printed piece: a letter, a card, an envelope or a label. `content` is None for address-only layouts."""

    addressee: Addressee
    content: LetterContent | None = None
    key: str = ""  # the caller's id for the piece (e.g. the customer id), not printed

    def all_text(self) -> str:
        return self.addressee.all_text() + (self.content.all_text() if self.content else "")


def format_postal_code(code: str) -> str:
    digits = "".join(ch for ch in code if ch.isdigit())
    return f"{digits[:3]}-{digits[3:]}" if len(digits) == 7 else code
