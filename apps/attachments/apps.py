from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "apps.attachments"
    verbose_name = "Attachments"

    def ready(self):
        from apps.attachments import services

        services.connect_record_deletes()
