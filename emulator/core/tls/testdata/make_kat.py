#!/usr/bin/env python3
"""Known-answer values for the SSL 3.0 / TLS 1.0 key derivation and record layer tests.

An implementation independent of the C++ code: the PRF, the SSL 3.0 expansions, Finished
and the record MACs use only Python's hashlib and hmac, written from RFC 2246 and RFC 6101.
Python's standard library has no block or stream ciphers, so the encrypted records are
produced by the `openssl enc` command (a separate program driving libcrypto's raw ciphers,
with padding off) over MAC and padding computed here.

Run it from anywhere: python3 make_kat.py > kat.txt. It prints C++ constants that
prf_test.cc and record_protection_test.cc carry verbatim; rerun it to recheck them.
"""

import hashlib
import hmac
import subprocess

SSL3 = 0x0300
TLS10 = 0x0301


def seq(start, count, step=1):
    return bytes((start + i * step) & 0xFF for i in range(count))


# Fixed inputs, mirrored in the C++ tests.
PRF_SECRET = seq(0x00, 47)  # odd length: the two halves share their middle byte
PRF_LABEL = b"test label"
PRF_SEED = seq(0xA0, 32)
PRF_LENGTH = 100
PRE_MASTER = bytes([0x03, 0x01]) + seq(0x03, 46, 7)
CLIENT_RANDOM = seq(0x10, 32)
SERVER_RANDOM = seq(0x80, 32)
HANDSHAKE = seq(0x00, 300, 13)
MAC_KEY_MD5 = seq(0x20, 16)
MAC_KEY_SHA1 = seq(0x30, 20)
RECORDS = [(23, b"EHLO client.example\r\n"), (22, seq(0x00, 100))]


def p_hash(name, secret, seed, length):
    """P_hash of RFC 2246 section 5."""
    out = b""
    a = seed
    while len(out) < length:
        a = hmac.new(secret, a, name).digest()
        out += hmac.new(secret, a + seed, name).digest()
    return out[:length]


def tls10_prf(secret, label, seed, length):
    half = (len(secret) + 1) // 2
    s1, s2 = secret[:half], secret[len(secret) - half:]
    md5 = p_hash("md5", s1, label + seed, length)
    sha = p_hash("sha1", s2, label + seed, length)
    return bytes(x ^ y for x, y in zip(md5, sha))


def ssl3_expand(secret, seed, length):
    """RFC 6101 6.1 / 6.2.2: MD5(secret + SHA1('A' + secret + seed)) + ... 'BB', 'CCC'."""
    out = b""
    i = 0
    while len(out) < length:
        label = bytes([ord("A") + i]) * (i + 1)
        inner = hashlib.sha1(label + secret + seed).digest()
        out += hashlib.md5(secret + inner).digest()
        i += 1
    return out[:length]


def master_secret(version, pre, cr, sr):
    if version == SSL3:
        return ssl3_expand(pre, cr + sr, 48)
    return tls10_prf(pre, b"master secret", cr + sr, 48)


def key_block(version, master, cr, sr, length):
    if version == SSL3:
        return ssl3_expand(master, sr + cr, length)
    return tls10_prf(master, b"key expansion", sr + cr, length)


def finished(version, master, from_client, messages):
    if version == SSL3:
        sender = b"CLNT" if from_client else b"SRVR"
        out = b""
        for name, pad in (("md5", 48), ("sha1", 40)):
            inner = hashlib.new(name, messages + sender + master + b"\x36" * pad).digest()
            out += hashlib.new(name, master + b"\x5c" * pad + inner).digest()
        return out
    label = b"client finished" if from_client else b"server finished"
    hashes = hashlib.md5(messages).digest() + hashlib.sha1(messages).digest()
    return tls10_prf(master, label, hashes, 12)


def record_mac(version, name, key, seq_num, ctype, data):
    header = seq_num.to_bytes(8, "big") + bytes([ctype])
    if version == SSL3:
        pad = 48 if name == "md5" else 40
        header += len(data).to_bytes(2, "big")
        inner = hashlib.new(name, key + b"\x36" * pad + header + data).digest()
        return hashlib.new(name, key + b"\x5c" * pad + inner).digest()
    header += version.to_bytes(2, "big") + len(data).to_bytes(2, "big")
    return hmac.new(key, header + data, name).digest()


