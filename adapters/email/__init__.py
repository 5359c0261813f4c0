"""Transactional e-mail (invitations, password resets): SendGrid, or an outbox folder in dev."""

from adapters.email.base import Mailer, MailerError, OutgoingEmail
from adapters.email.outbox import OutboxMailer
from adapters.email.sendgrid import SendGridMailer

__all__ = ["Mailer", "MailerError", "OutboxMailer", "OutgoingEmail", "SendGridMailer"]
