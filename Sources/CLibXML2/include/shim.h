#ifndef KABAR_CLIBXML2_SHIM_H
#define KABAR_CLIBXML2_SHIM_H

/* libxml2 2.15.4, compiled from the sources of this target (Sources/CLibXML2, README there). */
#include <libxml/xmlversion.h>

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
