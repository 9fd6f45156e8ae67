"""How flows run: deployments with schedules (Europe/Amsterdam) and UI forms, served locally."""
