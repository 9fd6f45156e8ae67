"""The application shell: settings, CLI, the local stack and the demo."""
