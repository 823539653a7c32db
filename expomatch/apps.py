from django.apps import AppConfig


class ExpomatchConfig(AppConfig):
    """The project package as an app: connects the observability hooks (no models)."""

    name = "expomatch"
    verbose_name = "expomatch"

    def ready(self) -> None:
        # Library signals, used only to label log lines with task ids (no internal flow goes through them).
        from django_tasks.signals import task_enqueued, task_finished, task_started

        from expomatch import logs

        task_enqueued.connect(logs.on_task_enqueued, dispatch_uid="expomatch.logs.enqueued")
        task_started.connect(logs.on_task_started, dispatch_uid="expomatch.logs.started")
        task_finished.connect(logs.on_task_finished, dispatch_uid="expomatch.logs.finished")
