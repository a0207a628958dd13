"""alp-tui: the weekly review of pupils in part-time alternative learning provision."""

__version__ = "0.1.0"
