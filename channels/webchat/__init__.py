"""Web chat: the widget's channel, delivered over the event bus to the visitor's socket."""
