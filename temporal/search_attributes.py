"""Search attributes that make runs findable in the Temporal Web UI."""

from temporalio.common import SearchAttributeKey

WORKSPACE = SearchAttributeKey.for_keyword("FluxoWorkspace")
CONTACT = SearchAttributeKey.for_keyword("FluxoContact")
CHANNEL = SearchAttributeKey.for_keyword("FluxoChannel")
FLOW = SearchAttributeKey.for_keyword("FluxoFlow")
AUTOMATION = SearchAttributeKey.for_keyword("FluxoAutomation")
KIND = SearchAttributeKey.for_keyword("FluxoKind")

ALL = (WORKSPACE, CONTACT, CHANNEL, FLOW, AUTOMATION, KIND)
