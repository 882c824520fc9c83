#!/usr/bin/env python3
"""Generates src/api/obp/resource_docs/route_docs_data.cpp: the resource-doc metadata of every
versioned route of src/api/obp/routes.cpp.

Sources, in order of precedence:
  1. HAND below: routes the spec JSON does not describe (createBank, getBanks, getRoles,
     createCustomer, the resource docs themselves) and bodies the spec leaves out (Appendix C
     GUESS shapes of obp-catalogue.md, aligned with Roster's codecs).
  2. obp-resource-docs-sample.json: prose of createUser and createAccount.
  3. obp-endpoints.json: summary, tags, roles, examples, errors.
  4. obp-catalogue.md: the verbatim description of each operation.

The build does not run Python: rerun this script after changing the route table or the spec and
commit its output.

  scripts/gen-resource-docs.py [--spec ../shared/spec] [--out src/api/obp/resource_docs/...]
"""

import argparse
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

USER_V200 = {
    "user_id": "9ca9a7e4-6d02-40e3-a129-0b2bf89de9b1",
    "email": "felixsmith@example.com",
    "provider_id": "Chris",
    "provider": "http://127.0.0.1:8080",
    "username": "felixsmith",
    "entitlements": {"list": [{"entitlement_id": "6fb17583-1e49-4435-bb74-a14fe0996723",
                               "role_name": "CanQueryOtherUser", "bank_id": "gh.29.uk"}]},
}
ENTITLEMENT = {"entitlement_id": "6fb17583-1e49-4435-bb74-a14fe0996723",
               "role_name": "CanGetCustomersAtOneBank", "bank_id": "gh.29.uk"}
ENTITLEMENT_WITH_USER = dict(ENTITLEMENT, user_id="9ca9a7e4-6d02-40e3-a129-0b2bf89de9b1")
ENTITLEMENT_REQUEST = {
    "entitlement_request_id": "6fb17583-1e49-4435-bb74-a14fe0996723",
    "user": USER_V200,
    "role_name": "CanGetCustomersAtOneBank",
    "bank_id": "gh.29.uk",
    "created": "1100-01-01T00:00:00Z",
}
VIEW = {"id": "owner", "short_name": "Owner", "description": "The owner of the account",
        "is_public": False, "alias": "private", "is_system": True}
CUSTOMER = {
    "bank_id": "gh.29.uk",
    "customer_id": "7uy8a7e4-6d02-40e3-a129-0b2bf89de8uh",
    "customer_number": "5987953",
    "legal_name": "Eveline Tripman",
    "mobile_phone_number": "+44 07972 444 876",
    "email": "felixsmith@example.com",
    "date_of_birth": "1100-01-01T00:00:00Z",
}
CUSTOMER_MINIMAL = {"bank_id": "gh.29.uk", "customer_id": "7uy8a7e4-6d02-40e3-a129-0b2bf89de8uh"}
BANK = {
    "id": "gh.29.uk",
    "bank_code": "bank_code",
    "full_name": "full_name",
    "logo": "logo",
    "website": "www.openbankproject.com",
    "bank_routings": [{"scheme": "Bank_ID", "address": "gh.29.uk"}],
}
ROLE_REQUEST = {"bank_id": "gh.29.uk", "role_name": "CanGetCustomersAtOneBank"}
USER_NOT_LOGGED_IN = "OBP-20001: User not logged in. Authentication is required!"
MISSING_ROLES = "OBP-20006: User is missing one or more roles: "
UNKNOWN = "OBP-50000: Unknown Error."
BAD_JSON = "OBP-10001: Incorrect json format."
BANK_NOT_FOUND = "OBP-30001: Bank not found. Please specify a valid value for BANK_ID."
USER_NOT_FOUND = "OBP-20005: User not found. Please specify a valid value for USER_ID."
RESOURCE_DOCS_DESCRIPTION = (
    "Get documentation about the RESTful resources on this server including example bodies for "
    "POST and PUT requests.\n\n"
    "This is the native data format used to document OBP endpoints. Each endpoint has a Resource "
    "Doc (a Scala case class) defined in the source code.\n\n"
    "This endpoint is used by OBP API Explorer to display and work with the API documentation.\n\n"
    "Most (but not all) fields are also available in swagger format. (The Swagger endpoint is "
    "built from Resource Docs.)\n\n"
    "API_VERSION is the version you want documentation about e.g. v5.0.0 or OBPv5.0.0\n\n"
    "You may filter this endpoint with tags parameter e.g. ?tags=Account,Bank\n\n"
    "You may filter this endpoint with functions parameter e.g. "
    "?functions=enableDisableConsumers,getConnectorMetrics")

