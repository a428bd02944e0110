from django.conf import settings
from rest_framework.pagination import PageNumberPagination


class CappedPageNumberPagination(PageNumberPagination):
    """?page=2&per_page=20 as on the pages, never more than LIST_MAX_PER_PAGE a page."""

    page_size_query_param = "per_page"

    @property
    def max_page_size(self):
        return settings.LIST_MAX_PER_PAGE
