"""SMS (Twilio-compatible): sending, inbound messages and MMS media."""
