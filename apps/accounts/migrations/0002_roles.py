"""Creates the permissions of every installed app and the role groups (roles.py).

The post_migrate handler in apps/accounts/apps.py repeats this after every `migrate`, so
permissions added later by other apps' migrations reach the roles too.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_roles(apps, schema_editor):
    from apps.accounts.services import roles_sync

    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=schema_editor.connection.alias, apps=global_apps)
    roles_sync()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
