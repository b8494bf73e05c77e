// Real SMTP clients deliver a message through the running emulator over STARTTLS, and the
// spooled file holds exactly what they meant to send.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "emulator/testing/child_process.h"
#include "emulator/testing/emulator_process.h"

namespace schannel_emu {
namespace {

using std::chrono::seconds;
using testing::CommandResult;
using testing::EmulatorProcess;
using testing::ProgramOnPath;
using testing::RunCommand;

// The message as the sender means it, and as it crosses the wire after dot-stuffing.
constexpr std::string_view kMessage =
    "From: sender@example.org\r\nTo: rcpt@example.net\r\nSubject: end to end\r\n\r\n"
    "Hello over an old TLS.\r\n.this line starts with a dot\r\nThe end.\r\n";
constexpr std::string_view kStuffed =
    "From: sender@example.org\r\nTo: rcpt@example.net\r\nSubject: end to end\r\n\r\n"
    "Hello over an old TLS.\r\n..this line starts with a dot\r\nThe end.\r\n.\r\n";

// The SMTP dialogue after TLS is up, pipelined (the server advertises PIPELINING).
std::string DialogueAfterTls() {
  return "EHLO client.example.org\r\nMAIL FROM:<sender@example.org>\r\n"
         "RCPT TO:<rcpt@example.net>\r\nDATA\r\n" +
         std::string(kStuffed) + "QUIT\r\n";
}

std::unique_ptr<EmulatorProcess> StartEmulator(const std::string& profile) {
  std::string error;
  auto emulator = EmulatorProcess::Start({"--profile", profile}, &error);
  EXPECT_NE(emulator, nullptr) << error;
  return emulator;
}

std::string Describe(const CommandResult& result) {
  return "exit " + std::to_string(result.exit_code) + (result.timed_out ? " (timed out)" : "") +
         "\nstdout:\n" + result.out + "\nstderr:\n" + result.err;
}

// ExpectDelivered checks the one spooled message and the TLS that carried it.
void ExpectDelivered(EmulatorProcess& emulator, const std::string& suite,
                     const std::string& suite_name) {
  const auto messages = emulator.WaitForEvents("message", 1, seconds(10));
  EXPECT_EQ(emulator.Stop(), 0);
  ASSERT_EQ(messages.size(), 1u) << emulator.log();
  EXPECT_EQ(messages[0]["tls"], true);
  EXPECT_EQ(messages[0]["tls_version"], "TLSv1.0");
  EXPECT_EQ(messages[0]["tls_suite"], suite_name);

  const auto tls = emulator.EventsNamed("tls");
  ASSERT_EQ(tls.size(), 1u);
  EXPECT_EQ(tls[0]["version"], "TLSv1.0");
  EXPECT_EQ(tls[0]["suite"], suite);

  const auto spooled = emulator.SpooledMessages();
  ASSERT_EQ(spooled.size(), 1u);
  EXPECT_EQ(spooled[0], kMessage);
}

TEST(RealClients, OpenSslSClientDeliversWithAes128OnTheAesProfile) {
  if (!ProgramOnPath("openssl")) GTEST_SKIP() << "openssl is not installed";
  auto emulator = StartEmulator("win2003-aes");
  ASSERT_NE(emulator, nullptr);

  const CommandResult result =
      RunCommand({"openssl", "s_client", "-connect",
                  "127.0.0.1:" + std::to_string(emulator->port()), "-starttls", "smtp", "-tls1",
                  "-cipher", "AES128-SHA:@SECLEVEL=0", "-ign_eof", "-nocommands"},
                 DialogueAfterTls(), seconds(30));
  EXPECT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_NE(result.out.find("250 2.6.0"), std::string::npos) << Describe(result);
  EXPECT_NE(result.out.find("221 2.0.0"), std::string::npos) << Describe(result);

  ExpectDelivered(*emulator, "0x002f", "AES128-SHA");
}

void DeliverWithGnutls(const std::string& priority, const std::string& suite,
                       const std::string& suite_name) {
  if (!ProgramOnPath("gnutls-cli")) GTEST_SKIP() << "gnutls-cli is not installed";
  auto emulator = StartEmulator("win2003");
  ASSERT_NE(emulator, nullptr);

  const CommandResult result =
      RunCommand({"gnutls-cli", "--starttls-proto=smtp", "--priority", priority, "--insecure", "-p",
                  std::to_string(emulator->port()), "127.0.0.1"},
                 DialogueAfterTls(), seconds(30), /*hold_stdin_open=*/true);
  EXPECT_FALSE(result.timed_out) << Describe(result);

  ExpectDelivered(*emulator, suite, suite_name);
}

TEST(RealClients, GnutlsCliDeliversWithRc4ShaOnTheStockProfile) {
  DeliverWithGnutls("NONE:+VERS-TLS1.0:+ARCFOUR-128:+SHA1:+RSA:+COMP-NULL:+SIGN-ALL", "0x0005",
                    "RC4-SHA");
}

TEST(RealClients, GnutlsCliDeliversWithTripleDesOnTheStockProfile) {
  DeliverWithGnutls("NONE:+VERS-TLS1.0:+3DES-CBC:+SHA1:+RSA:+COMP-NULL:+SIGN-ALL", "0x000a",
                    "DES-CBC3-SHA");
}

TEST(RealClients, SwaksDeliversAWholeTransactionOverTls) {
  if (!ProgramOnPath("swaks")) GTEST_SKIP() << "swaks is not installed";
  auto emulator = StartEmulator("win2003-aes");
  ASSERT_NE(emulator, nullptr);
  testing::TempDir files;
  const auto data_file = files.path() / "message.eml";
  // swaks ends the data with CRLF . CRLF itself, so the file leaves out the last CRLF.
  const std::string_view without_last_crlf = kMessage.substr(0, kMessage.size() - 2);
  ASSERT_TRUE(testing::WriteFileText(data_file, std::string(without_last_crlf)));

  const CommandResult result =
      RunCommand({"swaks", "--server", "127.0.0.1:" + std::to_string(emulator->port()), "--from",
                  "sender@example.org", "--to", "rcpt@example.net", "--helo", "client.example.org",
                  "--tls", "--tls-protocol", "tlsv1", "--tls-cipher", "AES128-SHA:@SECLEVEL=0",
                  "--data", data_file.string()},
                 "", seconds(30));
  EXPECT_EQ(result.exit_code, 0) << Describe(result);

  ExpectDelivered(*emulator, "0x002f", "AES128-SHA");
}

constexpr const char* kSmtplibScript = R"(
import smtplib, ssl, sys
port = int(sys.argv[1])
message = sys.stdin.buffer.read()
context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE
context.minimum_version = ssl.TLSVersion.TLSv1
context.maximum_version = ssl.TLSVersion.TLSv1
context.set_ciphers('AES128-SHA:@SECLEVEL=0')
with smtplib.SMTP('127.0.0.1', port, timeout=20) as smtp:
    smtp.ehlo('client.example.org')
    smtp.starttls(context=context)
    print(smtp.sock.version(), smtp.sock.cipher()[0])
    smtp.ehlo('client.example.org')
    smtp.sendmail('sender@example.org', ['rcpt@example.net'], message)
)";

TEST(RealClients, PythonSmtplibDeliversOverTls10) {
  if (!ProgramOnPath("python3")) GTEST_SKIP() << "python3 is not installed";
  auto emulator = StartEmulator("win2003-aes");
  ASSERT_NE(emulator, nullptr);

  const CommandResult result =
      RunCommand({"python3", "-c", kSmtplibScript, std::to_string(emulator->port())},
                 std::string(kMessage), seconds(30));
  EXPECT_EQ(result.exit_code, 0) << Describe(result);
  EXPECT_EQ(result.out, "TLSv1 AES128-SHA\n") << Describe(result);

  ExpectDelivered(*emulator, "0x002f", "AES128-SHA");
}

}  // namespace
}  // namespace schannel_emu
