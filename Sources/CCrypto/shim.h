#ifndef KABAR_CCRYPTO_SHIM_H
#define KABAR_CCRYPTO_SHIM_H

/* OpenSSL's libcrypto (Debian: libssl-dev), for SHA-1 through the EVP interface (the
   one not deprecated in OpenSSL 3). Kabar uses it only for WARC digests. */
#include <openssl/evp.h>

#endif
