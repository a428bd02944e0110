from office.views.generic import ObjectDetailView, ObjectListView

from ..models import Item


class ItemListView(ObjectListView):
    model = Item


class ItemDetailView(ObjectDetailView):
    model = Item
