#include "emulator/core/tls/record_mac.h"

#include <array>

namespace schannel_emu {

RecordMac RecordMac::Create(std::uint16_t version, MacAlgorithm mac, ByteView key) {
  return RecordMac(version, version == kSsl3 ? MakeSsl3Mac(mac, key) : MakeHmac(mac, key));
}

void RecordMac::Compute(std::uint64_t seq, ContentType type, ByteView fragment, std::uint8_t* out) {
  // The header is seq_num(8) || type(1) || [version(2), TLS only] || length(2).
  std::array<std::uint8_t, 13> header{};
  std::size_t used = 0;
  for (int shift = 56; shift >= 0; shift -= 8) {
    header[used++] = static_cast<std::uint8_t>(seq >> shift);
  }
  header[used++] = static_cast<std::uint8_t>(type);
  if (version_ != kSsl3) {
    header[used++] = static_cast<std::uint8_t>(version_ >> 8);
    header[used++] = static_cast<std::uint8_t>(version_);
  }
  header[used++] = static_cast<std::uint8_t>(fragment.size() >> 8);
  header[used++] = static_cast<std::uint8_t>(fragment.size());

  mac_.Mac({ByteView(header.data(), used), fragment}, out);
}

}  // namespace schannel_emu
