"""What the search ranks an announcement by: its title's and summary's words, as an
article is ranked (news 0017_article_rank_vector, search/engine.py).

And an announcement's vectors kept in its row, where they fit (8 kB): stored
apart (PostgreSQL's TOAST, past 2 kB by default) each cost the search three
index lookups to read, and the planner, which does not count those, chose to
read every announcement rather than the few the index names (0.3 ms a search
over the bench's 200, 0.04 ms through the index). Set first: adding the
column rewrites the table, which then keeps them in its rows.
"""

import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("announcements", "0001_announcements"),
    ]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE announcements_announcement SET (toast_tuple_target = 8160)",
            "ALTER TABLE announcements_announcement RESET (toast_tuple_target)",
        ),
        migrations.AddField(
            model_name="announcement",
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
