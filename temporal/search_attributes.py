"""Search attributes that make runs findable in the Temporal Web UI."""

from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.operatorservice.v1 import (
    AddSearchAttributesRequest,
    ListSearchAttributesRequest,
)
from temporalio.client import Client
from temporalio.common import SearchAttributeKey
from temporalio.service import RPCError, RPCStatusCode

WORKSPACE = SearchAttributeKey.for_keyword("FluxoWorkspace")
CONTACT = SearchAttributeKey.for_keyword("FluxoContact")
CHANNEL = SearchAttributeKey.for_keyword("FluxoChannel")
FLOW = SearchAttributeKey.for_keyword("FluxoFlow")
AUTOMATION = SearchAttributeKey.for_keyword("FluxoAutomation")
KIND = SearchAttributeKey.for_keyword("FluxoKind")

ALL = (WORKSPACE, CONTACT, CHANNEL, FLOW, AUTOMATION, KIND)

# Values of FluxoKind, to find one kind of run in the Web UI.
KIND_CONVERSATION = "conversation"
KIND_IMPORT = "import"
KIND_ERASURE = "erasure"


async def register(client: Client, namespace: str) -> None:
    """Registers every Fluxo search attribute; attributes already there are left as they are."""
    try:
        existing = await client.operator_service.list_search_attributes(
            ListSearchAttributesRequest(namespace=namespace)
        )
        known = set(existing.custom_attributes)
    except RPCError as error:
        # The time-skipping test server can add search attributes but not list them.
        if error.status != RPCStatusCode.UNIMPLEMENTED:
            raise
        known = set()
    missing = {
        key.name: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD
        for key in ALL
        if key.name not in known
    }
    if missing:
        await client.operator_service.add_search_attributes(
            AddSearchAttributesRequest(namespace=namespace, search_attributes=missing)
        )
