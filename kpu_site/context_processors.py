from django.conf import settings


def office(request):
    """The office's name and region, printed in the header, footer and titles."""
    return {"OFFICE_NAME": settings.OFFICE_NAME, "OFFICE_REGION": settings.OFFICE_REGION}
