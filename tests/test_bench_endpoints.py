"""The benchmark's hello view exists only where `make bench` switches it on."""

import importlib
from http import HTTPStatus

import pytest
from django.urls import clear_url_caches

import kpu_site.urls


@pytest.fixture
def bench_endpoints(settings):
    """Switches BENCH_ENDPOINTS and rebuilds the URLconf; restores both afterwards."""
    original = settings.BENCH_ENDPOINTS

    def switch(on):
        settings.BENCH_ENDPOINTS = on
        importlib.reload(kpu_site.urls)
        clear_url_caches()

    yield switch
    switch(original)


@pytest.mark.django_db
def test_hello_is_not_found_by_default(client):
    assert client.get("/bench/hello/").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.django_db
def test_hello_is_not_found_when_bench_endpoints_are_off(client, bench_endpoints):
    bench_endpoints(False)
    assert client.get("/bench/hello/").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.django_db
def test_hello_answers_when_bench_endpoints_are_on(client, bench_endpoints):
    bench_endpoints(True)
    response = client.get("/bench/hello/")
    assert response.status_code == HTTPStatus.OK
    assert response.content == b"Hello"
    # Never served from a cache: it is the baseline of work every page does.
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_hello_is_gone_again_after_switching_off(client, bench_endpoints):
    bench_endpoints(True)
    bench_endpoints(False)
    assert client.get("/bench/hello/").status_code == HTTPStatus.NOT_FOUND
