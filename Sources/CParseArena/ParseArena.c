/* The parse arena: see include/ParseArena.h. */

#include "ParseArena.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Spans are 256 KiB << class. An arena bumps through spans of 512 KiB, 1, 2, then 4 MiB; an
   allocation over 64 KiB that does not fit the current span gets a span of its own. */
#define SPAN_UNIT ((size_t)1 << 18)
#define CLASSES 40
#define FIRST_BUMP_CLASS 1
#define LAST_BUMP_CLASS 4
#define LARGE (SPAN_UNIT / 4)
/* Free spans kept with their pages; past this the pool gives their pages back (MADV_DONTNEED)
   and keeps only the address range. */
#define POOL_RESIDENT_MAX ((size_t)32 << 20)
/* A span's header, then each allocation's 8-byte size header at an address 8 mod 16, so that
   every pointer handed out is 16-byte aligned, as malloc's are. */
#define FIRST_HEADER 24
#define HEADER 8

typedef struct span {
    struct span *next;
    size_t size;
} span;

struct kabar_arena {
    char *cur;      /* where the next allocation's header goes */
    char *end;      /* the end of the current span */
    char *last;     /* the newest allocation's header in the current span, or NULL */
    span *spans;    /* every span held */
    size_t size;    /* bytes of spans held */
    size_t limit;   /* tests: spill past this many bytes of spans (0: none) */
    unsigned grown; /* spans bumped through so far */
    int spilled;
};

static _Atomic(uintptr_t) region_base;
static _Atomic(size_t) region_size;

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static span *resident[CLASSES];   /* free spans with their pages */
static span *released[CLASSES];   /* free spans whose pages were given back */
static size_t pool_resident;
static size_t region_used;

static __thread kabar_arena *current __attribute__((tls_model("initial-exec")));

static inline int in_region(const void *p) {
    return (uintptr_t)p - atomic_load_explicit(&region_base, memory_order_relaxed)
        < atomic_load_explicit(&region_size, memory_order_relaxed);
}

int kabar_arena_reserve(void) {
    if (atomic_load(&region_size) != 0) return 1;
    /* Address space only (PROT_NONE, no commit charge): a span is made readable and writable
       when it is first handed out. Halve the request until the system grants one. */
    for (size_t size = (size_t)8 << 30; size >= ((size_t)256 << 20); size /= 2) {
        void *p = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED) continue;
        atomic_store(&region_base, (uintptr_t)p);
        atomic_store(&region_size, size);
        return 1;
    }
    return 0;
}

static unsigned class_for(size_t bytes) {
    unsigned c = 0;
    while (c + 1 < CLASSES && (SPAN_UNIT << c) < bytes) c++;
    return c;
}

/* A free span of class c from the pool, or a new one from the region; NULL when used up. */
static span *take_span(unsigned c) {
    size_t size = SPAN_UNIT << c;
    span *s = NULL;
    int fresh = 0;
    pthread_mutex_lock(&pool_lock);
    if ((s = resident[c]) != NULL) {
        resident[c] = s->next;
        pool_resident -= size;
    } else if ((s = released[c]) != NULL) {
        released[c] = s->next;
    } else if (size <= atomic_load(&region_size) - region_used) {
        s = (span *)(atomic_load(&region_base) + region_used);
        region_used += size;
        fresh = 1;
    }
    pthread_mutex_unlock(&pool_lock);
    if (s != NULL && fresh && mprotect(s, size, PROT_READ | PROT_WRITE) != 0) {
        /* The address range stays unused: taking it back would need a free list of its own. */
        return NULL;
    }
    if (s != NULL) s->size = size;
    return s;
}

static void give_spans(span *list) {
    while (list != NULL) {
        span *s = list;
        list = s->next;
        unsigned c = class_for(s->size);
        pthread_mutex_lock(&pool_lock);
        int keep = pool_resident + s->size <= POOL_RESIDENT_MAX;
        if (keep) {
            s->next = resident[c];
            resident[c] = s;
            pool_resident += s->size;
        }
        pthread_mutex_unlock(&pool_lock);
        if (keep) continue;
        size_t size = s->size;
        madvise(s, size, MADV_DONTNEED);   /* zero pages on next touch */
        s->size = size;
        pthread_mutex_lock(&pool_lock);
        s->next = released[c];
        released[c] = s;
        pthread_mutex_unlock(&pool_lock);
    }
}

