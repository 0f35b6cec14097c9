/* The C side of `make bench-instructions`: every C path, run a given number
 * of times, for callgrind to count. The library's entry points come from
 * out/lib/libndischimney.a, the Embedded Swift library C users install,
 * linked into this program as a C driver links it; beside them, in the same
 * binary, the C baselines of Sources/CBaseline (the same files the Swift
 * benchmarks use).
 *
 *   bench dispatch PATH DISPATCHES BINDINGS ENTRYPOINT
 *       PATH: c-floor, c-table, c-guarded, c-guarded-batch, c-guarded-batch-ex,
 *       c-entry-point, c-entry-point-batch, c-entry-point-batch-ex (the
 *       batches with a status for each completion), or c-control (a
 *       control-path cycle:
 *       NdisSetOptionalHandlers + NdisChimneyOpenBinding +
 *       NdisChimneyCloseBinding, DISPATCHES times)
 *   bench validate PATH ABI CASE CALLS
 *       PATH: c-validator or c-entry-point; ABI: host, x86, x64, arm64, arm;
 *       CASE: valid or invalid (Flags set, no message asked for)
 *
 * Every run checks that each call reached the handler (or the verdict)
 * expected, and exits 1 otherwise. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "guarded.h"
#include "validation.h"

#define BATCH 64

static unsigned long Counter;

static int Usage(void) {
    fprintf(stderr, "usage: bench dispatch PATH DISPATCHES BINDINGS ENTRYPOINT\n"
                    "       bench validate PATH ABI CASE CALLS\n");
    return 2;
}

static int Dispatch(const char *Path, size_t N, size_t Bindings, unsigned Kind) {
    PNDIS_CHIMNEY_REGISTRY Registry = NULL;
    NDIS_HANDLE Driver = NULL;
    NDIS_HANDLE *Handles = calloc(Bindings, sizeof *Handles), *Guarded = calloc(Bindings, sizeof *Guarded);
    baseline_binding *Table = calloc(Bindings, sizeof *Table);
    INITIATE_OFFLOAD_COMPLETE_HANDLER Entries[NdisChimneyEntryPointCount];
    NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS Chars = baseline_characteristics();
    NDIS_CHIMNEY_COMPLETION Batch[BATCH], GuardedBatch[BATCH];
    NDIS_STATUS Statuses[BATCH];
    NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List;
    NDIS_HANDLE Baseline;
    size_t Mask = Bindings - 1, Delivered = 0, Expected = N, Index;

    if (Handles == NULL || Guarded == NULL || Table == NULL || (Bindings & Mask) != 0) return Usage();
    memset(&List, 0, sizeof List);
    /* One binding slot to spare, for the control-path cycle. */
    if (NdisChimneyCreateRegistry(1, (ULONG)Bindings + 1, &Registry) != NDIS_STATUS_SUCCESS ||
        NdisChimneyRegisterProtocolDriver(Registry, &Driver) != NDIS_STATUS_SUCCESS ||
        NdisSetOptionalHandlers(Driver, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Chars) != NDIS_STATUS_SUCCESS) {
        fprintf(stderr, "bench: cannot set up the registry\n");
        return 1;
    }
    for (Index = 0; Index < NdisChimneyEntryPointCount; Index++) Entries[Index] = baseline_count;
    for (Index = 0; Index < Bindings; Index++) {
        if (NdisChimneyOpenBinding(Driver, &Counter, &Handles[Index]) != NDIS_STATUS_SUCCESS) return 1;
        Table[Index].context = &Counter;
        Table[Index].entries = Entries;
    }
    Baseline = guarded_create(Bindings, &Counter, Guarded);
    for (Index = 0; Index < BATCH; Index++) {
        NDIS_CHIMNEY_COMPLETION Completion = {Handles[Index & Mask], &List, Kind, 0};
        Batch[Index] = Completion;
        Completion.BindingHandle = Guarded[Index & Mask];
        GuardedBatch[Index] = Completion;
    }

    if (strcmp(Path, "c-floor") == 0) {
        baseline_floor(&Chars, &Counter, &List, N);
        Delivered = N;
    } else if (strcmp(Path, "c-table") == 0) {
        baseline_table(Table, Mask, Kind, &List, N);
        Delivered = N;
    } else if (strcmp(Path, "c-guarded") == 0) {
        Delivered = baseline_guarded(Baseline, Guarded, Mask, Kind, &List, N);
    } else if (strcmp(Path, "c-guarded-batch") == 0) {
        Delivered = baseline_guarded_batch(Baseline, GuardedBatch, BATCH, N / BATCH);
    } else if (strcmp(Path, "c-entry-point") == 0) {
        Delivered = baseline_entry_point(Registry, Handles, Mask, Kind, &List, N);
    } else if (strcmp(Path, "c-entry-point-batch") == 0) {
        Delivered = baseline_entry_point_batch(Registry, Batch, BATCH, N / BATCH);
    } else if (strcmp(Path, "c-guarded-batch-ex") == 0) {
        Delivered = baseline_guarded_batch_ex(Baseline, GuardedBatch, BATCH, Statuses, N / BATCH);
    } else if (strcmp(Path, "c-entry-point-batch-ex") == 0) {
        Delivered = baseline_entry_point_batch_ex(Registry, Batch, BATCH, Statuses, N / BATCH);
    } else if (strcmp(Path, "c-control") == 0) {
        /* Each cycle delivers nothing: count cycles, and the counter stays 0. */
        for (Index = 0; Index < N; Index++) {
            NDIS_HANDLE Binding = NULL;
            Delivered += NdisSetOptionalHandlers(Driver, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Chars) == NDIS_STATUS_SUCCESS &&
                         NdisChimneyOpenBinding(Driver, &Counter, &Binding) == NDIS_STATUS_SUCCESS &&
                         NdisChimneyCloseBinding(Binding) == NDIS_STATUS_SUCCESS;
        }
        Expected = 0;
        if (Delivered != N) {
            fprintf(stderr, "bench: %zu of %zu control-path cycles succeeded\n", Delivered, N);
            return 1;
        }
        Delivered = 0;
    } else {
        return Usage();
    }
    if (Delivered != Expected || Counter != Expected) {
        fprintf(stderr, "bench: %s delivered %zu, counted %lu, expected %zu\n", Path, Delivered, Counter, Expected);
        return 1;
    }
    for (Index = 0; strstr(Path, "-ex") != NULL && Index < BATCH; Index++) {
        if (Statuses[Index] != NDIS_STATUS_SUCCESS) {
            fprintf(stderr, "bench: %s: status %zu is %ld\n", Path, Index, (long)Statuses[Index]);
            return 1;
        }
    }
    guarded_destroy(Baseline);
    for (Index = 0; Index < Bindings; Index++) NdisChimneyCloseBinding(Handles[Index]);
    NdisChimneyDestroyRegistry(Registry);
    free(Handles);
    free(Guarded);
    free(Table);
    return 0;
}

