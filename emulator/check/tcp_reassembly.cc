#include "emulator/check/tcp_reassembly.h"

#include <algorithm>

namespace schannel_emu {

void TcpStream::OnSyn(std::uint32_t isn) {
  // A retransmitted SYN repeats the same number; a different one on the same
  // ports would be a new connection, which the caller keys separately.
  if (saw_syn_) return;
  saw_syn_ = true;
  if (data_.empty() && pending_.empty()) {
    base_ = isn + 1;
  }
}

void TcpStream::OnSegment(std::uint32_t seq, ByteView payload) {
  if (payload.empty()) return;
  if (!base_) base_ = seq;

  // Offsets are taken modulo 2^32 from the start; anything "before" the start
  // (more than 2^31 behind) is a retransmission of bytes already dropped.
  const std::uint32_t relative = seq - *base_;
  if (relative >= 0x80000000u) {
    const std::uint32_t behind = 0u - relative;
    if (behind >= payload.size()) return;
    payload = payload.subspan(behind);
  }
  std::size_t offset = relative >= 0x80000000u ? 0 : relative;

  if (offset >= limit_) {
    truncated_ = true;
    return;
  }
  if (offset + payload.size() > limit_) {
    payload = payload.first(limit_ - offset);
    truncated_ = true;
  }

  // Bytes already in order are kept as they are (first copy wins).
  if (offset < data_.size()) {
    const std::size_t overlap = std::min(payload.size(), data_.size() - offset);
    payload = payload.subspan(overlap);
    offset += overlap;
    if (payload.empty()) return;
  }

  if (offset == data_.size()) {
    data_.insert(data_.end(), payload.begin(), payload.end());
    Drain();
    return;
  }

  if (pending_bytes_ + payload.size() > limit_) {
    truncated_ = true;
    return;
  }
  auto [it, inserted] = pending_.emplace(offset, Bytes(payload.begin(), payload.end()));
  if (inserted) {
    pending_bytes_ += payload.size();
  } else if (it->second.size() < payload.size()) {
    pending_bytes_ += payload.size() - it->second.size();
    it->second.assign(payload.begin(), payload.end());
  }
}

void TcpStream::Drain() {
  while (!pending_.empty() && pending_.begin()->first <= data_.size()) {
    auto node = pending_.extract(pending_.begin());
    pending_bytes_ -= node.mapped().size();
    const std::size_t skip = data_.size() - node.key();
    if (skip < node.mapped().size()) {
      data_.insert(data_.end(), node.mapped().begin() + static_cast<std::ptrdiff_t>(skip),
                   node.mapped().end());
    }
  }
}

}  // namespace schannel_emu
