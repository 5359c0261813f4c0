"""One line of a contact's timeline, as every writer records it."""

import uuid
from datetime import datetime
from typing import Any

from stores.tables.contacts import Contact, ContactEvent


def contact_event(
    contact: Contact,
    kind: str,
    details: dict[str, Any],
    actor_user_id: uuid.UUID | None,
    now: datetime,
) -> ContactEvent:
    return ContactEvent(
        workspace_id=contact.workspace_id,
        contact_id=contact.id,
        kind=kind,
        details=details,
        actor_user_id=actor_user_id,
        created_at=now,
    )
