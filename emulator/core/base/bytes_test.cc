#include "emulator/core/base/bytes.h"

#include <gtest/gtest.h>

namespace schannel_emu {
namespace {

TEST(ByteReader, ReadsBigEndianIntegersOfEveryWidth) {
  const Bytes data = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a};
  ByteReader reader(data);

  EXPECT_EQ(reader.U8(), 0x01);
  EXPECT_EQ(reader.U16(), 0x0203);
  EXPECT_EQ(reader.U24(), 0x040506u);
  EXPECT_EQ(reader.U32(), 0x0708090au);
  EXPECT_TRUE(reader.empty());
  EXPECT_EQ(reader.offset(), data.size());
}

TEST(ByteReader, FailedIntegerReadsLeaveThePositionUnchanged) {
  const Bytes data = {0xaa, 0xbb, 0xcc};
  ByteReader reader(data);
  ASSERT_EQ(reader.U8(), 0xaa);

  EXPECT_FALSE(reader.U24().has_value());
  EXPECT_FALSE(reader.U32().has_value());
  EXPECT_EQ(reader.offset(), 1u);
  EXPECT_EQ(reader.remaining(), 2u);
  EXPECT_EQ(reader.U16(), 0xbbcc);
  EXPECT_FALSE(reader.U8().has_value());
  EXPECT_EQ(reader.offset(), 3u);
}

TEST(ByteReader, TakeReturnsAViewIntoTheOriginalBuffer) {
  const Bytes data = {1, 2, 3, 4, 5};
  ByteReader reader(data);
  ASSERT_TRUE(reader.U8());

  const auto taken = reader.Take(3);

  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->data(), data.data() + 1);
  EXPECT_EQ(taken->size(), 3u);
  EXPECT_FALSE(reader.Take(2).has_value());
  EXPECT_EQ(reader.offset(), 4u);
  EXPECT_TRUE(reader.Take(0).has_value());
}

TEST(ByteReader, VectorsReadTheirLengthPrefixAndBody) {
  const Bytes data = {0x02, 0xa1, 0xa2, 0x00, 0x01, 0xb1, 0x00, 0x00, 0x03, 0xc1, 0xc2, 0xc3};
  ByteReader reader(data);

  const auto v8 = reader.Vector8();
  const auto v16 = reader.Vector16();
  const auto v24 = reader.Vector24();

  ASSERT_TRUE(v8 && v16 && v24);
  EXPECT_EQ(Bytes(v8->begin(), v8->end()), (Bytes{0xa1, 0xa2}));
  EXPECT_EQ(Bytes(v16->begin(), v16->end()), (Bytes{0xb1}));
  EXPECT_EQ(Bytes(v24->begin(), v24->end()), (Bytes{0xc1, 0xc2, 0xc3}));
  EXPECT_TRUE(reader.empty());
}

TEST(ByteReader, VectorsLongerThanTheInputFailWithoutConsumingTheirPrefix) {
  const Bytes data = {0x05, 0x01, 0x02};
  ByteReader reader(data);

  EXPECT_FALSE(reader.Vector8().has_value());
  EXPECT_EQ(reader.offset(), 0u);
  EXPECT_FALSE(reader.Vector16().has_value());
  EXPECT_EQ(reader.offset(), 0u);
  EXPECT_FALSE(reader.Vector24().has_value());
  EXPECT_EQ(reader.offset(), 0u);

  const Bytes short_prefix = {0x00};
  ByteReader prefix_reader(short_prefix);
  EXPECT_FALSE(prefix_reader.Vector16().has_value());
  EXPECT_EQ(prefix_reader.offset(), 0u);
}

TEST(ByteReader, RestTakesEverythingLeft) {
  const Bytes data = {9, 8, 7};
  ByteReader reader(data);
  ASSERT_TRUE(reader.U8());

  const ByteView rest = reader.Rest();

  EXPECT_EQ(Bytes(rest.begin(), rest.end()), (Bytes{8, 7}));
  EXPECT_TRUE(reader.empty());
  EXPECT_TRUE(reader.Rest().empty());
}

TEST(Appenders, WriteBigEndianValues) {
  Bytes out;
  AppendU8(out, 0x01);
  AppendU16(out, 0x0203);
  AppendU24(out, 0x040506);
  AppendU32(out, 0x0708090a);
  Append(out, Bytes{0xff});

  EXPECT_EQ(out, (Bytes{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0xff}));
}

TEST(Appenders, VectorsWriteTheirLengthInTheirPrefixWidth) {
  const Bytes body = {0xaa, 0xbb};
  Bytes out;
  AppendVector8(out, body);
  AppendVector16(out, body);
  AppendVector24(out, body);

  EXPECT_EQ(out, (Bytes{0x02, 0xaa, 0xbb, 0x00, 0x02, 0xaa, 0xbb, 0x00, 0x00, 0x02, 0xaa, 0xbb}));
}

TEST(Appenders, RoundTripThroughTheReader) {
  const Bytes body(300, 0x5a);
  Bytes out;
  AppendVector16(out, body);
  AppendU24(out, 0xabcdef);

  ByteReader reader(out);
  const auto vector = reader.Vector16();
  ASSERT_TRUE(vector);
  EXPECT_EQ(Bytes(vector->begin(), vector->end()), body);
  EXPECT_EQ(reader.U24(), 0xabcdefu);
}

TEST(Hex, RendersLowercaseWithoutSeparators) {
  EXPECT_EQ(ToHex(Bytes{0x00, 0x0f, 0xa0, 0xff}), "000fa0ff");
  EXPECT_EQ(ToHex(Bytes{}), "");
}

TEST(Hex, RoundTripsEveryByteValue) {
  Bytes all(256);
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint8_t>(i);

  EXPECT_EQ(FromHex(ToHex(all)), all);
}

TEST(Hex, AcceptsUppercaseDigits) { EXPECT_EQ(FromHex("C0FFee"), (Bytes{0xc0, 0xff, 0xee})); }

TEST(Hex, RejectsOddLengthAndNonHexCharacters) {
  EXPECT_FALSE(FromHex("abc").has_value());
  EXPECT_FALSE(FromHex("0g").has_value());
  EXPECT_FALSE(FromHex("00 11").has_value());
  EXPECT_FALSE(FromHex("0x00").has_value());
  EXPECT_EQ(FromHex(""), Bytes{});
}

TEST(TextViews, MapStringsToBytesAndBack) {
  const ByteView bytes = AsBytes("EHLO");

  EXPECT_EQ(ToHex(bytes), "45484c4f");
  EXPECT_EQ(AsText(bytes), "EHLO");
}

}  // namespace
}  // namespace schannel_emu
