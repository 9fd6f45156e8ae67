# The session-wide Prefect test server (fixture `prefect`) lives in tests/conftest.py, so the
# bad-input catalogue (tests/badinput) shares the same harness instead of starting a second one.
