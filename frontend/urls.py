from django.contrib.auth import views as auth_views
from django.urls import path

from frontend import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("e/<slug:slug>/buyer/", views.buyer_home, name="buyer-home"),
    path("e/<slug:slug>/exhibitor/", views.exhibitor_home, name="exhibitor-home"),
    path("e/<slug:slug>/organiser/", views.organiser_home, name="organiser-home"),
]
