#!/usr/bin/env bash
# compare.sh: measure, in one run on one machine, the emulator against Postfix's smtpd
# under the same SMTP+STARTTLS load (TLS 1.0, AES128-SHA, the same RSA key and
# certificate), next to the RSA decryption ceiling of the same run; then the memory per
# idle TLS connection and the time from start to the first accepted connection.
# Everything listens on 127.0.0.1 only; every wait is bounded. Needs root (Postfix's
# master runs as root and drops to the postfix user) and Postfix installed
# (bash ci/install-mtas.sh).
#
# Usage: bash bench/compare.sh [BUILD_DIR]
# Environment: RUNS (3), SESSIONS (2000), CONCURRENCY (8), MESSAGE_BYTES (4096),
#   KEY_BITS (2048), IDLE (10000), MAX_SECONDS (120), SKIP_POSTFIX=1, SKIP_IDLE=1,
#   EMULATOR (path of another schannel-emu binary).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build/bench}
emu=${EMULATOR:-$build/emulator/cli/schannel-emu}
load=$build/bench/schannel-load
core_bench=$build/bench/core_bench
runs=${RUNS:-3}
sessions=${SESSIONS:-2000}
concurrency=${CONCURRENCY:-8}
message_bytes=${MESSAGE_BYTES:-4096}
key_bits=${KEY_BITS:-2048}
idle=${IDLE:-10000}
max_seconds=${MAX_SECONDS:-120}

for binary in "$emu" "$load" "$core_bench"; do
  if [[ ! -x $binary ]]; then
    echo "compare.sh: $binary is missing; build it first:" >&2
    echo "  cmake --build $build --target schannel-emu schannel-load core_bench" >&2
    exit 2
  fi
done

# tmpfs for spool and queue: both servers fsync each message before saying 250, and this
# measures the servers, not the disk.
base=/dev/shm
[[ -d $base && -w $base ]] || base=${TMPDIR:-/tmp}
work=$(mktemp -d "$base/schannel-compare.XXXXXX")
chmod 755 "$work"
pids=()
postfix_dir=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n $postfix_dir ]]; then postfix -c "$postfix_dir" abort >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_for_port PORT: until something accepts on 127.0.0.1:PORT, at most 20 s.
wait_for_port() {
  for _ in $(seq 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "compare.sh: nothing accepted on 127.0.0.1:$1 within 20 s" >&2
  return 1
}

field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }
median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) print 0; else print v[int((NR+1)/2)]}'; }

echo "== machine"
echo "cpus: $(nproc), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "kernel: $(uname -r), load average: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== key: RSA-$key_bits, self-signed, SHA-1 signature"
openssl req -x509 -newkey "rsa:$key_bits" -nodes -sha1 -days 3650 -subj /CN=mail.example.com \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
chmod 644 "$work/key.pem"

echo "== RSA ceiling (core_bench, same key size)"
ceiling=$("$core_bench" --benchmark_filter="^BM_RsaDecrypt/bits:$key_bits\$" \
  --benchmark_min_time=1 --benchmark_repetitions="$runs" --benchmark_format=csv 2>/dev/null |
  awk -F, '/^"BM_RsaDecrypt\/bits:[0-9]+"/ {print $7}' | median)
echo "rsa_decrypts_per_s (median of $runs): ${ceiling:-unknown}"

start_emulator() {  # start_emulator PORT EXTRA...: starts it, records the pid
  local port=$1
  shift
  "$emu" --listen "127.0.0.1:$port" --profile win2003-aes --cert "$work/cert.pem" \
    --key "$work/key.pem" --spool "$work/spool" --quiet "$@" 2>>"$work/emulator.log" &
  emulator_pid=$!
  pids+=("$emulator_pid")
  wait_for_port "$port"
}

stop_emulator() {
  kill "$emulator_pid" 2>/dev/null || true
  wait "$emulator_pid" 2>/dev/null || true
}

start_postfix() {  # start_postfix PORT: a private Postfix whose smtpd discards all mail
  local port=$1
  postfix_dir=$work/postfix
  mkdir -p "$postfix_dir/queue" "$postfix_dir/data"
  chown postfix "$postfix_dir/data"
  cat >"$postfix_dir/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $postfix_dir/queue
data_directory = $postfix_dir/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.example.com
mydomain = example.com
mydestination = example.com
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
local_recipient_maps =
alias_maps =
alias_database =
local_transport = discard
default_transport = discard
biff = no
smtpd_tls_security_level = may
smtpd_tls_cert_file = $work/cert.pem
smtpd_tls_key_file = $work/key.pem
smtpd_tls_protocols = >=TLSv1, <=TLSv1
smtpd_tls_ciphers = medium
tls_medium_cipherlist = AES128-SHA:@SECLEVEL=0
smtpd_tls_loglevel = 0
syslog_name = postfix-compare
maillog_file_prefixes = $postfix_dir
maillog_file = $postfix_dir/postfix.log
CONF
  cat >"$postfix_dir/master.cf" <<CONF
127.0.0.1:$port inet n - n - 100 smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
proxymap  unix  -       -       n       -       -       proxymap
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CONF
  postfix -c "$postfix_dir" start >/dev/null 2>&1
  wait_for_port "$port"
}

run_load() {  # run_load PORT: one load run, prints its result line
  "$load" --connect "127.0.0.1:$1" --sessions "$sessions" --concurrency "$concurrency" \
    --message-bytes "$message_bytes" --max-seconds "$max_seconds" --suite AES128-SHA \
    2>>"$work/load.log" || true
}

