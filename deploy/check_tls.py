"""Checks the stack's TLS the way an SSL Labs scan would, with `openssl s_client`:
which protocols and cipher suites the server accepts (printed as a list), no session
tickets, HTTP answering 301 to HTTPS, HSTS. Exits non-zero on a miss.

    deploy/check_tls.py HOST:TLS_PORT [HTTP_URL]     (e.g. 127.0.0.1:8443 http://127.0.0.1:8080)

Expected (Mozilla's intermediate profile): TLS 1.2 and 1.3 only; TLS 1.2 suites all
ECDHE (forward secret) with AES-GCM or ChaCha20-Poly1305 (AEAD).
"""

import re
import subprocess
import sys
import urllib.error
import urllib.request

TARGET = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8443"
HTTP_URL = sys.argv[2] if len(sys.argv) > 2 else ""
failures: list[str] = []


def check(condition: bool, message: str) -> None:
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


def handshake(*options: str, send: bytes = b"") -> tuple[bool, str]:
    result = subprocess.run(
        ["openssl", "s_client", "-connect", TARGET, "-servername", "localhost", *options],
        input=send,
        capture_output=True,
        timeout=10,
        check=False,
    )
    out = result.stdout.decode(errors="replace")
    accepted = (
        result.returncode == 0 and "Cipher is (NONE)" not in out and "Cipher    : 0000" not in out
    )
    return accepted, out


def all_ciphers() -> list[str]:
    out = subprocess.run(
        ["openssl", "ciphers", "ALL:COMPLEMENTOFALL:@SECLEVEL=0"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return out.split(":")


# Protocols
for flag, name, wanted in (
    ("-tls1", "TLS 1.0", False),
    ("-tls1_1", "TLS 1.1", False),
    ("-tls1_2", "TLS 1.2", True),
    ("-tls1_3", "TLS 1.3", True),
):
    accepted, _ = handshake(flag, "-cipher", "ALL:@SECLEVEL=0")
    check(accepted == wanted, f"{name}: {'accepted' if accepted else 'refused'}")

# TLS 1.2 suites, one handshake each
accepted12 = []
for cipher in all_ciphers():
    if cipher.startswith("TLS_"):
        continue  # TLS 1.3 names
    ok, _ = handshake("-tls1_2", "-cipher", f"{cipher}:@SECLEVEL=0")
    if ok:
        accepted12.append(cipher)
accepted13 = []
for suite in (
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_AES_128_CCM_SHA256",
    "TLS_AES_128_CCM_8_SHA256",
):
    ok, _ = handshake("-tls1_3", "-ciphersuites", suite)
    if ok:
        accepted13.append(suite)
print("\nAccepted cipher suites (server order not preferred: the client's choice wins):")
for suite in accepted13:
    print(f"  TLSv1.3  {suite}")
for cipher in accepted12:
    print(f"  TLSv1.2  {cipher}")
print()
weak = [c for c in accepted12 if not c.startswith("ECDHE-") or not ("GCM" in c or "CHACHA20" in c)]
check(
    bool(accepted12) and not weak,
    f"TLS 1.2: only forward-secret AEAD suites ({len(accepted12)} accepted)"
    + (f"; weak: {weak}" if weak else ""),
)
check(bool(accepted13), f"TLS 1.3 suites: {len(accepted13)}")

# No session tickets (ssl_session_tickets off): the server issues none.
_, out = handshake("-tls1_2")
check("TLS session ticket:" not in out, "TLS 1.2: no session ticket issued")
# TLS 1.3 sends tickets after the handshake: ask for a page and read to the end.
_, out = handshake("-tls1_3", "-ign_eof", send=b"GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n")
check("HTTP/1.1 200" in out, "an HTTPS request answered")
# With tickets off, OpenSSL still resumes TLS 1.3 sessions from the server's own cache:
# its "tickets" are then 32-byte ids of a cached session, not the session encrypted
# with a long-lived ticket key (what breaks forward secrecy, and what is turned off).
sizes, lines = [], None
for line in out.splitlines():
    if "TLS session ticket:" in line:
        lines = 0
    elif lines is not None and re.match(r"\s+[0-9a-f]{4} - ", line):
        lines += 1
    elif lines is not None:
        sizes.append(lines * 16)
        lines = None
check(
    all(size <= 48 for size in sizes),
    f"TLS 1.3: no encrypted session tickets (resumption ids of {sorted(set(sizes))} bytes)",
)
hsts = [line for line in out.splitlines() if line.lower().startswith("strict-transport-security")]
check(bool(hsts), f"HSTS on /healthz over HTTPS: {hsts[0] if hsts else '-'}")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


if HTTP_URL:
    try:
        urllib.request.build_opener(NoRedirects()).open(HTTP_URL + "/parts/?q=x", timeout=5)
        check(False, "HTTP answers 301 to HTTPS")
    except urllib.error.HTTPError as error:
        location = error.headers.get("Location", "")
        check(
            error.code == 301
            and location.startswith("https://")
            and location.endswith("/parts/?q=x"),
            f"HTTP answers {error.code} to {location}",
        )

if failures:
    sys.exit(f"{len(failures)} TLS check(s) failed")
print("TLS checks passed")
