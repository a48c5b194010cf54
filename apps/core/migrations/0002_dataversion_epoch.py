import secrets

from django.db import migrations, models


def set_epoch(apps, schema_editor):
    DataVersion = apps.get_model("core", "DataVersion")
    DataVersion.objects.using(schema_editor.connection.alias).filter(pk=1).update(
        epoch=secrets.randbits(62)
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_dataversion")]

    operations = [
        migrations.AddField(model_name="dataversion", name="epoch", field=models.BigIntegerField(default=0)),
        migrations.RunPython(set_epoch, migrations.RunPython.noop),
    ]
