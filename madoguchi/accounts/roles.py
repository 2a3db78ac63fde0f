"""Staff roles as Django groups with permissions. Created (and kept in step) after migrate."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission


@dataclass(frozen=True)
class Role:
    key: str
    group: str
    perms: tuple[str, ...]
    admin_site: bool = False


ROLES: tuple[Role, ...] = (
    Role("clerk", "窓口職員", ("view_personal_data", "book_on_behalf", "use_counter_desk")),
    Role("operator", "電話オペレーター", ("book_on_behalf", "use_call_console")),
    Role(
        "supervisor",
        "監督者",
        (
            "view_personal_data",
            "book_on_behalf",
            "use_counter_desk",
            "use_call_console",
            "edit_content",
            "view_reports",
        ),
        admin_site=True,
    ),  # fmt: skip
    Role(
        "admin",
        "管理者",
        (
            "view_personal_data",
            "book_on_behalf",
            "use_counter_desk",
            "use_call_console",
            "edit_content",
            "view_reports",
            "manage_staff",
        ),
        admin_site=True,
    ),  # fmt: skip
)
ROLE_BY_KEY = {r.key: r for r in ROLES}

# Model permissions that let supervisors and administrators edit the city's data in the admin.
ADMIN_MODEL_PERMS = {
    "supervisor": ["core", "faq", "guide"],
    "admin": ["core", "faq", "guide", "booking", "accounts", "auth"],
}


def ensure_roles(**kwargs) -> None:
    """Create or update the groups; safe to run many times."""
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role.group)
        perms = list(
            Permission.objects.filter(content_type__app_label="accounts", codename__in=role.perms)
        )
        apps = ADMIN_MODEL_PERMS.get(role.key, [])
        perms += list(Permission.objects.filter(content_type__app_label__in=apps))
        group.permissions.set(perms)
