// Options: the command line of schannel-conform.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "emulator/core/base/expected.h"

namespace schannel_emu::conform {

struct Options {
  std::string client_command;               // --client 'COMMAND'
  std::vector<std::string> mtas;            // --mta NAME (repeatable)
  std::vector<std::string> adapter_files;   // --adapter FILE (repeatable)
  bool all_adapters = false;                // --all: every adapter in the suite folder
  std::vector<std::string> scenario_globs;  // --scenario GLOB (repeatable)
  std::string junit_file;
  std::string json_file;
  std::string expected_failures_file;  // applies to --client and to a single adapter
  double timeout_seconds = 20;
  std::string suite_dir;   // conformance/ folder (adapters, scenarios, expected)
  std::string source_dir;  // the project checkout
  bool keep = false;       // keep the work folders for inspection
  bool list = false;       // list scenarios and adapters, run nothing
  std::string matrix_out;  // --matrix --out FILE
  bool matrix = false;
  int skip_code = 77;  // exit status when every client was skipped
  bool help = false;
};

// ParseOptions reads argv (without the program name); errors say which flag is wrong.
Expected<Options, std::string> ParseOptions(const std::vector<std::string>& args);

std::string Usage();

}  // namespace schannel_emu::conform
