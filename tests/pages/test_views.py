"""The public pages: /halaman/<slug>/ and /halaman/<parent>/<slug>/."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from pages.models import Page, Person
from tests.pages.conftest import make_page, make_person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "published_at"),
    [
        (Page.Status.DRAFT, None),
        (Page.Status.REVIEW, None),
        (Page.Status.PUBLISHED, timezone.now() + timedelta(days=1)),
    ],
    ids=["draft", "review", "scheduled"],
)
def test_unpublished_pages_are_404_for_visitors(client, status, published_at):
    page = make_page("Rahasia Kantor", status=status, published_at=published_at)
    response = client.get(page.get_absolute_url())
    assert response.status_code == HTTPStatus.NOT_FOUND
    assertNotContains(response, "Rahasia Kantor", status_code=HTTPStatus.NOT_FOUND)


def test_a_child_of_a_draft_parent_is_404(client):
    profil = make_page("Profil", status=Page.Status.DRAFT)
    visi = make_page("Visi dan Misi", parent=profil)
    assert client.get("/halaman/profil/visi-dan-misi/").status_code == HTTPStatus.NOT_FOUND
    assert client.get(f"/halaman/{visi.slug}/").status_code == HTTPStatus.NOT_FOUND


def test_a_published_page_shows_its_title_body_and_breadcrumbs(client, profile):
    response = client.get("/halaman/profil/visi-dan-misi/")
    assertContains(response, "<h1>Visi dan Misi</h1>", html=True)
    assertContains(response, "Isi halaman Visi dan Misi.")
    assertContains(
        response, '<link rel="canonical" href="http://testserver/halaman/profil/visi-dan-misi/">'
    )
    crumbs = response.content.decode().split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert crumbs.index(">Beranda<") < crumbs.index(">Profil<") < crumbs.index("Visi dan Misi")
    assert 'href="/halaman/profil/"' in crumbs


@pytest.mark.parametrize(
    ("asked", "right"),
    [
        ("/halaman/visi-dan-misi/", "/halaman/profil/visi-dan-misi/"),
        ("/halaman/layanan/visi-dan-misi/", "/halaman/profil/visi-dan-misi/"),
        ("/halaman/visi-dan-misi/tugas-dan-wewenang/", "/halaman/profil/tugas-dan-wewenang/"),
        ("/halaman/visi-dan-misi/profil/", "/halaman/profil/"),
    ],
    ids=["child-at-top", "wrong-parent", "sibling-as-parent", "top-under-a-parent"],
)
def test_a_page_under_the_wrong_address_redirects_to_its_own(client, profile, asked, right):
    make_page("Layanan")
    response = client.get(asked)
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == right


def test_a_parent_lists_its_published_children_in_order(client, profile):
    response = client.get("/halaman/profil/")
    html = response.content.decode()
    assert html.index("/halaman/profil/visi-dan-misi/") < html.index(
        "/halaman/profil/tugas-dan-wewenang/"
    )
    assertNotContains(response, "Rancangan Sejarah")


def test_a_script_in_the_title_is_escaped_and_in_the_body_removed(client):
    page = make_page(
        "<script>alert('judul')</script>",
        slug="berbahaya",
        summary='"><script>alert(2)</script>',
        body="<p>Aman</p><script>alert('isi')</script><img src=x onerror=alert(3)>",
    )
    response = client.get(page.get_absolute_url())
    html = response.content.decode()
    assert "<script>alert(" not in html
    assert "onerror" not in html
    assert "&lt;script&gt;alert(&#x27;judul&#x27;)&lt;/script&gt;" in html
    assertContains(response, "<p>Aman</p>", html=True)


def test_staff_preview_shows_a_draft_that_visitors_cannot_see(client, admin_client):
    page = make_page("Sejarah Kantor", status=Page.Status.DRAFT)
    assert client.get(page.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    preview = admin_client.get(f"/admin/pages/page/{page.pk}/preview/")
    assertContains(preview, "Sejarah Kantor")
    assert preview["X-Robots-Tag"] == "noindex, nofollow"


# --- The organisation page ------------------------------------------------------


def test_people_page_lists_commissioners_then_secretariat_with_photos(client, organisation):
    response = client.get(organisation.get_absolute_url())
    html = response.content.decode()
    # Commissioners first, each group in its order; the inactive left out.
    names = ["Hendra Wicaksono", "Sri Wahyuningsih", "Laila Nur Azizah", "Bambang Setiadi"]
    positions = [html.index(name) for name in [*names, "Endah Puspitasari"]]
    assert positions == sorted(positions)
    assert html.index("Anggota KPU") < html.index("Hendra") < html.index("Sekretariat<")
    assertNotContains(response, "Pensiunan Lama")
    # The division led, linked to its page, and the term of office.
    assertContains(response, 'Memimpin <a href="/divisi/teknis/">Divisi Teknis Penyelenggaraan</a>')
    assertContains(response, "Masa jabatan 2023–2028", count=3)
    # Responsive photos from the renditions: WebP first, sizes set, lazy.
    assert html.count("<picture>") == 4  # Laila has no photo
    assert html.count('type="image/webp"') == 4
    for tag in html.split("<img")[1:]:
        tag = tag.split(">")[0]
        if "person__photo" in tag:
            assert 'width="' in tag and 'height="' in tag and 'loading="lazy"' in tag
            assert "/media/cache/" in tag


def test_a_plain_page_lists_no_people(client, organisation):
    organisation.layout = Page.Layout.PLAIN
    organisation.save()
    assertNotContains(client.get(organisation.get_absolute_url()), "Hendra Wicaksono")


@pytest.mark.parametrize("extra", [0, 12])
def test_people_page_queries_do_not_grow_with_people(
    client, organisation, django_assert_max_num_queries, extra
):
    for index in range(extra):
        make_person(f"Staf Tambahan {index}", Person.Group.SECRETARIAT, photo=False, order=9)
    client.get(organisation.get_absolute_url())  # the menu and settings, kept per process
    # The page with its parent, and the people with their divisions.
    with django_assert_max_num_queries(2):
        response = client.get(organisation.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert response.content.decode().count('class="person"') == 5 + extra


def test_a_parent_page_costs_two_queries(client, profile, django_assert_max_num_queries):
    client.get("/halaman/profil/")
    with django_assert_max_num_queries(2):  # the page, its children
        client.get("/halaman/profil/")


def test_editing_a_person_shows_at_once_on_the_cached_page(client, organisation, settings):
    settings.PAGE_CACHE_SECONDS = 600
    url = organisation.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    person = Person.objects.get(name="Bambang Setiadi")
    person.position = "Sekretaris Baru"
    person.save()
    assertContains(client.get(url), "Sekretaris Baru")
