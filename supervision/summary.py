"""What supervision contributes to the home page, the dashboard and the annual summary."""


def register(registry) -> None:
    """Filled in by the statistics work: figures and to-do providers."""
