from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_sentence_source(apps, schema_editor):
    """Each anchor records its sentence's source, as the services and the admin
    set it from now on."""
    Anchor = apps.get_model("claims", "Anchor")
    Sentence = apps.get_model("claims", "Sentence")
    Anchor.objects.update(
        source=Subquery(Sentence.objects.filter(pk=OuterRef("sentence")).values("source"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0007_claim_is_published"),
    ]

    operations = [
        migrations.AddField(
            model_name="anchor",
            name="source",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                help_text="Kept by the application: the source of the sentence.",
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="anchors",
                to="claims.source",
            ),
        ),
        migrations.RunPython(copy_sentence_source, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="anchor",
            name="source",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                help_text="Kept by the application: the source of the sentence.",
                on_delete=models.deletion.CASCADE,
                related_name="anchors",
                to="claims.source",
            ),
        ),
        migrations.AddIndex(
            model_name="anchor",
            index=models.Index(fields=["source", "claim"], name="anchor_source_claim_idx"),
        ),
    ]
