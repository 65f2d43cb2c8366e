"""Claims across sources: candidate matches (ClaimMatch), relations confirmed
by an editor with who and when (kinds "same" and "related"), and the
corroboration each claim carries (source_count, first_source).

On PostgreSQL, pg_trgm and a trigram GIN index on the statement let
claims.matching find claims worded alike (docs/matching.md); like the
full-text indexes of 0003 they are outside the model state, since SQLite has
neither. Editors may now add claim relations and decide matches.
"""

import importlib

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models
from django.db.models.functions import Coalesce, Lower

EDITOR_PERMISSIONS = ["add_claimrelation", "add_claimmatch", "change_claimmatch", "view_claimmatch"]


def _trigram_index():
    return GinIndex(
        OpClass(Lower("statement"), name="gin_trgm_ops"), name="claim_statement_trgm"
    )


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("claims", "Claim"), _trigram_index())


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("claims", "Claim"), _trigram_index())


def sqlite_triggers_again(apps, schema_editor):
    """SQLite rebuilt claims_claimsuggestion to add a column, and a rebuild drops
    its triggers: put back 0010's (the quote inside its sentence)."""
    if schema_editor.connection.vendor != "sqlite":
        return
    earlier = importlib.import_module("claims.migrations.0010_claim_suggestions")
    for sql in earlier.SQLITE_INSIDE_SENTENCE_REVERSE + earlier.SQLITE_INSIDE_SENTENCE:
        schema_editor.execute(sql)


def grant_editors(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="claims", codename__in=EDITOR_PERMISSIONS
    )
    for group in Group.objects.filter(name__in=["Editors", "Administrators"]):
        group.permissions.add(*permissions)


def first_corroboration(apps, schema_editor):
    """Every claim's own published sources (no claim is confirmed the same as another yet)."""
    Claim = apps.get_model("claims", "Claim")
    Anchor = apps.get_model("claims", "Anchor")
    published = Anchor.objects.filter(claim=models.OuterRef("pk"), source__is_published=True)
    Claim.objects.using(schema_editor.connection.alias).update(
        # A claim with no published source counts 0 (the column is NOT NULL).
        source_count=Coalesce(
            models.Subquery(
                published.order_by()
                .values("claim")
                .annotate(n=models.Count("source", distinct=True))
                .values("n")
            ),
            0,
        ),
        first_source=models.Subquery(
            published.order_by(
                models.F("source__published_on").asc(nulls_last=True), "source_id"
            ).values("source")[:1]
        ),
    )


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0013_sqlite_fts5'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ClaimMatch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('score', models.FloatField(help_text='0-1: how alike the two claims are.')),
                ('stance', models.CharField(choices=[('same', 'says the same'), ('opposite', 'says the opposite')], default='same', max_length=10)),
                ('shares', models.JSONField(blank=True, default=dict, help_text='What they share: text similarity, actors, places, events, quantities; and why they may contradict.')),
                ('status', models.CharField(choices=[('proposed', 'proposed'), ('confirmed', 'confirmed'), ('dismissed', 'dismissed')], default='proposed', max_length=10)),
                ('computed_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'verbose_name_plural': 'claim matches',
                'ordering': ['first', '-score', 'second'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='claimrelation',
            name='claim_relation_kind_valid',
        ),
        migrations.AddField(
            model_name='claim',
            name='first_source',
            field=models.ForeignKey(blank=True, editable=False, help_text='Kept by the application: the earliest published source making it.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='claims.source'),
        ),
        migrations.AddField(
            model_name='claim',
            name='source_count',
            field=models.PositiveIntegerField(default=0, editable=False, help_text='Kept by the application: published sources that make this claim.'),
        ),
        migrations.AddField(
            model_name='claimrelation',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name='claimrelation',
            name='created_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='claimsuggestion',
            name='similar_claims',
            field=models.JSONField(blank=True, default=list, editable=False, help_text='Claims of other sources that say the same or the opposite, when imported: claim id, score, stance.'),
        ),
        migrations.AlterField(
            model_name='claimrelation',
            name='kind',
            field=models.CharField(choices=[('supports', 'supports'), ('contradicts', 'contradicts'), ('elaborates', 'elaborates'), ('same', 'is the same claim as'), ('related', 'is related to')], max_length=12),
        ),
        migrations.AddIndex(
            model_name='claim',
            index=models.Index(condition=models.Q(('is_published', True)), fields=['-source_count', '-id'], name='claim_published_reported_idx'),
        ),
        migrations.AddConstraint(
            model_name='claimrelation',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['supports', 'contradicts', 'elaborates', 'same', 'related'])), name='claim_relation_kind_valid'),
        ),
        migrations.AddField(
            model_name='claimmatch',
            name='decided_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='claimmatch',
            name='first',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='claims.claim'),
        ),
        migrations.AddField(
            model_name='claimmatch',
            name='second',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='claims.claim'),
        ),
        migrations.AddIndex(
            model_name='claimmatch',
            index=models.Index(fields=['second'], name='claim_match_second_idx'),
        ),
        migrations.AddConstraint(
            model_name='claimmatch',
            constraint=models.UniqueConstraint(fields=('first', 'second'), name='claim_match_unique'),
        ),
        migrations.AddConstraint(
            model_name='claimmatch',
            constraint=models.CheckConstraint(condition=models.Q(('first__lt', models.F('second'))), name='claim_match_ordered'),
        ),
        migrations.AddConstraint(
            model_name='claimmatch',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['proposed', 'confirmed', 'dismissed'])), name='claim_match_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='claimmatch',
            constraint=models.CheckConstraint(condition=models.Q(('stance__in', ['same', 'opposite'])), name='claim_match_stance_valid'),
        ),
        migrations.RunPython(sqlite_triggers_again, migrations.RunPython.noop),
        TrigramExtension(),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
        migrations.RunPython(grant_editors, migrations.RunPython.noop),
        migrations.RunPython(first_corroboration, migrations.RunPython.noop),
    ]
