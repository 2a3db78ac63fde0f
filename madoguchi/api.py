"""The one JSON API under /api/v1/: every app adds its router here."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError


class ApiError(Exception):
    """An error the client can act on: rendered as {"error": {"code", "message", "fields"}}."""

    def __init__(
        self, status: int, code: str, message: str, fields: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields or {}


api = NinjaAPI(
    title="Madoguchi API",
    version="1",
    urls_namespace="api",
    description="Guidance checklist, FAQ search and counter booking for My Number Card renewal.",
)


def error_response(
    request: HttpRequest, status: int, code: str, message: str, fields: dict | None = None
) -> HttpResponse:
    return api.create_response(
        request,
        {"error": {"code": code, "message": message, "fields": fields or {}}},
        status=status,
    )


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error_response(request, exc.status, exc.code, exc.message, exc.fields)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields: dict[str, str] = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "payload", "path")]
        fields[".".join(loc) or "request"] = err.get("msg", "invalid")
    return error_response(request, 400, "invalid", "入力内容を確認してください。", fields)


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "unauthorised", "ログインが必要です。")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(request, exc.status_code, "error", str(exc))


def _add_routers() -> None:
    from madoguchi.booking.api import router as booking_router
    from madoguchi.faq.api import router as faq_router
    from madoguchi.guide.api import router as guide_router

    api.add_router("/guide", guide_router)
    api.add_router("/faq", faq_router)
    api.add_router("", booking_router)


_add_routers()
