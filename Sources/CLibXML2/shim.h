#ifndef KABAR_CLIBXML2_SHIM_H
#define KABAR_CLIBXML2_SHIM_H

/* Debian builds libxml2 with ICU. Its headers then pull in ICU's types, which clash with the
   copies Foundation carries ("'UErrorCode' has different definitions"). Kabar never uses the
   ICU parts of libxml2, so the flag is cleared before any other libxml2 header is read. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/encoding.h>
#include <libxml/entities.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

/* xmlFree is a global function pointer, which Swift 6 treats as shared mutable state. */
static inline void kabar_xml_free(void *pointer) { xmlFree(pointer); }

#endif
