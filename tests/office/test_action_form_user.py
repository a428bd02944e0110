"""An action form whose choices depend on who fills it in gets the user (``takes_user``)."""

from django import forms

from office.forms import ActionForm
from office.views.detail import ActionPanel, form_user_kwargs


class PlainForm(ActionForm):
    comment = forms.CharField(required=False)


class UserForm(ActionForm):
    takes_user = True

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


def _panel(form_class):
    return ActionPanel("act", form_class, lambda view, obj, data: "", "Act", "Act")


def test_a_form_that_takes_the_user_is_made_with_it():
    user = object()
    form = UserForm(**form_user_kwargs(_panel(UserForm), user))
    assert form.user is user


def test_a_plain_form_is_made_as_before():
    assert form_user_kwargs(_panel(PlainForm), object()) == {}
    PlainForm(**form_user_kwargs(_panel(PlainForm), object()))
