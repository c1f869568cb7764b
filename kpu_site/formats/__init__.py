"""Date formats of the site's one language, found through FORMAT_MODULE_PATH.

Only what differs from Django's own `id` formats is here; Django falls back to
its module for the rest (input formats, separators).
"""
