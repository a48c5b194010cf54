from django.urls import path

from apps.floor.views import camera, checkouts, screens

app_name = "floor"

urlpatterns = [
    path("floor/", screens.floor_home, name="home"),
    path("floor/locations/<int:pk>/", screens.floor_location, name="location"),
    path("floor/forget-location/", screens.floor_forget_location, name="forget_location"),
    path("floor/parts/<int:pk>/", screens.floor_part, name="part"),
    path("floor/undo/", screens.floor_undo, name="undo"),
    path("floor/camera/", camera.floor_camera, name="camera"),
    path("checkouts/", checkouts.checkout_list, name="checkout_list"),
    path("checkouts/new/", checkouts.checkout_new, name="checkout_new"),
    path("checkouts/export/", checkouts.checkout_export, name="checkout_export"),
    path("checkouts/<int:pk>/check-in/", checkouts.checkout_checkin, name="checkout_checkin"),
    path("parts/<int:pk>/checkouts/", checkouts.part_checkouts, name="part_checkouts"),
]
