from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "apps.audit"
    verbose_name = "History"

    def ready(self):
        from apps.audit import recorder

        recorder.connect_tracked_models()