def openssl_enc(cipher, key, iv, data):
    command = ["openssl", "enc", "-" + cipher, "-e", "-nopad", "-K", key.hex(),
               "-provider", "default", "-provider", "legacy"]
    if iv is not None:
        command += ["-iv", iv.hex()]
    return subprocess.run(command, input=data, capture_output=True, check=True).stdout


def sealed_records(version, cipher, block, mac_name, mac_key, key, iv):
    """Seals RECORDS in order with one running cipher (RC4 key stream, CBC implicit IV)."""
    inners = []
    for number, (ctype, data) in enumerate(RECORDS):
        inner = data + record_mac(version, mac_name, mac_key, number, ctype, data)
        if block:
            padding_length = (block - (len(inner) + 1) % block) % block
            inner += bytes([padding_length]) * (padding_length + 1)
        inners.append(inner)
    stream = openssl_enc(cipher, key, iv, b"".join(inners))
    records = []
    offset = 0
    for (ctype, _), inner in zip(RECORDS, inners):
        body = stream[offset:offset + len(inner)]
        offset += len(inner)
        records.append(bytes([ctype]) + version.to_bytes(2, "big") +
                       len(body).to_bytes(2, "big") + body)
    return records


def emit(name, value):
    text = value.hex()
    chunks = [text[i:i + 80] for i in range(0, len(text), 80)]
    print(f"constexpr char {name}[] =")
    for i, chunk in enumerate(chunks):
        end = ";" if i == len(chunks) - 1 else ""
        print(f'    "{chunk}"{end}')


def main():
    print("// prf_test.cc")
    emit("kPrfOutput", tls10_prf(PRF_SECRET, PRF_LABEL, PRF_SEED, PRF_LENGTH))
    masters = {}
    for version, tag in ((TLS10, "Tls"), (SSL3, "Ssl3")):
        masters[version] = master_secret(version, PRE_MASTER, CLIENT_RANDOM, SERVER_RANDOM)
        emit(f"k{tag}Master", masters[version])
    # Key block lengths: AES256-SHA 2*(20+32+16), RC4-MD5 2*(16+16).
    for version, tag in ((TLS10, "Tls"), (SSL3, "Ssl3")):
        for suite, length in (("Aes256Sha", 136), ("Rc4Md5", 64)):
            emit(f"k{tag}KeyBlock{suite}",
                 key_block(version, masters[version], CLIENT_RANDOM, SERVER_RANDOM, length))
        for side, from_client in (("Client", True), ("Server", False)):
            emit(f"k{tag}Finished{side}",
                 finished(version, masters[version], from_client, HANDSHAKE))

    print("// record_protection_test.cc")
    for version, tag in ((TLS10, "Tls"), (SSL3, "Ssl3")):
        for name, key, mac_tag in (("md5", MAC_KEY_MD5, "Md5"), ("sha1", MAC_KEY_SHA1, "Sha1")):
            for number, (ctype, data) in enumerate(RECORDS):
                emit(f"k{tag}Mac{mac_tag}Record{number}",
                     record_mac(version, name, key, number, ctype, data))
    cases = [
        ("kTlsAes128ShaRecord", TLS10, "aes-128-cbc", 16, "sha1", MAC_KEY_SHA1, seq(0x40, 16),
         seq(0x60, 16)),
        ("kTlsTripleDesShaRecord", TLS10, "des-ede3-cbc", 8, "sha1", MAC_KEY_SHA1, seq(0x40, 24),
         seq(0x60, 8)),
        ("kSsl3Rc4Md5Record", SSL3, "rc4", 0, "md5", MAC_KEY_MD5, seq(0x40, 16), None),
        ("kSsl3DesShaRecord", SSL3, "des-cbc", 8, "sha1", MAC_KEY_SHA1, seq(0x40, 8),
         seq(0x60, 8)),
    ]
    for name, version, cipher, block, mac_name, mac_key, key, iv in cases:
        for number, record in enumerate(
                sealed_records(version, cipher, block, mac_name, mac_key, key, iv)):
            emit(f"{name}{number}", record)


if __name__ == "__main__":
    main()
