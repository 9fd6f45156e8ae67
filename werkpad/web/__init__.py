"""werkpad web: the small Dutch site behind the task mails (and the gemeente's notifications)."""
