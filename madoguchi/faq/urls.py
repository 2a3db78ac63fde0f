from django.urls import path

from madoguchi.faq import views

app_name = "faq"
urlpatterns = [
    path("", views.index, name="index"),
    path("search", views.search, name="search"),
    path("staff/report/", views.report, name="report"),
    path("<slug:entry_id>/", views.entry, name="entry"),
]
