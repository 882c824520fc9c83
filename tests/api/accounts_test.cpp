// Accounts, views and account access (obp-catalogue.md §11, §13.1, §17, §3.7;
// obp-reference-behaviour.md §2.6, §2.11).
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <tuple>

#include "api/server_fixture.h"

namespace roster::apitest {
namespace {

namespace json = boost::json;

constexpr const char* kBadJson = "OBP-10001: Incorrect json format.";
constexpr const char* kBankNotFound =
    "OBP-30001: Bank not found. Please specify a valid value for BANK_ID.";
constexpr const char* kAccountNotFound =
    "OBP-30018: Bank Account not found. Please specify valid values for BANK_ID and ACCOUNT_ID.";
constexpr const char* kViewNotFound =
    "OBP-30005: View not found for Account. Please specify a valid value for VIEW_ID";
constexpr const char* kNoViewAccess =
    "OBP-20017: Current user does not have access to the view. Please specify a valid value for "
    "VIEW_ID.";
constexpr const char* kCannotGrant =
    "OBP-20047: If target viewId is system view,  the current view.can_grant_access_to_views "
    "does not contains it. Orif target viewId is custom view, the current "
    "view.can_grant_access_to_custom_views is false.";
constexpr const char* kCannotRevoke =
    "OBP-20048: If target viewId is system view,  the current view.can_revoke_access_to_views "
    "does not contains it. Orif target viewId is custom view, the current "
    "view.can_revoke_access_to_custom_views is false.";
constexpr const char* kLastOwner =
    "OBP-20048: The owner view cannot be revoked from the last user holding it on this account.";

class AccountsTest : public SharedServerTest<AccountsTest> {
 protected:
  void SetUp() override {
    SharedServerTest::SetUp();
    bank_ = CreateBank();
    std::tie(owner_, owner_token_) = server().CreateUserWithToken("acowner");
    account_ = UniqueName("acc");
    Reply created = CreateAccount(bank_, account_, SampleBody(), owner_token_);
    ASSERT_EQ(created.status, 201) << created.body;
  }

  static void ExpectError(const Reply& reply, int status, const std::string& message) {
    EXPECT_EQ(reply.status, status) << reply.body;
    EXPECT_EQ(reply.Json(), ErrorBody(status, message));
  }

  std::string CreateBank() {
    const std::string id = UniqueName("bank");
    Reply reply = server().Post(
        "/obp/v5.0.0/banks",
        json::serialize(json::object{{"id", id}, {"bank_code", "TB"}, {"full_name", "Test"}}),
        server().SuperToken());
    EXPECT_EQ(reply.status, 201) << reply.body;
    return id;
  }

  // The request body of obp-resource-docs-sample.json without user_id, with a unique routing.
  static json::object SampleBody() {
    return {{"label", "My Account"},
            {"product_code", "1234BW"},
            {"balance", json::object{{"currency", "EUR"}, {"amount", "0"}}},
            {"branch_id", "DERBY6"},
            {"account_routings",
             json::array{json::object{{"scheme", "OBP"}, {"address", UniqueName("addr")}}}}};
  }

  Reply CreateAccount(const std::string& bank, const std::string& account, const json::object& body,
                      const std::string& token, const std::string& version = "v5.0.0") {
    return server().Put("/obp/" + version + "/banks/" + bank + "/accounts/" + account,
                        json::serialize(body), token);
  }

  std::string AccountPath(const std::string& version = "v5.0.0") const {
    return "/obp/" + version + "/banks/" + bank_ + "/accounts/" + account_;
  }

  static std::string AccessBody(const std::string& user_id, const std::string& view,
                                bool is_system = true) {
    return json::serialize(json::object{
        {"user_id", user_id}, {"view", json::object{{"view_id", view}, {"is_system", is_system}}}});
  }

  Reply Grant(const std::string& user_id, const std::string& view, const std::string& token) {
    return server().Post(AccountPath() + "/account-access/grant", AccessBody(user_id, view), token);
  }
  Reply Revoke(const std::string& user_id, const std::string& view, const std::string& token) {
    return server().Post(AccountPath() + "/account-access/revoke", AccessBody(user_id, view),
                         token);
  }

