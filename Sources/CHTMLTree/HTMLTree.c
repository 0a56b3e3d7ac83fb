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

#if LIBXML_VERSION < 21000
int kabar_html_tree_supported(void) {
    /* xmlParserVersion is "20914" for 2.9.14. */
    int version = atoi(xmlParserVersion);
    return version >= 20900 && version < 21000;
}
#endif

long kabar_html_tree_fallbacks(void) {
    long n = fallbacks;
    fallbacks = 0;
    return n;
}

#if LIBXML_VERSION < 21000

static void start_document(void *ctx) {
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    xmlSAX2StartDocument(ctx);
    if (ctxt->myDoc != NULL && ctxt->myDoc->dict == NULL && ctxt->dict != NULL) {
        ctxt->myDoc->dict = ctxt->dict;
        xmlDictReference(ctxt->dict);
    }
}

/* A name as the dictionary's string: the parser's names already are; the names of implied
   elements ("html", "body", "p") are constants. */
static const xmlChar *interned(xmlDictPtr dict, const xmlChar *name) {
    return xmlDictOwns(dict, name) == 1 ? name : xmlDictLookup(dict, name, -1);
}

/* Whether xmlSAX2StartElement would take a path this callback does not follow. */
static int needs_libxml2(xmlParserCtxtPtr ctxt, const xmlChar *fullname, const xmlChar **atts) {
    if (!ctxt->html || ctxt->validate || ctxt->myDoc == NULL || ctxt->dict == NULL
        || ctxt->myDoc->dict != ctxt->dict)
        return 1;
    /* xmlSplitQName splits at ':' (the element is named by what follows). */
    if (strchr((const char *)fullname, ':') != NULL) return 1;
    if (atts != NULL) {
        for (int i = 0; atts[i] != NULL; i += 2) {
            const xmlChar *att = atts[i];
            /* "xml:id" registers the value as an NCName-checked ID. */
            if (att[0] == 'x' && strcmp((const char *)att, "xml:id") == 0) return 1;
        }
    }
    return 0;
}

/* xmlSAX2AttributeInternal's HTML path (prefix unused there), with the name from the
   dictionary and the parser's value buffer (*owned, set to NULL when taken) kept by the text
   node instead of copied. */
static void add_attribute(xmlParserCtxtPtr ctxt, const xmlChar *fullname, const xmlChar **owned) {
    const xmlChar *value = *owned;
    xmlChar *nval = NULL;
    const xmlChar *name = interned(ctxt->dict, fullname);
    if (name == NULL) return;   /* out of memory (libxml2's xmlStrdup failing drops it too) */
    if (value == NULL && htmlIsBooleanAttr(fullname)) {
        nval = xmlStrdup(fullname);
        value = nval;
    } else {
        ctxt->vctxt.valid = 1;
        nval = xmlValidCtxtNormalizeAttributeValue(&ctxt->vctxt, ctxt->myDoc, ctxt->node, fullname, value);
        if (ctxt->vctxt.valid != 1) ctxt->valid = 0;
        if (nval != NULL) value = nval;
    }
    xmlAttrPtr ret = xmlNewNsPropEatName(ctxt->node, NULL, (xmlChar *)name, NULL);
    if (ret != NULL && value != NULL) {
        if (value == *owned) {
            /* xmlNewDocText(doc, value) without its copy: the parser's buffer becomes the text. */
            xmlNodePtr text = xmlNewDocText(ctxt->myDoc, NULL);
            if (text != NULL) {
                text->content = (xmlChar *)value;
                *owned = NULL;
            }
            ret->children = text;
        } else {
            ret->children = xmlNewDocText(ctxt->myDoc, value);
        }
        ret->last = ret->children;
        if (ret->children != NULL) ret->children->parent = (xmlNodePtr)ret;
    }
    if ((ctxt->loadsubset & XML_SKIP_IDS) == 0
        && (((ctxt->replaceEntities == 0) && (ctxt->external != 2))
            || ((ctxt->replaceEntities != 0) && (ctxt->inSubset == 0)))) {
        if (xmlIsID(ctxt->myDoc, ctxt->node, ret))
            xmlAddID(&ctxt->vctxt, ctxt->myDoc, value, ret);
        else if (xmlIsRef(ctxt->myDoc, ctxt->node, ret))
            xmlAddRef(&ctxt->vctxt, ctxt->myDoc, value, ret);
    }
    if (nval != NULL) xmlFree(nval);
}

