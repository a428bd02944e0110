from django.conf import settings
from rest_framework.pagination import PageNumberPagination

from office.views.generic import EstimatedCountPaginator


class CappedPageNumberPagination(PageNumberPagination):
    """?page=2&per_page=20 as on the pages, never more than LIST_MAX_PER_PAGE a page. The
    ``count`` is exact up to EXACT_COUNT_LIMIT rows and the planner's estimate above, as on
    the pages (office.views.generic.EstimatedCountPaginator)."""

    page_size_query_param = "per_page"
    django_paginator_class = EstimatedCountPaginator

    @property
    def max_page_size(self):
        return settings.LIST_MAX_PER_PAGE
