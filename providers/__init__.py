"""Wire clients of the providers we talk to (WhatsApp Cloud API, Twilio, SendGrid,
OpenAI-compatible endpoints, a flow's HTTP step). They speak each provider's documented format,
map its errors onto our own types, and import nothing of ours but `domain/`."""
