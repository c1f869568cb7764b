"""Article takes its workflow permissions from publishing.models.Publishable:
`publish_article` as before, and `edit_all_article` for `edit_all_articles`, so
that every publishable type names them alike. The existing permission is renamed
in place, so the groups and users that hold it keep it.
"""

from django.db import migrations


def rename(old, new):
    def run(apps, schema_editor):
        permissions = apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="news", content_type__model="article"
        )
        kept = permissions.filter(codename=new).first()
        for permission in permissions.filter(codename=old):
            if kept is None:
                permission.codename = new
                permission.save(update_fields=["codename"])
                continue
            # Both exist (a `migrate` in between created the other one after
            # its run): keep that one, given to whoever held this one.
            kept.group_set.add(*permission.group_set.all())
            kept.user_set.add(*permission.user_set.all())
            permission.delete()

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0008_article_body_max_length"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="article",
            options={
                "default_permissions": ("add", "change", "delete", "view", "publish", "edit_all"),
                "ordering": ["-published_at", "-pk"],
                "verbose_name": "article",
                "verbose_name_plural": "article",
            },
        ),
        migrations.RunPython(
            rename("edit_all_articles", "edit_all_article"),
            rename("edit_all_article", "edit_all_articles"),
        ),
    ]