# Keyed by (function, implemented_in). Members override the spec JSON; "base" copies the spec
# entry of another operation id first.
HAND = {
    ("createBank", "v5.0.0"): {
        "summary": "Create Bank",
        "description": "Create a new Bank.\n\nThe Bank ID (id) must be unique and contain only "
                       "0-9/a-z/A-Z/'-'/'.'/'_'.",
        "tags": ["Bank"],
        "roles": [{"role": "CanCreateBank", "requires_bank_id": False}],
        "request": {k: v for k, v in BANK.items()},
        "response": BANK,
        "errors": [BAD_JSON, "OBP-30111: Invalid Bank Id. The BANK_ID should only contain "
                   "0-9/a-z/A-Z/'-'/'.'/'_', the length should be smaller than 255.",
                   "OBP-30210: Bank Id already exists. Please specify a different value.",
                   UNKNOWN],
    },
    ("getBanks", "v4.0.0"): {
        "summary": "Get Banks",
        "description": "Get banks on this API instance\nReturns a list of banks supported on this "
                       "server:\n\n- ID used as parameter in URLs\n- Short and full name of bank\n"
                       "- Logo URL\n- Website",
        "tags": ["Bank"],
        "auth": False,
        "response": {"banks": [BANK]},
        "errors": [UNKNOWN],
    },
    ("getRoles", "v2.1.0"): {
        "summary": "Get Roles",
        "description": "Returns all available roles\n\nAuthentication is Mandatory",
        "tags": ["Role"],
        "response": {"roles": [{"role": "CanGetCustomersAtOneBank", "requires_bank_id": True},
                               {"role": "CanGetAnyUser", "requires_bank_id": False}]},
        "errors": [USER_NOT_LOGGED_IN, UNKNOWN],
    },
    ("createCustomer", "v5.0.0"): {
        "summary": "Create Customer",
        "description": "The Customer resource stores the customer number (which is set by the "
                       "backend), legal name, email, phone number, their date of birth, "
                       "relationship status, education attained, a url for a profile image, KYC "
                       "status etc.\n\nDates need to be in the format 2013-01-21T23:08:00Z",
        "tags": ["Customer"],
        "roles": [{"role": "CanCreateCustomer", "requires_bank_id": True},
                  {"role": "CanCreateCustomerAtAnyBank", "requires_bank_id": False}],
        "request": {k: v for k, v in CUSTOMER.items() if k not in ("bank_id", "customer_id")},
        "response": CUSTOMER,
        "errors": [USER_NOT_LOGGED_IN, BAD_JSON, BANK_NOT_FOUND, MISSING_ROLES,
                   "OBP-30006: Customer Number already exists. Please specify a different value "
                   "for BANK_ID or CUSTOMER_NUMBER.", UNKNOWN],
    },
    ("getResourceDocsObp", "v1.4.0"): {
        "summary": "Get Resource Docs",
        "description": RESOURCE_DOCS_DESCRIPTION,
        "tags": ["Documentation", "API"],
        "auth": False,
        "response": {"resource_docs": [{"operation_id": "OBPv4.0.0-getUsers",
                                        "request_verb": "GET",
                                        "request_url": "/obp/v4.0.0/users",
                                        "summary": "Get all Users"}]},
        "errors": ["OBP-00027: Invalid API Version string. We could not find the version "
                   "specified.", UNKNOWN],
    },
    ("getResourceDocsSwagger", "v1.4.0"): {
        "summary": "Get Swagger documentation",
        "description": "Returns documentation about the RESTful resources on this server in "
                       "Swagger 2.0 format.\n\nAPI_VERSION is the version you want documentation "
                       "about e.g. v5.0.0 or OBPv5.0.0\n\nYou may filter this endpoint with the "
                       "tags and functions parameters.",
        "tags": ["Documentation", "API"],
        "auth": False,
        "response": {"swagger": "2.0", "info": {"title": "Open Bank Project API",
                                                "version": "v5.0.0"}, "paths": {}},
        "errors": ["OBP-00027: Invalid API Version string. We could not find the version "
                   "specified.", UNKNOWN],
    },
    # The v3.1.0 implementations: same contract as the v5.0.0 ones in the spec JSON (whose
    # examples are the v3.1.0 shapes, obp-catalogue.md §6-§7).
    ("createUserAuthContext", "v3.1.0"): {"base": "OBPv5.0.0-createUserAuthContext"},
    ("getUserAuthContexts", "v3.1.0"): {"base": "OBPv5.0.0-getUserAuthContexts"},
    ("createUserAuthContextUpdateRequest", "v3.1.0"): {
        "base": "OBPv5.0.0-createUserAuthContextUpdateRequest"},
    ("answerUserAuthContextUpdateChallenge", "v3.1.0"): {
        "base": "OBPv5.0.0-answerUserAuthContextUpdateChallenge"},

    # Bodies the spec JSON leaves out (obp-catalogue.md Appendix C GUESS shapes).
    ("deleteUser", "v4.0.0"): {"response": True},
    ("refreshUser", "v3.1.0"): {"request": {}},
    ("deleteUserAuthContextById", "v3.1.0"): {"response": True},
    ("deleteUserAuthContexts", "v3.1.0"): {"response": True},
    ("addEntitlement", "v2.0.0"): {"request": ROLE_REQUEST, "response": ENTITLEMENT},
    ("deleteEntitlement", "v2.0.0"): {"response": None},
    ("getEntitlementsByBankAndUser", "v2.1.0"): {"response": {"list": [ENTITLEMENT]}},
    ("getEntitlements", "v4.0.0"): {"response": {"list": [ENTITLEMENT_WITH_USER]}},
    ("getEntitlementsForBank", "v4.0.0"): {"response": {"list": [ENTITLEMENT_WITH_USER]}},
    ("getEntitlementsForCurrentUser", "v3.0.0"): {"response": {"list": [ENTITLEMENT]}},
    ("addEntitlementRequest", "v3.0.0"): {"request": ROLE_REQUEST,
                                          "response": ENTITLEMENT_REQUEST},
    ("getAllEntitlementRequests", "v3.0.0"): {
        "response": {"entitlement_requests": [ENTITLEMENT_REQUEST]}},
    ("getEntitlementRequests", "v3.0.0"): {
        "response": {"entitlement_requests": [ENTITLEMENT_REQUEST]}},
    ("getEntitlementRequestsForCurrentUser", "v3.0.0"): {
        "response": {"entitlement_requests": [ENTITLEMENT_REQUEST]}},
    ("deleteEntitlementRequest", "v3.0.0"): {"response": True},
    ("getPermissionsForBankAccount", "v2.0.0"): {
        "response": {"permissions": [{"user": {"id": "9ca9a7e4-6d02-40e3-a129-0b2bf89de9b1",
                                               "provider": "http://127.0.0.1:8080",
                                               "display_name": "felixsmith"},
                                      "views": [VIEW]}]}},
    ("getPermissionForUserForBankAccount", "v3.0.0"): {"response": {"views": [VIEW]}},
    ("grantUserAccessToView", "v4.0.0"): {
        "request": {"user_id": "9ca9a7e4-6d02-40e3-a129-0b2bf89de9b1",
                    "view": {"view_id": "owner", "is_system": True}},
        "response": VIEW},
    ("revokeUserAccessToView", "v4.0.0"): {
        "request": {"user_id": "9ca9a7e4-6d02-40e3-a129-0b2bf89de9b1",
                    "view": {"view_id": "owner", "is_system": True}},
        "response": {"revoked": True}},
    ("revokeGrantUserAccessToViews", "v4.0.0"): {
        "request": {"user_id": "9ca9a7e4-6d02-40e3-a129-0b2bf89de9b1", "views": ["owner"]},
        "response": {"revoked": True}},
    ("createUserWithAccountAccess", "v4.0.0"): {
        "request": {"username": "felixsmith", "provider": "dauth.example.com",
                    "views": [{"view_id": "owner", "is_system": True}]},
        "response": [VIEW]},
    ("createUserCustomerLinks", "v4.0.0"): {
        "request": {"user_id": "9ca9a7e4-6d02-40e3-a129-0b2bf89de9b1",
                    "customer_id": "7uy8a7e4-6d02-40e3-a129-0b2bf89de8uh"},
        "response": {"user_customer_link_id": "9ca9a7e4-6d02-40e3-a129-0b2bf89de9b1",
                     "customer_id": "7uy8a7e4-6d02-40e3-a129-0b2bf89de8uh",
                     "user_id": "9ca9a7e4-6d02-40e3-a129-0b2bf89de9b1",
                     "date_inserted": "1100-01-01T00:00:00Z", "is_active": True}},
    ("getCustomersForUser", "v3.0.0"): {
        "response": {"customers": [dict(CUSTOMER, customer_attributes=[])]}},
    ("getMyCustomersAtAnyBank", "v5.0.0"): {"response": {"customers": [CUSTOMER]}},
    ("getCustomersAtAnyBank", "v4.0.0"): {"response": {"customers": [CUSTOMER]}},
    ("getCustomersMinimalAtAnyBank", "v4.0.0"): {"response": {"customers": [CUSTOMER_MINIMAL]}},
    ("getCustomersAtOneBank", "v5.0.0"): {
        "response": {"customers": [CUSTOMER]},
        "roles": [{"role": "CanGetCustomers", "requires_bank_id": True}]},
    ("getCustomersMinimalAtOneBank", "v5.0.0"): {
        "response": {"customers": [CUSTOMER_MINIMAL]},
        "roles": [{"role": "CanGetCustomersMinimal", "requires_bank_id": True}]},
    ("createUserWithRoles", "v4.0.0"): {
        "request": {"username": "felixsmith", "provider": "dauth.example.com",
                    "roles": [ROLE_REQUEST]},
        "response": {"list": [ENTITLEMENT_WITH_USER]}},
    ("getLogoutLink", "v4.0.0"): {
        "response": {"link": "http://127.0.0.1:8080/user_mgt/logout"}},
}

