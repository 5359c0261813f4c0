"""E-mail (SendGrid): sending, Inbound Parse, delivery statuses, quoted-reply trimming, one-click
unsubscribe, and account mail (invitations, password resets) on the same SendGrid client."""
