#include "crypto/openssl_key_cipher.h"

#include <gtest/gtest.h>
#include <openssl/err.h>
#include <sodium.h>

#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace roster::crypto {
namespace {

using core::ErrorCode;

// A throwaway key pair made for these tests only (openssl genpkey), and ciphertexts of
// kFixturePlaintext made by the openssl command line tool (pkeyutl) with several paddings: an
// independent implementation, so the tests pin the padding and not only our own round trip.
constexpr std::string_view kFixturePlaintext =
    "Gr\xC3\xBC\xC3\x9F"
    "e, 123-45-6789";
constexpr std::string_view kFixturePrivatePem = R"pem(-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCuyOIkKXagY4F6
mAsrSGcrp2PFblhbhqrMUwxv+33ZQFh5t6a6AqF4OtYwRo9YnXlWspIVcU2OgDLP
m0B8UGgd9YGvgECAurqHB4jjLaLILwb15TF2pIiIOS9vztZWxT87MQwrVn4Q9Kc3
KCsrpJ+nWGx3GP9J1BNkYiQzqyf4p92KEg3CGqDySKJZCV1WoxLjKmaHhojy2xas
n74bkMwCXBQdeTUPJeUMRkO4jJXw6wVgW9RMYMtYGcyBVAPPiXGu2W3C0E1h3j51
B4eounvSHpeg8ZkrEcYyE+Mzl9Vfae22Bk3uKZnUqMqyx7dad6ciosypMbzf/DxA
ilyNfd+rAgMBAAECggEATTjNyQJUufocq6hfTuk3Q+85wnHFMfLmpU2P8i3f5Utr
i6NbU1V0N6VvGnciQBmbEXXl2vlrNaloSZcjP4la5tmgSYTVesqFPMFUdmKkR+OX
JK71UqDQ/baeQbzVsBKHpERARyl4m08sTc8+e5LJQutrSJdPuzOqubAupHFbQJ1V
103yafk6fB2L70rnSTSywetRrK90HmzeHlo0iSE5LBqVnmKLVhxjAQU4vfh5thmu
74vBf0hQIUO4XHFea32pPDWXNXgaGdgX00y7hxPCc467cMCkF9eYTVk1jYikcYUp
eS1WY6h6F5ZeVm1gL0+1oQjVtiVqWuK9EAyk+pqUIQKBgQDsA8LfvAfax8dZ07D1
zKcMCrx4GiO9or7M0enq2W6xvgGyFdnVS/HuvIeF9oDVph28hwacz9HOvtqQMmj6
cbdXoz4gXHfcDUw2dSKGMG071F6QoUto2J+jUBlncUQApMpiH5gWaNA/PB5E4RCY
19edpZshoSDyTo9ICxuwCAPPWwKBgQC9lc0XX30WNA2n/+MjGPUWLfxuJhRkJ1Wj
IcPUsk4Tm0qxKyeBkNzvqMQlN52b5XNVMr9rCjTvMu2Lk/ZWRPeS2GG01WzFzPg4
058HQPqq4Tn3dc28voZUGk+L59SfWkPsQWWDFCetQvHBJWshr+J9JM6rogSjjryt
K7NcnInx8QKBgAR2Qb3nGSLqufsZxHOxLctNfKisndZc+Ex4/3ogKDaWCAQs45Rj
viwsRkejFGZ1oIRK7TYTu7yz4P/u5AswES5H+Mm11dJEMhepeUCeM8J4zlzfn8RY
rBPzVLee7ZExjF30iPSLgLxhT5UvyBeLpRjm45rsJ+pMz+qlwx092YyXAoGAdvpR
GK8DiHCodVtgh4E9Jms7tUDOoUASPWuOQ6iW2TUm/eLwSx7HmNwYJKcvkUvBQqGz
gZCJQeh7LZJxERj9KjoDr4IVXllRGhCtB9deuOjaARP8Rsxm7tcIPuwCAvOaFuW/
uDBo6hJOOAGspxqDkDgOP6ZRNPf6Ls9zI9bVt3ECgYEAy2s1f8mWAMQweMRM6k6J
6VteK/IhBX5DrgGcwCWOUTaGhfVQitiGCR7dOLz7VDSsfs7r67oYhNVQmrc0vpEO
CiZimFXwUyNLoNCA4X2NEq9KDkmCCyU5h90Bw9ObXlwvWIopnouENsQJ8HLKc5e1
5mXdn7TSShRvLKXNf400a70=
-----END PRIVATE KEY-----
)pem";
constexpr std::string_view kFixturePrivatePkcs1Pem = R"pem(-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEArsjiJCl2oGOBepgLK0hnK6djxW5YW4aqzFMMb/t92UBYebem
ugKheDrWMEaPWJ15VrKSFXFNjoAyz5tAfFBoHfWBr4BAgLq6hweI4y2iyC8G9eUx
dqSIiDkvb87WVsU/OzEMK1Z+EPSnNygrK6Sfp1hsdxj/SdQTZGIkM6sn+KfdihIN
whqg8kiiWQldVqMS4ypmh4aI8tsWrJ++G5DMAlwUHXk1DyXlDEZDuIyV8OsFYFvU
TGDLWBnMgVQDz4lxrtltwtBNYd4+dQeHqLp70h6XoPGZKxHGMhPjM5fVX2nttgZN
7imZ1KjKsse3WnenIqLMqTG83/w8QIpcjX3fqwIDAQABAoIBAE04zckCVLn6HKuo
X07pN0PvOcJxxTHy5qVNj/It3+VLa4ujW1NVdDelbxp3IkAZmxF15dr5azWpaEmX
Iz+JWubZoEmE1XrKhTzBVHZipEfjlySu9VKg0P22nkG81bASh6REQEcpeJtPLE3P
PnuSyULra0iXT7szqrmwLqRxW0CdVddN8mn5Onwdi+9K50k0ssHrUayvdB5s3h5a
NIkhOSwalZ5ii1YcYwEFOL34ebYZru+LwX9IUCFDuFxxXmt9qTw1lzV4GhnYF9NM
u4cTwnOOu3DApBfXmE1ZNY2IpHGFKXktVmOoeheWXlZtYC9PtaEI1bYlalrivRAM
pPqalCECgYEA7APC37wH2sfHWdOw9cynDAq8eBojvaK+zNHp6tlusb4BshXZ1Uvx
7ryHhfaA1aYdvIcGnM/Rzr7akDJo+nG3V6M+IFx33A1MNnUihjBtO9RekKFLaNif
o1AZZ3FEAKTKYh+YFmjQPzweROEQmNfXnaWbIaEg8k6PSAsbsAgDz1sCgYEAvZXN
F199FjQNp//jIxj1Fi38biYUZCdVoyHD1LJOE5tKsSsngZDc76jEJTedm+VzVTK/
awo07zLti5P2VkT3kthhtNVsxcz4ONOfB0D6quE593XNvL6GVBpPi+fUn1pD7EFl
gxQnrULxwSVrIa/ifSTOq6IEo468rSuzXJyJ8fECgYAEdkG95xki6rn7GcRzsS3L
TXyorJ3WXPhMeP96ICg2lggELOOUY74sLEZHoxRmdaCESu02E7u8s+D/7uQLMBEu
R/jJtdXSRDIXqXlAnjPCeM5c35/EWKwT81S3nu2RMYxd9Ij0i4C8YU+VL8gXi6UY
5uOa7CfqTM/qpcMdPdmMlwKBgHb6URivA4hwqHVbYIeBPSZrO7VAzqFAEj1rjkOo
ltk1Jv3i8Esex5jcGCSnL5FLwUKhs4GQiUHoey2ScREY/So6A6+CFV5ZURoQrQfX
Xrjo2gET/EbMZu7XCD7sAgLzmhblv7gwaOoSTjgBrKcag5A4Dj+mUTT3+i7PcyPW
1bdxAoGBAMtrNX/JlgDEMHjETOpOielbXivyIQV+Q64BnMAljlE2hoX1UIrYhgke
3Ti8+1Q0rH7O6+u6GITVUJq3NL6RDgomYphV8FMjS6DQgOF9jRKvSg5JggslOYfd
AcPTm15cL1iKKZ6LhDbECfByynOXteZl3Z+00koUbyylzX+NNGu9
-----END RSA PRIVATE KEY-----
)pem";
constexpr std::string_view kFixturePublicPem = R"pem(-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArsjiJCl2oGOBepgLK0hn
K6djxW5YW4aqzFMMb/t92UBYebemugKheDrWMEaPWJ15VrKSFXFNjoAyz5tAfFBo
HfWBr4BAgLq6hweI4y2iyC8G9eUxdqSIiDkvb87WVsU/OzEMK1Z+EPSnNygrK6Sf
p1hsdxj/SdQTZGIkM6sn+KfdihINwhqg8kiiWQldVqMS4ypmh4aI8tsWrJ++G5DM
AlwUHXk1DyXlDEZDuIyV8OsFYFvUTGDLWBnMgVQDz4lxrtltwtBNYd4+dQeHqLp7
0h6XoPGZKxHGMhPjM5fVX2nttgZN7imZ1KjKsse3WnenIqLMqTG83/w8QIpcjX3f
qwIDAQAB
-----END PUBLIC KEY-----
)pem";
constexpr std::string_view kFixturePublicPkcs1Pem = R"pem(-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEArsjiJCl2oGOBepgLK0hnK6djxW5YW4aqzFMMb/t92UBYebemugKh
eDrWMEaPWJ15VrKSFXFNjoAyz5tAfFBoHfWBr4BAgLq6hweI4y2iyC8G9eUxdqSI
iDkvb87WVsU/OzEMK1Z+EPSnNygrK6Sfp1hsdxj/SdQTZGIkM6sn+KfdihINwhqg
8kiiWQldVqMS4ypmh4aI8tsWrJ++G5DMAlwUHXk1DyXlDEZDuIyV8OsFYFvUTGDL
WBnMgVQDz4lxrtltwtBNYd4+dQeHqLp70h6XoPGZKxHGMhPjM5fVX2nttgZN7imZ
1KjKsse3WnenIqLMqTG83/w8QIpcjX3fqwIDAQAB
-----END RSA PUBLIC KEY-----
)pem";
constexpr std::string_view kEncryptedPrivatePem = R"pem(-----BEGIN ENCRYPTED PRIVATE KEY-----
MIIC3TBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQIjSxCzJcdrNICAggA
MAwGCCqGSIb3DQIJBQAwHQYJYIZIAWUDBAEqBBCPa+sQ+YjTieEBWrE1qOwqBIIC
gBFpOjOUKd9WUjyYIACa7G0qTkr4aiZlFt7zFuQIyHr1oFqLtFczlbQkM41VO+Xz
X5WQmJHq5RPY9dVU0y0pxqrej555sZTveXpVIXxPCrDumNPJziy/XoYhFDL8DFRG
BgYULPjai4Fh4yPtIpbtvyqO6wwIRlyqBAtBpcPKkP2bxxS+lmk/R0YflB9Axz9Q
Om9rjRVHasGclyRN7DDYNxVyx3jQf+TnERx3mZDk6T3M08bAfiXTIzCRBAviPcJ4
PXrv2jBnbab42G4zsW0tOIsAGD6KmOlOVu5QCSfP09V0Hb9FeYDtSlKFvaLeYdtk
yt+1Tk4HGXOSJLu8oPTv+Z5XcbbuvU1tpxS1ic1oJXiaepTstzws01eA0gn9fqNe
b7KowNZ0fTxIZnR92RoWN0wLAO290PHUO4/VJ77Mc2N5RF1rkg6O86c0UxVMWYbh
Xhe3LXmQ13+KXZwxnhtONdVkWArFkuNjSSUyXr8JNg41rH0ln6zNBEVjScRb1m9Q
WRtaOs3ll3YyNKsd72GN8duHGLxmBAAKydX/4Ti+KFrSHeIpf9+iesfSNgC+a6SP
Ib89MkuDVvvfqhFvG1dZVKnqn8Nf3x68Kbt5CVy6VxpOnXKmAGul6FgDx8ZVOs6G
VIUdms4vARUkjjhDStWIdtdSrN0YQdknfLkn+xhh6mVYH5mqc/DUvh/33zlyM0x/
GOOFm3JLrWyWJ2/x/amv4pWwL/ytHVoXeBWtOl5EXniQWVEazjli4/9QLYRZvlCX
14GxnLjl2ivdP2AK6M8sJdli7yLg4un+4RBBoLr+VOuoM08uUtGx3hnCvEx8rjCH
yg8LQSRWkmREmRdKQKMQCYE=
-----END ENCRYPTED PRIVATE KEY-----
)pem";
constexpr std::string_view kOaepSha256Ciphertext =
    "UVWLe3ay8aqOBKF0SLsYoFs2eLl6otDy8FNlea16RxoihKsD8t7f3th1rvJZh2XYpuXcxuj3GXlRRNwSl6XVEH6d3Ik0gD"
    "LmCJ4PevLxHUfZnSnzrQqnmiakAfAlrUEtl9nxq7TeGIK/EjxrbyTX5XcbS/"
    "e78MGrB3GV0BUD64csk8QwJZ7y8o3zIotUp+TMd6/CXHuQ/qvZi1kszwdme9kikK05EGjNBOWFCkKT3C0z/R9/"
    "+FQ+BLYEdGAMD+bwb4ohgn5mv6tKsh377PyncVQSMzExTe4WhShqpcvjZpiaZ/"
    "sOmQpkJJgJtG27sUCrHUZdM53m0wWZkJaJBgL1LQ==";
