"""学习与队伍建设's routes (training/urls.py, training/api/urls.py)."""

PAGES = {}
API = {}
KNOWN_GAPS = set()


def build(world):
    return {}