# Description lines that the generated authentication sentence replaces.
AUTH_LINES = {"Authentication is Mandatory", "Authentication is Optional"}


def parse_routes(path):
    text = path.read_text()
    pattern = re.compile(r'\{Verb::(\w+),\s*"([^"]*)",\s*"([^"]*)",\s*"([^"]*)"', re.S)
    return [m.groups() for m in pattern.finditer(text)]


def parse_catalogue(path):
    """Operation id -> description prose (the first verbatim description block)."""
    descriptions = {}
    sections = re.split(r"^### ", path.read_text(), flags=re.M)[1:]
    for section in sections:
        ids_line = next((l for l in section.splitlines() if "**operation_id(s):**" in l), "")
        ids = re.findall(r"`(OBPv[0-9.]+-\w+)`", ids_line)
        lines = section.splitlines()
        start = next((i for i, l in enumerate(lines) if l.startswith("- **Description (")), None)
        if start is None:
            continue
        prose = []
        for line in lines[start + 1:]:
            if not line.startswith("  >"):
                break
            text = line[3:].strip()
            if text in AUTH_LINES:
                continue
            prose.append(text)
        # The dump lost the paragraph structure: one paragraph per line, except list items.
        out = ""
        for text in prose:
            if out:
                out += "\n" if text.startswith(("•", "-")) else "\n\n"
            out += text.replace("•", "-")
        for op in ids:
            descriptions.setdefault(op, out)
    return descriptions


