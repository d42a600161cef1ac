from django.db import migrations, models
from django.db.models import F


def start_at_stakeholders_revision(apps, schema_editor):
    """The map's revision starts where the register's is, so no key of the grid or the
    overview's sector parts can name a fragment kept under an earlier revision."""
    Dialogue = apps.get_model("dialogues", "Dialogue")
    Dialogue.objects.update(stakeholder_map_revision=F("stakeholders_revision"))


class Migration(migrations.Migration):
    dependencies = [
        ("dialogues", "0016_commitment_assignee"),
    ]

    operations = [
        migrations.AddField(
            model_name="dialogue",
            name="stakeholder_map_revision",
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(start_at_stakeholders_revision, migrations.RunPython.noop),
    ]
