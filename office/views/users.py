from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from office import services
from office.filtersets import UserFilterSet
from office.forms import UserForm
from office.models import User
from office.tables import UserTable

from .detail import ObjectDetailView
from .generic import ObjectConfirmView, ObjectEditView, ObjectListView


class UserListView(ObjectListView):
    model = User
    table_class = UserTable
    filterset_class = UserFilterSet
    create_url_name = "user_add"

    def get_base_queryset(self):
        return User.objects.select_related("org_unit").prefetch_related("groups")


class UserDetailView(ObjectDetailView):
    model = User
    detail_fields = (
        "username",
        "name",
        "org_unit",
        "position",
        "phone",
        "email",
        "is_active",
        "last_login",
        "date_joined",
    )
    edit_url_name = "user_edit"
    template_name = "office/user_detail.html"

    def may_edit(self) -> bool:
        # The administrators' accounts are the superuser's: no button the service would refuse.
        return super().may_edit() and services.may_change_user(self.request.user, self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_deactivate"] = (
            bool(context["edit_url_name"])
            and self.object.is_active
            and self.object != self.request.user
        )
        return context


class UserEditView(ObjectEditView):
    model = User
    form_class = UserForm

    def has_permission(self):
        return super().has_permission() and (
            self.object is None or services.may_change_user(self.request.user, self.object)
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        return services.user_save(
            actor=self.request.user,
            user=form.save(commit=False),
            roles=form.cleaned_data["roles"],
            password=form.cleaned_data["password1"],
        )


class UserDeactivateView(ObjectConfirmView):
    model = User
    question = _("Deactivate the account of %(name)s?")
    confirm_label = _("Deactivate")
    success_message = _("The account of %(name)s has been deactivated.")

    def check_may(self, obj) -> None:
        if not services.may_change_user(self.request.user, obj):
            raise PermissionDenied

    def perform(self, obj):
        services.user_deactivate(actor=self.request.user, user=obj)
