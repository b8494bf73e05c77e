#include "fuzz/smtp_checks.h"

#include <openssl/evp.h>

#include <string>
#include <utility>
#include <vector>

#include "emulator/core/profile/profile.h"
#include "emulator/core/smtp/smtp_server.h"
#include "fuzz/harness.h"
#include "fuzz/tls_fixture.h"

namespace schannel_emu::fuzz {
namespace {

SmtpEnvironment Environment() {
  SmtpEnvironment environment;
  environment.hostname = "mail.fuzz.invalid";
  environment.banner_date = "Tue, 14 Nov 2023 22:13:20 +0000";
  environment.client_address = "192.0.2.25";
  return environment;
}

bool IsDigit(std::uint8_t c) { return c >= '0' && c <= '9'; }

// Run feeds one server. With `use_tags` false the tags are ignored, so the run only
// depends on the payload and its split.
Bytes Run(const SplitInput& split, const std::vector<Piece>& pieces, bool use_tags) {
  RecordingSink sink;
  SmtpServer server(ProfileForSelector(split.spare()).smtp, Environment(), sink);
  server.Start();
  Bytes output = server.TakeOutput();
  std::vector<std::string> stored = StoredHashes(server.TakeEvents());

  for (const Piece& piece : pieces) {
    if (use_tags && piece.tag == 1 && server.starttls_requested()) {
      server.TlsStarted("TLSv1.0", "TLS_RSA_WITH_AES_128_CBC_SHA");
    } else if (use_tags && piece.tag == 2) {
      server.IdleTimeout();
    } else if (use_tags && piece.tag == 3) {
      server.Shutdown();
    }
    Append(output, server.TakeOutput());

    const bool closing = server.wants_close();
    server.Receive(piece.bytes);
    const Bytes answer = server.TakeOutput();
    if (closing) Require(answer.empty(), "nothing is answered once the server wants to close");
    Append(output, answer);
    for (std::string& hash : StoredHashes(server.TakeEvents())) stored.push_back(std::move(hash));
  }

  CheckStoredMessages(stored, sink);
  CheckSmtpReplies(output);
  return output;
}

}  // namespace

std::string Sha256Hex(ByteView data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  Require(EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) == 1,
          "libcrypto computes SHA-256");
  return ToHex(ByteView(digest, length));
}

std::vector<std::string> StoredHashes(const Events& events) {
  std::vector<std::string> hashes;
  for (const Event& event : events) {
    RequireEvent(event);
    const auto sha256 = event.fields.find("sha256");
    if (sha256 != event.fields.end() && sha256->is_string()) {
      hashes.push_back(sha256->get<std::string>());
    }
  }
  return hashes;
}

void CheckStoredMessages(const std::vector<std::string>& hashes, const RecordingSink& sink) {
  Require(hashes.size() == sink.messages().size(),
          "each message the sink received is reported by one event");
  for (std::size_t i = 0; i < hashes.size(); ++i) {
    Require(hashes[i] == Sha256Hex(sink.messages()[i]),
            "the reported sha256 is that of the content the sink received");
  }
}

StoreOutcome RecordingSink::Store(const Envelope& /*envelope*/, ByteView content) {
  messages_.emplace_back(content.begin(), content.end());
  StoreOutcome outcome;
  outcome.result = StoreResult::kStored;
  outcome.id = "fuzz-" + std::to_string(messages_.size());
  return outcome;
}

void CheckSmtpReplies(ByteView output) {
  std::size_t offset = 0;
  bool continuing = false;
  std::string code;
  while (offset < output.size()) {
    const ByteView rest = output.subspan(offset);
    std::size_t end = 0;
    while (end + 1 < rest.size() && !(rest[end] == '\r' && rest[end + 1] == '\n')) ++end;
    Require(end + 1 < rest.size(), "every reply line ends with CRLF");
    const ByteView line = rest.first(end);
    Require(line.size() >= 4 && IsDigit(line[0]) && IsDigit(line[1]) && IsDigit(line[2]),
            "every reply line starts with a 3-digit code");
    Require(line[0] >= '2' && line[0] <= '5', "reply codes are 2xx to 5xx");
    Require(line[3] == ' ' || line[3] == '-', "a code is followed by a space or a hyphen");
    const std::string this_code(AsText(line.first(3)));
    if (continuing) Require(this_code == code, "the lines of one reply share their code");
    code = this_code;
    continuing = line[3] == '-';
    offset += end + 2;
  }
  Require(!continuing, "a multi-line reply ends with a final line");
}

void CheckSmtpEngine(ByteView input) {
  const SplitInput split(input);
  const std::vector<Piece> pieces = split.Pieces();
  Run(split, pieces, true);

  const Bytes split_replies = Run(split, pieces, false);
  std::vector<Piece> whole;
  if (!split.payload().empty()) whole.push_back({split.payload(), 0});
  const Bytes whole_replies = Run(split, whole, false);
  Require(split_replies == whole_replies, "the split of the input does not change the replies");
}

}  // namespace schannel_emu::fuzz
