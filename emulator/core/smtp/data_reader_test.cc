#include "emulator/core/smtp/data_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace schannel_emu {
namespace {

using namespace std::string_literals;

constexpr std::size_t kUnlimited = 1 << 20;

struct Outcome {
  bool finished = false;
  std::size_t consumed = 0;  // octets of the input that belonged to the data
  std::string body;
  std::vector<DataAnomaly> anomalies;
};

// ReadInPieces feeds `input` cut at `cuts` the way SmtpServer does: octets the reader
// leaves unconsumed are offered again in front of the next piece.
Outcome ReadInPieces(EndOfDataRule rule, const std::string& input,
                     const std::vector<std::size_t>& cuts) {
  DataReader reader(rule, 1000);
  MessageBuffer buffer(kUnlimited, kUnlimited);
  Outcome outcome;
  std::string pending;
  std::size_t start = 0;
  std::vector<std::size_t> ends = cuts;
  ends.push_back(input.size());
  for (const std::size_t end : ends) {
    pending += input.substr(start, end - start);
    const std::size_t offered_from = end - pending.size();
    start = end;
    const DataReader::Result result = reader.Feed(AsBytes(pending), buffer);
    for (const DataAnomaly& anomaly : reader.TakeAnomalies()) outcome.anomalies.push_back(anomaly);
    if (result.finished) {
      outcome.finished = true;
      outcome.consumed = offered_from + result.consumed;
      break;
    }
    pending.erase(0, result.consumed);
  }
  outcome.body = std::string(AsText(buffer.content()));
  return outcome;
}

Outcome ReadAll(EndOfDataRule rule, const std::string& input) {
  return ReadInPieces(rule, input, {});
}

std::vector<std::size_t> EveryOctet(const std::string& input) {
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i < input.size(); ++i) cuts.push_back(i);
  return cuts;
}

bool SameAnomalies(const std::vector<DataAnomaly>& a, const std::vector<DataAnomaly>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].kind != b[i].kind || a[i].offset != b[i].offset ||
        a[i].ended_data != b[i].ended_data) {
      return false;
    }
  }
  return true;
}

std::size_t CountKind(const std::vector<DataAnomaly>& anomalies, DataAnomalyKind kind) {
  std::size_t count = 0;
  for (const DataAnomaly& anomaly : anomalies) count += anomaly.kind == kind ? 1 : 0;
  return count;
}

TEST(DataReaderTest, StandardEndOfDataEndsTheBodyAndKeepsTheLastCrlf) {
  const std::string input = "Subject: t\r\n\r\nhello\r\n.\r\nQUIT\r\n";
  const Outcome outcome = ReadAll(EndOfDataRule::kStrict, input);
  EXPECT_TRUE(outcome.finished);
  EXPECT_EQ(outcome.consumed, input.find("QUIT"));
  EXPECT_EQ(outcome.body, "Subject: t\r\n\r\nhello\r\n");
  EXPECT_TRUE(outcome.anomalies.empty());
}

TEST(DataReaderTest, DotRightAfterTheDataLineIsAnEmptyMessage) {
  const Outcome outcome = ReadAll(EndOfDataRule::kStrict, ".\r\n");
  EXPECT_TRUE(outcome.finished);
  EXPECT_EQ(outcome.consumed, 3u);
  EXPECT_EQ(outcome.body, "");
}

TEST(DataReaderTest, RemovesExactlyOneLeadingDotPerLine) {
  const Outcome outcome =
      ReadAll(EndOfDataRule::kStrict, "..one\r\n...two\r\n.\tthree\r\nmid.dot\r\n..\r\n.\r\n");
  EXPECT_TRUE(outcome.finished);
  EXPECT_EQ(outcome.body, ".one\r\n..two\r\n\tthree\r\nmid.dot\r\n.\r\n");
}

TEST(DataReaderTest, KeepsEightBitAndNulOctetsExactly) {
  std::string body;
  for (int i = 0; i < 256; ++i) {
    if (i != '\r' && i != '\n') body += static_cast<char>(i);
  }
  body += "\r\n";
  const Outcome outcome = ReadAll(EndOfDataRule::kStrict, body + ".\r\n");
  EXPECT_TRUE(outcome.finished);
  EXPECT_EQ(outcome.body, body);
  EXPECT_TRUE(outcome.anomalies.empty());
}

