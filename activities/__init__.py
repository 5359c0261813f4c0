"""Side effects, thin: each activity class owns the adapters it acts through."""
