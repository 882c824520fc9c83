// Bad input never breaks the Apiture dialect: every route of the route table, called with
// malformed bodies, odd parameters and hostile headers, answers a 4xx in the dialect's format
// (never a 5xx), and what was stored before is still there afterwards.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/apiture/routes.h"
#include "api/apiture_fixture.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;

std::string VerbName(http::Verb verb) { return std::string(boost::beast::http::to_string(verb)); }

// The route's path with each {param} replaced by `value_of(param)`.
std::string Fill(std::string_view pattern,
                 const std::function<std::string(std::string_view)>& value_of) {
  std::string out;
  while (!pattern.empty()) {
    std::size_t open = pattern.find('{');
    if (open == std::string_view::npos) {
      out += pattern;
      break;
    }
    std::size_t close = pattern.find('}', open);
    out += pattern.substr(0, open);
    out += value_of(pattern.substr(open + 1, close - open - 1));
    pattern.remove_prefix(close + 1);
  }
  return out;
}

class ApitureBadInputTest : public SharedServerTest<ApitureBadInputTest> {
 protected:
  static void ExpectClientError(const Reply& reply, const std::string& what) {
    EXPECT_GE(reply.status, 200) << what << ": no answer: " << reply.body;
    EXPECT_LT(reply.status, 500) << what << ": " << reply.body;
    if (reply.status >= 400 && reply.status < 500 && reply.status != 405) {
      std::string type = reply.Header("Content-Type");
      EXPECT_TRUE(type.find("json") != std::string::npos) << what << ": " << type;
      const json::value body = reply.Json();
      EXPECT_TRUE(body.is_object() &&
                  (body.as_object().contains("_error") || body.as_object().contains("error")))
          << what << ": " << reply.body;
    }
  }
};

TEST_F(ApitureBadInputTest, EveryRouteSurvivesMalformedBodiesAndParameters) {
  CreatedUser user = server().CreateUser(UniqueName("badin"));
  const std::string admin = AdminToken(server());
  Reply before = ApitureSend(server(), "GET", "/users/users/" + user.user_id, admin);
  ASSERT_EQ(before.status, 200) << before.body;

  const std::vector<std::string> bodies = {
      "",
      "{",
      "[]",
      "null",
      "\"text\"",
      "12",
      R"({"username": 12, "firstName": [], "emailAddresses": "x", "state": {}})",
      R"({"_encryption": {"username": "nokey-1"}, "username": "AAAA"})",
      R"({"_encryption": 5})",
      R"({"trackingIds": [1, null, {}], "text": [1], "value": {"a": 1}})",
      std::string(20000, '[') + std::string(20000, ']'),
      "{\"a\": \"" + std::string(100000, 'x') + "\"}",
      "\xff\xfe\x00 not utf-8",
  };
  const std::vector<std::string> ids = {user.user_id, "nobody", "%00",
                                        "..",         "a%2Fb",  std::string(300, 'z')};
  for (const api::apiture::Route& route : api::apiture::Routes()) {
    for (const std::string& id : ids) {
      std::string path = Fill(route.path, [&](std::string_view name) {
        if (name == "groupName") return id == user.user_id ? std::string("openBanking") : id;
        return id;
      });
      for (const std::string& query :
           {std::string(), std::string("?value=%zz&user=&start=-1&limit=99999999999999999999"),
            std::string("?user=") + id + "&replaceId=" + id + "&fields=x&filter=((&sortBy=-",
            std::string("?filter=state%20eq%20'active'%20and%20(&q=%25&keys=,,")}) {
        for (const std::string& body : bodies) {
          std::string what = VerbName(route.verb) + " " + path + query + " body#" +
                             std::to_string(&body - bodies.data());
          Reply reply = ApitureSend(server(), VerbName(route.verb), path + query, admin, body,
                                    {{"If-Match", "garbage"},
                                     {"Apiture-Challenge", "nope"},
                                     {"Accept-Language", ";;q=abc,*"}});
          ExpectClientError(reply, what);
          if (::testing::Test::HasFailure()) return;
        }
      }
    }
  }
  // Nothing that was stored before is lost.
  Reply after = ApitureSend(server(), "GET", "/users/users/" + user.user_id, admin);
  ASSERT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(after.Json().at("username"), before.Json().at("username"));
  EXPECT_EQ(after.Json().at("state"), before.Json().at("state"));
}

}  // namespace
}  // namespace roster::apitest
