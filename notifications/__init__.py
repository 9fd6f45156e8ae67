"""Emails to staff: templates, rendering, .ics invitations, SMTP, and a local mail catcher."""
