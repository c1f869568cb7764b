import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache

from tests.factories import ArticleFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and drawn covers go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def clear_cache():
    # The counter remembers readers in the cache; tests must not share them.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.invalid", "pw-admin")


@pytest.fixture
def editor(django_user_model):
    """Staff with every permission on news content (roles come from accounts later)."""
    user = django_user_model.objects.create_user(
        "editor", "editor@example.invalid", "pw-editor", is_staff=True
    )
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="news"))
    return user


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def article(db):
    return ArticleFactory(tags=["pemilu 2024", "data pemilih"])
