"""The modes a session is recorded in, read by the codec and by the listing's cache."""

MODES = ("explore", "training", "review")
