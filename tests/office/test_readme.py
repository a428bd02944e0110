"""The README's table of demo accounts lists every login seed_demo prints."""

import re
from pathlib import Path

from django.conf import settings

from office.demo import DEMO_USERS, UNIT_HEADS


def test_readme_lists_every_demo_account():
    readme = Path(settings.BASE_DIR, "README.md").read_text(encoding="utf-8")
    table = readme.split("## Demo accounts", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`([a-z_]+)`", table))

    printed = {spec.username for spec in (*DEMO_USERS, *UNIT_HEADS)}
    assert printed - listed == set()
    assert listed - printed <= {"seed_demo"}
