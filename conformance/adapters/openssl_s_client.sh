#!/bin/sh
# openssl s_client as an SMTP client: it does EHLO and STARTTLS itself (-starttls smtp), then
# this script feeds the rest of the dialogue, pausing between commands so no command is sent
# before the one it depends on is answered. TLS 1.0 needs security level 0 in OpenSSL 3.
# There is no fallback: when the handshake fails, the mail is not sent.
# usage: openssl_s_client.sh HOST PORT FROM TO MESSAGE_FILE (the file has CRLF line ends)
set -eu
host=$1 port=$2 from=$3 to=$4 message=$5

dialogue() {
  sleep 0.5
  printf 'EHLO s-client.conform.example\r\n'
  sleep 0.3
  printf 'MAIL FROM:<%s>\r\n' "$from"
  sleep 0.2
  printf 'RCPT TO:<%s>\r\n' "$to"
  sleep 0.2
  printf 'DATA\r\n'
  sleep 0.3
  # Dot-stuffing (RFC 5321 4.5.2): a line that starts with a dot gets one more.
  sed 's/^\./../' "$message"
  printf '.\r\n'
  sleep 0.5
  printf 'QUIT\r\n'
  sleep 0.5
}

dialogue | openssl s_client -connect "$host:$port" -starttls smtp -tls1 \
  -cipher 'DEFAULT:@SECLEVEL=0' -quiet -ign_eof 2>&1
