"""Domain errors raised by the data layer and mapped to HTTP by the app factory.

The repository and cache know nothing of HTTP; they raise these, and `app.py` turns each into
one status code with a JSON body that carries a reason and the request id.
"""

from __future__ import annotations


class ServiceError(Exception):
    """Base: `status` and `code` say how the HTTP layer answers."""

    status = 500
    code = "internal"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class BadRequestError(ServiceError):
    status = 400
    code = "bad_request"


class NotFoundError(ServiceError):
    status = 404
    code = "not_found"


class ConflictError(ServiceError):
    """A write that contradicts what is stored (other data under the same key, stale version)."""

    status = 409
    code = "conflict"


class ForbiddenError(ServiceError):
    status = 403
    code = "forbidden"


class UnauthorizedError(ServiceError):
    status = 401
    code = "unauthorized"


class UnavailableError(ServiceError):
    """A dependency the request cannot do without is down: nothing was acknowledged."""

    status = 503
    code = "unavailable"

    def __init__(self, dependency: str, detail: str) -> None:
        super().__init__(f"{dependency} unavailable: {detail}")
        self.dependency = dependency
