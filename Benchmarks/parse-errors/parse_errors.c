/* What libxml2's error path costs the HTML parse (docs/PERFORMANCE.md, "What libxml2 2.9.14
 * does that no option turns off").
 *
 *   cc -O2 -o /tmp/parse_errors Benchmarks/parse-errors/parse_errors.c $(xml2-config --cflags --libs)
 *   /tmp/parse_errors [--rounds N] [--arena] [--only asis|renamed] DIR
 *
 * It links a libxml2 of its own, not Kabar's (compiled in the package): libxml2-dev's (Debian
 * bookworm's 2.9.14, which it was written to measure; not installed by the README or .ci/run),
 * or scripts/build-libxml2.sh PREFIX's, with PREFIX/bin/xml2-config.
 *
 * Reads every *.html file of DIR and parses each with htmlReadMemory and Kabar's options
 * (RECOVER, NOERROR, NOWARNING, NONET, COMPACT; encoding "UTF-8", a base URL), then frees the
 * tree, in two forms of the same pages, alternating round by round:
 *
 *   as is       the pages' bytes
 *   renamed     every element name libxml2 reports as unknown ("Tag %s invalid", HTML5 and SVG
 *               names missing from its HTML 4 tables) replaced, in start and end tags, by a
 *               known name of the same length, so the parser reads the same number of bytes
 *               and builds about the same tree but raises no error for them
 *
 * The difference is what those errors cost. MEASUREMENT ONLY: the renamed pages' trees differ
 * (names, and a known name's auto-close rules), which Kabar must never do to a page.
 * It prints the errors per page by kind, the elements of both forms' trees, and the thread's
 * CPU time per page of each form (median and least of the rounds).
 *
 * --only asis|renamed: parse that form only, N rounds (for `perf stat -e instructions:u`, whose
 * counts a loaded machine does not blur, or for `perf record`).
 *
 * --arena: libxml2 allocates from a bump allocator reset after each page (free a no-op), as
 * Kabar's ParseArena does, instead of malloc; the tree is then dropped with the arena rather
 * than freed node by node.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>

typedef struct { char *name; char *bytes; int size; } Page;

static const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
    | HTML_PARSE_NONET | HTML_PARSE_COMPACT;

/* ---- bump allocator (--arena) ---- */
static char *arena;
static size_t arenaSize = 512u << 20, arenaUsed;
static int useArena;
typedef struct { size_t size; size_t pad; } Header;
static void *bumpMalloc(size_t size) {
    size_t need = (sizeof(Header) + size + 15) & ~(size_t) 15;
    if (!useArena || arenaUsed + need > arenaSize) return NULL;
    Header *h = (Header *) (arena + arenaUsed);
    arenaUsed += need;
    h->size = size;
    return h + 1;
}
static void *arenaMalloc(size_t size) { return useArena ? bumpMalloc(size) : malloc(size); }
static void arenaFree(void *p) { if (!useArena) free(p); }
static void *arenaRealloc(void *p, size_t size) {
    if (!useArena) return realloc(p, size);
    if (p == NULL) return bumpMalloc(size);
    Header *h = (Header *) p - 1;
    if (h->size >= size) return p;
    void *n = bumpMalloc(size);
    if (n) memcpy(n, p, h->size);
    return n;
}
static char *arenaStrdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *p = arenaMalloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

/* ---- error census (a structured handler, only in the counting pass) ---- */
#define MAX_NAMES 256
static char *unknown[MAX_NAMES];
static int unknownCount[MAX_NAMES], nUnknown;
static int errorsByCode[2048], errorsOther, errorsTotal;

static void census(void *data, xmlErrorPtr error) {
    (void) data;
    errorsTotal++;
    if (error->code >= 0 && error->code < 2048) errorsByCode[error->code]++; else errorsOther++;
    if (error->code != XML_HTML_UNKNOWN_TAG || error->str1 == NULL) return;
    for (int i = 0; i < nUnknown; i++)
        if (strcmp(unknown[i], error->str1) == 0) { unknownCount[i]++; return; }
    if (nUnknown < MAX_NAMES) { unknown[nUnknown] = strdup(error->str1); unknownCount[nUnknown++] = 1; }
}

