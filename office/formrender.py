"""The form renderer of every form (settings.FORM_RENDERER): Django's own, with its most used
widget templates written in Python.

A select renders a template per option (and one more for each option's attributes): a filter
bar of nine selects cost more than the 25 rows of the table under it. The templates handled
here — select, option, the input family, textarea, and the attributes they share — produce
exactly what Django's templates produce (tests/office/test_render_speed.py compares them). A
template whose source is not Django's own (an app overriding it) is rendered by the template,
as before.
"""

from types import SimpleNamespace

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
INPUT_INCLUDE = '{% include "django/forms/widgets/input.html" %}\n'
INPUT_FAMILY = (
    "checkbox color date datetime email file hidden number password search tel text time url"
).split()

# The context a widget template gets from the renderer: autoescaped, no l10n/tz override.
_CONTEXT = SimpleNamespace(autoescape=True, use_l10n=None, use_tz=None)


def _show(value) -> str:
    """``{{ value }}``."""
    return render_value_in_context(value, _CONTEXT)


def _show_s(value) -> str:
    """``{{ value|stringformat:'s' }}``."""
    try:
        text = "%s" % (str(value) if isinstance(value, tuple) else value)  # noqa: UP031
    except (ValueError, TypeError):
        text = ""
    if isinstance(value, SafeData):
        text = mark_safe(text)  # nosec B308 B703: it was safe already, as stringformat keeps it
    return _show(text)


def _attrs(widget) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in widget["attrs"].items():
        if value is False:
            continue
        parts.append(f" {_show(name)}")
        if value is not True:
            parts.append(f'="{_show_s(value)}"')
    return "".join(parts)


class FastTemplates(DjangoTemplates):
    """Django's DjangoTemplates form renderer; see the module docstring."""

    # template name -> the method that writes it (unstripped, as an include gets it)
    KNOWN = {
        f"{WIDGETS}attrs.html": "_attrs_html",
        f"{WIDGETS}select.html": "_select",
        f"{WIDGETS}select_option.html": "_option",
        f"{WIDGETS}input.html": "_input",
        f"{WIDGETS}textarea.html": "_textarea",
        **{f"{WIDGETS}{name}.html": "_input_family" for name in INPUT_FAMILY},
    }

    def __init__(self):
        super().__init__()
        self._fast = None

    def _fast_templates(self) -> dict:
        """The known templates that are Django's own here (read once per renderer)."""
        if self._fast is None:
            fast = {}
            for name, method in self.KNOWN.items():
                template = self.get_template(name).template
                if _is_django_own(template.origin.name, name):
                    fast[name] = getattr(self, method)
            self._fast = fast
        return self._fast

    def render(self, template_name, context, request=None):
        write = self._fast_templates().get(template_name)
        if write is None:
            return super().render(template_name, context, request)
        # Every piece was escaped as the template escapes it (tests/office/test_render_speed.py
        # compares the output with Django's own templates').
        return mark_safe(write(context).strip())  # nosec B308 B703

    def _include(self, template_name, context) -> str:
        """``{% include %}``: the template's output, not stripped."""
        write = self._fast_templates().get(template_name)
        if write is not None:
            return write(context)
        return self.get_template(template_name).render(context)

    # --- the templates, as they render (trailing newline included) ---------------------------

    def _attrs_html(self, context) -> str:
        return _attrs(context["widget"])

    def _select(self, context) -> str:
        widget = context["widget"]
        parts = [f'<select name="{_show(widget["name"])}"{_attrs(widget)}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_show(group_name)}">')
            for option in group_choices:
                parts.append("\n  ")
                parts.append(self._include(option["template_name"], {**context, "widget": option}))
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>\n")
        return "".join(parts)

    def _option(self, context) -> str:
        widget = context["widget"]
        return (
            f'<option value="{_show_s(widget["value"])}"{_attrs(widget)}>'
            f"{_show(widget['label'])}</option>\n"
        )

    def _input(self, context) -> str:
        widget = context["widget"]
        value = widget["value"]
        shown = f' value="{_show_s(value)}"' if value is not None else ""
        return (
            f'<input type="{_show(widget["type"])}" name="{_show(widget["name"])}"'
            f"{shown}{_attrs(widget)}>\n"
        )

    def _input_family(self, context) -> str:
        return self._include(f"{WIDGETS}input.html", context) + "\n"

    def _textarea(self, context) -> str:
        widget = context["widget"]
        value = _show(widget["value"]) if widget["value"] else ""
        return f'<textarea name="{_show(widget["name"])}"{_attrs(widget)}>\n{value}</textarea>\n'


def _is_django_own(path: str, name: str) -> bool:
    import django

    return str(path).replace("\\", "/").startswith(
        str(django.__path__[0]).replace("\\", "/")
    ) and str(path).endswith(name)
