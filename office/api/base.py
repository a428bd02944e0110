"""Base classes every app's API viewsets use: scoped querysets, so out of scope is a 404."""

from rest_framework import permissions, viewsets


class RestrictedViewSetMixin:
    restrict_action = "view"

    def get_queryset(self):
        action = "view" if self.request.method in permissions.SAFE_METHODS else "change"
        return super().get_queryset().restrict(self.request.user, action)


class RestrictedReadOnlyViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class RestrictedModelViewSet(RestrictedViewSetMixin, viewsets.ModelViewSet):
    permission_classes = [permissions.DjangoModelPermissions]
