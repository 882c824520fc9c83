// Bad input and limits: oversized bodies and headers, unknown paths and methods, garbage on the
// wire. Every refusal is an OBP error body, never a 5xx, and leaves the data unchanged.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <string>

#include "api/server_fixture.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;

// Sends `bytes` on a fresh connection, half-closes it when `close_write`, and returns whatever
// the server answers before it closes the connection (or 3 s pass).
std::string RawExchange(int port, const std::string& bytes, bool close_write = true) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{.tv_sec = 3, .tv_usec = 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string answer;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    if (close_write) shutdown(fd, SHUT_WR);
    char buffer[4096];
    for (;;) {
      ssize_t n = recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      answer.append(buffer, static_cast<std::size_t>(n));
    }
  }
  close(fd);
  return answer;
}

class BadInputTest : public SharedServerTest<BadInputTest> {
 protected:
  std::size_t UserCount() {
    Reply reply =
        server().Get("/obp/v5.0.0/users?limit=10000&is_deleted=false", server().SuperToken());
    EXPECT_EQ(reply.status, 200) << reply.body;
    if (reply.status != 200) return 0;
    return reply.Json().at("users").as_array().size();
  }
  void ExpectHealthy() {
    Reply health = server().Get("/health");
    EXPECT_EQ(health.status, 200) << health.body;
  }
  static void ExpectObpError(const Reply& reply, int status) {
    EXPECT_EQ(reply.status, status) << reply.body;
    json::value body = reply.Json();
    EXPECT_EQ(KeysOf(body), (std::vector<std::string>{"code", "message"})) << reply.body;
    if (body.is_object() && body.as_object().contains("code")) {
      EXPECT_EQ(body.at("code"), json::value(status));
      EXPECT_TRUE(reply.Message().starts_with("OBP-")) << reply.body;
    }
  }
};

TEST_F(BadInputTest, BodyOverTheLimitIs413) {
  const std::size_t before = UserCount();
  const std::string name = UniqueName("hugebody");
  json::object body{{"email", name + "@example.com"},
                    {"username", name},
                    {"password", "Abcdefgh1!"},
                    {"first_name", std::string(2 << 20, 'a')},
                    {"last_name", "B"}};
  Reply reply = server().Post("/obp/v5.0.0/users", json::serialize(body));
  ExpectObpError(reply, 413);
  EXPECT_EQ(UserCount(), before);
  ExpectHealthy();
}

TEST_F(BadInputTest, HeaderOverTheLimitIs431) {
  Reply reply = server().Send("GET", "/obp/v5.0.0/users/current",
                              {{"X-Padding", std::string(64 * 1024, 'h')}});
  ExpectObpError(reply, 431);
  ExpectHealthy();
}

TEST_F(BadInputTest, UnknownPathIs404Obp10404) {
  for (const std::string path : {"/obp/v5.0.0/no/such/thing", "/no-such-resource",
                                 "/obp/v5.0.0/users/current/nothing/here"}) {
    Reply reply = server().Get(path, server().SuperToken());
    ExpectObpError(reply, 404);
    EXPECT_TRUE(reply.Message().starts_with("OBP-10404: ")) << reply.body;
    EXPECT_NE(reply.Message().find("Current Url is (" + path + ")"), std::string::npos)
        << reply.body;
  }
}

TEST_F(BadInputTest, UnknownMethodOnAKnownPathIs404) {
  const std::size_t before = UserCount();
  const std::string name = UniqueName("patchuser");
  Reply patch = server().Send("PATCH", "/obp/v5.0.0/users", {{"Content-Type", "application/json"}},
                              json::serialize(json::object{{"email", name + "@example.com"},
                                                           {"username", name},
                                                           {"password", "Abcdefgh1!"},
                                                           {"first_name", "A"},
                                                           {"last_name", "B"}}));
  ExpectObpError(patch, 404);
  EXPECT_TRUE(patch.Message().starts_with("OBP-10404: ")) << patch.body;
  Reply put = server().Put("/obp/v5.0.0/users/current", "{}", server().SuperToken());
  ExpectObpError(put, 404);
  EXPECT_EQ(UserCount(), before);
}

