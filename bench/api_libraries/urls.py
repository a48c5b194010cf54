"""One endpoint, the first page of the parts list (same selectors as the page), written
for each library. Both return the same JSON for the same query string."""

from decimal import Decimal

from django.urls import include, path
from ninja import NinjaAPI, Schema
from ninja.security import django_auth
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.catalog.selectors import parts as selectors

PER_PAGE = (25, 50, 100)


def _page(sort: str, per_page: int):
    filters = selectors.PartFilters()
    page = selectors.part_page(filters, sort=sort, page=1, per_page=per_page)
    return selectors.part_rows(page.ids), page


# --- Django REST Framework (+ drf-spectacular for the schema) -------------------------


class CategoryRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PartSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sku = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField(source="unit_id")  # the unit's code, no join
    category = CategoryRef()
    quantity_on_hand = serializers.DecimalField(max_digits=14, decimal_places=3)
    available = serializers.DecimalField(max_digits=14, decimal_places=3)
    on_order = serializers.DecimalField(max_digits=14, decimal_places=3)
    reorder_point = serializers.DecimalField(max_digits=14, decimal_places=3)
    is_active = serializers.BooleanField()


class ParamsSerializer(serializers.Serializer):
    sort = serializers.ChoiceField(choices=list(selectors.PART_SORTS), default="sku")
    per_page = serializers.ChoiceField(choices=PER_PAGE, default=25)


class DrfPartList(APIView):
    def get(self, request):
        params = ParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        rows, page = _page(params.validated_data["sort"], int(params.validated_data["per_page"]))
        return Response({"results": PartSerializer(rows, many=True).data, "next": page.has_next})


# --- django-ninja ------------------------------------------------------------------------

ninja_api = NinjaAPI(urls_namespace="bench-ninja", docs_url=None)


class CategoryOut(Schema):
    id: int
    name: str


class PartOut(Schema):
    id: int
    sku: str
    name: str
    unit: str
    category: CategoryOut
    quantity_on_hand: Decimal

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.unit_id  # the unit's code, no join

    available: Decimal
    on_order: Decimal
    reorder_point: Decimal
    is_active: bool


class PageOut(Schema):
    results: list[PartOut]
    next: bool


@ninja_api.get("/parts/", response=PageOut, auth=django_auth)
def ninja_part_list(request, sort: str = "sku", per_page: int = 25):
    rows, page = _page(sort, per_page)
    return {"results": rows, "next": page.has_next}


urlpatterns = [
    path("bench/drf/parts/", DrfPartList.as_view()),
    path("bench/ninja/", ninja_api.urls),
    path("", include("project.urls")),
]
