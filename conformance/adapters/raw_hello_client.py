#!/usr/bin/env python3
"""Sends one recorded (or built) ClientHello after STARTTLS and reports the server's answer.

A hello-only client for the conformance suite: it cannot finish a handshake (it has no TLS
stack), so it stops at the ServerHello. It gives up, like a sender without a clear retry,
when the server closes, resets or alerts instead.

usage: raw_hello_client.py HOST PORT (--hello-hex FILE | --sslv2)
exit status: 0 ServerHello received, 1 refused, 2 usage or SMTP trouble.
"""
import argparse
import os
import socket
import struct
import sys

TIMEOUT_SECONDS = 10


def read_reply(stream):
    """Reads one SMTP reply (all its lines); returns (code, text)."""
    lines = []
    while True:
        line = stream.readline(4096)
        if not line:
            raise ConnectionError("the server closed the connection during the SMTP dialogue")
        lines.append(line.decode("latin-1").rstrip("\r\n"))
        if len(line) < 4 or line[3:4] != b"-":
            return int(lines[-1][:3]), "\n".join(lines)


def sslv2_hello():
    """An SSL 2.0-format CLIENT-HELLO offering TLS 1.0, as pre-2010 OpenSSL clients sent it."""
    specs = [0x010080, 0x000004, 0x000005, 0x00000A, 0x00002F, 0x000035, 0x0000FF]
    spec_bytes = b"".join(spec.to_bytes(3, "big") for spec in specs)
    challenge = os.urandom(16)
    body = struct.pack(">BHHHH", 1, 0x0301, len(spec_bytes), 0, len(challenge))
    body += spec_bytes + challenge
    return struct.pack(">H", 0x8000 | len(body)) + body


def read_exact(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            return data
        data += chunk
    return data


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--hello-hex")
    group.add_argument("--sslv2", action="store_true")
    args = parser.parse_args()

    if args.sslv2:
        hello = sslv2_hello()
    else:
        with open(args.hello_hex, encoding="ascii") as hex_file:
            hello = bytes.fromhex(hex_file.read().strip())

    sock = socket.create_connection((args.host, args.port), timeout=TIMEOUT_SECONDS)
    stream = sock.makefile("rb")
    try:
        code, text = read_reply(stream)
        if code != 220:
            print("banner:", text)
            return 2
        sock.sendall(b"EHLO raw-hello.conform.example\r\n")
        code, text = read_reply(stream)
        if code != 250 or "STARTTLS" not in text.upper():
            print("EHLO answer without STARTTLS:", text)
            return 2
        sock.sendall(b"STARTTLS\r\n")
        code, text = read_reply(stream)
        if code != 220:
            print("STARTTLS refused:", text)
            return 2

        sock.sendall(hello)
        header = read_exact(sock, 5)
        if len(header) < 5:
            print("refused: the server closed the connection without an answer (%d bytes)"
                  % len(header))
            return 1
        content_type, version, length = struct.unpack(">BHH", header)
        body = read_exact(sock, min(length, 16384))
        if content_type == 21 and len(body) >= 2:
            print("refused: alert level %d description %d" % (body[0], body[1]))
            return 1
        if content_type == 22 and body[:1] == b"\x02" and len(body) >= 39:
            session_id_length = body[38]
            at = 39 + session_id_length
            suite = struct.unpack(">H", body[at:at + 2])[0]
            print("ServerHello version 0x%04x suite 0x%04x" % (version, suite))
            return 0
        print("unexpected answer: record type %d, %d bytes" % (content_type, len(body)))
        return 1
    except ConnectionResetError:
        print("refused: the server reset the connection")
        return 1
    except (ConnectionError, socket.timeout) as error:
        print("refused:", error)
        return 1
    finally:
        sock.close()


if __name__ == "__main__":
    sys.exit(main())
