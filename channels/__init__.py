"""What Fluxo does with each provider, one package per channel kind (whatsapp, sms, email, webchat):
delivery through the shared `ports.ChannelAdapter`, inbound parsing into `InboundMessage`, media,
delivery statuses, templates. Channels combine a provider with the stores."""
