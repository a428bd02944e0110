"""文稿与公文's routes (documents/urls.py, documents/api/urls.py)."""

PAGES = {}
API = {}
KNOWN_GAPS = set()


def build(world):
    return {}
