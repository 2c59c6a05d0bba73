"""The demo stays usable with two-factor sign-in: demo_logins prints each login's authenticator
key and how to get a code, demo_code prints the current code, and neither works on anyone who
is not seeded demo staff."""

import datetime
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.seed import DEMO_PASSWORD, demo_logins, seed_demo
from kit.signin import authenticator_key
from tests import factories
from tests.two_factor import code_for_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    seed_demo(offenders=60, seed=1, today=datetime.date(2026, 11, 23), log=lambda line: None)
    return demo_logins()


def test_demo_logins_prints_each_logins_authenticator_key_and_how_to_get_a_code(demo, capsys):
    call_command("demo_logins")
    out = capsys.readouterr().out
    for login in demo:
        device = TOTPDevice.objects.get(user__username=login.username, confirmed=True)
        assert re.search(rf"{re.escape(login.username)} .* key {authenticator_key(device)}$", out, re.M)
    assert DEMO_PASSWORD in out
    assert "authenticator app" in out and "./dev code USERNAME" in out
    assert "manage.py demo_code" not in out


def test_the_keys_stay_the_same_from_one_run_to_the_next(demo, capsys):
    call_command("demo_logins")
    first = capsys.readouterr().out
    call_command("demo_logins")
    assert capsys.readouterr().out == first
    assert TOTPDevice.objects.count() == len(demo)


def test_a_tester_signs_in_with_the_printed_key_or_the_printed_code(demo, client, capsys):
    om = demo[0].username
    call_command("demo_logins")
    key = re.search(rf"{re.escape(om)} .* key ([A-Z2-7 ]+)$", capsys.readouterr().out, re.M).group(1)
    call_command("demo_code", om)
    code = capsys.readouterr().out.split()[0]
    assert code == code_for_key(key)

    client.post(reverse("login"), {"username": om, "password": DEMO_PASSWORD})
    client.post(reverse("two-factor"), {"code": code})
    assert client.get(reverse("home")).status_code == 200


def test_demo_code_refuses_anyone_who_is_not_demo_staff(demo):
    real = factories.StaffFactory(username="real.person", email="real.person@police.example")
    with pytest.raises(CommandError, match="not a demo user"):
        call_command("demo_code", real.username)
    with pytest.raises(CommandError, match="not a demo user"):
        call_command("demo_code", "nobody.at.all")
    assert not TOTPDevice.objects.filter(user=real).exists()


def test_demo_logins_refuses_data_that_is_not_demo_data():
    factories.StaffFactory(username="real.person", email="real.person@police.example")
    with pytest.raises(CommandError, match="not a demo user"):
        call_command("demo_logins")
    assert not TOTPDevice.objects.exists()
