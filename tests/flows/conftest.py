from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def prefect() -> Iterator[None]:
    """One Prefect test server for the session (12-18 s to start), heartbeats off (-1 s/flow)."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            yield
