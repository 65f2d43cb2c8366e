from django.db import migrations


class Migration(migrations.Migration):
    """The content version lives in the page cache now (claims.caching)."""

    dependencies = [
        ('claims', '0010_claim_suggestions'),
    ]

    operations = [
        migrations.DeleteModel(
            name='ContentVersion',
        ),
    ]
