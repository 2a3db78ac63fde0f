from django.apps import AppConfig


class FaqConfig(AppConfig):
    name = "madoguchi.faq"
    label = "faq"
    default_auto_field = "django.db.models.BigAutoField"
