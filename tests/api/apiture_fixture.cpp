#include "api/apiture_fixture.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <map>
#include <stdexcept>

namespace roster::apitest {

namespace json = boost::json;

namespace {

std::string FormEncode(std::string_view text) {
  return boost::urls::encode(text, boost::urls::unreserved_chars);
}

}  // namespace

Reply TokenReply(RosterServer& server, const std::string& form, const std::string& api_key) {
  httplib::Headers headers{{"Content-Type", "application/x-www-form-urlencoded"},
                           {"API-Key", api_key.empty() ? server.consumer_key() : api_key}};
  return server.Send("POST", "/auth/oauth2/token", headers, form);
}

std::string ApitureToken(RosterServer& server, std::string_view username, std::string_view password,
                         std::string_view scope) {
  std::string form =
      "grant_type=password&username=" + FormEncode(username) + "&password=" + FormEncode(password);
  if (!scope.empty()) form += "&scope=" + FormEncode(scope);
  Reply reply = TokenReply(server, form);
  if (reply.status != 200) {
    ADD_FAILURE() << "token for " << username << ": " << reply.status << " " << reply.body;
    return "";
  }
  return std::string(reply.Json().at("access_token").as_string());
}

std::string AdminToken(RosterServer& server) {
  // One token per server (its database is unique to it).
  static std::map<std::string, std::string> tokens;
  auto& token = tokens[server.database()];
  if (token.empty())
    token = ApitureToken(server, server.superuser().username, server.superuser().password);
  return token;
}

ServiceClient TrustedService(RosterServer& server, std::string_view scope) {
  CommandResult created =
      server.RunCommand({"consumer", "create", "--name", "trusted-service", "--trusted"});
  if (created.exit_code != 0) throw std::runtime_error("consumer create: " + created.out);
  ServiceClient client;
  client.api_key = created.out;
  while (!client.api_key.empty() &&
         (client.api_key.back() == '\n' || client.api_key.back() == '\r')) {
    client.api_key.pop_back();
  }
  std::string form = "grant_type=client_credentials";
  if (!scope.empty()) form += "&scope=" + FormEncode(scope);
  Reply reply = TokenReply(server, form, client.api_key);
  if (reply.status != 200) {
    ADD_FAILURE() << "client_credentials: " << reply.status << " " << reply.body;
    return client;
  }
  client.token = std::string(reply.Json().at("access_token").as_string());
  return client;
}

Reply ApitureSend(RosterServer& server, const std::string& method, const std::string& path,
                  const std::string& token, const std::string& body, httplib::Headers headers,
                  const std::string& api_key) {
  httplib::Headers all;
  all.emplace("API-Key", api_key.empty() ? server.consumer_key() : api_key);
  if (!token.empty()) all.emplace("Authorization", "Bearer " + token);
  if (!body.empty()) all.emplace("Content-Type", "application/hal+json");
  for (auto& [name, value] : headers) {
    all.erase(name);
    all.emplace(name, value);
  }
  return server.Send(method, path, all, body);
}

std::string Str(const json::value& value, std::string_view key) {
  const json::value* found = value.is_object() ? value.as_object().if_contains(key) : nullptr;
  return found != nullptr && found->is_string() ? std::string(found->as_string()) : "";
}

bool HasLink(const json::value& resource, std::string_view rel) {
  const json::value* links =
      resource.is_object() ? resource.as_object().if_contains("_links") : nullptr;
  return links != nullptr && links->is_object() && links->as_object().contains(rel);
}

std::string Href(const json::value& resource, std::string_view rel) {
  if (!HasLink(resource, rel)) return "";
  return Str(resource.at("_links").at(rel), "href");
}

std::string ErrorType(const Reply& reply) {
  const json::value& body = reply.Json();
  const json::value* error = body.is_object() ? body.as_object().if_contains("_error") : nullptr;
  return error != nullptr ? Str(*error, "type") : "";
}

void ExpectType(const Reply& reply, int status, std::string_view type) {
  EXPECT_EQ(reply.status, status) << reply.body;
  if (reply.status != status) return;
  EXPECT_EQ(ErrorType(reply), type) << reply.body;
}

}  // namespace roster::apitest
