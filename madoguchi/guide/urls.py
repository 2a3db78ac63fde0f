from django.urls import path

from madoguchi.guide import views

app_name = "guide"

urlpatterns = [
    path("", views.start, name="start"),
    path("q/<slug:key>/", views.question, name="question"),
    path("q/<slug:key>/answer/", views.answer, name="answer"),
    path("result/", views.result, name="result"),
    path("result/print/", views.print_view, name="print"),
    path("r/<str:code>/", views.short, name="short"),
]
