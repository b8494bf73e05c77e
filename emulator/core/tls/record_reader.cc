#include "emulator/core/tls/record_reader.h"

#include <algorithm>

namespace schannel_emu {

void RecordReader::Feed(ByteView data) {
  Compact();
  buffer_.insert(buffer_.end(), data.begin(), data.end());
}

void RecordReader::Skip(std::size_t count) {
  offset_ += std::min(count, buffered());
  Compact();
}

void RecordReader::Compact() {
  // Dropping the consumed prefix only once it is large keeps Feed cheap for
  // many small reads without letting consumed bytes pile up.
  if (offset_ == buffer_.size()) {
    buffer_.clear();
    offset_ = 0;
  } else if (offset_ > kMaxCiphertextFragment) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(offset_));
    offset_ = 0;
  }
}

Expected<std::optional<Record>, RecordError> RecordReader::Next() {
  ByteReader reader(Peek());
  const auto type = reader.U8();
  if (!type) return std::optional<Record>();
  if (*type < static_cast<std::uint8_t>(ContentType::kChangeCipherSpec) ||
      *type > static_cast<std::uint8_t>(ContentType::kApplicationData)) {
    return Unexpected(RecordError::kBadContentType);
  }

  const auto major = reader.U8();
  if (!major) return std::optional<Record>();
  if (*major != 3) return Unexpected(RecordError::kBadVersion);

  const auto minor = reader.U8();
  const auto length = reader.U16();
  if (!minor || !length) return std::optional<Record>();
  if (*length > kMaxCiphertextFragment) return Unexpected(RecordError::kTooLong);

  const auto fragment = reader.Take(*length);
  if (!fragment) return std::optional<Record>();

  Record record;
  record.type = *type;
  record.version = static_cast<std::uint16_t>((*major << 8) | *minor);
  record.fragment.assign(fragment->begin(), fragment->end());
  offset_ += reader.offset();
  Compact();
  return std::optional<Record>(std::move(record));
}

}  // namespace schannel_emu
