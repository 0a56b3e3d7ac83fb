#ifndef KABAR_CCRYPTO_SHIM_H
#define KABAR_CCRYPTO_SHIM_H

/* OpenSSL's libcrypto (Debian: libssl-dev), for SHA-1 and random bytes (RAND_bytes). Kabar
   uses it only for WARC digests and WARC record ids. */
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

/* SHA-1 on a context the caller holds (no allocation): OpenSSL's SHA1_Init/Update/Final, the
   block function EVP's SHA-1 runs too (with the SHA extensions where the CPU has them), without
   EVP's context allocation and provider dispatch (about 0.5 us a digest, four digests a page).
   OpenSSL 3 marks these deprecated in favour of EVP; they are called here, once. */
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
static inline void kabar_sha1_init(SHA_CTX *c) { SHA1_Init(c); }
static inline void kabar_sha1_update(SHA_CTX *c, const void *data, size_t count) { SHA1_Update(c, data, count); }
static inline void kabar_sha1_final(SHA_CTX *c, unsigned char *out) { SHA1_Final(out, c); }
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic pop
#endif

#endif
