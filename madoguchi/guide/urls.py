from django.urls import path

from madoguchi.core.views import placeholder

app_name = "guide"
urlpatterns = [path("", placeholder, name="start")]
