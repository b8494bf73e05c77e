// Seed inputs for the fuzz targets, derived from recorded ClientHellos (and, when the
// TLS engine is built, from deterministic handshakes), in each target's input format.
#pragma once

#include <string>
#include <vector>

#include "emulator/core/base/bytes.h"

namespace schannel_emu::fuzz {

struct NamedStream {
  std::string name;  // file name in the corpus: what the seed exercises
  Bytes bytes;
};

struct CorpusSeeds {
  std::string target;  // "fuzz_client_hello": seeds go to fuzz/<target>_corpus/
  std::vector<NamedStream> seeds;
  std::vector<std::string> failures;  // seeds that could not be recorded or did not replay
};

// HelloVariants turns one TLS-record ClientHello into the streams the hello readers
// should see: as recorded, fragmented over records, and re-encoded as an SSLv2-format
// hello with one SSL 2.0-only spec in front. Returns only `hello` itself when it does
// not parse.
std::vector<NamedStream> HelloVariants(const NamedStream& hello);

// SmtpSeeds gives the fuzz_smtp_engine corpus: dialogues with DATA, BDAT, pipelining,
// protocol errors, the SMTP smuggling end-of-data variants and STARTTLS.
CorpusSeeds SmtpSeeds();

// AllSeeds gives the seeds of every target that needs no TLS handshake to record.
std::vector<CorpusSeeds> AllSeeds(const std::vector<NamedStream>& hellos);

}  // namespace schannel_emu::fuzz
