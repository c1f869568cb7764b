import importlib

import pytest
from django.apps import apps

SEED = importlib.import_module("office.migrations.0002_seed_external_links")


@pytest.fixture(autouse=True)
def national_services(db):
    """The links the data migration gives every new site.

    A browser test on the same worker (transaction=True) empties every table when
    it ends, migration data included; run the migration's own function again
    (idempotent) so these tests see what a new site has, in any order.
    """
    SEED.add_links(apps, None)
