from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from madoguchi.core.models import Office


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    offices = Office.objects.prefetch_related("hours").order_by("order")
    return render(request, "core/home.html", {"offices": offices})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def placeholder(request: HttpRequest) -> HttpResponse:
    return render(request, "core/placeholder.html", status=200)


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "core/404.html", status=404)
