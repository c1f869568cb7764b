"""What every public content type shares: the draft → review → publish → schedule
workflow, the "visible now" queryset, the version check, revisions, the audit
hooks, the role rules and the whole-page cache. A type declares itself by
subclassing publishing.models.Publishable (docs/architecture.md).
"""
