"""The import API: upload, mapping, progress, the error report, cancel, and isolation."""

import uuid

from sqlalchemy import func
from sqlmodel import select

from domain.enums import CustomFieldType, Role
from stores.tables.contacts import Contact, CustomField
from stores.tables.workspaces import AuditEvent
from tests.factories import WorkspaceFixture, create_workspace
from tests.support.contact_csv import csv_bytes, people
from tests.support.harness import Harness
from tests.support.imports import MAPPING, finished, start, upload

HEADER = ["nome", "telefone", "email"]


async def contacts_in(app: Harness, account: WorkspaceFixture) -> list[Contact]:
    async with app.services.sessions() as session:
        query = select(Contact).where(Contact.workspace_id == account.workspace_id)
        return list((await session.execute(query)).scalars())


async def test_import_creates_each_person_once_and_counts_rows(app: Harness) -> None:
    account = await create_workspace(app.services.sessions)
    client = await app.login(account)
    rows = people(300)
    rows += [[f"Again {n}", f"+55 11 97000-{n:04d}", ""] for n in range(0, 300, 10)]  # 30
    rows += [["", "", f"PESSOA{n}@EXAMPLE.COM"] for n in range(5, 300, 10)]  # 30
    rows += [["Bad phone", "12345", ""], ["", "", ""], ["Bad mail", "", "nope@"]]
    uploaded = await upload(client, csv_bytes(HEADER, rows))
    assert uploaded["status"] == "uploaded" and uploaded["total_rows"] == 362
    assert uploaded["suggested_mapping"] == MAPPING
    assert uploaded["sample_rows"][0] == people(1)[0]

    started = await start(client, uploaded["id"], batch_size=50)
    assert started["status"] == "running"
    assert started["workflow_id"] == f"import/{account.workspace_id}/{uploaded['id']}"
    done = await finished(client, uploaded["id"])

    assert done["status"] == "completed" and done["finished_at"]
    assert (done["processed_rows"], done["created_count"]) == (362, 300)
    assert (done["updated_count"], done["error_count"]) == (60, 2)
    contacts = await contacts_in(app, account)
    assert len(contacts) == 300
    assert len({c.phone for c in contacts}) == len({c.email for c in contacts}) == 300
    async with app.services.sessions() as session:
        audits = await session.execute(
            select(func.count()).where(
                AuditEvent.workspace_id == account.workspace_id,
                AuditEvent.action == "contacts.imported",
            )
        )
    assert audits.scalar_one() == 1
    listed = (await client.get("/api/contacts/imports")).json()["data"]
    assert [i["id"] for i in listed] == [uploaded["id"]]