TEST(DataReaderTest, AcceptsLongBodyLines) {
  const std::string line(100000, 'L');
  const Outcome outcome = ReadAll(EndOfDataRule::kStrict, line + "\r\n.\r\n");
  EXPECT_EQ(outcome.body, line + "\r\n");
}

TEST(DataReaderTest, ReportsBareLfAndLoneCrWithTheirOffsets) {
  const Outcome outcome = ReadAll(EndOfDataRule::kStrict, "ab\ncd\ref\r\n.\r\n");
  ASSERT_EQ(outcome.anomalies.size(), 2u);
  EXPECT_EQ(outcome.anomalies[0].kind, DataAnomalyKind::kBareLf);
  EXPECT_EQ(outcome.anomalies[0].offset, 2u);
  EXPECT_EQ(outcome.anomalies[1].kind, DataAnomalyKind::kLoneCr);
  EXPECT_EQ(outcome.anomalies[1].offset, 5u);
  EXPECT_EQ(outcome.body, "ab\ncd\ref\r\n");
}

TEST(DataReaderTest, WaitsForMoreInputInsteadOfGuessing) {
  DataReader reader(EndOfDataRule::kStrict, 10);
  MessageBuffer buffer(kUnlimited, kUnlimited);
  const auto first = reader.Feed(AsBytes("x\r\n.\r"), buffer);
  EXPECT_FALSE(first.finished);
  EXPECT_EQ(first.consumed, 3u);
  const auto second = reader.Feed(AsBytes(".\r\n"), buffer);
  EXPECT_TRUE(second.finished);
  EXPECT_EQ(AsText(buffer.content()), "x\r\n");
}

TEST(DataReaderTest, KeepsOnlyTheConfiguredNumberOfAnomaliesAndCountsTheRest) {
  DataReader reader(EndOfDataRule::kStrict, 3);
  MessageBuffer buffer(kUnlimited, kUnlimited);
  reader.Feed(AsBytes("\n\n\n\n\n\n\n\n\n\n\r\n.\r\n"), buffer);
  EXPECT_EQ(reader.TakeAnomalies().size(), 3u);
  EXPECT_EQ(reader.suppressed(), 7u);
  reader.Reset();
  EXPECT_EQ(reader.suppressed(), 0u);
}

struct Variant {
  const char* name;
  std::string mark;  // the variant's octets
  DataAnomalyKind kind;
  std::size_t dot_offset;      // offset of '.' (or NUL) within the mark
  std::string lenient_kept;    // what of the mark stays in the body under the lenient rule
  std::string strict_in_body;  // how the mark reads in the body under the strict rule
};

// PrintTo keeps parameter dumps out of the test names CTest shows.
void PrintTo(const Variant& v, std::ostream* os) { *os << v.name; }

const std::vector<Variant>& Variants() {
  static const std::vector<Variant> variants = {
      {"lf_dot_lf", "\n.\n", DataAnomalyKind::kLfDotLf, 1, "\n", "\n.\n"},
      {"lf_dot_cr", "\n.\r", DataAnomalyKind::kLfDotCr, 1, "\n", "\n.\r"},
      {"cr_dot_lf", "\r.\n", DataAnomalyKind::kCrDotLf, 1, "\r", "\r.\n"},
      {"cr_dot_cr", "\r.\r", DataAnomalyKind::kCrDotCr, 1, "\r", "\r.\r"},
      {"lf_dot_crlf", "\n.\r\n", DataAnomalyKind::kLfDotCrlf, 1, "\n", "\n.\r\n"},
      {"cr_dot_crlf", "\r.\r\n", DataAnomalyKind::kCrDotCrlf, 1, "\r", "\r.\r\n"},
      {"crlf_nul_dot_crlf", "\r\n\0.\r\n"s, DataAnomalyKind::kCrlfNulDotCrlf, 2, "\r\n",
       "\r\n\0.\r\n"s},
      // After CRLF the dot starts a line, so the strict rule removes it as dot-stuffing.
      {"crlf_dot_cr_crlf", "\r\n.\r\r\n", DataAnomalyKind::kCrlfDotCrCrlf, 2, "\r\n", "\r\n\r\r\n"},
  };
  return variants;
}

