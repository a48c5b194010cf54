from django.urls import path

from apps.floor.views import screens

app_name = "floor"

urlpatterns = [
    path("floor/", screens.floor_home, name="home"),
    path("floor/locations/<int:pk>/", screens.floor_location, name="location"),
    path("floor/forget-location/", screens.floor_forget_location, name="forget_location"),
    path("floor/parts/<int:pk>/", screens.floor_part, name="part"),
    path("floor/undo/", screens.floor_undo, name="undo"),
]
