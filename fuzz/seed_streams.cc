#include "fuzz/seed_streams.h"

#include <algorithm>

#include "emulator/core/hello/client_hello.h"
#include "fuzz/harness.h"

namespace schannel_emu::fuzz {
namespace {

constexpr std::uint8_t kHandshakeRecord = 22;

// Records wraps `message` into handshake records of at most `fragment` bytes each.
Bytes Records(ByteView message, std::uint16_t record_version, std::size_t fragment) {
  Bytes out;
  for (std::size_t offset = 0; offset < message.size(); offset += fragment) {
    const ByteView part = message.subspan(offset, std::min(fragment, message.size() - offset));
    AppendU8(out, kHandshakeRecord);
    AppendU16(out, record_version);
    AppendVector16(out, part);
  }
  return out;
}

// Ssl2Hello encodes `hello`'s TLS suites as an SSLv2-format CLIENT-HELLO (RFC 2246
// appendix E.1), with the SSL 2.0 spec RC4_128_WITH_MD5 (0x010080) first.
Bytes Ssl2Hello(const ClientHello& hello) {
  Bytes body;
  AppendU8(body, 1);  // CLIENT-HELLO
  AppendU16(body, hello.client_version);
  const std::vector<std::uint16_t> suites = hello.TlsSuites();
  AppendU16(body, static_cast<std::uint16_t>(3 * (suites.size() + 1)));
  AppendU16(body, 0);   // no session id
  AppendU16(body, 16);  // challenge length
  AppendU8(body, 0x01);
  AppendU16(body, 0x0080);
  for (const std::uint16_t suite : suites) {
    AppendU8(body, 0);
    AppendU16(body, suite);
  }
  Append(body, ByteView(hello.random).subspan(16));

  Bytes record;
  AppendU16(record, static_cast<std::uint16_t>(0x8000 | body.size()));
  Append(record, body);
  return record;
}

// WithPlan renders a SplitInput with the given plan bytes in front of `stream`.
Bytes WithPlan(const Bytes& plan, ByteView stream) {
  Bytes out;
  out.push_back(static_cast<std::uint8_t>(plan.size()));
  Append(out, plan);
  Append(out, stream);
  return out;
}

}  // namespace

std::vector<NamedStream> HelloVariants(const NamedStream& hello) {
  std::vector<NamedStream> variants = {hello};
  const auto parsed = ReadClientHello(hello.bytes);
  if (!parsed) return variants;

  variants.push_back(
      {hello.name + "-fragmented", Records(parsed->message, parsed->record_version, 100)});
  variants.push_back(
      {hello.name + "-one-byte-records", Records(parsed->message, parsed->record_version, 1)});
  variants.push_back({hello.name + "-ssl2", Ssl2Hello(*parsed)});
  return variants;
}

std::vector<CorpusSeeds> AllSeeds(const std::vector<NamedStream>& hellos) {
  CorpusSeeds hello_corpus{"fuzz_client_hello", {}};
  CorpusSeeds verdict_corpus{"fuzz_verdict", {}};
  for (const NamedStream& hello : hellos) {
    for (const NamedStream& variant : HelloVariants(hello)) {
      hello_corpus.seeds.push_back({variant.name, SeedFile(variant.bytes)});
      // Plans: 1..3-byte pieces; 5-byte pieces tagged 1; 64-byte pieces then the rest.
      hello_corpus.seeds.push_back(
          {variant.name + "-split-small", WithPlan({0x00, 0x01, 0x02}, variant.bytes)});
      hello_corpus.seeds.push_back(
          {variant.name + "-split-mixed", WithPlan({0x44, 0x3e, 0x3f}, variant.bytes)});

      // Window selectors: the built-in rule only; a 4-entry window counting
      // everything; a 15-entry window counting neither SCSVs nor unknown codes.
      verdict_corpus.seeds.push_back({variant.name, SeedFile(variant.bytes)});
      for (const std::uint8_t selector : {std::uint8_t{0x34}, std::uint8_t{0x0f}}) {
        Bytes seed = variant.bytes;
        seed.insert(seed.begin(), selector);
        verdict_corpus.seeds.push_back(
            {variant.name + "-window-" + std::to_string(selector), std::move(seed)});
      }
    }
  }
  return {hello_corpus, verdict_corpus};
}

}  // namespace schannel_emu::fuzz
