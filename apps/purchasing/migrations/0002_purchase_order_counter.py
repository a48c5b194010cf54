from django.db import migrations


def create_counter(apps, schema_editor):
    apps.get_model("purchasing", "NumberCounter").objects.get_or_create(name="purchase_order")


class Migration(migrations.Migration):
    dependencies = [("purchasing", "0001_initial")]
    operations = [migrations.RunPython(create_counter, migrations.RunPython.noop)]
