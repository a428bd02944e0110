"""The production settings with the benchmark's floor mounted (office/bench.py): only
``manage.py bench`` starts gunicorn with this module, on loopback, and stops it afterwards.
Nothing else is changed: a deployment never names this module, so it never serves the floor."""

from .production import *  # noqa: F403

ROOT_URLCONF = "office.bench"
