"""WhatsApp (Cloud API): sending, inbound messages, media, templates, phone-number routing."""
