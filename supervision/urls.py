from django.urls import path

from .views import items

app_name = "supervision"

urlpatterns = [
    path("", items.ItemListView.as_view(), name="item_list"),
    path("<int:pk>/", items.ItemDetailView.as_view(), name="item_detail"),
]
