from django.urls import path

from .views import accounts, autocomplete, claim, editing, entities, health, home, reader, review

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("sources/<slug:slug>/", reader.source_detail, name="source-detail"),
    path("claims/<int:pk>/", claim.claim_detail, name="claim-detail"),
    path("actors/", entities.actor_list, name="actor-list"),
    path("actors/<slug:slug>/", entities.actor_detail, name="actor-detail"),
    path("places/", entities.place_list, name="place-list"),
    path("places/<slug:slug>/", entities.place_detail, name="place-detail"),
    path("events/", entities.event_list, name="event-list"),
    path("events/<slug:slug>/", entities.event_detail, name="event-detail"),
    # Editors (docs/editing.md)
    path("accounts/login/", accounts.login, name="login"),
    path("accounts/logout/", accounts.logout, name="logout"),
    path("claims/new/", editing.claim_new, name="claim-new"),
    path("claims/assess/", editing.claims_bulk_assess, name="claims-bulk-assess"),
    path("claims/<int:pk>/edit/", editing.claim_edit, name="claim-edit"),
    path("claims/<int:pk>/assess/", editing.claim_assess, name="claim-assess"),
    path("review/", review.review_queue, name="review"),
    path("mentions/<int:pk>/confirm/", review.mention_confirm, name="mention-confirm"),
    path("mentions/<int:pk>/reject/", review.mention_reject, name="mention-reject"),
    path("mentions/<int:pk>/new-place/", review.mention_new_place, name="mention-new-place"),
    path("mentions/<int:pk>/new-actor/", review.mention_new_actor, name="mention-new-actor"),
    path("anchors/<int:pk>/reanchor/", review.anchor_reanchor, name="anchor-reanchor"),
    path("autocomplete/<str:kind>/", autocomplete.autocomplete, name="autocomplete"),
]
