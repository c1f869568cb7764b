from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """django.contrib.admin with the site's own AdminSite as `admin.site`."""

    default_site = "kpu_site.admin_site.AdminSite"
