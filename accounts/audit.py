from .models import AuditEvent


def record(actor, action, target, detail=""):
    """Append one event to the audit record. One INSERT."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        detail=str(detail)[:300],
    )
