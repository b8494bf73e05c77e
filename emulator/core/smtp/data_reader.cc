#include "emulator/core/smtp/data_reader.h"

#include <utility>

namespace schannel_emu {

std::string_view DataAnomalyKindName(DataAnomalyKind kind) {
  switch (kind) {
    case DataAnomalyKind::kBareLf:
      return "bare_lf";
    case DataAnomalyKind::kLoneCr:
      return "lone_cr";
    case DataAnomalyKind::kLfDotLf:
      return "lf_dot_lf";
    case DataAnomalyKind::kLfDotCr:
      return "lf_dot_cr";
    case DataAnomalyKind::kCrDotLf:
      return "cr_dot_lf";
    case DataAnomalyKind::kCrDotCr:
      return "cr_dot_cr";
    case DataAnomalyKind::kLfDotCrlf:
      return "lf_dot_crlf";
    case DataAnomalyKind::kCrDotCrlf:
      return "cr_dot_crlf";
    case DataAnomalyKind::kCrlfNulDotCrlf:
      return "crlf_nul_dot_crlf";
    case DataAnomalyKind::kCrlfDotCrCrlf:
      return "crlf_dot_cr_crlf";
  }
  return "unknown";
}

DataReader::DataReader(EndOfDataRule rule, std::size_t max_reported)
    : rule_(rule), max_reported_(max_reported) {}

DataReader::Result DataReader::Feed(ByteView input, MessageBuffer& out) {
  const bool lenient = rule_ == EndOfDataRule::kLenient;
  std::size_t i = 0;
  while (i < input.size()) {
    // Inside a line (the byte before is neither CR nor LF) every byte up to the next CR
    // or LF is plain content: no dot or NUL there can start a mark and no line ending
    // can be bare. That run is taken whole; a message is mostly such runs.
    if (prev1_ != '\r' && prev1_ != '\n') {
      std::size_t end = i;
      while (end < input.size() && input[end] != '\r' && input[end] != '\n') ++end;
      if (end > i) {
        out.Append(input.subspan(i, end - i));
        prev2_ = end - i >= 2 ? input[end - 2] : prev1_;
        prev1_ = input[end - 1];
        offset_ += end - i;
        i = end;
        continue;
      }
    }

    const std::uint8_t byte = input[i];
    const bool after_crlf = prev2_ == '\r' && prev1_ == '\n';

    if (byte == '.' && (prev1_ == '\n' || prev1_ == '\r')) {
      const std::uint64_t dot_offset = offset_;
      const Terminator mark = MatchAtDot(input.subspan(i + 1));
      if (mark.match == Match::kNeedMore) return {i, false};

      const bool found = mark.match == Match::kFound;
      if (found && (mark.standard || lenient)) {
        for (std::size_t k = 0; k < mark.length; ++k) Consume(input[i + k]);
        if (!mark.standard) Report(mark.kind, dot_offset, true);
        if (mark.ends_in_lone_cr) Report(DataAnomalyKind::kLoneCr, offset_ - 1, false);
        return {i + mark.length, true};
      }

      // The dot starts a body line. Dot-stuffing is undone only where this rule sees a line
      // start; elsewhere the dot is content.
      Consume(byte);
      if (found) Report(mark.kind, dot_offset, false);
      if (!(after_crlf || lenient)) out.Append(byte);
      ++i;
      continue;
    }

    if (byte == '\0' && after_crlf) {
      const std::uint64_t nul_offset = offset_;
      const Terminator mark = MatchAtNul(input.subspan(i + 1));
      if (mark.match == Match::kNeedMore) return {i, false};
      if (mark.match == Match::kFound && lenient) {
        for (std::size_t k = 0; k < mark.length; ++k) Consume(input[i + k]);
        Report(mark.kind, nul_offset, true);
        return {i + mark.length, true};
      }
      Consume(byte);
      if (mark.match == Match::kFound) Report(mark.kind, nul_offset, false);
      out.Append(byte);
      ++i;
      continue;
    }

    Consume(byte);
    out.Append(byte);
    ++i;
  }
  return {i, false};
}

DataReader::Terminator DataReader::MatchAtDot(ByteView after_dot) const {
  const bool after_crlf = prev2_ == '\r' && prev1_ == '\n';
  const bool after_lone_cr = prev1_ == '\r';
  Terminator mark;
  if (after_dot.empty()) {
    mark.match = Match::kNeedMore;
    return mark;
  }
  mark.match = Match::kFound;

  if (after_dot[0] == '\n') {
    mark.kind = after_lone_cr ? DataAnomalyKind::kCrDotLf : DataAnomalyKind::kLfDotLf;
    mark.length = 2;
    return mark;
  }
  if (after_dot[0] != '\r') {
    mark.match = Match::kNone;
    return mark;
  }
  if (after_dot.size() < 2) {
    mark.match = Match::kNeedMore;
    return mark;
  }

  if (after_dot[1] == '\n') {
    mark.standard = after_crlf;
    mark.kind = after_lone_cr ? DataAnomalyKind::kCrDotCrlf : DataAnomalyKind::kLfDotCrlf;
    mark.length = 3;
    return mark;
  }
  if (after_dot[1] == '\r' && after_crlf) {
    if (after_dot.size() < 3) {
      mark.match = Match::kNeedMore;
      return mark;
    }
    if (after_dot[2] == '\n') {
      mark.kind = DataAnomalyKind::kCrlfDotCrCrlf;
      mark.length = 4;
      return mark;
    }
  }
  // "." CR followed by anything but LF: the CR is lone and the mark is the dot and the CR.
  mark.kind = after_lone_cr ? DataAnomalyKind::kCrDotCr : DataAnomalyKind::kLfDotCr;
  mark.length = 2;
  mark.ends_in_lone_cr = true;
  return mark;
}

DataReader::Terminator DataReader::MatchAtNul(ByteView after_nul) const {
  static constexpr std::uint8_t kRest[] = {'.', '\r', '\n'};
  Terminator mark;
  for (std::size_t k = 0; k < std::size(kRest); ++k) {
    if (k == after_nul.size()) {
      mark.match = Match::kNeedMore;
      return mark;
    }
    if (after_nul[k] != kRest[k]) {
      mark.match = Match::kNone;
      return mark;
    }
  }
  mark.match = Match::kFound;
  mark.kind = DataAnomalyKind::kCrlfNulDotCrlf;
  mark.length = 4;
  return mark;
}

void DataReader::Consume(std::uint8_t byte) {
  if (prev1_ == '\r' && byte != '\n') Report(DataAnomalyKind::kLoneCr, offset_ - 1, false);
  if (byte == '\n' && prev1_ != '\r') Report(DataAnomalyKind::kBareLf, offset_, false);
  prev2_ = prev1_;
  prev1_ = byte;
  ++offset_;
}

void DataReader::Report(DataAnomalyKind kind, std::uint64_t offset, bool ended_data) {
  if (reported_ >= max_reported_) {
    ++suppressed_;
    return;
  }
  ++reported_;
  anomalies_.push_back(DataAnomaly{kind, offset, ended_data});
}

std::vector<DataAnomaly> DataReader::TakeAnomalies() { return std::exchange(anomalies_, {}); }

void DataReader::Reset() {
  anomalies_.clear();
  reported_ = 0;
  suppressed_ = 0;
  offset_ = 0;
  prev1_ = '\n';
  prev2_ = '\r';
}

}  // namespace schannel_emu
