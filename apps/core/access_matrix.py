"""Who may use this app's URLs; see apps/accounts/roles.py and the matrix test.

"everyone" is every signed-in role (apps/accounts/matrix.py expands it): core, the bottom
layer, does not import the roles."""

ACCESS = {
    "core:baseline": {"GET": "everyone"},
    # A file name that does not exist: signed in → 404, anonymous → sent to sign in.
    "core:media_file": {"GET": "everyone", "kwargs": {"path": "parts/no-such-image.png"}},
}
PUBLIC_URLS = {"core:healthz", "core:readyz", "core:favicon", "core:robots"}
