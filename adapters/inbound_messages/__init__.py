"""Provider deliveries, already verified and parsed by their adapters, as the domain's
`InboundMessage`s: one shape for every channel, handed to the conversation workflow."""
