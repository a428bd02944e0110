import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_greets_user_in_chinese(client, staff_a):
    client.force_login(staff_a)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "非涉密系统" in response.content.decode()
