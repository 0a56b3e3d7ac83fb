#ifndef KABAR_CZLIB_SHIM_H
#define KABAR_CZLIB_SHIM_H

#include <zlib.h>

/* inflateInit2 is a macro (it passes the zlib version and the stream's size), which Swift
   cannot import. */
static inline int kabar_inflate_init2(z_stream *stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}

/* deflateInit2 is a macro too. windowBits 31 (15 + 16) writes a gzip member. */
static inline int kabar_deflate_init2(z_stream *stream, int level, int windowBits) {
    return deflateInit2(stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}

#endif