  // views.list of GET /users/current as "account/view" strings (empty when the key is absent).
  std::vector<std::string> MyViews(const std::string& token) {
    Reply reply = server().Get("/obp/v5.0.0/users/current", token);
    EXPECT_EQ(reply.status, 200) << reply.body;
    std::vector<std::string> out;
    json::value body = reply.Json();
    if (!body.is_object() || !body.as_object().contains("views")) return out;
    for (const auto& item : body.at("views").at("list").as_array()) {
      EXPECT_EQ(item.at("bank_id"), json::value(bank_));
      out.push_back(std::string(item.at("account_id").as_string()) + "/" +
                    std::string(item.at("view_id").as_string()));
    }
    return out;
  }

  std::string bank_;
  std::string account_;
  CreatedUser owner_;
  std::string owner_token_;
};

// --- createAccount -----------------------------------------------------------------------------

TEST_F(AccountsTest, CreateAccountAnswersTheSampleShape) {
  const std::string id = UniqueName("acc");
  json::object body = SampleBody();
  Reply reply = CreateAccount(bank_, id, body, owner_token_);
  ASSERT_EQ(reply.status, 201) << reply.body;
  json::object expected{{"account_id", id},
                        {"user_id", owner_.user_id},
                        {"label", "My Account"},
                        {"product_code", "1234BW"},
                        {"balance", json::object{{"currency", "EUR"}, {"amount", "0"}}},
                        {"branch_id", "DERBY6"},
                        {"account_routings", body.at("account_routings")},
                        {"account_attributes", json::array{}}};
  EXPECT_EQ(reply.Json(), expected);
  EXPECT_EQ(MyViews(owner_token_), (std::vector<std::string>{account_ + "/owner", id + "/owner"}));
}

TEST_F(AccountsTest, CreateAccountDefaultsAndLaterVersions) {
  const std::string id = UniqueName("acc");
  Reply reply =
      CreateAccount(bank_, id, {{"label", "L"}, {"product_code", "P"}}, owner_token_, "v5.1.0");
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(reply.Json().at("balance"), (json::object{{"currency", "EUR"}, {"amount", "0"}}));
  EXPECT_EQ(reply.Json().at("account_routings"), json::array{});
  EXPECT_EQ(reply.Json().at("branch_id"), json::value(""));
  EXPECT_EQ(CreateAccount(bank_, UniqueName("acc"), SampleBody(), owner_token_, "v4.0.0").status,
            404);
}

TEST_F(AccountsTest, CreateAccountForAnotherUserNeedsCanCreateAccount) {
  auto [other, other_token] = server().CreateUserWithToken("acother");
  json::object body = SampleBody();
  body["user_id"] = other.user_id;
  const std::string id = UniqueName("acc");
  ExpectError(
      CreateAccount(bank_, id, body, owner_token_), 403,
      "OBP-20006: User is missing one or more roles: CanCreateAccount for BankId(" + bank_ + ").");
  Reply grant = server().Post(
      "/obp/v5.0.0/users/" + owner_.user_id + "/entitlements",
      json::serialize(json::object{{"bank_id", bank_}, {"role_name", "CanCreateAccount"}}),
      server().SuperToken());
  ASSERT_EQ(grant.status, 201) << grant.body;

  body["user_id"] = "no-such-user";
  ExpectError(CreateAccount(bank_, id, body, owner_token_), 404,
              "OBP-20005: User not found. Please specify a valid value for USER_ID. Current "
              "USER_ID(no-such-user)");
  body["user_id"] = other.user_id;
  Reply created = CreateAccount(bank_, id, body, owner_token_);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Json().at("user_id"), json::value(other.user_id));
  EXPECT_EQ(MyViews(other_token), (std::vector<std::string>{id + "/owner"}));
  EXPECT_EQ(MyViews(owner_token_), (std::vector<std::string>{account_ + "/owner"}));
}

TEST_F(AccountsTest, CreateAccountErrors) {
  const std::string id = UniqueName("acc");
  ExpectError(CreateAccount(bank_, id, SampleBody(), ""), 401,
              "OBP-20001: User not logged in. Authentication is required!");
  ExpectError(CreateAccount("bad*bank", id, SampleBody(), owner_token_), 400,
              "OBP-30111: Invalid Bank Id. The BANK_ID should only contain "
              "0-9/a-z/A-Z/'-'/'.'/'_', the length should be smaller than 255.");
  ExpectError(CreateAccount(bank_, "bad*id", SampleBody(), owner_token_), 400,
              "OBP-30110: Invalid Account Id. The ACCOUNT_ID should only contain "
              "0-9/a-z/A-Z/'-'/'.'/'_', the length should be smaller than 255.");
  ExpectError(CreateAccount("nosuchbank", id, SampleBody(), owner_token_), 404, kBankNotFound);
  ExpectError(CreateAccount(bank_, account_, SampleBody(), owner_token_), 400,
              "OBP-30208: Account_ID already exists at the Bank.");

  auto with_balance = [](const json::value& currency, const json::value& amount) {
    json::object body = SampleBody();
    body["balance"] = json::object{{"currency", currency}, {"amount", amount}};
    return body;
  };
  ExpectError(CreateAccount(bank_, id, with_balance("EUR", "ten"), owner_token_), 400,
              "OBP-30112: Invalid Number. Initial balance must be a number, e.g 1000.00");
  ExpectError(CreateAccount(bank_, id, with_balance("EUR", "10.12"), owner_token_), 400,
              "OBP-30109: Initial Balance of Account must be Zero (0).");
  ExpectError(CreateAccount(bank_, id, with_balance("EURO", "0"), owner_token_), 400,
              "OBP-30105: Invalid Balance Currency.");
  ExpectError(CreateAccount(bank_, id, with_balance("EUR", 0), owner_token_), 400, kBadJson);

  json::object twice = SampleBody();
  twice["account_routings"] = json::array{json::object{{"scheme", "OBP"}, {"address", "a1"}},
                                          json::object{{"scheme", "OBP"}, {"address", "a2"}}};
  ExpectError(CreateAccount(bank_, id, twice, owner_token_), 400,
              "OBP-30114: Invalid Account Routings. Duplication detected in account routings, "
              "please specify only one value per routing scheme");
  json::object taken = SampleBody();
  Reply first = CreateAccount(bank_, UniqueName("acc"), taken, owner_token_);
  ASSERT_EQ(first.status, 201) << first.body;
  ExpectError(CreateAccount(bank_, id, taken, owner_token_), 400,
              "OBP-30115: Account Routing already exist.");

  // Bad bodies.
  ExpectError(
      server().Put("/obp/v5.0.0/banks/" + bank_ + "/accounts/" + id, "not json", owner_token_), 400,
      kBadJson);
  json::object no_label = SampleBody();
  no_label.erase("label");
  ExpectError(CreateAccount(bank_, id, no_label, owner_token_), 400, kBadJson);
  json::object bad_routing = SampleBody();
  bad_routing["account_routings"] = json::array{json::object{{"scheme", "OBP"}}};
  ExpectError(CreateAccount(bank_, id, bad_routing, owner_token_), 400, kBadJson);

  // None of the refusals stored anything: the id is still free.
  ASSERT_EQ(CreateAccount(bank_, id, SampleBody(), owner_token_).status, 201);
  EXPECT_EQ(MyViews(owner_token_).size(), 3u);
}

// --- permissions -------------------------------------------------------------------------------

TEST_F(AccountsTest, PermissionsForAllUsers) {
  auto [other, other_token] = server().CreateUserWithToken("acperm");
  ASSERT_EQ(Grant(other.user_id, "auditor", owner_token_).status, 201);
  Reply reply = server().Get(AccountPath("v2.0.0") + "/permissions", owner_token_);
  ASSERT_EQ(reply.status, 200) << reply.body;
  json::value body = reply.Json();
  const json::array& permissions = body.at("permissions").as_array();
  ASSERT_EQ(permissions.size(), 2u);
  bool saw_other = false;
  for (const auto& entry : permissions) {
    EXPECT_EQ(KeysOf(entry), (std::vector<std::string>{"user", "views"}));
    EXPECT_EQ(KeysOf(entry.at("user")),
              (std::vector<std::string>{"display_name", "id", "provider"}));
    const json::array& views = entry.at("views").as_array();
    ASSERT_EQ(views.size(), 1u);
    EXPECT_FALSE(views[0].as_object().contains("metadata_view"));
    if (entry.at("user").at("id") == json::value(other.username)) {
      saw_other = true;
      EXPECT_EQ(entry.at("user").at("display_name"), json::value(other.email));
      EXPECT_EQ(views[0].at("id"), json::value("auditor"));
      EXPECT_EQ(views[0].at("can_see_owner_comment"), json::value(true));
      EXPECT_EQ(views[0].at("can_add_comment"), json::value(false));
    }
  }
  EXPECT_TRUE(saw_other);

  ExpectError(server().Get(AccountPath() + "/permissions", other_token), 403, kNoViewAccess);
  ExpectError(
      server().Get("/obp/v5.0.0/banks/" + bank_ + "/accounts/nope/permissions", owner_token_), 404,
      kAccountNotFound);
  ExpectError(
      server().Get("/obp/v5.0.0/banks/nobank/accounts/" + account_ + "/permissions", owner_token_),
      404, kBankNotFound);
  EXPECT_EQ(server().Get(AccountPath() + "/permissions").status, 401);
}

TEST_F(AccountsTest, PermissionsForOneUser) {
  auto [other, other_token] = server().CreateUserWithToken("acone");
  ASSERT_EQ(Grant(other.user_id, "accountant", owner_token_).status, 201);
  Reply me = server().Get("/obp/v5.0.0/users/current", other_token);
  const std::string provider(me.Json().at("provider").as_string());
  const std::string path =
      AccountPath("v3.0.0") + "/permissions/" + Encode(provider) + "/" + Encode(other.username);
  Reply reply = server().Get(path, owner_token_);
  ASSERT_EQ(reply.status, 200) << reply.body;
  json::value body = reply.Json();
  const json::array& views = body.at("views").as_array();
  ASSERT_EQ(views.size(), 1u);
  EXPECT_EQ(views[0].at("id"), json::value("accountant"));
  EXPECT_EQ(views[0].at("is_system"), json::value(true));

  ExpectError(server().Get(AccountPath() + "/permissions/" + Encode(provider) + "/nobody1234",
                           owner_token_),
              404, "OBP-20104: User not found by PROVIDER and PROVIDER_ID.");
  ExpectError(server().Get(path, other_token), 403, kNoViewAccess);
}

// --- grant / revoke ----------------------------------------------------------------------------

TEST_F(AccountsTest, GrantAndRevokeShowInTheUserViews) {
  auto [other, other_token] = server().CreateUserWithToken("acgrant");
  EXPECT_TRUE(MyViews(other_token).empty());
  Reply granted = server().Post(AccountPath("v4.0.0") + "/account-access/grant",
                                AccessBody(other.user_id, "auditor"), owner_token_);
  ASSERT_EQ(granted.status, 201) << granted.body;
  json::value view = granted.Json();
  EXPECT_EQ(view.at("id"), json::value("auditor"));
  EXPECT_EQ(view.at("short_name"), json::value("Auditor View"));
  EXPECT_EQ(view.at("metadata_view"), json::value("auditor"));
  EXPECT_EQ(view.at("is_public"), json::value(false));
  EXPECT_EQ(view.at("is_system"), json::value(true));
  EXPECT_EQ(view.at("alias"), json::value(""));
  EXPECT_EQ(view.at("hide_metadata_if_alias_used"), json::value(false));
  EXPECT_EQ(view.at("can_see_bank_account_credit_limit"), json::value(true));
  EXPECT_EQ(view.at("can_add_transaction_request_to_any_account"), json::value(false));
  EXPECT_EQ(KeysOf(view).size(), 8u + 72u);
  EXPECT_EQ(MyViews(other_token), (std::vector<std::string>{account_ + "/auditor"}));

  Reply user = server().Get("/obp/v5.0.0/users/user_id/" + other.user_id, server().SuperToken());
  ASSERT_EQ(user.status, 200);
  EXPECT_EQ(user.Json().at("views").at("list").as_array().size(), 1u);

  Reply revoked = Revoke(other.user_id, "auditor", owner_token_);
  ASSERT_EQ(revoked.status, 201) << revoked.body;
  EXPECT_EQ(revoked.Json(), (json::object{{"revoked", true}}));
  EXPECT_TRUE(MyViews(other_token).empty());
}

TEST_F(AccountsTest, GrantErrors) {
  auto [other, other_token] = server().CreateUserWithToken("acgerr");
  ExpectError(Grant(other.user_id, "owner", other_token), 400, kCannotGrant);
  ExpectError(Grant("no-such-user", "auditor", owner_token_), 404,
              "OBP-20005: User not found. Please specify a valid value for USER_ID. Current "
              "USER_ID(no-such-user)");
  ExpectError(Grant(other.user_id, "nosuchview", owner_token_), 404, kViewNotFound);
  ExpectError(server().Post(AccountPath() + "/account-access/grant",
                            AccessBody(other.user_id, "auditor", false), owner_token_),
              404, kViewNotFound);
  ExpectError(server().Post("/obp/v5.0.0/banks/" + bank_ + "/accounts/nope/account-access/grant",
                            AccessBody(other.user_id, "auditor"), owner_token_),
              404, kAccountNotFound);
  ExpectError(server().Post(AccountPath() + "/account-access/grant",
                            R"({"user_id":")" + other.user_id + R"("})", owner_token_),
              400, kBadJson);
  ExpectError(server().Post(AccountPath() + "/account-access/grant",
                            R"({"user_id":")" + other.user_id +
                                R"(","view":{"view_id":"owner","is_system":"yes"}})",
                            owner_token_),
              400, kBadJson);
  ExpectError(server().Post(AccountPath() + "/account-access/grant", "[]", owner_token_), 400,
              kBadJson);
  EXPECT_EQ(Grant(other.user_id, "auditor", "").status, 401);
  EXPECT_TRUE(MyViews(other_token).empty());
}

