"""What the search ranks a page by: its title's and summary's words, as an article is
ranked (news 0017_article_rank_vector, search/engine.py)."""

import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_photo_processing"),
    ]

    operations = [
        migrations.AddField(
            model_name="page",
            name="rank_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.SearchVector(
                                "title", config="indonesian", weight="A"
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                "title", config="simple", weight="A"
                            ),
                            django.contrib.postgres.search.SearchConfig("indonesian"),
                        ),
                        "||",
                        django.contrib.postgres.search.SearchVector(
                            "summary", config="indonesian", weight="B"
                        ),
                        django.contrib.postgres.search.SearchConfig("indonesian"),
                    ),
                    "||",
                    django.contrib.postgres.search.SearchVector(
                        "summary", config="simple", weight="B"
                    ),
                    django.contrib.postgres.search.SearchConfig("indonesian"),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
    ]
