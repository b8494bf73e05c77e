#include "fuzz/seed_streams.h"

#include <algorithm>
#include <string>
#include <utility>

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

CorpusSeeds SmtpSeeds() {
  CorpusSeeds corpus{"fuzz_smtp_engine", {}, {}};
  const std::string envelope =
      "EHLO client.example\r\nMAIL FROM:<a@client.example>\r\nRCPT TO:<b@mail.example>\r\n";
  const std::string body = "Subject: seed\r\n\r\nline one\r\n..dot-stuffed\r\n";
  const std::vector<std::pair<std::string, std::string>> dialogues = {
      {"data", envelope + "DATA\r\n" + body + ".\r\nQUIT\r\n"},
      {"pipelined-rset", envelope + "RSET\r\n" + envelope + "DATA\r\n" + body + ".\r\n"},
      {"bdat", envelope + "BDAT 10\r\n0123456789BDAT 4 LAST\r\nabcdQUIT\r\n"},
      {"helo-vrfy-noop", "HELO x\r\nVRFY postmaster\r\nNOOP\r\nHELP\r\nQUIT\r\n"},
      {"errors", "MAIL FROM:<x>\r\nFOO\r\nRCPT TO:<y>\r\nDATA\r\nBAR\r\nBAZ\r\n"},
      {"auth", "EHLO c\r\nAUTH NTLM\r\n*\r\nX-EXPS GSSAPI\r\nXEXCH50 1 2\r\n"},
      {"smuggling-lf", envelope + "DATA\r\nA\n.\nMAIL FROM:<evil@x>\r\n.\r\n"},
      {"smuggling-cr", envelope + "DATA\r\nA\r.\rRCPT TO:<evil@x>\r\n.\r\n"},
      {"smuggling-nul", envelope + "DATA\r\nA\r\n" + std::string(1, '\0') + ".\r\nQUIT\r\n.\r\n"},
      {"smuggling-crcrlf", envelope + "DATA\r\nA\r\n.\r\r\nQUIT\r\n.\r\n"},
      {"long-line", "EHLO " + std::string(600, 'a') + "\r\nQUIT\r\n"},
      {"body-8bit", envelope.substr(0, envelope.find("MAIL")) +
                        "MAIL FROM:<a@c> BODY=8BITMIME SIZE=100\r\nRCPT TO:<b@m>\r\nDATA\r\n"
                        "\xe9t\xe9\r\n.\r\n"},
  };
  for (const auto& [name, text] : dialogues) {
    corpus.seeds.push_back({name, SeedFile(AsBytes(text))});
    corpus.seeds.push_back({name + "-split", SeedWithPlan(AsBytes(text), Bytes{0x00, 0x04, 0x10})});
  }

  // STARTTLS, then (tag 1 on the second piece) TLS is reported as started and the
  // client says EHLO again; tags 2 and 3 end with a timeout and a shutdown.
  const std::string starttls = "EHLO c\r\nSTARTTLS\r\n";
  const std::string inside =
      "EHLO c\r\n" + envelope.substr(envelope.find("MAIL")) + "DATA\r\n" + body + ".\r\nQUIT\r\n";
  const Bytes starttls_plan = {static_cast<std::uint8_t>(starttls.size() - 1), 0x7f};
  corpus.seeds.push_back({"starttls", SeedWithPlan(AsBytes(starttls + inside), starttls_plan)});
  corpus.seeds.push_back(
      {"starttls-injection", SeedFile(AsBytes(starttls + "MAIL FROM:<injected@x>\r\n"))});
  corpus.seeds.push_back({"idle-timeout", SeedWithPlan(AsBytes(envelope), Bytes{0x05, 0x85})});
  corpus.seeds.push_back({"shutdown", SeedWithPlan(AsBytes(envelope), Bytes{0x05, 0xc5})});
  return corpus;
}

std::vector<CorpusSeeds> AllSeeds(const std::vector<NamedStream>& hellos) {
  CorpusSeeds hello_corpus{"fuzz_client_hello", {}, {}};
  CorpusSeeds verdict_corpus{"fuzz_verdict", {}, {}};
  for (const NamedStream& hello : hellos) {
    for (const NamedStream& variant : HelloVariants(hello)) {
      hello_corpus.seeds.push_back({variant.name, SeedFile(variant.bytes)});
      // Plans: 1..3-byte pieces; 5-byte pieces tagged 1; 64-byte pieces then the rest.
      hello_corpus.seeds.push_back(
          {variant.name + "-split-small", SeedWithPlan(variant.bytes, Bytes{0x00, 0x01, 0x02})});
      hello_corpus.seeds.push_back(
          {variant.name + "-split-mixed", SeedWithPlan(variant.bytes, Bytes{0x44, 0x3e, 0x3f})});

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
  return {hello_corpus, verdict_corpus, SmtpSeeds()};
}

}  // namespace schannel_emu::fuzz
