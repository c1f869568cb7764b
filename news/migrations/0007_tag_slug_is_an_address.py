"""Every tag's slug fits its public address, /tag/<slug>/ (news/tags.py).

A CHECK in the database, so no path (a library's admin view, a shell, a script)
can create a tag whose page links would fail: taggit's own slug fallback
included. taggit's Tag is not ours to add Meta constraints to, hence SQL.
"""

from django.db import migrations

CONSTRAINT = "taggit_tag_slug_is_an_address"


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0006_faster_home_queries"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunSQL(
            f"ALTER TABLE taggit_tag ADD CONSTRAINT {CONSTRAINT}"
            " CHECK (slug ~ '^[a-zA-Z0-9][-a-zA-Z0-9_]*$')",
            f"ALTER TABLE taggit_tag DROP CONSTRAINT {CONSTRAINT}",
        ),
    ]