echo "== load: $sessions sessions, $concurrency at a time, $message_bytes-byte messages, AES128-SHA"
emu_port=$(free_port)
start_emulator "$emu_port" --max-connections-per-source 1000
run_load "$emu_port" >/dev/null  # warm-up
# cpu_seconds PID: user+system CPU time the process has used so far.
cpu_seconds() {
  awk -v tick="$(getconf CLK_TCK)" '{print ($14 + $15) / tick}' "/proc/$1/stat"
}
emu_rates=()
emu_cpu_rates=()
for run in $(seq "$runs"); do
  cpu_before=$(cpu_seconds "$emulator_pid")
  line=$(run_load "$emu_port")
  cpu_after=$(cpu_seconds "$emulator_pid")
  per_cpu=$(awk -v ok="$(field ok "$line")" -v a="$cpu_after" -v b="$cpu_before" \
    'BEGIN { if (a > b) printf "%.1f", ok / (a - b); else print 0 }')
  echo "emulator run $run: $line emulator_cpu_s=$(awk -v a="$cpu_after" -v b="$cpu_before" \
    'BEGIN { print a - b }') sessions_per_emulator_cpu_s=$per_cpu"
  emu_rates+=("$(field sessions_per_s "$line")")
  emu_cpu_rates+=("$per_cpu")
done
stop_emulator

postfix_rates=()
if [[ ${SKIP_POSTFIX:-0} != 1 ]] && command -v postfix >/dev/null; then
  postfix_port=$(free_port)
  start_postfix "$postfix_port"
  run_load "$postfix_port" >/dev/null
  for run in $(seq "$runs"); do
    line=$(run_load "$postfix_port")
    echo "postfix  run $run: $line"
    postfix_rates+=("$(field sessions_per_s "$line")")
  done
  postfix -c "$postfix_dir" stop >/dev/null 2>&1 || true
fi

emu_median=$(printf '%s\n' "${emu_rates[@]}" | median)
echo "emulator sessions/s (median): $emu_median"
if ((${#postfix_rates[@]} > 0)); then
  postfix_median=$(printf '%s\n' "${postfix_rates[@]}" | median)
  echo "postfix  sessions/s (median): $postfix_median"
  awk -v e="$emu_median" -v p="$postfix_median" \
    'BEGIN { if (p > 0) printf "emulator / postfix: %.2f\n", e / p }'
fi
emu_cpu_median=$(printf '%s\n' "${emu_cpu_rates[@]}" | median)
echo "emulator sessions per emulator CPU second (median): $emu_cpu_median"
if [[ -n ${ceiling:-} ]]; then
  awk -v e="$emu_median" -v p="$emu_cpu_median" -v c="$ceiling" 'BEGIN { if (c > 0) {
    printf "emulator sessions/s / rsa_decrypts/s (wall clock, load generator on the same cores): %.2f\n", e / c
    printf "emulator sessions per CPU second / rsa_decrypts/s (server cost only): %.2f\n", p / c } }'
fi

if [[ ${SKIP_IDLE:-0} != 1 ]]; then
  echo "== memory: $idle idle connections after STARTTLS and the handshake"
  idle_port=$(free_port)
  start_emulator "$idle_port" --max-connections $((idle + 100)) \
    --max-connections-per-source $((idle + 100)) --idle-timeout 900
  rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$emulator_pid/status"; }
  # One warm-up connection first, so that start-up allocations are not counted.
  "$load" --connect "127.0.0.1:$idle_port" --sessions 1 --concurrency 1 >/dev/null 2>&1 || true
  before=$(rss_kib)
  "$load" --connect "127.0.0.1:$idle_port" --idle "$idle" --concurrency 8 \
    --max-seconds "$max_seconds" --hold-seconds 300 >"$work/idle.out" 2>>"$work/load.log" &
  holder=$!
  pids+=("$holder")
  for _ in $(seq $((max_seconds * 10 + 100))); do
    grep -q '^holding' "$work/idle.out" 2>/dev/null && break
    kill -0 "$holder" 2>/dev/null || break
    sleep 0.1
  done
  sleep 1
  after=$(rss_kib)
  held=$(sed -n 's/^holding \([0-9]*\).*/\1/p' "$work/idle.out")
  echo "held: ${held:-0} connections; emulator RSS $before KiB -> $after KiB"
  if [[ -n $held && $held -gt 0 ]]; then
    awk -v a="$after" -v b="$before" -v n="$held" \
      'BEGIN { printf "KiB per idle TLS connection: %.1f\n", (a - b) / n }'
  fi
  kill "$holder" 2>/dev/null || true
  wait "$holder" 2>/dev/null || true
  stop_emulator
fi

echo "== start-up: from exec to the first banner, certificate from the cache"
mkdir -p "$work/cert-cache"
python3 - "$emu" "$work" "$runs" <<'PY'
import socket, statistics, subprocess, sys, time
emu, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    return port

def once():
    port = free_port()
    start = time.monotonic()
    child = subprocess.Popen([emu, "--listen", f"127.0.0.1:{port}", "--profile", "win2003-aes",
                              "--cert-cache", f"{work}/cert-cache", "--spool", f"{work}/spool",
                              "--quiet"], stderr=subprocess.DEVNULL)
    try:
        deadline = start + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                    if s.recv(512).startswith(b"220"):
                        return time.monotonic() - start
            except OSError:
                time.sleep(0.001)
        return None
    finally:
        child.terminate(); child.wait(timeout=30)

first = once()  # fills the certificate cache (key generation)
print(f"first start (key generated): {first * 1000:.0f} ms" if first else "first start failed")
times = [t for t in (once() for _ in range(max(runs, 5))) if t is not None]
if times:
    print(f"cached start to first banner: median {statistics.median(times) * 1000:.1f} ms "
          f"(of {len(times)}: {', '.join(f'{t * 1000:.1f}' for t in times)})")
PY