def sample_prose(sample):
    """Operation id -> the prose part of description_markdown in the golden sample."""
    out = {}
    for doc in sample["resource_docs"]:
        markdown = doc["description_markdown"]
        prose = markdown.split("User Authentication is")[0]
        out[doc["operation_id"]] = "\n".join(l.strip() for l in prose.strip().split("\n"))
    return out


def roles_of(entry):
    roles = entry.get("roles") or entry.get("roles_guess") or []
    return [{"role": r["role"], "requires_bank_id": bool(r.get("bank_scoped"))} for r in roles]


def cpp_string(text, delims=("md", "json", "x1", "x2")):
    if text is None:
        return '""'
    if not any(c in text for c in '"\\\n'):
        return f'"{text}"'
    for delim in delims:
        if f"){delim}\"" not in text:
            return f'R"{delim}({text}){delim}"'
    raise ValueError("no raw-string delimiter fits")


def cpp_json(value):
    if value is None:
        return '""'
    return cpp_string(json.dumps(value, ensure_ascii=False, separators=(",", ":")),
                      ("json", "x1", "x2"))


def ident(function, version):
    return "k" + function[0].upper() + function[1:] + version.replace(".", "")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--spec", default=str(ROOT.parent / "shared" / "spec"))
    parser.add_argument("--out", default=str(
        ROOT / "src/api/obp/resource_docs/route_docs_data.cpp"))
    args = parser.parse_args()
    spec = pathlib.Path(args.spec)

    endpoints = {e["operation_id"]: e for e in json.loads((spec / "obp-endpoints.json").read_text())}
    sample = json.loads((spec / "obp-resource-docs-sample.json").read_text())
    descriptions = parse_catalogue(spec / "obp-catalogue.md")
    descriptions.update(sample_prose(sample))
    routes = parse_routes(ROOT / "src/api/obp/routes.cpp")

    docs = []
    seen = set()
    for verb, path, version, function in routes:
        if not version or (function, version) in seen:
            continue  # unversioned routes have no resource doc (see route_docs.h)
        seen.add((function, version))
        op = f"OBP{version}-{function}"
        hand = HAND.get((function, version), {})
        entry = dict(endpoints.get(hand.get("base", op), {}))
        if not entry and not hand:
            sys.exit(f"no metadata for {op}: add it to HAND")
        doc = {
            "function": function,
            "version": version,
            "summary": entry.get("summary", ""),
            "description": descriptions.get(hand.get("base", op), ""),
            "auth": entry.get("auth", True),
            "tags": entry.get("tags", []),
            "roles": roles_of(entry),
            "request": entry.get("request_example"),
            "response": entry.get("response_example"),
            "errors": list(entry.get("errors", [])),
        }
        for key, value in hand.items():
            if key != "base":
                doc[key] = value
        if not doc["description"]:
            doc["description"] = doc["summary"] + "."
        if not doc["errors"]:
            doc["errors"] = ([USER_NOT_LOGGED_IN] if doc["auth"] else []) + [UNKNOWN]
        # As the reference's ResourceDoc constructor: a doc with roles lists both errors.
        if doc["roles"]:
            for error in (USER_NOT_LOGGED_IN, MISSING_ROLES):
                if not any(e.startswith(error[:9]) for e in doc["errors"]):
                    doc["errors"].insert(0 if error == USER_NOT_LOGGED_IN else 1, error)
        if doc["request"] is None and verb in ("post", "put"):
            doc["request"] = {}
        missing = [k for k in ("summary", "description", "tags") if not doc[k]]
        if missing:
            sys.exit(f"{op}: missing {missing}")
        docs.append(doc)

    out = []
    out.append("// GENERATED by scripts/gen-resource-docs.py from ../shared/spec (obp-endpoints.json,")
    out.append("// obp-resource-docs-sample.json, obp-catalogue.md) and the route table. Do not edit: change")
    out.append("// the script and rerun it.")
    out.append('#include "api/obp/resource_docs/route_docs.h"')
    out.append("")
    out.append("namespace roster::api::obp {")
    out.append("")
    out.append("namespace {")
    out.append("")
    for doc in docs:
        name = ident(doc["function"], doc["version"])
        tags = ", ".join(cpp_string(t) for t in doc["tags"])
        out.append(f"constexpr std::string_view {name}Tags[] = {{{tags}}};")
        if doc["roles"]:
            roles = ", ".join(
                f'{{{cpp_string(r["role"])}, {"true" if r["requires_bank_id"] else "false"}}}'
                for r in doc["roles"])
            out.append(f"constexpr RoleDoc {name}Roles[] = {{{roles}}};")
        if doc["errors"]:
            out.append(f"constexpr std::string_view {name}Errors[] = {{")
            for error in doc["errors"]:
                out.append(f"    {cpp_string(error)},")
            out.append("};")
    out.append("")
    out.append("const RouteDoc kRouteDocs[] = {")
    for doc in docs:
        name = ident(doc["function"], doc["version"])
        out.append("    {")
        out.append(f'        .function = "{doc["function"]}",')
        out.append(f'        .implemented_in = "{doc["version"]}",')
        out.append(f'        .summary = {cpp_string(doc["summary"])},')
        out.append(f'        .description = {cpp_string(doc["description"])},')
        out.append(f'        .auth_required = {"true" if doc["auth"] else "false"},')
        out.append(f"        .tags = {name}Tags,")
        if doc["roles"]:
            out.append(f"        .roles = {name}Roles,")
        out.append(f'        .example_request_body = {cpp_json(doc["request"])},')
        out.append(f'        .success_response_body = {cpp_json(doc["response"])},')
        if doc["errors"]:
            out.append(f"        .errors = {name}Errors,")
        out.append("    },")
    out.append("};")
    out.append("")
    out.append("}  // namespace")
    out.append("")
    out.append("std::span<const RouteDoc> RouteDocs() { return kRouteDocs; }")
    out.append("")
    out.append("}  // namespace roster::api::obp")
    pathlib.Path(args.out).write_text("\n".join(out) + "\n")
    print(f"{len(docs)} resource docs -> {args.out}")


if __name__ == "__main__":
    main()
