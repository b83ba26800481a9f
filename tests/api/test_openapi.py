"""The OpenAPI spec tells the truth (issue 12, item 9); schemathesis checks it in tests/fuzz."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_bearer_scheme_and_write_security(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A token from `cliffhanger token create --name NAME`",
    }
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            writes = method == "post" or "deliveries" in path
            assert ("security" in operation) is writes, (method, path)


def test_error_statuses_are_documented_in_the_error_shape(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    write = spec["paths"]["/api/shows/{show_id}/corrections"]["post"]["responses"]
    assert {"201", "400", "401", "403", "404", "413", "422", "503"} <= set(write)
    read = spec["paths"]["/api/shows/{show_id}"]["get"]["responses"]
    assert {"200", "304", "404", "422", "503"} <= set(read)
    schema = read["422"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/ErrorOut"}
    feed = spec["paths"]["/feeds/changes.atom"]["get"]["responses"]["200"]
    assert "application/atom+xml" in feed["content"]


@pytest.mark.parametrize("since", ["0", "1700000000", "20230105", "2023-02-30", "yesterday"])
def test_since_is_a_calendar_date(client: TestClient, since: str) -> None:
    assert client.get("/api/events", params={"since": since}).status_code == 422


def test_since_accepts_an_iso_date(client: TestClient) -> None:
    assert client.get("/api/events", params={"since": "2022-01-01"}).status_code == 200


@pytest.mark.parametrize("q", ["\x92", "???", "中"])
def test_a_search_with_nothing_to_search_finds_nothing(client: TestClient, q: str) -> None:
    response = client.get("/api/shows", params={"q": q})
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_a_json_document_needs_text_or_html_in_the_schema(
    client: TestClient, auth: dict[str, str]
) -> None:
    spec = client.get("/openapi.json").json()
    body = spec["paths"]["/api/documents"]["post"]["requestBody"]["content"]
    assert body["application/json"]["schema"]["anyOf"] == [
        {"required": ["text"]},
        {"required": ["html"]},
    ]
    assert client.post("/api/documents", json={}, headers=auth).status_code == 400
