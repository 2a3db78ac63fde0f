from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from madoguchi.api import api
from madoguchi.core import views as core_views

admin.site.site_header = "窓口 Madoguchi 管理"
admin.site.site_title = "窓口 Madoguchi"

urlpatterns = [
    path("api/v1/", api.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("staff/admin/", admin.site.urls),
    path("staff/", include("madoguchi.accounts.urls")),
]

urlpatterns += i18n_patterns(
    path("", core_views.home, name="home"),
    path("guide/", include("madoguchi.guide.urls")),
    path("faq/", include("madoguchi.faq.urls")),
    path("booking/", include("madoguchi.booking.urls")),
    prefix_default_language=False,
)

handler404 = "madoguchi.core.views.not_found"
