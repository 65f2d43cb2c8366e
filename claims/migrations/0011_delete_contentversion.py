from django.db import migrations


class Migration(migrations.Migration):
    """The content version lives in the page cache now (claims.caching)."""

    dependencies = [
        ('claims', '0009_sentence_search_document'),
    ]

    operations = [
        migrations.DeleteModel(
            name='ContentVersion',
        ),
    ]
