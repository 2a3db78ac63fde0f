from django.core.management.base import BaseCommand

from madoguchi.booking.tasks import release_expired_holds, send_due_reminders


class Command(BaseCommand):
    help = "Queue the daily reminder sweep and the expired-hold sweep (run from cron/systemd)."

    def handle(self, *args, **options):
        send_due_reminders.enqueue()
        release_expired_holds.enqueue()
        self.stdout.write("queued: send_due_reminders, release_expired_holds")