/* A revision-1 image for the ABI (pointers of its width) with six non-NULL
 * entry points, Flags set when it is to be invalid. */
static size_t Image(unsigned char *Bytes, NDIS_CHIMNEY_ABI Abi, int Invalid) {
    size_t Pointer = Abi == NdisChimneyAbiHost ? sizeof(void *) : (Abi == NdisChimneyAbiX86 || Abi == NdisChimneyAbiArm ? 4 : 8);
    size_t Size = 8 + 6 * Pointer;
    memset(Bytes, 0x5A, Size);
    Bytes[0] = NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS;
    Bytes[1] = NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1;
    Bytes[2] = (unsigned char)Size;
    Bytes[3] = 0;
    memset(Bytes + 4, 0, 4);
    Bytes[4] = Invalid ? 1 : 0;
    return Size;
}

static int Validate(const char *Path, const char *AbiName, const char *Case, size_t N) {
    static const char *const Names[] = {"host", "x86", "x64", "arm64", "arm"};
    unsigned char Bytes[64];
    int Abi, Invalid = strcmp(Case, "invalid") == 0;
    size_t Size, Accepted;
    for (Abi = 0; Abi < 5 && strcmp(Names[Abi], AbiName) != 0; Abi++) {}
    if (Abi == 5 || (!Invalid && strcmp(Case, "valid") != 0)) return Usage();
    Size = Image(Bytes, (NDIS_CHIMNEY_ABI)Abi, Invalid);
    if (strcmp(Path, "c-validator") == 0) {
        Accepted = baseline_validator_loop(Bytes, Size, (NDIS_CHIMNEY_ABI)Abi, N);
    } else if (strcmp(Path, "c-entry-point") == 0) {
        Accepted = baseline_validate_image_loop(Bytes, Size, (NDIS_CHIMNEY_ABI)Abi, N);
    } else {
        return Usage();
    }
    if (Accepted != (Invalid ? 0 : N)) {
        fprintf(stderr, "bench: %s %s %s: %zu of %zu valid\n", Path, AbiName, Case, Accepted, N);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 6 && strcmp(argv[1], "dispatch") == 0) {
        return Dispatch(argv[2], strtoul(argv[3], NULL, 10), strtoul(argv[4], NULL, 10),
                        (unsigned)strtoul(argv[5], NULL, 10));
    }
    if (argc == 6 && strcmp(argv[1], "validate") == 0) {
        return Validate(argv[2], argv[3], argv[4], strtoul(argv[5], NULL, 10));
    }
    return Usage();
}