static span *add_span(kabar_arena *a, unsigned c) {
    if (a->limit != 0 && a->size + (SPAN_UNIT << c) > a->limit) return NULL;
    span *s = take_span(c);
    if (s == NULL) return NULL;
    s->next = a->spans;
    a->spans = s;
    a->size += s->size;
    return s;
}

/* The header of a new allocation of `need` bytes (header included) that does not fit the
   current span, or NULL. */
static char *grow(kabar_arena *a, size_t need) {
    if (need > LARGE) {
        span *s = add_span(a, class_for(need + FIRST_HEADER));
        return s == NULL ? NULL : (char *)s + FIRST_HEADER;
    }
    unsigned c = FIRST_BUMP_CLASS + a->grown;
    if (c > LAST_BUMP_CLASS) c = LAST_BUMP_CLASS;
    span *s = add_span(a, c);
    if (s == NULL) return NULL;
    a->grown++;
    char *h = (char *)s + FIRST_HEADER;
    a->end = (char *)s + s->size;
    a->cur = h + need;
    a->last = h;
    return h;
}

static inline void *arena_alloc(kabar_arena *a, size_t n) {
    if (n > ((size_t)1 << 40)) return NULL;
    size_t need = (n + HEADER + 15) & ~(size_t)15;
    char *h = a->cur;
    if (need <= (size_t)(a->end - h)) {
        a->cur = h + need;
        a->last = h;
    } else if ((h = grow(a, need)) == NULL) {
        return NULL;
    }
    *(size_t *)h = n;
    return h + HEADER;
}

void *kabar_arena_malloc(size_t size) {
    kabar_arena *a = current;
    if (a == NULL) return malloc(size);
    void *p = arena_alloc(a, size);
    if (p != NULL) return p;
    a->spilled = 1;
    return malloc(size);
}

void *kabar_arena_realloc(void *pointer, size_t size) {
    if (pointer == NULL) return kabar_arena_malloc(size);
    if (!in_region(pointer)) return realloc(pointer, size);
    char *h = (char *)pointer - HEADER;
    size_t old = *(size_t *)h;
    kabar_arena *a = current;
    if (a != NULL && h == a->last) {
        size_t need = (size + HEADER + 15) & ~(size_t)15;
        if (need <= (size_t)(a->end - h)) {   /* the newest allocation grows or shrinks in place */
            a->cur = h + need;
            *(size_t *)h = size;
            return pointer;
        }
    }
    void *q = kabar_arena_malloc(size);
    if (q != NULL) memcpy(q, pointer, old < size ? old : size);
    return q;   /* the old block stays until its arena is released */
}

void kabar_arena_free(void *pointer) {
    if (!in_region(pointer)) {
        free(pointer);
        return;
    }
    /* Arena memory goes with its arena; only the newest allocation of the arena entered on this
       thread is taken back (libxml2 frees many short-lived strings right after making them). */
    kabar_arena *a = current;
    if (a != NULL && (char *)pointer - HEADER == a->last) {
        a->cur = a->last;
        a->last = NULL;
    }
}

char *kabar_arena_strdup(const char *string) {
    size_t n = strlen(string) + 1;
    char *p = kabar_arena_malloc(n);
    if (p != NULL) memcpy(p, string, n);
    return p;
}

kabar_arena *kabar_arena_create(void) {
    return calloc(1, sizeof(kabar_arena));
}

kabar_arena *kabar_arena_enter(kabar_arena *arena) {
    kabar_arena *previous = current;
    current = arena;
    return previous;
}

void kabar_arena_leave(kabar_arena *previous) {
    current = previous;
}

int kabar_arena_spilled(const kabar_arena *arena) {
    return arena->spilled;
}

void kabar_arena_release(kabar_arena *arena) {
    if (arena == NULL) return;
    give_spans(arena->spans);
    free(arena);
}

size_t kabar_arena_size(const kabar_arena *arena) {
    return arena->size;
}

size_t kabar_arena_used(const kabar_arena *arena) {
    return arena->size - (size_t)(arena->end - arena->cur);
}

int kabar_arena_owns(const void *pointer) {
    return in_region(pointer);
}

size_t kabar_arena_pool_resident(void) {
    pthread_mutex_lock(&pool_lock);
    size_t n = pool_resident;
    pthread_mutex_unlock(&pool_lock);
    return n;
}

void kabar_arena_set_limit(kabar_arena *arena, size_t bytes) {
    arena->limit = bytes;
}