/* Known HTML 4 names by length (libxml2's html40ElementTable), for the renamed form. */
static const char *knownOfLength(size_t n) {
    static const char *known[] = { NULL, "i", "em", "var", "abbr", "label", "strike",
                                   "acronym", "fieldset", NULL, "blockquote" };
    return n < sizeof known / sizeof *known ? known[n] : NULL;
}

/* The page with each unknown name's start and end tags renamed (same length). */
static char *renamed(const Page *page) {
    char *out = malloc(page->size + 1);
    memcpy(out, page->bytes, page->size + 1);
    for (char *p = out; (p = memchr(p, '<', out + page->size - p)); p++) {
        char *name = p + 1 + (p[1] == '/');
        size_t len = 0;
        while (name + len < out + page->size && (isalnum((unsigned char) name[len]) || name[len] == '-' || name[len] == ':')) len++;
        if (len == 0) continue;
        for (int i = 0; i < nUnknown; i++) {
            if (strlen(unknown[i]) == len && strncasecmp(unknown[i], name, len) == 0) {
                const char *known = knownOfLength(len);
                if (known) memcpy(name, known, len);
                break;
            }
        }
    }
    return out;
}

static double cpuNow(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static long elements(xmlNodePtr node) {
    long n = 0;
    for (; node; node = node->next)
        if (node->type == XML_ELEMENT_NODE) n += 1 + elements(node->children);
    return n;
}

static htmlDocPtr parse(const char *bytes, int size, const char *url) {
    return htmlReadMemory(bytes, size, url, "UTF-8", options);
}

static void drop(htmlDocPtr doc) {
    if (useArena) arenaUsed = 0; else xmlFreeDoc(doc);
}

static double roundOf(Page *pages, char **forms, int n) {
    double start = cpuNow();
    for (int i = 0; i < n; i++) {
        htmlDocPtr doc = parse(forms[i], pages[i].size, pages[i].name);
        drop(doc);
    }
    return (cpuNow() - start) / n * 1e3;
}

static int compareDouble(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    int rounds = 7, only = 0;
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) rounds = atoi(argv[++i]);
        else if (strcmp(argv[i], "--arena") == 0) useArena = 1;
        else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) only = strcmp(argv[++i], "renamed") == 0 ? 2 : 1;
        else dir = argv[i];
    }
    if (dir == NULL || rounds < 1) { fprintf(stderr, "usage: %s [--rounds N] [--arena] DIR\n", argv[0]); return 2; }
    if (useArena) {
        arena = malloc(arenaSize);
        if (!arena) { fprintf(stderr, "no memory for the arena\n"); return 1; }
        memset(arena, 0, arenaSize);
    }
    useArena = 0;
    xmlMemSetup(arenaFree, arenaMalloc, arenaRealloc, arenaStrdup);
    xmlInitParser();

    DIR *d = opendir(dir);
    if (!d) { perror(dir); return 1; }
    Page *pages = NULL;
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".html") != 0) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f) { perror(path); return 1; }
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        fseek(f, 0, SEEK_SET);
        pages = realloc(pages, (n + 1) * sizeof *pages);
        pages[n].bytes = malloc(size + 1);
        if (fread(pages[n].bytes, 1, size, f) != (size_t) size) { fprintf(stderr, "%s: short read\n", path); return 1; }
        pages[n].bytes[size] = 0;
        pages[n].size = (int) size;
        pages[n].name = malloc(len + 32);
        snprintf(pages[n].name, len + 32, "https://example.com/%s", e->d_name);
        fclose(f);
        n++;
    }
    closedir(d);
    if (n == 0) { fprintf(stderr, "%s: no .html files\n", dir); return 1; }

    /* Census of the errors of the pages as they are, then of the renamed pages. */
    xmlSetStructuredErrorFunc(NULL, census);
    long elementsAsIs = 0, elementsRenamed = 0;
    for (int i = 0; i < n; i++) {
        htmlDocPtr doc = parse(pages[i].bytes, pages[i].size, pages[i].name);
        elementsAsIs += elements(xmlDocGetRootElement(doc));
        xmlFreeDoc(doc);
    }
    int totalAsIs = errorsTotal, unknownAsIs = errorsByCode[XML_HTML_UNKNOWN_TAG];
    printf("%d pages\n", n);
    printf("as is: %.1f errors a page, %.1f of them unknown tags; by code:", (double) totalAsIs / n, (double) unknownAsIs / n);
    for (int c = 0; c < 2048; c++) if (errorsByCode[c]) printf(" %d:%.1f", c, (double) errorsByCode[c] / n);
    printf("\nunknown names (a page):");
    for (int i = 0; i < nUnknown; i++) printf(" %s %.1f%s", unknown[i], (double) unknownCount[i] / n, knownOfLength(strlen(unknown[i])) ? "" : " (kept: no known name of its length)");
    printf("\n");

    char **asIs = malloc(n * sizeof *asIs), **other = malloc(n * sizeof *other);
    long bytes = 0;
    for (int i = 0; i < n; i++) { asIs[i] = pages[i].bytes; other[i] = renamed(&pages[i]); bytes += pages[i].size; }
    memset(errorsByCode, 0, sizeof errorsByCode);
    errorsTotal = 0;
    for (int i = 0; i < n; i++) {
        htmlDocPtr doc = parse(other[i], pages[i].size, pages[i].name);
        elementsRenamed += elements(xmlDocGetRootElement(doc));
        xmlFreeDoc(doc);
    }
    printf("renamed: %.1f errors a page, %.1f of them unknown tags\n", (double) errorsTotal / n, (double) errorsByCode[XML_HTML_UNKNOWN_TAG] / n);
    printf("elements a page: as is %.1f, renamed %.1f\n", (double) elementsAsIs / n, (double) elementsRenamed / n);
    printf("%.1f KB a page\n", bytes / 1024.0 / n);
    xmlSetStructuredErrorFunc(NULL, NULL);

    /* Timing: Kabar's parse (no error handler), the two forms alternating. */
    useArena = arena != NULL;
    if (only) {
        /* One form only, for counting instructions (perf stat) or profiling (perf record). */
        double least = 1e9;
        for (int r = 0; r < rounds; r++) {
            double t = roundOf(pages, only == 1 ? asIs : other, n);
            if (t < least) least = t;
        }
        printf("%s only, %d rounds: least %.3f ms of CPU a page\n", only == 1 ? "as is" : "renamed", rounds, least);
        return 0;
    }
    double *a = malloc(rounds * sizeof *a), *b = malloc(rounds * sizeof *b);
    roundOf(pages, asIs, n);
    roundOf(pages, other, n);
    for (int r = 0; r < rounds; r++) {
        if (r % 2 == 0) { a[r] = roundOf(pages, asIs, n); b[r] = roundOf(pages, other, n); }
        else { b[r] = roundOf(pages, other, n); a[r] = roundOf(pages, asIs, n); }
    }
    qsort(a, rounds, sizeof *a, compareDouble);
    qsort(b, rounds, sizeof *b, compareDouble);
    printf("%s, %d rounds, ms of CPU a page (median / least):\n", useArena ? "arena" : "malloc + xmlFreeDoc", rounds);
    printf("  as is    %.3f / %.3f\n", a[rounds / 2], a[0]);
    printf("  renamed  %.3f / %.3f\n", b[rounds / 2], b[0]);
    printf("  errors   %.3f / %.3f ms a page (%.1f%% / %.1f%% of the parse as is), %.2f us an error\n",
           a[rounds / 2] - b[rounds / 2], a[0] - b[0],
           100 * (a[rounds / 2] - b[rounds / 2]) / a[rounds / 2], 100 * (a[0] - b[0]) / a[0],
           1e3 * (a[rounds / 2] - b[rounds / 2]) / ((double) unknownAsIs / n));
    return 0;
}
