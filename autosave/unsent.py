"""A form posted after its session ended: kept for the browser that sent it, script or not.

The admin answers such a POST with the login page and would drop it. Before it
does, the fields (not the files: a session is no place for pictures) go into
that browser's session, which survives the login (Django keeps an anonymous
session's data when someone logs in). The change form then offers them like an
autosave. Only the browser that typed them ever sees them, and only on a form
its user may edit; CSRF was checked first (the middleware), so no other site
can plant text here.
"""

import json
from functools import wraps

from django.conf import settings
from django.contrib.admin.utils import unquote
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .models import MAX_BYTES, NEW, NOT_KEPT

SESSION_KEY = "autosave_unsent"


def item_key(model_admin, key):
    """`key`: the item's primary key as text, or NEW."""
    return f"{model_admin.opts.label_lower}:{key}"


def keeping_unsent(model_admin, view):
    """`view` (the admin's add or change view), keeping a POST that has no staff session."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            request.method == "POST"
            and not model_admin.admin_site.has_permission(request)
            and _had_a_session(request)
        ):
            object_id = kwargs.get("object_id")
            _keep(request, item_key(model_admin, unquote(object_id) if object_id else NEW))
        return view(request, *args, **kwargs)

    return wrapper


def _had_a_session(request):
    """Whether the browser's session cookie names a session the server still holds,
    expired or not: someone who was logged in. Anyone else's POST is not kept, so
    visitors cannot fill the session table with text by posting to the admin."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    return bool(key) and request.session.exists(key)


def _keep(request, key):
    fields = {name: values for name, values in request.POST.lists() if name not in NOT_KEPT}
    if len(json.dumps(fields)) > MAX_BYTES:
        return
    request.session[SESSION_KEY] = {
        "key": key,
        "fields": fields,
        "saved_at": timezone.now().isoformat(),
        # Pictures are not kept, nor those held from a failed save (news/forms.py).
        "had_files": bool(request.FILES) or any(name.endswith("-held") for name in request.POST),
    }


def kept(request, key):
    """What this browser posted to the item `key` after its session ended, if anything."""
    # A request made in code (a test's, a script's) may carry no session at all.
    session = getattr(request, "session", {})
    unsent = session.get(SESSION_KEY)
    if not unsent or unsent.get("key") != key:
        return None
    return {**unsent, "saved_at": parse_datetime(unsent["saved_at"])}


def forget(request, key):
    if kept(request, key) is not None:
        del request.session[SESSION_KEY]