constexpr std::string_view kOaepSha256Mgf1Sha1Ciphertext =
    "iDbT1hBqYHu0a9MjIyXfrGsKqrQ9rihuErwL0Qf8n2+PnKoqROyDAq9qWHPOA8a6ziqYFQsrso569SS85BmCvzL+"
    "geEBKe+OtnWAb8PpsGGa1gQLgfHmfF5ablv+vlQTt9Ry1sDqY77a/9hFDuDlBGDFuHkti+YKnH/OeoIVAiBL3uP5/"
    "EgqBQFoS9qWIG7txj4QI70XL4F2s/"
    "sIjrikSsnMl45E60leVq22GSMpltrWqstcXMZkRF0EFMrdzICopPCr6pJxqC21aGoYuB+m+"
    "tKnZQtPFsdx0mv5B3iINvZDf3Xje/qpEIkABH1nm+Gr0CY+CRHEjUoLtIuNASj3xQ==";
constexpr std::string_view kOaepSha1Ciphertext =
    "LRsEF9JRqNzAQgRqDLv9UwSdlqZEJUXXV9m7YJ+sIor1d+Wcv8L9T1gLkJHvcp/"
    "Mixo6ZCMQn5j3oV7xpdaKbsOuRFmj2DJmerx8VTx5uHygTu0anlw97ODSItQaUBq2h0W6hC9pHhM+"
    "XbjXtuOGEhUGqixLK+lcz3Zd9IrkMZvz7o3/yDNTDfaFombhkZ23ztZf/"
    "5wm1L3s9WeHJ42sdBGRv7Kvi+J314YEOMEhNJ1sn7koYsleQmA/"
    "vAAjegSIRTwk5AZJJcu2b1rjRAtuvUK06oaCOFhQiMMC3bfsMLOrJn5JnGwWpDDfs69gQ5o1hyIqdvfxfnRGv9NomIqx5w"
    "==";
