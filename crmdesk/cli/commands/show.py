"""`crmdesk show ID [--json]`: one whole card."""

from __future__ import annotations

import argparse

from crmdesk.cli.main import common_parent
from crmdesk.cli.output import customer_json, print_json
from crmdesk.domain.eras import format_wareki
from crmdesk.domain.errors import NotFoundError
from crmdesk.domain.phone import format_phone
from crmdesk.domain.postal import format_postal
from crmdesk.domain.records import CustomerCard
from crmdesk.domain.values import CONTACT_LABELS_JA, EVENT_LABELS_JA, FOLLOWUP_LABELS_JA, PHASE_LABELS_JA
from crmdesk.services.bundle import Services


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "show", parents=[common_parent()], help="one whole card: fields, family, items, history, follow-ups"
    )
    parser.add_argument("id", help="customer id, or the store's customer code")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, services: Services) -> int:
    customer_id = _resolve(args.id, services)
    card = services.customers.card(customer_id)
    if args.json:
        print_json(customer_json(card))
    else:
        print(render_card(card))
    return 0


def _resolve(value: str, services: Services) -> int:
    found = services.customers.find_by_code(value)
    if found is not None:
        return found
    if value.isdigit():
        return int(value)
    raise NotFoundError(f"顧客「{value}」が見つかりません（IDまたは顧客コードを指定してください）")


def render_card(card: CustomerCard) -> str:
    lines = [
        f"{card.name} {card.honorific.value}（{card.name_kana}）  [{card.code or '-'}]  ID {card.id}",
        f"  区分: {PHASE_LABELS_JA[card.phase]}   担当: {card.staff or '-'}   タグ: {'、'.join(card.tags) or '-'}",
    ]
    if card.deleted_at:
        lines.append("  ※ ごみ箱に入っています")
    if card.birthday:
        lines.append(f"  生年月日: {format_wareki(card.birthday)}（{card.birthday.isoformat()}）")
    if card.postal_code or card.address:
        postal = f"〒{format_postal(card.postal_code)} " if card.postal_code else ""
        lines.append(f"  住所: {postal}{card.address}")
    for contact in card.contacts:
        value = format_phone(contact.value) if contact.kind.is_phone else contact.value
        lines.append(f"  {CONTACT_LABELS_JA[contact.kind]}: {value}")
    consent = card.consent
    lines.append(
        "  連絡の可否: 郵送 {} / 電話 {} / メール {}".format(
            *(_yes_no(v) for v in (consent.letter, consent.phone, consent.email))
        )
    )
    if card.family:
        lines.append("  家族:")
        for member in card.family:
            birthday = f" {member.birthday.isoformat()}" if member.birthday else ""
            lines.append(
                f"    {member.relation} {member.name}（{member.name_kana}）{birthday} {member.notes}".rstrip()
            )
    if card.items:
        lines.append("  保有商品:")
        for item in card.items:
            dates = []
            if item.next_service_date:
                dates.append(f"次回点検 {item.next_service_date.isoformat()}")
            if item.inspection_expiry:
                dates.append(f"車検満了 {item.inspection_expiry.isoformat()}")
            lines.append(f"    {item.name} {item.identifier} {' '.join(dates)}".rstrip())
    if card.notes:
        lines.append("  性格・好み:")
        lines += [f"    {n.noted_on.isoformat()} {n.text}" for n in card.notes]
    open_follow_ups = [f for f in card.follow_ups if f.status.value == "open"]
    if open_follow_ups:
        lines.append("  フォロー予定:")
        lines += [
            f"    {f.due_date.isoformat()} {FOLLOWUP_LABELS_JA[f.kind]}: {f.reason}" for f in open_follow_ups
        ]
    if card.events:
        lines.append(f"  履歴（{len(card.events)}件、新しい順）:")
        for event in card.events[:20]:
            when = event.occurred_at.astimezone().strftime("%Y-%m-%d %H:%M")
            amount = f" ¥{event.amount_yen:,}" if event.amount_yen is not None else ""
            lines.append(f"    {when} {EVENT_LABELS_JA[event.kind]} {event.summary}{amount}")
    return "\n".join(lines)


def _yes_no(value: bool | None) -> str:
    return "未確認" if value is None else ("可" if value else "不可")
