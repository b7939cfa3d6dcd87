// Guard-page allocator for libtorch's CPU memory, preloaded into a JVM: see docs/native.md.
//
// libtorch (c10's CPU allocator) and oneDNN take their buffers from posix_memalign. Here every such block ends at an
// inaccessible page, so a read or write past its end faults at once with the culprit on the stack; it starts filled
// with 0xff bytes (NaN as float), so a read of memory nobody wrote gives NaN; and a freed block stays inaccessible
// while the next 8192 blocks are freed, so a use after free faults too. Everything else goes to glibc unchanged.
//
//   gcc -O2 -shared -fPIC -o /tmp/libguard.so tools/native/guard-alloc.c -lpthread
//   LD_PRELOAD=/tmp/libguard.so mvn -B -o test -Dtest=NativeStressTest
//
// Slow (a mapping per block): for short runs. A crash writes hs_err_pid*.log with the native frame that faulted.
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>
#include <stdlib.h>
#include <stdio.h>

extern void __libc_free(void *);
extern void *__libc_malloc(size_t);
extern void *__libc_realloc(void *, size_t);

#define PAGE 4096UL
#define TABLE (1 << 22)
#define QUAR 8192
typedef struct { uintptr_t ptr; uintptr_t base; size_t len; size_t size; } entry;
static entry table[TABLE];
static struct { uintptr_t base; size_t len; } quarantine[QUAR];
static long qhead = 0;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long live = 0;

static size_t slot(uintptr_t p) { return (size_t)((p >> 6) * 0x9E3779B97F4A7C15ULL >> 42) & (TABLE - 1); }

static void *guarded(size_t align, size_t size) {
    if (align < 16) align = 16;
    if (align > PAGE) return NULL;
    size_t rounded = (size + align - 1) / align * align;
    if (rounded == 0) rounded = align;
    size_t pages = (rounded + PAGE - 1) / PAGE;
    size_t len = (pages + 1) * PAGE;
    char *base = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) return NULL;
    mprotect(base + pages * PAGE, PAGE, PROT_NONE);
    char *p = base + pages * PAGE - rounded;
    // junk: NaN as float, so an uninitialised read shows too
    memset(p, 0xff, rounded);
    pthread_mutex_lock(&lock);
    size_t i = slot((uintptr_t)p);
    while (table[i].ptr) i = (i + 1) & (TABLE - 1);
    table[i] = (entry){(uintptr_t)p, (uintptr_t)base, len, size};
    live++;
    pthread_mutex_unlock(&lock);
    return p;
}

static int take(void *ptr, entry *out) {
    pthread_mutex_lock(&lock);
    size_t i = slot((uintptr_t)ptr);
    while (table[i].ptr && table[i].ptr != (uintptr_t)ptr) i = (i + 1) & (TABLE - 1);
    if (!table[i].ptr) { pthread_mutex_unlock(&lock); return 0; }
    *out = table[i];
    // delete with backward shift
    size_t j = i;
    for (;;) {
        j = (j + 1) & (TABLE - 1);
        if (!table[j].ptr) break;
        size_t k = slot(table[j].ptr);
        if ((j > i && (k <= i || k > j)) || (j < i && (k <= i && k > j))) { table[i] = table[j]; i = j; }
    }
    table[i].ptr = 0;
    live--;
    // quarantine: keep the pages mapped but inaccessible
    mprotect((void *)out->base, out->len, PROT_NONE);
    long q = qhead++ % QUAR;
    if (quarantine[q].base) munmap((void *)quarantine[q].base, quarantine[q].len);
    quarantine[q].base = out->base; quarantine[q].len = out->len;
    pthread_mutex_unlock(&lock);
    return 1;
}

int posix_memalign(void **out, size_t align, size_t size) {
    void *p = guarded(align, size);
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}
void *aligned_alloc(size_t align, size_t size) { return guarded(align, size); }
void *memalign(size_t align, size_t size) { return guarded(align, size); }

void free(void *ptr) {
    if (!ptr) return;
    entry e;
    if (take(ptr, &e)) return;
    __libc_free(ptr);
}

void *realloc(void *ptr, size_t size) {
    entry e;
    if (ptr && take(ptr, &e)) {
        // too late to copy from a PROT_NONE block: reopen it briefly
        mprotect((void *)e.base, e.len - PAGE, PROT_READ);
        void *n = __libc_malloc(size);
        if (n) memcpy(n, ptr, size < e.size ? size : e.size);
        mprotect((void *)e.base, e.len, PROT_NONE);
        return n;
    }
    return __libc_realloc(ptr, size);
}
