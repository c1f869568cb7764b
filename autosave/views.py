"""The JSON endpoints behind a change form's autosave (AutosaveAdminMixin wires them).

The page's script is not trusted with anything: each request is checked here
for a staff session, the model admin's own add/change permission on the item,
CSRF (the middleware, as for every POST and DELETE) and the payload's size and
shape. They answer JSON with a status, never a redirect to the login page, so
the script can tell "your session ended" from "saved".
"""

import json
from http import HTTPStatus

from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from kpu_site.formatting import clock_time

from . import unsent
from .models import MAX_BYTES, MAX_FIELDS, NEW, NOT_KEPT, Autosave


def _error(message, status):
    return JsonResponse({"error": str(message)}, status=status)


def session_view(model_admin, request):
    """Whether this browser still has a staff session, and whose: asked before a save."""
    if not model_admin.admin_site.has_permission(request):
        # 401, not a redirect to the login page: the script reads the answer.
        return JsonResponse({"active": False, "user": None}, status=HTTPStatus.UNAUTHORIZED)
    return JsonResponse({"active": True, "user": request.user.pk})


def autosave_view(model_admin, request, object_id=None):
    """GET the user's autosave of this item, POST a newer one, DELETE it.

    `object_id` None is the add form. Only those who may add (or change this
    very item) reach its autosave: the item is looked up through the model
    admin's own queryset, so a writer cannot even learn whether another
    writer's item exists.
    """
    if not model_admin.admin_site.has_permission(request):
        return _error(_("Your session has ended. Log in again."), HTTPStatus.UNAUTHORIZED)
    if object_id is None:
        allowed, key = model_admin.has_add_permission(request), NEW
    else:
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None:
            return _error(_("Not found."), HTTPStatus.NOT_FOUND)
        allowed, key = model_admin.has_change_permission(request, obj), str(obj.pk)
    if not allowed:
        return _error(_("You may not edit this item."), HTTPStatus.FORBIDDEN)
    content_type = ContentType.objects.get_for_model(model_admin.model)
    autosaves = Autosave.objects.filter(
        user=request.user, content_type=content_type, object_key=key
    )

    if request.method == "GET":
        autosave = autosaves.first()
        if autosave is None:
            return _error(_("Not found."), HTTPStatus.NOT_FOUND)
        return JsonResponse(describe(autosave))
    if request.method == "DELETE":
        autosaves.delete()
        unsent.forget(request, unsent.item_key(model_admin, key))
        return JsonResponse({}, status=HTTPStatus.OK)
    if request.method != "POST":
        return _error(_("Method not allowed."), HTTPStatus.METHOD_NOT_ALLOWED)

    fields = _read_fields(request)
    if isinstance(fields, JsonResponse):
        return fields
    autosave, _created = Autosave.objects.update_or_create(
        user=request.user,
        content_type=content_type,
        object_key=key,
        defaults={"fields": fields, "saved_at": timezone.now()},
    )
    return JsonResponse(describe(autosave))


def describe(autosave):
    return {
        "saved_at": autosave.saved_at.isoformat(),
        "time": clock_time(autosave.saved_at),
        "fields": autosave.fields,
    }


def _read_fields(request):
    """The posted {"fields": {name: [value, ...]}}, or the JSON error to answer."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BYTES or len(request.body) > MAX_BYTES:
        return _error(
            _("The text is too long to be saved automatically. Save the form."),
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
        )
    try:
        fields = json.loads(request.body)["fields"]
    except (ValueError, KeyError, TypeError):
        fields = None
    if not (
        isinstance(fields, dict)
        and len(fields) <= MAX_FIELDS
        and all(
            isinstance(values, list) and all(isinstance(value, str) for value in values)
            for values in fields.values()
        )
    ):
        return _error(_("Unreadable autosave."), HTTPStatus.BAD_REQUEST)
    return {name: values for name, values in fields.items() if name not in NOT_KEPT}
