from django.contrib import admin

from madoguchi.core.models import City, Closure, Office, OpeningHours, PhoneLine, Procedure


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["slug", "__str__", "kind", "counters", "booking_days_ahead"]
    list_filter = ["kind"]
    inlines = [OpeningHoursInline]
    filter_horizontal = ["procedures"]


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "__str__", "minutes", "needs_notice"]


admin.site.register(City)
admin.site.register(Closure)
admin.site.register(PhoneLine)
