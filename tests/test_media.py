"""Uploaded media as the development server serves them (kpu_site/urls.py)."""

from http import HTTPStatus

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.test import RequestFactory

from kpu_site.urls import serve_media


@pytest.mark.parametrize("path", ["a" * 5000, "x/" * 3000, "a\x00b.png"])
def test_names_that_are_no_file_are_404(media_root, path):
    media_root.mkdir(parents=True, exist_ok=True)
    with pytest.raises(Http404):
        serve_media(RequestFactory().get("/media/x"), path)


def test_an_uploaded_file_is_served(media_root):
    (media_root / "covers").mkdir(parents=True)
    (media_root / "covers" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    response = serve_media(RequestFactory().get("/media/covers/a.png"), "covers/a.png")
    assert response.status_code == HTTPStatus.OK


def test_a_way_out_of_media_is_a_bad_request(client, media_root):
    """SuspiciousFileOperation: Django answers 400, never the file."""
    media_root.mkdir(parents=True, exist_ok=True)
    with pytest.raises(SuspiciousFileOperation):
        serve_media(RequestFactory().get("/media/x"), "../../etc/passwd")
