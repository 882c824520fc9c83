#include "services/constraint_service.h"

#include "core/constraints.h"
#include "core/scopes.h"
#include "services/apiture_access.h"

namespace roster::services {

namespace json = boost::json;
using core::ErrorCode;
using core::Fail;
using core::Result;

namespace {

bool SeesSegmentationTier(const ScopedPrincipal& caller) {
  return IsAdmin(caller) || caller.scopes.Has(core::kAdminRead);
}

Result<json::object> StoredBody(const core::UserConstraints& stored) {
  boost::system::error_code ec;
  json::value parsed = json::parse(stored.body_json, ec);
  if (ec || !parsed.is_object()) {
    return Fail(ErrorCode::kInternal, {}, "constraints of " + stored.user_id + " are not JSON");
  }
  return std::move(parsed.as_object());
}

ConstraintsView View(const ScopedPrincipal& caller, const json::object& stored,
                     std::int64_t version) {
  ConstraintsView view{.constraints = core::EffectiveConstraints(stored), .version = version};
  if (!SeesSegmentationTier(caller)) {
    if (json::value* deposits = view.constraints.if_contains("checkDeposits")) {
      deposits->as_object().erase("segmentationTier");
    }
  }
  return view;
}

}  // namespace

Result<ConstraintsView> ConstraintService::Get(const ScopedPrincipal& caller,
                                               std::string_view user_id) {
  if (auto allowed = RequireRead(caller, user_id); !allowed) {
    return std::unexpected(allowed.error());
  }
  return ports::ReadTx(ports_.store, [&](ports::Tx& tx) -> Result<ConstraintsView> {
    auto user = tx.FindUserById(user_id);
    if (!user) return std::unexpected(user.error());
    if (!*user) return Fail(ErrorCode::kUserNotFound, std::string(user_id));
    auto stored = tx.FindUserConstraints(user_id);
    if (!stored) return std::unexpected(stored.error());
    if (!*stored) return View(caller, json::object{}, 0);
    auto body = StoredBody(**stored);
    if (!body) return std::unexpected(body.error());
    return View(caller, *body, (*stored)->version);
  });
}

Result<ConstraintsView> ConstraintService::Replace(const ScopedPrincipal& caller,
                                                   std::string_view user_id,
                                                   const json::object& body,
                                                   std::optional<std::int64_t> if_match) {
  return Write(caller, user_id, body, false, if_match);
}

Result<ConstraintsView> ConstraintService::Patch(const ScopedPrincipal& caller,
                                                 std::string_view user_id, const json::object& body,
                                                 std::optional<std::int64_t> if_match) {
  return Write(caller, user_id, body, true, if_match);
}

Result<ConstraintsView> ConstraintService::Write(const ScopedPrincipal& caller,
                                                 std::string_view user_id, const json::object& body,
                                                 bool patch, std::optional<std::int64_t> if_match) {
  if (auto allowed = RequireAdmin(caller); !allowed) return std::unexpected(allowed.error());
  if (caller.IsUser(user_id)) {
    return Fail(ErrorCode::kForbidden, "A user cannot change their own limits.");
  }
  auto given = core::ParseConstraints(body, patch);
  if (!given) return std::unexpected(given.error());
  const core::TimePoint now = ports_.clock.Now();
  return ports::WriteTx(ports_.store, [&](ports::Tx& tx) -> Result<ConstraintsView> {
    auto user = tx.FindUserById(user_id);
    if (!user) return std::unexpected(user.error());
    if (!*user) return Fail(ErrorCode::kUserNotFound, std::string(user_id));
    auto stored = tx.FindUserConstraints(user_id);
    if (!stored) return std::unexpected(stored.error());
    core::UserConstraints record =
        *stored ? **stored : core::UserConstraints{.user_id = std::string(user_id)};
    if (if_match && *if_match != record.version) return Fail(ErrorCode::kPreconditionFailed);
    json::object next = *given;
    if (patch) {
      auto current = StoredBody(record);
      if (!current) return std::unexpected(current.error());
      next = core::MergeConstraints(std::move(*current), *given);
    }
    record.body_json = json::serialize(next);
    record.version += 1;
    record.updated_at = now;
    if (auto put = tx.PutUserConstraints(record); !put) return std::unexpected(put.error());
    return View(caller, next, record.version);
  });
}

}  // namespace roster::services
