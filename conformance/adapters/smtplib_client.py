#!/usr/bin/env python3
"""An opportunistic sender built on Python's smtplib, for the conformance suite.

It tries STARTTLS with TLS 1.0 allowed and no certificate check (what an opportunistic
sender does), and when the handshake fails it opens a new connection and sends in clear —
the behaviour Postfix's `may` level and Exim's tls_tempfail_tryclear stand for.

usage: smtplib_client.py HOST PORT FROM TO MESSAGE_FILE
exit status: 0 sent, 1 not sent.
"""
import smtplib
import ssl
import sys

TIMEOUT_SECONDS = 10


def tls_context():
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.minimum_version = ssl.TLSVersion.TLSv1
    # Level 0: TLS 1.0 and SHA-1 signatures are below OpenSSL 3's default level.
    context.set_ciphers("DEFAULT:@SECLEVEL=0")
    return context


def send(host, port, sender, recipient, message, use_tls):
    with smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS) as client:
        client.ehlo("python-smtplib.conform.example")
        if use_tls and client.has_extn("starttls"):
            client.starttls(context=tls_context())
            client.ehlo("python-smtplib.conform.example")
        client.sendmail(sender, [recipient], message)


def main():
    host, port, sender, recipient, path = sys.argv[1:6]
    with open(path, "rb") as message_file:
        message = message_file.read()
    try:
        send(host, int(port), sender, recipient, message, use_tls=True)
        print("sent over TLS")
        return 0
    except (ssl.SSLError, ConnectionError, smtplib.SMTPServerDisconnected, OSError) as error:
        if isinstance(error, smtplib.SMTPResponseException):
            print("refused:", error)
            return 1
        print("TLS failed (%s); retrying in clear" % error)
    try:
        send(host, int(port), sender, recipient, message, use_tls=False)
        print("sent in clear")
        return 0
    except (smtplib.SMTPException, OSError) as error:
        print("not sent:", error)
        return 1


if __name__ == "__main__":
    sys.exit(main())
