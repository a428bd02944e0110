"""会议's routes (meetings/urls.py, meetings/api/urls.py)."""

PAGES = {}
API = {}
KNOWN_GAPS = set()


def build(world):
    return {}
