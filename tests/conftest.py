import os

# Playwright's event loop trips Django's async-safety check in live-server tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
