"""The client's address as far as this service can trust it: for lockout counting and the s62 log."""

from django.conf import settings
from ipware import get_client_ip


def client_ip(request) -> str:
    """The address failures are counted against (AXES_CLIENT_IP_CALLABLE).

    Each of the TRUSTED_PROXY_COUNT proxies appends the address it was connected from to
    X-Forwarded-For, so the client is that many entries from the right. Whatever is further
    left came from the client itself and is ignored: a spoofed header cannot move failures to
    another address. With no trusted proxies, or a header too short to have passed through
    them, the connecting address.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies == 0:
        return remote
    # ipware counts the proxies listed in the header; the nearest proxy is the connecting
    # address and is not in it.
    forwarded, _ = get_client_ip(
        request, proxy_count=proxies - 1, request_header_order=["HTTP_X_FORWARDED_FOR"], strict=False
    )
    return forwarded or remote
