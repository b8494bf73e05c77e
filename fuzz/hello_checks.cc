#include "fuzz/hello_checks.h"

#include <algorithm>

#include "fuzz/harness.h"

namespace schannel_emu::fuzz {

bool SameHello(const ClientHello& a, const ClientHello& b) {
  if (a.extensions.size() != b.extensions.size()) return false;
  for (std::size_t i = 0; i < a.extensions.size(); ++i) {
    if (a.extensions[i].type != b.extensions[i].type) return false;
    const ByteView a_data = a.ExtensionData(a.extensions[i]);
    const ByteView b_data = b.ExtensionData(b.extensions[i]);
    if (!std::equal(a_data.begin(), a_data.end(), b_data.begin(), b_data.end())) return false;
  }
  return a.format == b.format && a.record_version == b.record_version &&
         a.client_version == b.client_version && a.random == b.random &&
         a.session_id == b.session_id && a.cipher_specs == b.cipher_specs &&
         a.compression_methods == b.compression_methods &&
         a.has_extensions_block == b.has_extensions_block && a.message == b.message &&
         a.record_count == b.record_count;
}

void CheckHelloInvariants(const ClientHello& hello) {
  Require(!hello.cipher_specs.empty(), "a complete hello offers at least one suite");
  Require(!hello.message.empty(), "a complete hello keeps its message for the Finished hash");
  Require(hello.record_count >= 1, "a complete hello came in at least one record");
  Require(hello.TlsSuites().size() <= hello.cipher_specs.size(),
          "TlsSuites returns no more entries than were offered");
  for (const HelloExtension& extension : hello.extensions) {
    Require(extension.offset <= hello.message.size() &&
                extension.length <= hello.message.size() - extension.offset,
            "every extension's data lies inside the hello's message");
  }
  if (!hello.has_extensions_block) {
    Require(hello.extensions.empty(), "extensions appear only with an extensions block");
  }
  for (const HelloExtension& extension : hello.extensions) {
    Require(hello.FindExtension(extension.type) != nullptr, "every extension can be found");
  }
  if (hello.format != HelloFormat::kTls) return;

  // Parsing the assembled message again must give the same hello: the reader and
  // the message parser must not disagree about where fields end.
  const auto again = ParseClientHelloMessage(hello.message);
  Require(again.has_value(), "a reassembled TLS hello parses again");
  ClientHello copy = *again;
  copy.record_version = hello.record_version;
  copy.record_count = hello.record_count;
  Require(SameHello(copy, hello), "a reassembled TLS hello parses again to the same hello");
}

void CheckSplitReading(ByteView input) {
  const SplitInput split(input);
  ClientHelloReader reader;
  ClientHelloReader::Status status = ClientHelloReader::Status::kNeedMore;
  for (const Piece& piece : split.Pieces()) {
    const bool finished = status != ClientHelloReader::Status::kNeedMore;
    const ClientHelloReader::Status next = reader.Feed(piece.bytes);
    if (finished) Require(next == status, "a finished reader keeps its status");
    status = next;
    Require(reader.status() == status, "status() matches what Feed returned");
  }

  ClientHelloReader whole;
  const ClientHelloReader::Status whole_status = whole.Feed(split.payload());
  Require(status == whole_status, "the split does not change the reader's status");
  Require(reader.consumed() <= split.payload().size(), "the reader consumes only what it got");

  const auto read = ReadClientHello(split.payload());
  switch (status) {
    case ClientHelloReader::Status::kComplete:
      Require(reader.consumed() == whole.consumed(), "the split does not change consumed()");
      Require(SameHello(reader.hello(), whole.hello()), "the split does not change the hello");
      Require(read.has_value() && SameHello(*read, reader.hello()),
              "ReadClientHello agrees with the reader");
      CheckHelloInvariants(reader.hello());
      break;
    case ClientHelloReader::Status::kError:
      Require(reader.error() == whole.error(), "the split does not change the error");
      Require(!read.has_value() && read.error() == reader.error(),
              "ReadClientHello reports the reader's error");
      Require(!HelloErrorName(reader.error()).empty(), "every error has a name");
      break;
    case ClientHelloReader::Status::kNeedMore:
      Require(!read.has_value() && read.error() == HelloError::kTruncated,
              "ReadClientHello reports a hello that needs more bytes as truncated");
      break;
  }
}

}  // namespace schannel_emu::fuzz