constexpr std::string_view kPkcs1V15Ciphertext =
    "pJV9uYx3Gch2ZlFXtT5W0SJmvQRTa9PAinX6gB55tSYk2UgZWE7XFUgygGLWchrS67yRgy6oRDsgCGpgsUBGeyOPdd7Zf3"
    "pUUuc9hWk4LJXPx6j4whMiry9ATiN84Wvn75DI7RZK/"
    "1c7i1Kb3EUP0XVgLQBQoKMvbn2xKjXzpSkb68TSJ8uvln4X5mFnwIGISGUkUIMoTo/"
    "ylmNt1KLJy8GUaj5aRYO6Pp5wSU+G4cykdWkpZnKTWZSBrMIebYmuPwXAKaWjZQq9sKAgbEK/"
    "UQSWMBQX0tQCfgBZ3Z3sRHG04WtzgWVT28vS66vm9ACJUpnVck1O0arEeeqwlTHlHg==";

std::string Base64(const std::vector<unsigned char>& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);
  return out;
}

std::vector<unsigned char> Unbase64(std::string_view text) {
  std::vector<unsigned char> out(text.size());
  std::size_t length = 0;
  EXPECT_EQ(sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length,
                              nullptr, sodium_base64_VARIANT_ORIGINAL),
            0);
  out.resize(length);
  return out;
}

