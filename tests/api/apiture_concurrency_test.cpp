// Concurrent Apiture updates never lose a write: many clients changing one user at once (no
// If-Match) all land; with the same If-Match exactly one wins and the others get 412. Runs on
// SQLite and, under scripts/test-postgres.sh, on PostgreSQL (SERIALIZABLE with retries).
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <latch>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "api/apiture_fixture.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;

class ApitureConcurrencyTest : public SharedServerTest<ApitureConcurrencyTest> {
 protected:
  // A user created through the Apiture createUser operation; returns its id.
  std::string CreateApitureUser(const std::string& prefix) {
    std::string username = UniqueName(prefix);
    json::object body{
        {"username", username},
        {"firstName", "Ada"},
        {"lastName", "Lovelace"},
        {"emailAddresses",
         json::array{json::object{
             {"_id", "pe0"}, {"type", "personal"}, {"value", username + "@example.com"}}}},
        {"preferredEmailAddressId", "pe0"}};
    Reply created =
        ApitureSend(server(), "POST", "/users/users", AdminToken(server()), json::serialize(body));
    EXPECT_EQ(created.status, 201) << created.body;
    if (created.status != 201) return "";
    return std::string(created.Json().at("_id").as_string());
  }

  // Runs `work(i)` on `n` threads released at once.
  static void RunTogether(int n, const std::function<void(int)>& work) {
    std::latch start(n);
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        work(i);
      });
    }
    for (auto& thread : threads) thread.join();
  }
};

TEST_F(ApitureConcurrencyTest, ConcurrentPatchesOfDifferentFieldsAllLand) {
  std::string id = CreateApitureUser("ccpatch");
  ASSERT_FALSE(id.empty());
  const std::string path = "/users/users/" + id;
  Reply before = ApitureSend(server(), "GET", path, AdminToken(server()));
  ASSERT_EQ(before.status, 200) << before.body;

  const std::vector<std::pair<std::string, std::string>> fields = {
      {"firstName", "Augusta"}, {"middleName", "Ada"}, {"lastName", "King"},
      {"preferredName", "Ada"}, {"suffix", "PhD"},     {"birthdate", "1815-12-10"}};
  std::atomic<int> ok = 0;
  RunTogether(static_cast<int>(fields.size()), [&](int i) {
    json::object patch{{fields[i].first, fields[i].second}};
    Reply reply =
        ApitureSend(server(), "PATCH", path, AdminToken(server()), json::serialize(patch));
    if (reply.status == 200)
      ++ok;
    else
      ADD_FAILURE() << fields[i].first << ": " << reply.status << " " << reply.body;
  });
  EXPECT_EQ(ok.load(), static_cast<int>(fields.size()));

  Reply after = ApitureSend(server(), "GET", path, AdminToken(server()));
  ASSERT_EQ(after.status, 200) << after.body;
  for (const auto& [name, value] : fields) {
    EXPECT_EQ(after.Json().at(name), json::value(value)) << name;
  }
  EXPECT_NE(after.Header("ETag"), before.Header("ETag"));
}

TEST_F(ApitureConcurrencyTest, SameIfMatchLetsExactlyOneUpdateWin) {
  std::string id = CreateApitureUser("ccmatch");
  ASSERT_FALSE(id.empty());
  const std::string path = "/users/users/" + id;
  Reply current = ApitureSend(server(), "GET", path, AdminToken(server()));
  ASSERT_EQ(current.status, 200) << current.body;
  const std::string etag = current.Header("ETag");
  ASSERT_FALSE(etag.empty());

  constexpr int kClients = 6;
  std::atomic<int> ok = 0, precondition_failed = 0;
  RunTogether(kClients, [&](int i) {
    json::object patch{{"preferredName", "client-" + std::to_string(i)}};
    Reply reply = ApitureSend(server(), "PATCH", path, AdminToken(server()), json::serialize(patch),
                              {{"If-Match", etag}});
    if (reply.status == 200)
      ++ok;
    else if (reply.status == 412)
      ++precondition_failed;
    else
      ADD_FAILURE() << reply.status << " " << reply.body;
  });
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(precondition_failed.load(), kClients - 1);
}

TEST_F(ApitureConcurrencyTest, ConcurrentTrackingIdsAreCappedWithoutDuplicates) {
  std::string id = CreateApitureUser("cctrack");
  ASSERT_FALSE(id.empty());
  const std::string path = "/users/users/" + id + "/trackingIds";
  constexpr int kClients = 8, kEach = 25;  // 200 distinct ids, more than the cap of 150
  RunTogether(kClients, [&](int i) {
    json::array ids;
    for (int j = 0; j < kEach; ++j) ids.emplace_back("t-" + std::to_string(i * kEach + j));
    // Every client also repeats one shared id: it must be kept once.
    ids.emplace_back("shared");
    json::object body{{"trackingIds", ids}};
    Reply reply = ApitureSend(server(), "POST", path, AdminToken(server()), json::serialize(body));
    EXPECT_EQ(reply.status, 200) << reply.body;
  });
  Reply listed = ApitureSend(server(), "GET", path, AdminToken(server()));
  ASSERT_EQ(listed.status, 200) << listed.body;
  const json::array& ids = listed.Json().at("trackingIds").as_array();
  EXPECT_EQ(ids.size(), 150u);
  std::set<std::string> unique;
  for (const auto& value : ids) unique.insert(std::string(value.at("id").as_string()));
  EXPECT_EQ(unique.size(), ids.size());
}

}  // namespace
}  // namespace roster::apitest
