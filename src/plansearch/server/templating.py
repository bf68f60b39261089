"""The Jinja environment of the Swedish pages, shared by the page routes and the error pages."""

from __future__ import annotations

from fastapi.templating import Jinja2Templates

from plansearch.config import Settings
from plansearch.models import Duty, PassageKind, Role

KIND_NAMES: dict[PassageKind, str] = {"paragraph": "Stycke", "table_row": "Tabellrad", "list": "Lista", "glossary": "Ordlista"}


def sentence_case(text: str) -> str:
    """The first letter upper-case and the rest untouched (Jinja's `capitalize` lowers the rest:
    "RCC Norr" must stay "RCC Norr")."""
    return text[:1].upper() + text[1:]


# What a role does with an activity, by the column or minutes phrase that names it.
DUTY_NAMES = {
    "Ansvarig": "Ansvarig", "Ansvariga": "Ansvarig", "Vem?": "Utför", "Beslut": "Beslut", "Roll": "Roll",
    "Rapport": "Rapporterar", "Nämns": "Nämns",
}


def duty_label(duty: Duty) -> str:
    """ "Ansvarig", "Utför", "Stöder" (named after "med stöd av"), "Beslut", …"""
    return "Stöder" if duty.support else DUTY_NAMES.get(duty.column, duty.column)


def other_names(role: Role) -> list[str]:
    """The role's name variants that are more than the same name in other letter case."""
    seen = {role.name.lower()}
    others = []
    for variant in role.variants:
        if variant.lower() not in seen:
            seen.add(variant.lower())
            others.append(variant)
    return others


def plural(count: int, one: str, many: str) -> str:
    """ "1 aktivitet", "3 aktiviteter"."""
    return f"{count} {one if count == 1 else many}"


def make_templates(settings: Settings) -> Jinja2Templates:
    """Templates from the web folder, with the page helpers as globals and filters."""
    templates = Jinja2Templates(directory=str(settings.web_dir / "templates"))
    templates.env.globals["kind_names"] = KIND_NAMES
    templates.env.globals["plural"] = plural
    templates.env.globals["duty_label"] = duty_label
    templates.env.globals["other_names"] = other_names
    templates.env.filters["sentence_case"] = sentence_case
    return templates
