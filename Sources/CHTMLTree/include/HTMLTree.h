#ifndef KABAR_HTML_TREE_H
#define KABAR_HTML_TREE_H

/* libxml2's HTML parse with Kabar's own element callback (KabarHTML's HTMLDocument).

   htmlReadMemory builds the tree with libxml2's xmlSAX2StartElement, which copies every
   element's name (xmlSplitQName), every attribute's name (xmlStrdup) and every attribute's
   value (xmlNewDocText) although the parser has just interned the names in its dictionary and
   allocated each value for this one call. kabar_html_read_memory is htmlReadMemory (the same
   steps, public API) with two callbacks replaced:
   - startDocument: libxml2's, then the document shares the parser's dictionary (doc->dict, as
     libxml2's XML parser does), so a name may point into it and xmlFreeDoc knows not to free it;
   - startElement: xmlSAX2StartElement's HTML path (libxml2 2.9.x, SAX2.c) step by step, with
     the element's and attributes' names taken from the dictionary and each attribute value's
     buffer handed to its text node instead of copied (the parser frees only the values left in
     its array). Elements whose names or attributes take another path of xmlSAX2StartElement
     (a ':' in a name, `xml:id`, validation, no shared dictionary) are left to it.
   Only libxml2 2.9.x is taken this way (kabar_html_tree_supported); the tree is the one
   htmlReadMemory builds, node for node (Kabar's tests compare them). */

/* Whether the running libxml2 is one whose xmlSAX2StartElement this follows (2.9.x). */
int kabar_html_tree_supported(void);

/* As htmlReadMemory(buffer, size, url, encoding, options); the htmlDocPtr, or NULL. */
void *kabar_html_read_memory(const char *buffer, int size, const char *url, const char *encoding, int options);

/* Tests: elements that took libxml2's own xmlSAX2StartElement on this thread since the last
   call (and resets the count). */
long kabar_html_tree_fallbacks(void);

#endif
