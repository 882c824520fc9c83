// roster_bench_argon2: the raw Argon2id rate of this machine, the ceiling for DirectLogin logins/s.
//
// Measures crypto_pwhash_str_verify of one precomputed hash at libsodium's INTERACTIVE limits
// (exactly the work of a successful login) with 1 thread and with one thread per core. The
// counter `hashes_per_s` is the aggregate rate over all threads (wall-clock time). bench/run.sh
// reads it with --benchmark_format=json.
#include <benchmark/benchmark.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>
#include <string_view>
#include <thread>

namespace {

constexpr std::string_view kPassword = "BenchPassword-2024!";

void VerifyArgon2id(benchmark::State& state, const std::string& encoded) {
  for (auto _ : state) {
    const int verified =
        crypto_pwhash_str_verify(encoded.c_str(), kPassword.data(), kPassword.size());
    if (verified != 0) {
      state.SkipWithError("crypto_pwhash_str_verify rejected the password");
      break;
    }
    benchmark::DoNotOptimize(verified);
  }
  state.counters["hashes_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  if (sodium_init() < 0) {
    std::fputs("roster_bench_argon2: sodium_init failed\n", stderr);
    return 1;
  }
  std::array<char, crypto_pwhash_STRBYTES> hash{};
  if (crypto_pwhash_str_alg(hash.data(), kPassword.data(), kPassword.size(),
                            crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    std::fputs("roster_bench_argon2: crypto_pwhash_str_alg failed (out of memory)\n", stderr);
    return 1;
  }
  const std::string encoded = hash.data();

  const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  auto* bench = benchmark::RegisterBenchmark("Argon2idVerifyInteractive", VerifyArgon2id, encoded);
  bench->UseRealTime()->Unit(benchmark::kMillisecond)->MinTime(2.0)->Threads(1);
  if (cores > 1) bench->Threads(cores);

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
