#ifndef KABAR_HTML_TREE_H
#define KABAR_HTML_TREE_H

/* libxml2's HTML parse with Kabar's own element callback (KabarHTML's HTMLDocument).

   htmlReadMemory builds the tree with libxml2's xmlSAX2StartElement, which copies every
   element's name and every attribute's name (xmlStrdup) and every attribute's value
   (xmlNewDocText) although the parser has just interned the names in its dictionary and
   allocated each value for this one call. kabar_html_read_memory is htmlReadMemory (the same
   steps, public API: htmlNewSAXParserCtxt, htmlCtxtParseDocument) with two callbacks replaced:
   - startDocument: libxml2's, then the document shares the parser's dictionary (doc->dict, as
     libxml2's XML parser does), so a name may point into it and xmlFreeDoc knows not to free it;
   - startElement: xmlSAX2StartElement's HTML path (libxml2 2.15.4, SAX2.c:
     xmlSAX2StartHtmlElement, xmlSAX2HtmlAttribute) step by step, with the element's and
     attributes' names taken from the dictionary and each attribute value's buffer handed to
     its text node instead of copied (the parser frees only the values left in its array).
     An element arriving when the parser's node stack is full is left to xmlSAX2StartElement
     (its nodePush, internal in 2.15, grows the stack and enforces the depth limit).
   Only libxml2 2.15.x is taken this way (kabar_html_tree_supported; the package compiles
   2.15.4, Sources/CLibXML2); the tree is the one htmlReadMemory builds, node for node (Kabar's
   tests compare them). */

/* Whether the libxml2 compiled in is one whose xmlSAX2StartElement this follows (2.15.x). */
int kabar_html_tree_supported(void);

/* As htmlReadMemory(buffer, size, url, encoding, options); the htmlDocPtr, or NULL. */
void *kabar_html_read_memory(const char *buffer, int size, const char *url, const char *encoding, int options);

/* Tests: elements that took libxml2's own xmlSAX2StartElement on this thread since the last
   call (and resets the count). */
long kabar_html_tree_fallbacks(void);

#endif
