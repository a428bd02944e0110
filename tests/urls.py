from django.urls import include, path

from office.urls import handler403, handler404, handler500, urlpatterns as office_urlpatterns  # noqa: F401

urlpatterns = [path("test/", include("tests.testapp.views")), *office_urlpatterns]
