"""Transactional e-mail (invitations, password resets): SendGrid, or an outbox folder in dev."""

from infra.mail.base import Mailer, MailerError, OutgoingEmail
from infra.mail.outbox import OutboxMailer
from infra.mail.sendgrid import SendGridMailer

__all__ = ["Mailer", "MailerError", "OutboxMailer", "OutgoingEmail", "SendGridMailer"]
