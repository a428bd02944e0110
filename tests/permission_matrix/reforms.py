"""全面深化改革's routes (reforms/urls.py, reforms/api/urls.py)."""

PAGES = {}
API = {}
KNOWN_GAPS = set()


def build(world):
    return {}
