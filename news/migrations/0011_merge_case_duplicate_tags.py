"""Tags that differ only in case become one, and the database keeps it so.

With TAGGIT_CASE_INSENSITIVE (settings), "Pilkada 2024" and "pilkada 2024" are
one tag. Those already made twice are merged here: of each group the tag on
the most items stays (its slug, and so its public address, with it), every
object tagged with any of the group keeps exactly one item of the kept tag,
and the others go. A unique index on upper(name), the expression taggit's
`name__iexact` lookups use, refuses a new duplicate from any path.

The merge cannot be undone (which names were duplicates is gone), so going
back only drops the index; the merged tags stay merged.
"""

from django.db import migrations
from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import Upper

INDEX = "taggit_tag_name_case_insensitive"


def merge_case_duplicates(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    tags = Tag.objects.using(schema_editor.connection.alias)
    duplicated = (
        tags.values(key=Upper("name")).annotate(count=Count("pk")).filter(count__gt=1)
    ).values_list("key", flat=True)
    for key in duplicated:
        kept, *others = (
            tags.annotate(key=Upper("name"), uses=Count("taggit_taggeditem_items"))
            .filter(key=key)
            .order_by("-uses", "pk")
        )
        for other in others:
            items = TaggedItem.objects.filter(tag=other)
            already_tagged = TaggedItem.objects.filter(
                tag=kept, content_type=OuterRef("content_type"), object_id=OuterRef("object_id")
            )
            items.filter(Exists(already_tagged)).delete()
            items.update(tag=kept)
            other.delete()
    # The deferred foreign-key checks of the rows changed above must run now:
    # PostgreSQL refuses to index a table with checks still pending.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0010_generic_published_check"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunPython(merge_case_duplicates, migrations.RunPython.noop),
        migrations.RunSQL(
            f"CREATE UNIQUE INDEX {INDEX} ON taggit_tag (upper(name))",
            f"DROP INDEX {INDEX}",
        ),
    ]
