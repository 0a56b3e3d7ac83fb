#ifndef KABAR_CCRYPTO_SHIM_H
#define KABAR_CCRYPTO_SHIM_H

/* OpenSSL's libcrypto (Debian: libssl-dev), for SHA-1 through the EVP interface (the
   one not deprecated in OpenSSL 3) and random bytes (RAND_bytes). Kabar uses it only for
   WARC digests and WARC record ids. */
#include <openssl/evp.h>
#include <openssl/rand.h>

#endif
