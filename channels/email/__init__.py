"""E-mail (SendGrid): sending, Inbound Parse, quoted-reply trimming, one-click unsubscribe."""