TEST_F(BadInputTest, OptionsIs204WithCors) {
  for (const std::string path :
       {"/obp/v5.0.0/users", "/my/logins/direct", "/obp/v5.0.0/anything/at/all"}) {
    Reply reply = server().Send(
        "OPTIONS", path,
        {{"Origin", "https://example.org"}, {"Access-Control-Request-Method", "POST"}});
    EXPECT_EQ(reply.status, 204) << path << ": " << reply.body;
    EXPECT_TRUE(reply.body.empty());
    EXPECT_EQ(reply.Header("Access-Control-Allow-Origin"), "*") << path;
  }
}

TEST_F(BadInputTest, RefusedRequestsChangeNothing) {
  auto [user, token] = server().CreateUserWithToken("survivor");
  const std::size_t before = UserCount();
  const std::string name = UniqueName("refused");
  const std::string email = name + "@example.com";
  auto create = [&](const std::string& password) {
    return json::serialize(json::object{{"email", email},
                                        {"username", name},
                                        {"password", password},
                                        {"first_name", "A"},
                                        {"last_name", "B"}});
  };
  EXPECT_EQ(server().Post("/obp/v5.0.0/users", create("weak")).status, 400);
  EXPECT_EQ(server().Post("/obp/v5.0.0/users", create("Abcdefgh1!").substr(0, 30)).status, 400);
  EXPECT_EQ(server()
                .Post("/obp/v5.0.0/users",
                      "{\"email\":\"" + email + "\",\"username\":\"" + name +
                          "\",\"password\":\"Abcdefgh1!\",\"first_name\":\"\xc0\xaf\","
                          "\"last_name\":\"B\"}")
                .status,
            400);
  EXPECT_EQ(server().Delete("/obp/v5.0.0/users/" + user.user_id, token).status, 403);
  EXPECT_EQ(server().Post("/obp/v5.0.0/users/" + user.username + "/locks", "", token).status, 403);
  EXPECT_EQ(server()
                .Post("/obp/v5.0.0/users/" + user.user_id + "/entitlements",
                      R"({"bank_id":"","role_name":"CanGetAnyUser"})", token)
                .status,
            403);
  EXPECT_EQ(server().Get("/obp/v5.0.0/my/entitlements", token).Json(),
            (json::object{{"list", json::array{}}}));
  EXPECT_FALSE(server().Login(user.username, user.password).empty());
  EXPECT_EQ(UserCount(), before);
  EXPECT_EQ(server().Get("/obp/v5.0.0/users/username/" + name, server().SuperToken()).status, 404);
}

TEST_F(BadInputTest, GarbageOnTheWireDoesNotHurtTheServer) {
  const int port = server().port();
  const std::vector<std::string> garbage = {
      std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),
      "\x00\x01\x02\x03\x04\x05\r\n\r\n",
      "THIS IS NOT HTTP\r\n\r\n",
      "GET /health HTTP/9.9\r\n\r\n",
      "GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
      "GET /health HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n",
      "POST /obp/v5.0.0/users HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\":",
      "POST /obp/v5.0.0/users HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      std::string(100000, 'A'),
  };
  for (const std::string& bytes : garbage) {
    std::string answer = RawExchange(port, bytes);
    if (!answer.empty()) {
      EXPECT_TRUE(answer.starts_with("HTTP/1.")) << answer.substr(0, 200);
      EXPECT_EQ(answer.find("HTTP/1.1 5"), std::string::npos) << answer.substr(0, 200);
      EXPECT_EQ(answer.find("HTTP/1.0 5"), std::string::npos) << answer.substr(0, 200);
    }
    ExpectHealthy();
  }
  // A client that connects and goes away without a word.
  EXPECT_EQ(RawExchange(port, ""), "");
  ExpectHealthy();
}

TEST_F(BadInputTest, AMalformedRequestLineGets400) {
  std::string answer = RawExchange(server().port(), "THIS IS NOT HTTP\r\n\r\n");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << answer.substr(0, 200);
}

TEST_F(BadInputTest, PipelinedRequestsAreAnsweredInOrder) {
  std::string answer = RawExchange(server().port(),
                                   "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                                   "GET /obp/v5.0.0/nothing HTTP/1.1\r\nHost: x\r\n\r\n"
                                   "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::size_t first = answer.find("HTTP/1.1 200");
  std::size_t second = answer.find("HTTP/1.1 404");
  std::size_t third = answer.find("HTTP/1.1 200", first + 1);
  ASSERT_NE(first, std::string::npos) << answer;
  ASSERT_NE(second, std::string::npos) << answer;
  ASSERT_NE(third, std::string::npos) << answer;
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
}

}  // namespace
}  // namespace roster::apitest
