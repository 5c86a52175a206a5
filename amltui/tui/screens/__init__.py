"""The app's screens, one per module (imported where used, so start-up stays light)."""
