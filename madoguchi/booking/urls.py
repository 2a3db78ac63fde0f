from django.urls import path

from madoguchi.booking import views

app_name = "booking"

urlpatterns = [
    path("", views.start, name="start"),
    path("office/", views.choose_office, name="office"),
    path("day/", views.choose_day, name="day"),
    path("time/", views.choose_time, name="time"),
    path("details/<str:hold>/", views.details, name="details"),
    path("confirm/<str:hold>/", views.confirm, name="confirm"),
    path("done/<str:token>/", views.done, name="done"),
    path("b/<str:token>/", views.manage, name="manage"),
    path("b/<str:token>/calendar.ics", views.ics_download, name="ics"),
    path("b/<str:token>/change/", views.change, name="change"),
    path("find/", views.find, name="find"),
    path("offer/<str:hold>/", views.offer, name="offer"),
    path("staff/", views.staff_book, name="staff"),
    path("staff/find/", views.staff_find, name="staff_find"),
]
