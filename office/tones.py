"""The colours of states and signals, in one place: every badge and every chart of every app
takes a tone's class and its hex from here, so "closed" is the same green on a badge, in a
table and in a dashboard chart."""

from django.utils.html import format_html

# tone: (light badge class, solid badge class, chart colour)
TONES = {
    "grey": ("bg-secondary-lt", "bg-secondary text-secondary-fg", "#a3aab5"),
    "azure": ("bg-azure-lt", "bg-azure text-azure-fg", "#4299e1"),
    "blue": ("bg-blue-lt", "bg-blue text-blue-fg", "#206bc4"),
    "purple": ("bg-purple-lt", "bg-purple text-purple-fg", "#ae3ec9"),
    "green": ("bg-green-lt", "bg-green text-green-fg", "#2fb344"),
    "yellow": ("bg-yellow-lt", "bg-yellow text-yellow-fg", "#f59f00"),
    "orange": ("bg-orange-lt", "bg-orange text-orange-fg", "#f76707"),
    "red": ("bg-red-lt", "bg-red text-red-fg", "#d63939"),
    "dark": ("bg-dark-lt", "bg-dark text-dark-fg", "#495057"),
}
DEFAULT_TONE = "grey"


def _tone(tone: str) -> tuple[str, str, str]:
    return TONES.get(tone, TONES[DEFAULT_TONE])


def badge_class(tone: str, *, solid: bool = False) -> str:
    return _tone(tone)[1 if solid else 0]


def chart_colour(tone: str) -> str:
    return _tone(tone)[2]


def badge(label, tone: str, *, css: str = "", solid: bool = False, **data):
    """A badge in the tone's shade; ``data`` becomes data-* attributes (for tests, filters)."""
    attributes = format_html("".join(f' data-{key}="{{}}"' for key in data), *data.values())
    return format_html(
        '<span class="badge {} {}"{}>{}</span>',
        badge_class(tone, solid=solid),
        css,
        attributes,
        label,
    )


def state_badge(obj, *, css: str = "record-status"):
    """The record's workflow state as a badge, in the tone its workflow declares."""
    workflow = type(obj).workflow
    state = workflow.state_of(obj)
    label = dict(type(obj)._meta.get_field(workflow.state_field).flatchoices).get(state, state)
    return badge(label, workflow.tone_of(state), css=css, status=state)
