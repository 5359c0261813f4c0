"""Published flows for workflow tests, written straight into the tables the API fills."""

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.flows import FlowGraph
from stores.tables.flows import Flow, FlowVersion


def lead_qualification() -> FlowGraph:
    """Asks for an e-mail (re-asking when it is not one), stores it on the contact, hands a
    company address to the sales team, and thanks everybody else."""
    return FlowGraph.model_validate(
        {
            "nodes": [
                {"id": "start", "type": "start"},
                {
                    "id": "ask_email",
                    "type": "ask_question",
                    "prompt": {"kind": "text", "text": "Oi! Qual o seu e-mail?"},
                    "expect": "email",
                    "save_to_variable": "email",
                    "save_to_field": "email",
                    "retry_message": "Hmm, {{message.text}} não parece um e-mail. Pode repetir?",
                    "max_attempts": 3,
                    "timeout_minutes": 60 * 24 * 3,
                },
                {
                    "id": "company",
                    "type": "condition",
                    "rules": [
                        {
                            "id": "yes",
                            "subject": "message_text",
                            "operator": "any_keyword",
                            "keywords": ["empresa", "corp"],
                        }
                    ],
                },
                {
                    "id": "thanks",
                    "type": "send_message",
                    "content": {
                        "kind": "text",
                        "text": "Obrigado! Vamos escrever para {{vars.email}}.",
                    },
                },
                {"id": "tag", "type": "tag", "action": "add", "tag": "lead"},
                {
                    "id": "handoff",
                    "type": "handoff",
                    "message": "Vou chamar alguém da equipe agora mesmo.",
                },
                {
                    "id": "late",
                    "type": "send_message",
                    "content": {"kind": "text", "text": "Tudo bem, fica para a próxima!"},
                },
                {"id": "end", "type": "end"},
            ],
            "edges": [
                {"id": "e1", "source": "start", "target": "ask_email"},
                {
                    "id": "e2",
                    "source": "ask_email",
                    "source_handle": "answered",
                    "target": "company",
                },
                {"id": "e3", "source": "company", "source_handle": "else", "target": "thanks"},
                {"id": "e4", "source": "company", "source_handle": "yes", "target": "handoff"},
                {"id": "e5", "source": "thanks", "target": "tag"},
                {"id": "e6", "source": "tag", "target": "end"},
                {"id": "e7", "source": "ask_email", "source_handle": "timeout", "target": "late"},
            ],
        }
    )


async def publish(
    sessions: async_sessionmaker[AsyncSession],
    workspace_id: uuid.UUID,
    graph: FlowGraph,
    triggers: list[dict[str, Any]],
    name: str = "Qualificação",
) -> uuid.UUID:
    async with sessions() as session, session.begin():
        flow = Flow(
            workspace_id=workspace_id,
            name=f"{name} {uuid.uuid4().hex[:6]}",
            draft=graph.model_dump(mode="json"),
            triggers=triggers,
            published_version=1,
            active=True,
        )
        session.add(flow)
        await session.flush()
        session.add(
            FlowVersion(
                workspace_id=workspace_id,
                flow_id=flow.id,
                version=1,
                graph=graph.model_dump(mode="json"),
                triggers=triggers,
            )
        )
        return flow.id


async def publish_version(
    sessions: async_sessionmaker[AsyncSession],
    workspace_id: uuid.UUID,
    flow_id: uuid.UUID,
    graph: FlowGraph,
    version: int,
) -> None:
    """A newer version goes live for new runs, as publishing through the API does."""
    async with sessions() as session, session.begin():
        flow = await session.get(Flow, flow_id)
        assert flow is not None
        session.add(
            FlowVersion(
                workspace_id=workspace_id,
                flow_id=flow_id,
                version=version,
                graph=graph.model_dump(mode="json"),
                triggers=flow.triggers,
            )
        )
        flow.published_version = version
