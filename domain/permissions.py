"""What each role may do. Every API route declares one permission; the UI reads the same map."""

from enum import StrEnum

from domain.enums import Role


class Permission(StrEnum):
    inbox_read = "inbox:read"
    inbox_reply = "inbox:reply"
    contacts_read = "contacts:read"
    contacts_write = "contacts:write"
    contacts_manage = "contacts:manage"
    channels_read = "channels:read"
    channels_manage = "channels:manage"
    flows_manage = "flows:manage"
    automations_manage = "automations:manage"
    broadcasts_manage = "broadcasts:manage"
    team_read = "team:read"
    team_manage = "team:manage"
    api_keys_manage = "api_keys:manage"
    audit_read = "audit:read"
    workspace_manage = "workspace:manage"


_AGENT = frozenset(
    {
        Permission.inbox_read,
        Permission.inbox_reply,
        Permission.contacts_read,
        Permission.contacts_write,
        Permission.team_read,
    }
)
# Managing contacts in bulk (imports, exports, segments, custom fields, suppression, erasure)
# is for marketers and above; agents work one contact at a time.
_MARKETER = _AGENT | {
    Permission.contacts_manage,
    Permission.channels_read,
    Permission.flows_manage,
    Permission.automations_manage,
    Permission.broadcasts_manage,
}
_ADMIN = _MARKETER | {
    Permission.channels_manage,
    Permission.team_manage,
    Permission.api_keys_manage,
    Permission.audit_read,
}
_OWNER = _ADMIN | {Permission.workspace_manage}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.owner: frozenset(_OWNER),
    Role.admin: frozenset(_ADMIN),
    Role.marketer: frozenset(_MARKETER),
    Role.agent: _AGENT,
}


def can(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]
