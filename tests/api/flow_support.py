"""Flow graphs and triggers for the flow tests: a small runnable flow, and one with every node
type, as the builder sends them."""

import uuid
from typing import Any, get_args

import httpx

from domain.flows import FlowNode

Json = dict[str, Any]
START: Json = {"id": "start", "type": "start", "position": {"x": 0, "y": 0}}


def node_types() -> set[str]:
    """Every node type the schema knows (so a new one must join `every_node_graph`)."""
    union = get_args(FlowNode)[0]
    return {model.model_fields["type"].default for model in get_args(union)}


def say(node_id: str, text: str) -> Json:
    return {"id": node_id, "type": "send_message", "content": {"kind": "text", "text": text}}


def edge(source: str, target: str, handle: str = "next") -> Json:
    return {
        "id": f"{source}-{handle}-{target}",
        "source": source,
        "source_handle": handle,
        "target": target,
    }


def simple_graph(text: str = "Olá! Como posso ajudar?") -> Json:
    return {
        "nodes": [START, say("hello", text), {"id": "bye", "type": "end"}],
        "edges": [edge("start", "hello"), edge("hello", "bye")],
        "variables": [],
    }


def keyword(*words: str, match: str = "exact", channels: list[str] | None = None) -> Json:
    return {"type": "keyword", "keywords": list(words), "match": match, "channels": channels or []}


def every_node_graph(jump_to: uuid.UUID) -> Json:
    """A publishable graph holding each node type once, with variables flowing through."""
    nodes: list[Json] = [
        START,
        {
            "id": "welcome",
            "type": "send_message",
            "label": "Boas-vindas",
            "position": {"x": 100, "y": 40.5},
            "content": {
                "kind": "buttons",
                "text": "Oi {{contact.name}}! Vamos começar?",
                "buttons": [{"id": "yes", "title": "Sim"}, {"id": "no", "title": "Não"}],
            },
        },
        {
            "id": "ask_email",
            "type": "ask_question",
            "prompt": {"kind": "text", "text": "Qual o seu e-mail?"},
            "expect": "email",
            "save_to_variable": "email",
            "save_to_field": "email",
            "retry_message": "Esse e-mail não parece certo.",
            "max_attempts": 2,
            "timeout_minutes": 4320,
        },
        {
            "id": "has_at",
            "type": "condition",
            "rules": [
                {
                    "id": "ok",
                    "subject": "variable",
                    "name": "email",
                    "operator": "contains",
                    "value": "@",
                },
                {"id": "vip", "subject": "tag", "operator": "has_tag", "value": "vip"},
            ],
        },
        {"id": "store", "type": "set_field", "field": "city", "value": "{{vars.email}}"},
        {"id": "mark", "type": "tag", "action": "add", "tag": "lead"},
        {"id": "remember", "type": "set_variable", "name": "stage", "value": "qualified"},
        {
            "id": "answer",
            "type": "ai_reply",
            "system_prompt": "Você é um assistente de vendas. Etapa: {{vars.stage}}",
            "knowledge": "Planos: básico e pro.",
            "history_messages": 5,
            "send_to_contact": False,
            "save_to_variable": "summary",
        },
        {
            "id": "intent",
            "type": "ai_classify",
            "intents": [
                {"id": "buy", "name": "Comprar", "description": "Quer comprar"},
                {"id": "help", "name": "Ajuda"},
            ],
            "save_to_variable": "intent",
        },
        {
            "id": "crm",
            "type": "http_request",
            "method": "POST",
            "url": "https://crm.example.com/leads",
            "headers": {"Authorization": "Bearer x"},
            "body": '{"email": "{{vars.email}}", "summary": "{{vars.summary}}"}',
            "timeout_seconds": 5,
            "save_response": {"lead_id": "data.id"},
        },
        {"id": "wait", "type": "delay", "amount": 2, "unit": "hours"},
        {
            "id": "ab",
            "type": "split",
            "branches": [{"id": "a", "percent": 30}, {"id": "b", "percent": 70}],
        },
        {"id": "other_flow", "type": "jump", "flow_id": str(jump_to)},
        {
            "id": "agents",
            "type": "handoff",
            "message": "Um atendente já vem, lead {{vars.lead_id}}.",
        },
        {"id": "bye", "type": "end"},
    ]
    edges = [
        edge("start", "welcome"),
        edge("welcome", "ask_email"),
        edge("ask_email", "has_at", "answered"),
        edge("ask_email", "bye", "timeout"),
        edge("has_at", "store", "ok"),
        edge("has_at", "bye", "else"),
        edge("store", "mark"),
        edge("mark", "remember"),
        edge("remember", "answer"),
        edge("answer", "intent"),
        edge("answer", "agents", "error"),
        edge("intent", "crm", "buy"),
        edge("intent", "bye", "fallback"),
        edge("crm", "wait", "success"),
        edge("wait", "ab"),
        edge("ab", "other_flow", "a"),
        edge("ab", "agents", "b"),
    ]
    return {"nodes": nodes, "edges": edges, "variables": [{"name": "campaign", "default": "bf"}]}


async def create_flow(client: httpx.AsyncClient, name: str, description: str = "") -> Json:
    response = await client.post("/api/flows", json={"name": name, "description": description})
    assert response.status_code == 201, response.text
    created: Json = response.json()
    return created


async def save_draft(
    client: httpx.AsyncClient, flow_id: str, graph: Json, triggers: list[Json] | None = None
) -> Json:
    response = await client.put(
        f"/api/flows/{flow_id}/draft", json={"draft": graph, "triggers": triggers or []}
    )
    assert response.status_code == 200, response.text
    saved: Json = response.json()
    return saved


async def publish(client: httpx.AsyncClient, flow_id: str) -> int:
    response = await client.post(f"/api/flows/{flow_id}/publish")
    assert response.status_code == 201, response.text
    version: int = response.json()["version"]
    return version


async def live_flow(
    client: httpx.AsyncClient, name: str, triggers: list[Json], graph: Json | None = None
) -> str:
    """A flow published with these triggers and activated; its id."""
    flow_id: str = (await create_flow(client, name))["id"]
    await save_draft(client, flow_id, graph or simple_graph(), triggers)
    await publish(client, flow_id)
    response = await client.patch(f"/api/flows/{flow_id}", json={"active": True})
    assert response.status_code == 200, response.text
    return flow_id
