// TcpStream: one direction of a TCP connection put back in order from captured segments.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>

#include "emulator/core/base/bytes.h"

namespace schannel_emu {

// TcpStream keeps the first `limit` bytes of one direction in sequence order.
// Retransmitted and overlapping segments are merged (the first copy of a byte
// wins), out-of-order segments wait until the gap before them is filled. Memory
// is bounded: bytes past `limit` and more than `limit` bytes of waiting segments
// are dropped, and `truncated()` says so. The check only needs the start of a
// session (greeting, EHLO, STARTTLS, ClientHello).
class TcpStream {
 public:
  explicit TcpStream(std::size_t limit = 256 * 1024) : limit_(limit) {}

  // OnSyn fixes the initial sequence number: data starts at isn + 1.
  void OnSyn(std::uint32_t isn);
  // OnSegment adds the payload of one segment carrying sequence number `seq`.
  // Without a SYN, the first segment seen marks the start of the stream.
  void OnSegment(std::uint32_t seq, ByteView payload);

  const Bytes& data() const { return data_; }  // the contiguous bytes from the start
  bool has_gap() const { return !pending_.empty(); }
  bool truncated() const { return truncated_; }
  bool saw_syn() const { return saw_syn_; }

 private:
  void Drain();

  std::size_t limit_;
  std::optional<std::uint32_t> base_;  // sequence number of data_[0]
  bool saw_syn_ = false;
  bool truncated_ = false;
  Bytes data_;
  std::map<std::size_t, Bytes> pending_;  // offset -> bytes that arrived ahead of a gap
  std::size_t pending_bytes_ = 0;
};

}  // namespace schannel_emu
