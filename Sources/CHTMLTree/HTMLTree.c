/* libxml2's HTML parse with Kabar's own element callback: see include/HTMLTree.h. */

#include "HTMLTree.h"

#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/SAX2.h>
#include <libxml/dict.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static __thread long fallbacks;

long kabar_html_tree_fallbacks(void) {
    long n = fallbacks;
    fallbacks = 0;
    return n;
}

#if LIBXML_VERSION >= 21500 && LIBXML_VERSION < 21600

/* The parser's node stack (nodeTab, nodeNr, nodeMax) is marked deprecated for applications;
   start_element does what nodePush does with it. */
#pragma clang diagnostic ignored "-Wdeprecated-declarations"

int kabar_html_tree_supported(void) {
    /* xmlParserVersion is "21504" for 2.15.4 (the package's, Sources/CLibXML2). */
    int version = atoi(xmlParserVersion);
    return version >= 21500 && version < 21600;
}

static void start_document(void *ctx) {
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    xmlSAX2StartDocument(ctx);
    if (ctxt->myDoc != NULL && ctxt->myDoc->dict == NULL && ctxt->dict != NULL) {
        ctxt->myDoc->dict = ctxt->dict;
        xmlDictReference(ctxt->dict);
    }
}

/* A name as the dictionary's string: the parser's names already are; the names of implied
   elements ("html", "head", "body") are constants. */
static const xmlChar *interned(xmlDictPtr dict, const xmlChar *name) {
    return xmlDictOwns(dict, name) == 1 ? name : xmlDictLookup(dict, name, -1);
}

/* Whether this callback cannot take the element as xmlSAX2StartElement's HTML path
   (xmlSAX2StartHtmlElement) would: not an HTML parse, no document sharing the parser's
   dictionary, or a node stack without room (libxml2's nodePush, internal in 2.15, grows it and
   enforces the depth limit). */
static int needs_libxml2(xmlParserCtxtPtr ctxt) {
    return !ctxt->html || ctxt->inSubset != 0 || ctxt->myDoc == NULL || ctxt->dict == NULL
        || ctxt->myDoc->dict != ctxt->dict || ctxt->nodeTab == NULL || ctxt->nodeNr >= ctxt->nodeMax;
}

/* xmlSAX2HtmlAttribute (2.15.4 SAX2.c) with the name from the dictionary and the parser's
   value buffer (*owned, set to NULL when taken) kept by the text node instead of copied. */
static void add_attribute(xmlParserCtxtPtr ctxt, const xmlChar *fullname, const xmlChar **owned) {
    const xmlChar *value = *owned;
    xmlChar *nval = NULL;
    const xmlChar *name = interned(ctxt->dict, fullname);
    if (name == NULL) return;   /* out of memory (libxml2's xmlNewNsProp failing drops it too) */
    xmlAttrPtr ret = xmlNewNsPropEatName(ctxt->node, NULL, (xmlChar *)name, NULL);
    if (ret == NULL) return;
    if (value == NULL && htmlIsBooleanAttr(fullname)) {
        nval = xmlStrdup(fullname);
        if (nval == NULL) return;
        value = nval;
    }
    if (value != NULL) {
        xmlNodePtr text;
        if (value == *owned) {
            /* xmlNewDocText(doc, value) without its copy: the parser's buffer becomes the text
               (the parser frees only the values left in its array). */
            text = xmlNewDocText(ctxt->myDoc, NULL);
            if (text != NULL) {
                text->content = (xmlChar *)value;
                *owned = NULL;
            }
        } else {
            text = xmlNewDocText(ctxt->myDoc, value);
        }
        ret->children = text;
        if (text != NULL) {
            ret->last = text;
            text->parent = (xmlNodePtr)ret;
        }
    }
    if ((ctxt->loadsubset & XML_SKIP_IDS) == 0 && ret->children != NULL
        && ret->children->type == XML_TEXT_NODE && ret->children->next == NULL) {
        if (xmlIsID(ctxt->myDoc, ctxt->node, ret) > 0)
            xmlAddID(&ctxt->vctxt, ctxt->myDoc, ret->children->content, ret);
    }
    if (nval != NULL) xmlFree(nval);
}

/* xmlSAX2StartElement's HTML path (libxml2 2.15.4 SAX2.c, xmlSAX2StartHtmlElement) step by
   step, with xmlSAX2AppendChild and nodePush (static and internal there) written out. */
static void start_element(void *ctx, const xmlChar *fullname, const xmlChar **atts) {
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    if (ctx == NULL || fullname == NULL || ctxt->myDoc == NULL) return;
    const xmlChar *name = needs_libxml2(ctxt) ? NULL : interned(ctxt->dict, fullname);
    xmlNodePtr ret = name == NULL ? NULL : xmlNewDocNodeEatName(ctxt->myDoc, NULL, (xmlChar *)name, NULL);
    if (ret == NULL) {
        /* Out of memory, or a path not followed here: libxml2's own callback. */
        fallbacks++;
        xmlSAX2StartElement(ctx, fullname, atts);
        return;
    }
    ctxt->nodemem = -1;
    /* xmlSAX2AppendChild */
    xmlNodePtr parent = ctxt->node != NULL ? ctxt->node : (xmlNodePtr)ctxt->myDoc;
    xmlNodePtr last = parent->last;
    if (last == NULL) {
        parent->children = ret;
    } else {
        last->next = ret;
        ret->prev = last;
    }
    parent->last = ret;
    ret->parent = parent;
    if (ctxt->input != NULL)
        ret->line = (unsigned)ctxt->input->line < (unsigned)USHRT_MAX ? (unsigned short)ctxt->input->line : USHRT_MAX;
    /* nodePush, with room in the stack (needs_libxml2) */
    ctxt->nodeTab[ctxt->nodeNr++] = ret;
    ctxt->node = ret;
    if (atts != NULL) {
        for (int i = 0; atts[i] != NULL; i += 2) add_attribute(ctxt, atts[i], &atts[i + 1]);
    }
}

void *kabar_html_read_memory(const char *buffer, int size, const char *url, const char *encoding, int options) {
    /* htmlReadMemory (HTMLparser.c) on a parser context whose two callbacks are replaced:
       htmlCtxtReadMemory sets the options and reads the buffer in place, as htmlReadMemory. */
    if (size < 0) return NULL;
    htmlSAXHandler sax;
    memset(&sax, 0, sizeof(sax));
    xmlSAX2InitHtmlDefaultSAXHandler(&sax);
    sax.startDocument = start_document;
    sax.startElement = start_element;
    htmlParserCtxtPtr ctxt = htmlNewSAXParserCtxt(&sax, NULL);
    if (ctxt == NULL) return NULL;
    xmlDocPtr doc = htmlCtxtReadMemory(ctxt, buffer, size, url, encoding, options);
    /* The document holds its own reference to the dictionary (start_document). */
    htmlFreeParserCtxt(ctxt);
    return doc;
}

#else

/* Another libxml2 than the package's 2.15 (Sources/CLibXML2): its xmlSAX2StartElement and
   parser internals are not the ones start_element follows step by step, so the tree is
   htmlReadMemory's own. */
int kabar_html_tree_supported(void) { return 0; }

void *kabar_html_read_memory(const char *buffer, int size, const char *url, const char *encoding, int options) {
    return htmlReadMemory(buffer, size, url, encoding, options);
}

#endif