/* xmlSAX2StartElement (libxml2 2.9.x SAX2.c) for an HTML parse, step by step. */
static void start_element(void *ctx, const xmlChar *fullname, const xmlChar **atts) {
    xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr)ctx;
    if (ctx == NULL || fullname == NULL || ctxt->myDoc == NULL) return;
    if (needs_libxml2(ctxt, fullname, atts)) {
        fallbacks++;
        xmlSAX2StartElement(ctx, fullname, atts);
        return;
    }
    xmlNodePtr parent = ctxt->node;
    const xmlChar *name = interned(ctxt->dict, fullname);
    xmlNodePtr ret = name == NULL ? NULL : xmlNewDocNodeEatName(ctxt->myDoc, NULL, (xmlChar *)name, NULL);
    if (ret == NULL) {
        /* Out of memory: libxml2's own callback reports it. */
        fallbacks++;
        xmlSAX2StartElement(ctx, fullname, atts);
        return;
    }
    if (ctxt->myDoc->children == NULL) {
        xmlAddChild((xmlNodePtr)ctxt->myDoc, ret);
    } else if (parent == NULL) {
        parent = ctxt->myDoc->children;
    }
    ctxt->nodemem = -1;
    if (ctxt->linenumbers && ctxt->input != NULL) {
        ret->line = ctxt->input->line < USHRT_MAX ? (unsigned short)ctxt->input->line : USHRT_MAX;
    }
    if (nodePush(ctxt, ret) < 0) {
        xmlUnlinkNode(ret);
        xmlFreeNode(ret);
        return;
    }
    if (parent != NULL) {
        if (parent->type == XML_ELEMENT_NODE)
            xmlAddChild(parent, ret);
        else
            xmlAddSibling(parent, ret);
    }
    if (atts != NULL) {
        /* The parser frees the values left in atts after this call. */
        for (int i = 0; atts[i] != NULL; i += 2) add_attribute(ctxt, atts[i], &atts[i + 1]);
    }
}

void *kabar_html_read_memory(const char *buffer, int size, const char *url, const char *encoding, int options) {
    /* htmlReadMemory and htmlDoRead (HTMLparser.c), with the two callbacks replaced. */
    xmlInitParser();
    xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(buffer, size);
    if (ctxt == NULL) return NULL;
    htmlDefaultSAXHandlerInit();
    if (ctxt->sax != NULL) {
        memcpy(ctxt->sax, &htmlDefaultSAXHandler, sizeof(xmlSAXHandlerV1));
        ctxt->sax->startDocument = start_document;
        ctxt->sax->startElement = start_element;
    }
    htmlCtxtUseOptions(ctxt, options);
    ctxt->html = 1;
    if (encoding != NULL) {
        xmlCharEncodingHandlerPtr handler = xmlFindCharEncodingHandler(encoding);
        if (handler != NULL) {
            xmlSwitchToEncoding(ctxt, handler);
            if (ctxt->input->encoding != NULL) xmlFree((xmlChar *)ctxt->input->encoding);
            ctxt->input->encoding = xmlStrdup((const xmlChar *)encoding);
        }
    }
    if (url != NULL && ctxt->input != NULL && ctxt->input->filename == NULL)
        ctxt->input->filename = (char *)xmlStrdup((const xmlChar *)url);
    htmlParseDocument(ctxt);
    xmlDocPtr ret = ctxt->myDoc;
    ctxt->myDoc = NULL;
    /* The document holds its own reference to the dictionary (start_document). */
    xmlFreeParserCtxt(ctxt);
    return ret;
}

#else

/* Built on a newer libxml2 (2.10 and later, e.g. 2.15 from scripts/build-libxml2.sh): its
   xmlSAX2StartElement and parser internals (nodePush is no longer public) are not 2.9's, which
   start_element follows step by step, so the tree is htmlReadMemory's own. */
int kabar_html_tree_supported(void) { return 0; }

void *kabar_html_read_memory(const char *buffer, int size, const char *url, const char *encoding, int options) {
    return htmlReadMemory(buffer, size, url, encoding, options);
}

#endif
