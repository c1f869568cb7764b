"""What the search ranks an article by: its title's and lead's words (search/engine.py).

Ranking by the whole search_vector read each match's vector a second time
(some 5 kB, stored apart from the row): two thirds of the articles' share of
a search. Adding the column rewrites news_article (some seconds per 100,000
articles); the rewrite packs the rows at the table's fillfactor (0016).
"""

import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0016_article_fillfactor"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
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
                            "lead", config="indonesian", weight="B"
                        ),
                        django.contrib.postgres.search.SearchConfig("indonesian"),
                    ),
                    "||",
                    django.contrib.postgres.search.SearchVector(
                        "lead", config="simple", weight="B"
                    ),
                    django.contrib.postgres.search.SearchConfig("indonesian"),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
    ]
