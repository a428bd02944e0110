from django import template

register = template.Library()


@register.filter
def paragraphs(text: str) -> list[str]:
    """A text's non-empty lines, each a paragraph (an official text has one per line)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
