"""/favicon.ico, which browsers ask for whatever the page says, is GOV.UK Frontend's (issue 11)."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tests import factories

ROOT = Path(__file__).resolve().parent.parent
FAVICON = "/static/assets/images/favicon.ico"


def test_the_favicon_redirects_to_govuk_frontends(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == FAVICON


def test_the_asset_build_puts_govuk_frontends_favicon_there():
    # npm run build (static/build.mjs) copies GOV.UK Frontend's images into static/build/assets/.
    build = (ROOT / "static" / "build.mjs").read_text()
    assert '"node_modules/govuk-frontend/dist/govuk/assets/images": "assets/images"' in build
    assert finders.find(FAVICON.removeprefix("/static/"))


@pytest.mark.django_db
def test_a_session_still_to_give_its_code_gets_the_favicon_too(client):
    client.force_login(factories.StaffFactory())
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, FAVICON)
