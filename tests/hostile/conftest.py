"""The log's fixtures (tablets as SQLite files, hubs on loopback) for the hostile tests."""
from tests.ledger.conftest import hub_server, make_device, pg_database  # noqa: F401
