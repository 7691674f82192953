"""A migrated in-memory database for the checks that read watchlists and earlier inspections."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils

from checkpoint.store import migrations
from checkpoint.store.db import connect


@pytest.fixture
def memdb() -> Iterator[sqlite_utils.Database]:
    db = connect(":memory:")
    migrations.apply(db)
    yield db
    db.conn.close()
