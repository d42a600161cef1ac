"""Background tasks of the dialogues app, run by `manage.py db_worker`."""

from django_tasks import task

from .services.outbox import message_deliver


@task()
def deliver_message(message_id):
    """Send one queued email (retries are enqueued by the service)."""
    message = message_deliver(message_id=message_id)
    return message.status if message is not None else None