TEST_F(AccountsTest, RevokeErrors) {
  auto [other, other_token] = server().CreateUserWithToken("acrerr");
  ASSERT_EQ(Grant(other.user_id, "auditor", owner_token_).status, 201);
  ExpectError(Revoke(owner_.user_id, "owner", other_token), 400, kCannotRevoke);
  ExpectError(Revoke(owner_.user_id, "owner", owner_token_), 400, kLastOwner);
  ExpectError(Revoke(other.user_id, "nosuchview", owner_token_), 404, kViewNotFound);
  ExpectError(Revoke("no-such-user", "auditor", owner_token_), 404,
              "OBP-20005: User not found. Please specify a valid value for USER_ID. Current "
              "USER_ID(no-such-user)");
  ExpectError(server().Post(AccountPath() + "/account-access/revoke", "{}", owner_token_), 400,
              kBadJson);
  EXPECT_EQ(MyViews(owner_token_), (std::vector<std::string>{account_ + "/owner"}));
  EXPECT_EQ(MyViews(other_token), (std::vector<std::string>{account_ + "/auditor"}));
}

TEST_F(AccountsTest, RevokeGrantMyViews) {
  auto [other, other_token] = server().CreateUserWithToken("acput");
  ASSERT_EQ(Grant(other.user_id, "owner", owner_token_).status, 201);
  std::string body = R"({"views":[{"view_id":"auditor","is_system":true},)"
                     R"({"view_id":"standard","is_system":true}]})";
  Reply reply = server().Put(AccountPath("v4.0.0") + "/account-access", body, owner_token_);
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(reply.Json(), (json::object{{"revoked", true}}));
  EXPECT_EQ(MyViews(owner_token_),
            (std::vector<std::string>{account_ + "/auditor", account_ + "/standard"}));

  // Now an auditor: it may not revoke its own views.
  ExpectError(server().Put(AccountPath() + "/account-access", R"({"views":[]})", owner_token_), 400,
              kCannotRevoke);
  // The last owner may not drop the owner view.
  ExpectError(server().Put(AccountPath() + "/account-access",
                           R"({"views":[{"view_id":"auditor","is_system":true}]})", other_token),
              400, kLastOwner);
  ExpectError(server().Put(AccountPath() + "/account-access", R"({"views":"owner"})", other_token),
              400, kBadJson);
  ExpectError(server().Put(AccountPath() + "/account-access",
                           R"({"views":[{"view_id":"nope","is_system":true}]})", other_token),
              404, kViewNotFound);
  EXPECT_EQ(MyViews(other_token), (std::vector<std::string>{account_ + "/owner"}));
}

