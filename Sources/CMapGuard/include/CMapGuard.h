// Keeps a memory-mapped input file from crashing the process when it shrinks while it is read.
//
// Reading a page of a mapping beyond the end of a file that was truncated after it was mapped raises
// SIGBUS. The handler installed here puts a page of zeros at the faulting address instead, when the
// address lies in a registered mapping, and marks that mapping as faulted; the reader goes on over
// zeros and the runtime then refuses what it read ("the file changed while it was read"). Any other
// SIGBUS goes to the handler that was installed before (the Swift runtime's backtracer, or the default).
#ifndef CMAPGUARD_H
#define CMAPGUARD_H

#include <stddef.h>

// Installs the handler once; later calls do nothing. Returns 0 on success.
int mapguard_install(void);

// Registers a mapping [start, start + size). Returns a slot for mapguard_unregister, or -1 when every
// slot is taken (the mapping is then not guarded).
int mapguard_register(const void *start, size_t size);

// Unregisters a slot; returns 1 if a read of it faulted since it was registered, else 0.
int mapguard_unregister(int slot);

// Whether the slot has faulted so far (1) or not (0).
int mapguard_faulted(int slot);

#endif
