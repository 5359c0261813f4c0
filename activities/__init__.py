"""Side effects, thin: each activity class owns the channels, stores and providers it acts
through. Workflows know activities only by their contracts (`activities/contracts/`)."""
