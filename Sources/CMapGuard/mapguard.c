#define _GNU_SOURCE
#include "CMapGuard.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define SLOTS 64

static _Atomic(uintptr_t) slot_start[SLOTS];
static _Atomic(uintptr_t) slot_end[SLOTS];
static _Atomic(int) slot_faulted[SLOTS];
static _Atomic(int) installed;
static struct sigaction previous;
static uintptr_t page_size;

static void hand_on(int sig, siginfo_t *info, void *context) {
    if (previous.sa_flags & SA_SIGINFO) {
        if (previous.sa_sigaction) { previous.sa_sigaction(sig, info, context); return; }
    } else if (previous.sa_handler == SIG_IGN) {
        return;
    } else if (previous.sa_handler != SIG_DFL && previous.sa_handler != NULL) {
        previous.sa_handler(sig);
        return;
    }
    // The default action: restore it and let the fault happen again when the handler returns.
    signal(sig, SIG_DFL);
}

static void on_bus_error(int sig, siginfo_t *info, void *context) {
    uintptr_t address = (uintptr_t)info->si_addr;
    for (int i = 0; i < SLOTS; i++) {
        uintptr_t start = atomic_load(&slot_start[i]);
        uintptr_t end = atomic_load(&slot_end[i]);
        if (start == 0 || address < start || address >= end) continue;
        uintptr_t page = address & ~(page_size - 1);
        void *zeros = mmap((void *)page, page_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (zeros != MAP_FAILED) {
            atomic_store(&slot_faulted[i], 1);
            return;
        }
    }
    hand_on(sig, info, context);
}

int mapguard_install(void) {
    int expected = 0;
    if (!atomic_compare_exchange_strong(&installed, &expected, 1)) return 0;
    page_size = (uintptr_t)sysconf(_SC_PAGESIZE);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_bus_error;
    action.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    return sigaction(SIGBUS, &action, &previous);
}

int mapguard_register(const void *start, size_t size) {
    if (start == NULL || size == 0) return -1;
    for (int i = 0; i < SLOTS; i++) {
        uintptr_t empty = 0;
        if (atomic_compare_exchange_strong(&slot_start[i], &empty, (uintptr_t)start)) {
            atomic_store(&slot_faulted[i], 0);
            atomic_store(&slot_end[i], (uintptr_t)start + size);
            return i;
        }
    }
    return -1;
}

int mapguard_faulted(int slot) {
    if (slot < 0 || slot >= SLOTS) return 0;
    return atomic_load(&slot_faulted[slot]);
}

int mapguard_unregister(int slot) {
    if (slot < 0 || slot >= SLOTS) return 0;
    int faulted = atomic_load(&slot_faulted[slot]);
    atomic_store(&slot_end[slot], 0);
    atomic_store(&slot_start[slot], 0);
    return faulted;
}
