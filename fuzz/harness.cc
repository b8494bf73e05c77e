#include "fuzz/harness.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace schannel_emu::fuzz {
namespace {

constexpr std::uint8_t kPlanLengthMask = 0x0f;
constexpr std::uint8_t kSizeMask = 0x3f;
constexpr int kTagShift = 6;

}  // namespace

SplitInput::SplitInput(ByteView input) {
  if (input.empty()) return;

  const std::size_t plan_length =
      std::min<std::size_t>(input[0] & kPlanLengthMask, input.size() - 1);
  spare_ = static_cast<unsigned>(input[0] >> 4);
  plan_ = input.subspan(1, plan_length);
  payload_ = input.subspan(1 + plan_length);
}

std::vector<Piece> SplitInput::Pieces() const {
  std::vector<Piece> pieces;
  if (payload_.empty()) return pieces;
  if (plan_.empty()) {
    pieces.push_back({payload_, 0});
    return pieces;
  }

  std::size_t offset = 0;
  std::size_t step = 0;
  while (offset < payload_.size()) {
    const std::uint8_t entry = plan_[step % plan_.size()];
    ++step;

    const std::size_t left = payload_.size() - offset;
    const std::size_t wanted =
        (entry & kSizeMask) == kSizeMask ? left : static_cast<std::size_t>(entry & kSizeMask) + 1;
    const std::size_t size = std::min(wanted, left);
    pieces.push_back(
        {payload_.subspan(offset, size), static_cast<std::uint8_t>(entry >> kTagShift)});
    offset += size;
  }
  return pieces;
}

Bytes SeedFile(ByteView stream, unsigned spare) { return SeedWithPlan(stream, {}, spare); }

Bytes SeedWithPlan(ByteView stream, ByteView plan, unsigned spare) {
  const ByteView used = plan.first(std::min<std::size_t>(plan.size(), kPlanLengthMask));
  Bytes seed;
  seed.push_back(static_cast<std::uint8_t>(((spare & 0x0f) << 4) | used.size()));
  Append(seed, used);
  Append(seed, stream);
  return seed;
}

std::uint8_t TakeByte(ByteView& data) {
  if (data.empty()) return 0;
  const std::uint8_t first = data[0];
  data = data.subspan(1);
  return first;
}

void Require(bool condition, std::string_view what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz property broken: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

void RequireJson(const nlohmann::ordered_json& value, std::string_view what) {
  try {
    // As the event log and the spool write JSON: a client's bytes that are not UTF-8
    // become U+FFFD instead of an exception (emulator/shell/event_log.cc).
    Require(!value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace).empty(),
            what);
  } catch (const nlohmann::json::exception& error) {
    std::fprintf(stderr, "fuzz property broken: %.*s cannot be written as JSON: %s\n",
                 static_cast<int>(what.size()), what.data(), error.what());
    std::abort();
  }
}

void RequireEvent(const Event& event) {
  Require(!event.name.empty(), "every event has a name");
  Require(event.fields.is_object(), "every event's fields are an object");
  RequireJson(event.fields, "event " + event.name);
}

}  // namespace schannel_emu::fuzz
