"""Every activity a workflow calls by contract is implemented once, by name, with that input."""

import importlib
import inspect
import pkgutil
from typing import Any

import pytest
from temporalio import activity

import activities.contracts as contracts_package
from activities.contact_erasure import ContactErasureActivities
from activities.contact_imports import ContactImportActivities
from activities.contracts import ActivityContract
from activities.conversations import ConversationActivities
from activities.flows import FlowActivities

IMPLEMENTATIONS = (
    ConversationActivities,
    FlowActivities,
    ContactImportActivities,
    ContactErasureActivities,
)


def _contracts() -> dict[str, ActivityContract[Any, Any]]:
    found: dict[str, ActivityContract[Any, Any]] = {}
    for module_info in pkgutil.iter_modules(contracts_package.__path__):
        module = importlib.import_module(f"{contracts_package.__name__}.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, ActivityContract):
                assert value.name not in found, f"two contracts named {value.name}"
                found[value.name] = value
    return found


def _implementations() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for cls in IMPLEMENTATIONS:
        for _, method in inspect.getmembers(cls, inspect.isfunction):
            definition = activity._Definition.from_callable(method)
            if definition is None or definition.name is None:
                continue
            assert definition.name not in found, f"two activities named {definition.name}"
            found[definition.name] = method
    return found


def test_every_contract_has_one_implementation_and_every_activity_a_contract() -> None:
    assert set(_contracts()) == set(_implementations())


@pytest.mark.parametrize("name", sorted(_contracts()))
def test_implementation_takes_the_contract_input(name: str) -> None:
    contract = _contracts()[name]
    method = _implementations()[name]
    parameters = list(inspect.signature(method, eval_str=True).parameters.values())
    assert [p.annotation for p in parameters[1:]] == [contract.input_type]
    returns = inspect.signature(method, eval_str=True).return_annotation
    assert contract.result_type in (returns, *getattr(returns, "__args__", ())) or (
        returns is None and contract.result_type is type(None)
    )
