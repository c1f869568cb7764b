"""The most-read box's weekly totals (news/most_read.py): two tables, the triggers
that keep the totals equal to the daily buckets in the window, and a first fill."""

from datetime import timedelta

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone

# Statement-level triggers with transition tables: one grouped upsert per
# statement, so a bulk insert of buckets is one statement, not a loop per row.
# With no window row (a flushed database) every bucket counts until
# news.most_read.rebuild() sets one. A deleted bucket only lowers a total that
# exists: when an article is deleted its total may be gone already, and creating
# it again would stop the deletion.
TRIGGERS = """
CREATE FUNCTION news_recentviews_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE news_recentviews AS recent SET views = recent.views - removed.views
        FROM (
            SELECT article_id, sum(views) AS views FROM old_buckets
            WHERE date >= coalesce((SELECT first_day FROM news_viewwindow WHERE id = 1), '-infinity'::date) GROUP BY article_id
        ) AS removed
        WHERE recent.article_id = removed.article_id;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO news_recentviews AS recent (article_id, views)
        SELECT article_id, sum(views) FROM new_buckets
        WHERE date >= coalesce((SELECT first_day FROM news_viewwindow WHERE id = 1), '-infinity'::date)
        GROUP BY article_id
        HAVING sum(views) <> 0
        ON CONFLICT (article_id) DO UPDATE SET views = recent.views + excluded.views;
    ELSE
        -- An UPDATE: what the new rows hold, less what the old ones held.
        INSERT INTO news_recentviews AS recent (article_id, views)
        SELECT article_id, sum(views) FROM (
            SELECT article_id, date, views FROM new_buckets
            UNION ALL
            SELECT article_id, date, -views FROM old_buckets
        ) AS changed
        WHERE date >= coalesce((SELECT first_day FROM news_viewwindow WHERE id = 1), '-infinity'::date)
        GROUP BY article_id
        HAVING sum(views) <> 0
        ON CONFLICT (article_id) DO UPDATE SET views = recent.views + excluded.views;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER news_dailyviews_inserted AFTER INSERT ON news_dailyviews
    REFERENCING NEW TABLE AS new_buckets
    FOR EACH STATEMENT EXECUTE FUNCTION news_recentviews_follow();
CREATE TRIGGER news_dailyviews_updated AFTER UPDATE ON news_dailyviews
    REFERENCING OLD TABLE AS old_buckets NEW TABLE AS new_buckets
    FOR EACH STATEMENT EXECUTE FUNCTION news_recentviews_follow();
CREATE TRIGGER news_dailyviews_deleted AFTER DELETE ON news_dailyviews
    REFERENCING OLD TABLE AS old_buckets
    FOR EACH STATEMENT EXECUTE FUNCTION news_recentviews_follow();
"""

DROP_TRIGGERS = """
DROP TRIGGER news_dailyviews_inserted ON news_dailyviews;
DROP TRIGGER news_dailyviews_updated ON news_dailyviews;
DROP TRIGGER news_dailyviews_deleted ON news_dailyviews;
DROP FUNCTION news_recentviews_follow();
"""


def fill(apps, schema_editor):
    """This week's totals from the buckets already counted, and the window's first day."""
    first_day = timezone.localdate() - timedelta(days=6)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO news_recentviews (article_id, views) "
            "SELECT article_id, sum(views) FROM news_dailyviews WHERE date >= %s "
            "GROUP BY article_id HAVING sum(views) > 0",
            [first_day],
        )
        cursor.execute("INSERT INTO news_viewwindow (id, first_day) VALUES (1, %s)", [first_day])


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0011_merge_case_duplicate_tags"),
    ]

    operations = [
        migrations.CreateModel(
            name="RecentViews",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="recent",
                        serialize=False,
                        to="news.article",
                    ),
                ),
                ("views", models.IntegerField(default=0)),
            ],
            options={
                "verbose_name": "views this week",
                "verbose_name_plural": "views this week",
                "indexes": [
                    models.Index(fields=["-views", "article"], name="news_recentviews_top_idx")
                ],
            },
        ),
        migrations.CreateModel(
            name="ViewWindow",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(
                        default=1, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("first_day", models.DateField()),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("id", 1)), name="news_viewwindow_single"
                    )
                ],
            },
        ),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
        # Backwards, the tables go with their rows.
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
