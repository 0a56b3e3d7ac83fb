/* config.h for the libxml2 2.15.4 sources of this target (Linux, glibc): the values configure
   found for scripts/build-libxml2.sh's build (static, threads, iconv, no ICU, zlib, HTTP,
   modules, readline), trimmed to the macros the sources compiled here read. Which features are
   compiled is in include/libxml/xmlversion.h. */
#define HAVE_DECL_GETENTROPY 1
#define HAVE_FUNC_ATTRIBUTE_DESTRUCTOR 1
#define HAVE_STDINT_H 1
/* XML_THREAD_LOCAL stays undefined, as configure left it. */
