// The contract every ports::Store implementation must satisfy, as a parameterised GoogleTest
// suite. An implementation instantiates it with one file:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest,
//                            ::testing::Values(StoreFactory{"sqlite", [] { return ...; }}),
//                            StoreFactoryName);
//
// The suite knows nothing of any particular database.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "ports/store.h"

namespace roster::contract {

struct StoreFactory {
  std::string name;  // test-name suffix: letters, digits and '_' only
  // Returns a FRESH, migrated, empty store, or nullptr on failure. Called once per test; the
  // store is destroyed (and may delete its database) at the end of the test.
  std::function<std::unique_ptr<ports::Store>()> make;
};

inline void PrintTo(const StoreFactory& factory, std::ostream* out) { *out << factory.name; }

inline std::string StoreFactoryName(const ::testing::TestParamInfo<StoreFactory>& info) {
  return info.param.name;
}

class StoreContractTest : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override {
    store_ = GetParam().make();
    ASSERT_NE(store_, nullptr) << "the factory could not create a store";
  }
  void TearDown() override { store_.reset(); }

  ports::Store& store() { return *store_; }

 private:
  std::unique_ptr<ports::Store> store_;
};

}  // namespace roster::contract