// Asserts that `result` failed with `code` and left OpenSSL's error queue of this thread empty.
template <class T>
void ExpectFailure(const core::Result<T>& result, ErrorCode code) {
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, code) << core::ReasonOf(result.error().code);
  EXPECT_TRUE(result.error().detail.empty()) << result.error().detail;
  EXPECT_FALSE(result.error().log.empty());
  EXPECT_EQ(ERR_peek_error(), 0u);
}

class OpenSslKeyCipherTest : public ::testing::Test {
 protected:
  OpenSslKeyCipher cipher_;
};

TEST_F(OpenSslKeyCipherTest, GeneratesPemKeyPair) {
  auto pair = cipher_.Generate();
  ASSERT_TRUE(pair.has_value()) << pair.error().log;
  EXPECT_TRUE(pair->public_pem.starts_with("-----BEGIN PUBLIC KEY-----\n")) << pair->public_pem;
  EXPECT_TRUE(pair->public_pem.ends_with("-----END PUBLIC KEY-----\n")) << pair->public_pem;
  EXPECT_TRUE(pair->private_pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
  EXPECT_TRUE(pair->private_pem.ends_with("-----END PRIVATE KEY-----\n"));
  // The sizes of a 2048-bit key: 294 bytes of SubjectPublicKeyInfo are 451 PEM characters; the
  // PKCS#8 private key is about 1.2 KiB of DER.
  EXPECT_EQ(pair->public_pem.size(), 451u);
  EXPECT_GT(pair->private_pem.size(), 1600u);
  EXPECT_LT(pair->private_pem.size(), 1800u);
  // A 2048-bit modulus gives 256 bytes of ciphertext.
  auto ciphertext = cipher_.Encrypt(pair->public_pem, "x");
  ASSERT_TRUE(ciphertext.has_value()) << ciphertext.error().log;
  EXPECT_EQ(Unbase64(*ciphertext).size(), 256u);
  EXPECT_EQ(ERR_peek_error(), 0u);
}

TEST_F(OpenSslKeyCipherTest, TwoGeneratedKeysDiffer) {
  auto a = cipher_.Generate();
  auto b = cipher_.Generate();
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_NE(a->public_pem, b->public_pem);
  EXPECT_NE(a->private_pem, b->private_pem);
  auto ciphertext = cipher_.Encrypt(a->public_pem, "for a only");
  ASSERT_TRUE(ciphertext.has_value());
  ExpectFailure(cipher_.Decrypt(b->private_pem, *ciphertext), ErrorCode::kDecryptionFailed);
}

TEST_F(OpenSslKeyCipherTest, RoundTripsWithGeneratedKey) {
  auto pair = cipher_.Generate();
  ASSERT_TRUE(pair.has_value());
  const std::string longest(190, 'z');  // 256 - 2 * 32 - 2 bytes: the OAEP-SHA256 maximum
  const std::vector<std::string> plaintexts = {
      "123-45-6789",
      "Gr\xC3\xBC\xC3\x9F"
      "e \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x94\x91",  // UTF-8, up to 4 bytes
      std::string("nul\0inside", 10),
      "",
      longest,
  };
  for (const std::string& plaintext : plaintexts) {
    auto ciphertext = cipher_.Encrypt(pair->public_pem, plaintext);
    ASSERT_TRUE(ciphertext.has_value()) << ciphertext.error().log;
    EXPECT_EQ(ciphertext->size(), 344u);  // base64 of 256 bytes, padded
    EXPECT_TRUE(ciphertext->ends_with("=")) << *ciphertext;
    auto decrypted = cipher_.Decrypt(pair->private_pem, *ciphertext);
    ASSERT_TRUE(decrypted.has_value()) << decrypted.error().log;
    EXPECT_EQ(*decrypted, plaintext);
  }
  auto from_null_view = cipher_.Encrypt(pair->public_pem, std::string_view{});
  ASSERT_TRUE(from_null_view.has_value()) << from_null_view.error().log;
  EXPECT_EQ(cipher_.Decrypt(pair->private_pem, *from_null_view), "");
}

TEST_F(OpenSslKeyCipherTest, EncryptionIsRandomised) {
  auto a = cipher_.Encrypt(kFixturePublicPem, kFixturePlaintext);
  auto b = cipher_.Encrypt(kFixturePublicPem, kFixturePlaintext);
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_NE(*a, *b);
  EXPECT_EQ(cipher_.Decrypt(kFixturePrivatePem, *a), kFixturePlaintext);
  EXPECT_EQ(cipher_.Decrypt(kFixturePrivatePem, *b), kFixturePlaintext);
}

TEST_F(OpenSslKeyCipherTest, PlaintextLongerThanOaepAllowsFails) {
  ExpectFailure(cipher_.Encrypt(kFixturePublicPem, std::string(191, 'z')),
                ErrorCode::kDecryptionFailed);
}

TEST_F(OpenSslKeyCipherTest, DecryptsOaepSha256FromAnotherImplementation) {
  EXPECT_EQ(cipher_.Decrypt(kFixturePrivatePem, kOaepSha256Ciphertext), kFixturePlaintext);
  EXPECT_EQ(cipher_.Decrypt(kFixturePrivatePkcs1Pem, kOaepSha256Ciphertext), kFixturePlaintext);
}

TEST_F(OpenSslKeyCipherTest, RejectsOtherPaddings) {
  ExpectFailure(cipher_.Decrypt(kFixturePrivatePem, kOaepSha1Ciphertext),
                ErrorCode::kDecryptionFailed);
  ExpectFailure(cipher_.Decrypt(kFixturePrivatePem, kOaepSha256Mgf1Sha1Ciphertext),
                ErrorCode::kDecryptionFailed);
  ExpectFailure(cipher_.Decrypt(kFixturePrivatePem, kPkcs1V15Ciphertext),
                ErrorCode::kDecryptionFailed);
}

TEST_F(OpenSslKeyCipherTest, EncryptsWithPkcs1PublicKey) {
  auto ciphertext = cipher_.Encrypt(kFixturePublicPkcs1Pem, kFixturePlaintext);
  ASSERT_TRUE(ciphertext.has_value()) << ciphertext.error().log;
  EXPECT_EQ(cipher_.Decrypt(kFixturePrivatePem, *ciphertext), kFixturePlaintext);
}

TEST_F(OpenSslKeyCipherTest, IgnoresWhitespaceInBase64) {
  const std::string flat(kOaepSha256Ciphertext);
  std::string wrapped = "\n ";
  for (std::size_t i = 0; i < flat.size(); i += 64) wrapped += flat.substr(i, 64) + "\r\n";
  wrapped.insert(10, " \t");
  EXPECT_EQ(cipher_.Decrypt(kFixturePrivatePem, wrapped), kFixturePlaintext);
}

TEST_F(OpenSslKeyCipherTest, DecryptWithWrongKeyFails) {
  auto other = cipher_.Generate();
  ASSERT_TRUE(other.has_value());
  ExpectFailure(cipher_.Decrypt(other->private_pem, kOaepSha256Ciphertext),
                ErrorCode::kDecryptionFailed);
}

TEST_F(OpenSslKeyCipherTest, GarbageBase64Fails) {
  const std::string flat(kOaepSha256Ciphertext);
  std::string url_safe = flat;
  for (char& c : url_safe) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  ASSERT_NE(url_safe, flat) << "fixture without + or /: pick another";
  std::string unpadded = flat;
  while (unpadded.ends_with("=")) unpadded.pop_back();
  ASSERT_NE(unpadded, flat);
  for (const std::string& text :
       {std::string("not base64!"), std::string(""), std::string(" \n"), std::string("===="),
        url_safe, unpadded, flat + "A", "#" + flat}) {
    SCOPED_TRACE(text);
    ExpectFailure(cipher_.Decrypt(kFixturePrivatePem, text), ErrorCode::kDecryptionFailed);
  }
}

TEST_F(OpenSslKeyCipherTest, TruncatedOrTamperedCiphertextFails) {
  std::vector<unsigned char> bytes = Unbase64(kOaepSha256Ciphertext);
  ASSERT_EQ(bytes.size(), 256u);
  ASSERT_EQ(cipher_.Decrypt(kFixturePrivatePem, Base64(bytes)), kFixturePlaintext);

  std::vector<unsigned char> truncated(bytes.begin(), bytes.end() - 1);
  ExpectFailure(cipher_.Decrypt(kFixturePrivatePem, Base64(truncated)),
                ErrorCode::kDecryptionFailed);
  std::vector<unsigned char> half(bytes.begin(), bytes.begin() + 128);
  ExpectFailure(cipher_.Decrypt(kFixturePrivatePem, Base64(half)), ErrorCode::kDecryptionFailed);
  std::vector<unsigned char> extended = bytes;
  extended.push_back(0);
  ExpectFailure(cipher_.Decrypt(kFixturePrivatePem, Base64(extended)),
                ErrorCode::kDecryptionFailed);
  std::vector<unsigned char> tampered = bytes;
  tampered.back() ^= 0x01;
  ExpectFailure(cipher_.Decrypt(kFixturePrivatePem, Base64(tampered)),
                ErrorCode::kDecryptionFailed);
  ExpectFailure(cipher_.Decrypt(kFixturePrivatePem, std::string(20000, 'A')),
                ErrorCode::kDecryptionFailed);
}

TEST_F(OpenSslKeyCipherTest, MalformedPemFails) {
  std::string corrupted(kFixturePrivatePem);
  corrupted[100] = corrupted[100] == 'A' ? 'B' : 'A';
  std::string cut(kFixturePrivatePem.substr(0, 600));
  cut += "\n-----END PRIVATE KEY-----\n";
  const std::vector<std::string> private_pems = {
      "",
      "garbage",
      "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n",
      corrupted,
      cut,
      std::string(kFixturePublicPem),  // a public key cannot decrypt
  };
  for (const std::string& pem : private_pems) {
    SCOPED_TRACE(pem);
    ExpectFailure(cipher_.Decrypt(pem, kOaepSha256Ciphertext), ErrorCode::kDecryptionFailed);
  }
  std::string corrupted_public(kFixturePublicPem);
  corrupted_public[60] = corrupted_public[60] == 'A' ? 'B' : 'A';
  for (const std::string& pem : {std::string(""), std::string("garbage"), corrupted_public}) {
    SCOPED_TRACE(pem);
    ExpectFailure(cipher_.Encrypt(pem, "x"), ErrorCode::kDecryptionFailed);
  }
}

// --- private keys under a passphrase -------------------------------------------------------------

TEST_F(OpenSslKeyCipherTest, AnEncryptedKeyWithoutItsPassphraseIsTheServersFaultAndNeverPrompts) {
  ExpectFailure(cipher_.Decrypt(kEncryptedPrivatePem, kOaepSha256Ciphertext), ErrorCode::kInternal);
  OpenSslKeyCipher wrong("not the passphrase of the fixture");
  ExpectFailure(wrong.Decrypt(kEncryptedPrivatePem, kOaepSha256Ciphertext), ErrorCode::kInternal);
}

TEST_F(OpenSslKeyCipherTest, UnderAPassphraseGeneratedPrivateKeysAreEncryptedAndOpenOnlyWithIt) {
  OpenSslKeyCipher locked("correct horse battery staple");
  auto pair = locked.Generate();
  ASSERT_TRUE(pair.has_value()) << pair.error().log;
  EXPECT_TRUE(pair->private_pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"))
      << pair->private_pem;
  EXPECT_TRUE(pair->public_pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
  auto ciphertext = locked.Encrypt(pair->public_pem, kFixturePlaintext);
  ASSERT_TRUE(ciphertext.has_value()) << ciphertext.error().log;
  EXPECT_EQ(locked.Decrypt(pair->private_pem, *ciphertext), kFixturePlaintext);
  EXPECT_EQ(
      OpenSslKeyCipher("correct horse battery staple").Decrypt(pair->private_pem, *ciphertext),
      kFixturePlaintext);

  ExpectFailure(cipher_.Decrypt(pair->private_pem, *ciphertext), ErrorCode::kInternal);
  OpenSslKeyCipher other("correct horse battery stapler");
  ExpectFailure(other.Decrypt(pair->private_pem, *ciphertext), ErrorCode::kInternal);
  // Ciphertext made for another key is still the client's fault.
  ExpectFailure(locked.Decrypt(pair->private_pem, kOaepSha256Ciphertext),
                ErrorCode::kDecryptionFailed);
}

TEST_F(OpenSslKeyCipherTest, APassphraseStillOpensKeysStoredUnencrypted) {
  OpenSslKeyCipher locked("correct horse battery staple");
  EXPECT_EQ(locked.Decrypt(kFixturePrivatePem, kOaepSha256Ciphertext), kFixturePlaintext);
}

TEST_F(OpenSslKeyCipherTest, LeavesNoErrorsQueuedOnSuccess) {
  ERR_raise(ERR_LIB_USER, 1);  // a stale error from elsewhere
  auto ciphertext = cipher_.Encrypt(kFixturePublicPem, "x");
  ASSERT_TRUE(ciphertext.has_value()) << ciphertext.error().log;
  EXPECT_EQ(ERR_peek_error(), 0u);
  EXPECT_EQ(cipher_.Decrypt(kFixturePrivatePem, *ciphertext), "x");
  EXPECT_EQ(ERR_peek_error(), 0u);
}

TEST_F(OpenSslKeyCipherTest, IsSafeToShareAcrossThreads) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 10;
  std::vector<int> successes(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t, &successes] {
      for (int i = 0; i < kRounds; ++i) {
        const std::string plaintext = "thread " + std::to_string(t) + " round " + std::to_string(i);
        auto ciphertext = cipher_.Encrypt(kFixturePublicPem, plaintext);
        if (!ciphertext) continue;
        auto decrypted = cipher_.Decrypt(kFixturePrivatePem, *ciphertext);
        auto failed = cipher_.Decrypt(kFixturePrivatePem, "AAAA");
        if (decrypted && *decrypted == plaintext && !failed) ++successes[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(successes[t], kRounds) << "thread " << t;
}

}  // namespace
}  // namespace roster::crypto