async def test_error_report_fixed_and_reimported_completes_the_rows(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    client = await app.login(account)
    rows = [[*p, ""] for p in people(3)]
    rows += [["Ana", "999", "ana@example.com", ""], ["Bia", "", "bia@", ""], ["", "", "", "obs"]]
    first = await upload(client, csv_bytes([*HEADER, "obs"], rows))
    await start(client, first["id"])
    assert (await finished(client, first["id"]))["error_count"] == 3

    report = await client.get(f"/api/contacts/imports/{first['id']}/errors.csv")
    assert report.status_code == 200
    assert report.headers["content-type"].startswith("text/csv")
    lines = report.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "nome,telefone,email,obs,error"
    assert lines[1].startswith("Ana,999,ana@example.com,,phone '999' is not a valid number")
    assert lines[2].startswith("Bia,,bia@,,e-mail 'bia@' is not valid")
    assert lines[3] == ',,,obs,"the row has no name, phone or e-mail"'

    fixed = report.content.replace(b"999", b"11 97555-0000").replace(b"bia@", b"bia@example.com")
    second = await upload(client, fixed, "c-errors.csv")
    assert second["suggested_mapping"] == {**MAPPING, "obs": "ignore", "error": "ignore"}
    await start(client, second["id"], second["suggested_mapping"])
    done = await finished(client, second["id"])
    assert (done["created_count"], done["error_count"]) == (2, 1)  # the row with no one stays
    assert {c.name for c in await contacts_in(app, account)} == {
        "Pessoa 0",
        "Pessoa 1",
        "Pessoa 2",
        "Ana",
        "Bia",
    }


async def test_upload_rejects_files_that_cannot_be_imported(sqlite_app: Harness) -> None:
    account = await create_workspace(sqlite_app.services.sessions)
    client = await sqlite_app.login(account)
    for data, reason in [(b"", "empty"), (b"nome;email\r\n", "no rows")]:
        response = await client.post(
            "/api/contacts/imports", files={"file": ("c.csv", data, "text/csv")}
        )
        assert response.status_code == 422 and reason in response.json()["detail"]


async def test_start_checks_the_mapping_and_starts_once(sqlite_app: Harness) -> None:
    app = sqlite_app
    account = await create_workspace(app.services.sessions)
    async with app.services.sessions() as session, session.begin():
        session.add(
            CustomField(
                workspace_id=account.workspace_id,
                key="cidade",
                label="Cidade",
                type=CustomFieldType.text,
            )
        )
    client = await app.login(account)
    data = csv_bytes([*HEADER, "Cidade", "Fone 2"], [[*people(1)[0], "Recife", ""]])
    uploaded = await upload(client, data)
    assert uploaded["suggested_mapping"]["Cidade"] == "custom:cidade"
    path = f"/api/contacts/imports/{uploaded['id']}/start"
    for mapping, problem in [
        ({"Cidade": "custom:cidade"}, "at least one column to name, phone or email"),
        ({"nome": "name", "Cidade": "custom:bairro"}, "'bairro' does not exist"),
        ({"telefone": "phone", "Fone 2": "phone"}, "phone is mapped from both"),
        ({"nome": "name", "Sobrenome": "name"}, "'Sobrenome' is not in the file"),
    ]:
        response = await client.post(path, json={"mapping": mapping})
        assert response.status_code == 422, mapping
        assert problem in response.json()["detail"]
    assert (await client.post(path, json={"mapping": {"nome": "nickname"}})).status_code == 422

    await start(client, uploaded["id"])
    again = await client.post(path, json={"mapping": MAPPING})
    assert again.status_code == 409
    assert (await finished(client, uploaded["id"]))["created_count"] == 1


async def test_cancel_stops_a_running_import(sqlite_app: Harness) -> None:
    account = await create_workspace(sqlite_app.services.sessions)
    client = await sqlite_app.login(account)
    uploaded = await upload(client, csv_bytes(HEADER, people(2000)))
    await start(client, uploaded["id"], batch_size=1)
    response = await client.post(f"/api/contacts/imports/{uploaded['id']}/cancel")
    assert response.status_code == 202

    done = await finished(client, uploaded["id"])
    assert done["status"] == "cancelled" and done["processed_rows"] < 2000
    assert len(await contacts_in(sqlite_app, account)) == done["created_count"]
    again = await client.post(f"/api/contacts/imports/{uploaded['id']}/cancel")
    assert again.status_code == 409


async def test_imports_of_another_workspace_are_not_found(sqlite_app: Harness) -> None:
    ours = await create_workspace(sqlite_app.services.sessions)
    theirs = await create_workspace(sqlite_app.services.sessions)
    uploaded = await upload(await sqlite_app.login(ours), csv_bytes(HEADER, people(2)))
    intruder = await sqlite_app.login(theirs)
    base = f"/api/contacts/imports/{uploaded['id']}"
    for method, path, body in [
        ("GET", base, None),
        ("POST", f"{base}/start", {"mapping": MAPPING}),
        ("POST", f"{base}/cancel", None),
        ("GET", f"{base}/errors.csv", None),
        ("GET", f"/api/contacts/imports/{uuid.uuid4()}", None),
    ]:
        response = await intruder.request(method, path, json=body)
        assert response.status_code == 404, (method, path)
    assert (await intruder.get("/api/contacts/imports")).json()["data"] == []


async def test_agents_cannot_import(sqlite_app: Harness) -> None:
    agent = await create_workspace(sqlite_app.services.sessions, role=Role.agent)
    client = await sqlite_app.login(agent)
    response = await client.post(
        "/api/contacts/imports", files={"file": ("c.csv", b"nome\r\nAna\r\n", "text/csv")}
    )
    assert response.status_code == 403
