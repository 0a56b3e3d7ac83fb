#ifndef KABAR_PARSE_ARENA_H
#define KABAR_PARSE_ARENA_H

/* An allocation arena for one parsed document's libxml2 tree (KabarHTML's ParseArena).

   The four allocator functions below are installed as libxml2's (xmlMemSetup) once, before
   any document is parsed. On a thread with no arena entered they are malloc, realloc, free
   and strdup. Between kabar_arena_enter(arena) and kabar_arena_leave on one thread, libxml2's
   allocations on that thread are a pointer bump in the arena's spans; freeing one is a no-op
   (or takes back the newest allocation), and the arena's memory goes back to a pool at once
   in kabar_arena_release, without a walk over the tree. An arena belongs to its document, not
   to a thread: it may be released on any thread, and many may be alive at once.

   Arena memory lies in one address range reserved at start-up, which is how free() tells an
   arena pointer from a malloc one. When the range is used up (or an arena's test limit is
   reached) allocations go to malloc and the arena is marked spilled: its tree must then be
   freed by libxml2's own walk (xmlFreeDoc) before the arena is released. */

#include <stddef.h>

typedef struct kabar_arena kabar_arena;

/* Reserves the arena address range. 0 when it could not be reserved (arenas are then off and
   the allocator functions must not be installed). Call once, before installing them. */
int kabar_arena_reserve(void);

void *kabar_arena_malloc(size_t size);
void *kabar_arena_realloc(void *pointer, size_t size);
void kabar_arena_free(void *pointer);
char *kabar_arena_strdup(const char *string);

/* A new, empty arena (its spans are taken on its first allocation). NULL if out of memory. */
kabar_arena *kabar_arena_create(void);
/* Makes `arena` (or NULL: malloc) the current thread's; returns the one it replaces. */
kabar_arena *kabar_arena_enter(kabar_arena *arena);
/* Restores what kabar_arena_enter returned. */
void kabar_arena_leave(kabar_arena *previous);
/* Whether an allocation went to malloc while the arena was entered. */
int kabar_arena_spilled(const kabar_arena *arena);
/* Gives the arena's spans back to the pool and frees it. Nothing allocated in it may be used after. */
void kabar_arena_release(kabar_arena *arena);

/* For tests and benchmarks. */
/* Bytes of spans the arena holds. */
size_t kabar_arena_size(const kabar_arena *arena);
/* Bytes of its spans the arena has handed out (or left unused behind it). */
size_t kabar_arena_used(const kabar_arena *arena);
/* Whether `pointer` lies in arena memory (any arena's). */
int kabar_arena_owns(const void *pointer);
/* Bytes of free spans kept in the pool with their pages (the pool's share of the RSS). */
size_t kabar_arena_pool_resident(void);
/* Makes the arena spill to malloc once it holds `bytes` of spans (0: no limit). */
void kabar_arena_set_limit(kabar_arena *arena, size_t bytes);

#endif
