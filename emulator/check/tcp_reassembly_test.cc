#include "emulator/check/tcp_reassembly.h"

#include <gtest/gtest.h>

namespace schannel_emu {
namespace {

ByteView Text(std::string_view text) { return AsBytes(text); }

TEST(TcpStream, PutsOutOfOrderSegmentsBackInOrder) {
  TcpStream stream;
  stream.OnSyn(1000);
  stream.OnSegment(1006, Text("world"));
  EXPECT_TRUE(stream.data().empty());
  EXPECT_TRUE(stream.has_gap());
  stream.OnSegment(1001, Text("hello"));
  EXPECT_EQ(AsText(stream.data()), "helloworld");
  EXPECT_FALSE(stream.has_gap());
}

TEST(TcpStream, KeepsTheFirstCopyOfRetransmittedAndOverlappingBytes) {
  TcpStream stream;
  stream.OnSyn(0xfffffffe);  // data starts at 0xffffffff and wraps
  stream.OnSegment(0xffffffff, Text("abc"));
  stream.OnSegment(0xffffffff, Text("abc"));
  stream.OnSegment(0, Text("XcdEF"));  // overlaps "bc", adds "dEF"
  EXPECT_EQ(AsText(stream.data()), "abcdEF");
}

TEST(TcpStream, BoundsTheBytesItKeeps) {
  TcpStream stream(8);
  stream.OnSyn(0);
  stream.OnSegment(1, Text("0123456789"));
  EXPECT_EQ(AsText(stream.data()), "01234567");
  EXPECT_TRUE(stream.truncated());
  stream.OnSegment(100, Text("far away"));
  EXPECT_FALSE(stream.has_gap());
}

TEST(TcpStream, StartsAtTheFirstSegmentWithoutASyn) {
  TcpStream stream;
  stream.OnSegment(500, Text("abc"));
  stream.OnSegment(503, Text("def"));
  EXPECT_EQ(AsText(stream.data()), "abcdef");
}

}  // namespace
}  // namespace schannel_emu