// --- DAuth user with account access ------------------------------------------------------------

TEST_F(AccountsTest, CreateUserWithAccountAccess) {
  const std::string username = UniqueName("0xcontract");
  json::object body{
      {"username", username},
      {"provider", "dauth.AIRNODE.TESTNET.ETHEREUM"},
      {"views", json::array{json::object{{"view_id", "standard"}, {"is_system", true}}}}};
  Reply reply = server().Post(AccountPath("v4.0.0") + "/user-account-access", json::serialize(body),
                              owner_token_);
  ASSERT_EQ(reply.status, 201) << reply.body;
  ASSERT_TRUE(reply.Json().is_array());
  ASSERT_EQ(reply.Json().as_array().size(), 1u);
  EXPECT_EQ(reply.Json().as_array()[0].at("id"), json::value("standard"));

  // The same user again, with another view.
  body["views"] = json::array{json::object{{"view_id", "auditor"}, {"is_system", true}}};
  ASSERT_EQ(server()
                .Post(AccountPath() + "/user-account-access", json::serialize(body), owner_token_)
                .status,
            201);
  Reply views = server().Get(
      AccountPath() + "/permissions/" + Encode("dauth.AIRNODE.TESTNET.ETHEREUM") + "/" + username,
      owner_token_);
  ASSERT_EQ(views.status, 200) << views.body;
  EXPECT_EQ(views.Json().at("views").as_array().size(), 2u);

  body["provider"] = "ETHEREUM";
  ExpectError(
      server().Post(AccountPath() + "/user-account-access", json::serialize(body), owner_token_),
      400, "OBP-20103: Invalid DAuth User Provider.");
  body["provider"] = "dauth.net";
  auto [other, other_token] = server().CreateUserWithToken("acdauth");
  ExpectError(
      server().Post(AccountPath() + "/user-account-access", json::serialize(body), other_token),
      400, kCannotGrant);
  body.erase("views");
  ExpectError(
      server().Post(AccountPath() + "/user-account-access", json::serialize(body), owner_token_),
      400, kBadJson);
}

// --- refresh -----------------------------------------------------------------------------------

TEST_F(AccountsTest, RefreshUser) {
  Reply reply =
      server().Post("/obp/v3.1.0/users/" + owner_.user_id + "/refresh", "", server().SuperToken());
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(KeysOf(reply.Json()), (std::vector<std::string>{"duration_time"}));
  EXPECT_TRUE(std::regex_match(std::string(reply.Json().at("duration_time").as_string()),
                               std::regex(" [0-9]+ ms")))
      << reply.body;
  EXPECT_EQ(MyViews(owner_token_), (std::vector<std::string>{account_ + "/owner"}));

  ExpectError(server().Post("/obp/v5.0.0/users/" + owner_.user_id + "/refresh", "{}", owner_token_),
              403, "OBP-20006: User is missing one or more roles: CanRefreshUser");
  ExpectError(server().Post("/obp/v5.0.0/users/no-such-user/refresh", "{}", server().SuperToken()),
              404,
              "OBP-20005: User not found. Please specify a valid value for USER_ID. Current "
              "USER_ID(no-such-user)");
}

}  // namespace
}  // namespace roster::apitest
