import pytest


@pytest.fixture
def client(client):
    """Page and API tests assert English source texts: ask for English (kk and ru are covered by catalogues)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
