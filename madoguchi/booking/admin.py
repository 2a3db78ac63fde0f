from django.contrib import admin

from madoguchi.booking.models import Booking, CapacityUnit, CardNotice, Hold, WaitlistEntry


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ("reference", "office", "procedure", "start", "status", "channel")
    list_filter = ("status", "channel", "office")
    search_fields = ("reference",)
    date_hierarchy = "start"
    # Capacity is kept by the services: bookings are changed through them, not edited here.
    readonly_fields = [f.name for f in Booking._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(CapacityUnit)
class CapacityUnitAdmin(admin.ModelAdmin):
    list_display = ("office", "start", "used", "capacity")
    list_filter = ("office",)
    readonly_fields = ("office", "start", "used")


@admin.register(Hold)
class HoldAdmin(admin.ModelAdmin):
    list_display = ("office", "procedure", "start", "status", "purpose", "expires_at")
    list_filter = ("status", "purpose")
    readonly_fields = [f.name for f in Hold._meta.fields]


admin.site.register(WaitlistEntry)
admin.site.register(CardNotice)
