"""factory_boy factories of the core's records."""

import factory
from django.contrib.auth.models import Group

from office.models import Notification, OrgUnit, OrgUnitKind, Todo, User

PASSWORD = "test-Password-2026"


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"单位{n}")
    kind = OrgUnitKind.DEPARTMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=[str(r) for r in extracted]))
        self.save()


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"通知{n}")


class TodoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Todo

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"待办{n}")


def build_county(name: str, parent: OrgUnit | None = None) -> dict:
    """A county committee with its office, one section, one township and one department."""
    committee = OrgUnit.objects.create(
        name=f"{name}县委", kind=OrgUnitKind.COUNTY_COMMITTEE, parent=parent
    )
    office = OrgUnit.objects.create(
        name=f"{name}县委办", kind=OrgUnitKind.COUNTY_OFFICE, parent=committee
    )
    committee.save()  # derive its owning office now that the office exists
    section = OrgUnit.objects.create(name=f"{name}秘书科", kind=OrgUnitKind.SECTION, parent=office)
    township = OrgUnit.objects.create(
        name=f"{name}城关镇", kind=OrgUnitKind.TOWNSHIP, parent=committee
    )
    department = OrgUnit.objects.create(
        name=f"{name}财政局", kind=OrgUnitKind.DEPARTMENT, parent=committee
    )
    return {
        "committee": committee,
        "office": office,
        "section": section,
        "township": township,
        "department": department,
    }


def enrol_two_factor(user):
    """The user's confirmed authenticator (office.twofactor), made once."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from office.twofactor import TOTP_NAME

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=True)


def recovery_code(user) -> str:
    """A fresh one-time recovery code of the user's (for signing in through the pages)."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from office.twofactor import RECOVERY_NAME

    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME)
    return device.token_set.create(token=StaticToken.random_token()).token
