"""werkpad web: the small Dutch site behind every task mail (issue 22). Server-rendered (Starlette + jinja2), no
JavaScript; see app.py for the routes and docs/operations.md ("werkpad web") for settings and login modes."""
