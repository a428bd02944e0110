from django.urls import include, path

from office.urls import handler403, handler404, handler500  # noqa: F401
from office.urls import urlpatterns as office_urlpatterns

urlpatterns = [path("test/", include("tests.testapp.views")), *office_urlpatterns]