class SmugglingVariantTest : public testing::TestWithParam<Variant> {
 protected:
  // "smuggled" follows the mark: a lenient reader hands it back as command input.
  std::string Input() const { return "a" + GetParam().mark + "smuggled\r\n.\r\n"; }
};

TEST_P(SmugglingVariantTest, StrictRuleKeepsTheVariantInTheBodyAndReportsIt) {
  const Variant& variant = GetParam();
  const Outcome outcome = ReadAll(EndOfDataRule::kStrict, Input());
  EXPECT_TRUE(outcome.finished);
  EXPECT_EQ(outcome.consumed, Input().size());
  EXPECT_EQ(outcome.body, "a" + variant.strict_in_body + "smuggled\r\n");
  ASSERT_EQ(CountKind(outcome.anomalies, variant.kind), 1u);
  for (const DataAnomaly& anomaly : outcome.anomalies) {
    if (anomaly.kind != variant.kind) continue;
    EXPECT_EQ(anomaly.offset, 1 + variant.dot_offset);
    EXPECT_FALSE(anomaly.ended_data);
  }
}

TEST_P(SmugglingVariantTest, LenientRuleEndsTheDataAtTheVariant) {
  const Variant& variant = GetParam();
  const Outcome outcome = ReadAll(EndOfDataRule::kLenient, Input());
  EXPECT_TRUE(outcome.finished);
  EXPECT_EQ(outcome.consumed, 1 + variant.mark.size());
  EXPECT_EQ(outcome.body, "a" + variant.lenient_kept);
  ASSERT_EQ(CountKind(outcome.anomalies, variant.kind), 1u);
  for (const DataAnomaly& anomaly : outcome.anomalies) {
    if (anomaly.kind != variant.kind) continue;
    EXPECT_EQ(anomaly.offset, 1 + variant.dot_offset);
    EXPECT_TRUE(anomaly.ended_data);
  }
}

TEST_P(SmugglingVariantTest, EverySplitPointGivesTheSameResultUnderBothRules) {
  for (const EndOfDataRule rule : {EndOfDataRule::kStrict, EndOfDataRule::kLenient}) {
    const Outcome whole = ReadAll(rule, Input());
    for (std::size_t cut = 0; cut <= Input().size(); ++cut) {
      const Outcome split = ReadInPieces(rule, Input(), {cut});
      EXPECT_EQ(split.finished, whole.finished) << "cut " << cut;
      EXPECT_EQ(split.consumed, whole.consumed) << "cut " << cut;
      EXPECT_EQ(split.body, whole.body) << "cut " << cut;
      EXPECT_TRUE(SameAnomalies(split.anomalies, whole.anomalies)) << "cut " << cut;
    }
    const Outcome octets = ReadInPieces(rule, Input(), EveryOctet(Input()));
    EXPECT_EQ(octets.consumed, whole.consumed);
    EXPECT_EQ(octets.body, whole.body);
    EXPECT_TRUE(SameAnomalies(octets.anomalies, whole.anomalies));
  }
}

INSTANTIATE_TEST_SUITE_P(AllVariants, SmugglingVariantTest, testing::ValuesIn(Variants()),
                         [](const testing::TestParamInfo<Variant>& param_info) {
                           return std::string(param_info.param.name);
                         });

TEST(DataReaderTest, LenientRuleUnstuffsDotsAfterBareLineEnds) {
  const Outcome outcome = ReadAll(EndOfDataRule::kLenient, "a\n..b\r\n.\r\n");
  EXPECT_EQ(outcome.body, "a\n.b\r\n");
  const Outcome strict = ReadAll(EndOfDataRule::kStrict, "a\n..b\r\n.\r\n");
  EXPECT_EQ(strict.body, "a\n..b\r\n");
}

TEST(DataReaderTest, AnomalyNamesAreSnakeCase) {
  EXPECT_EQ(DataAnomalyKindName(DataAnomalyKind::kBareLf), "bare_lf");
  EXPECT_EQ(DataAnomalyKindName(DataAnomalyKind::kCrlfNulDotCrlf), "crlf_nul_dot_crlf");
  EXPECT_EQ(DataAnomalyKindName(DataAnomalyKind::kCrlfDotCrCrlf), "crlf_dot_cr_crlf");
}

}  // namespace
}  // namespace schannel_emu
