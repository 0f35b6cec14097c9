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
 *   bench offload PATH CALLS BINDINGS
 *       The offload loop, with one adapter of one miniport driver whose
 *       five provider handlers are one C offload target's, every binding
 *       bound to it; query requests on binding i % BINDINGS. PATH:
 *       c-guarded-request, c-entry-point-request: CALLS requests
 *         (guarded_query_offload_state, NdisQueryOffloadState) to a target
 *         whose handler only counts them;
 *       c-guarded-round-trip, c-entry-point-round-trip: the same, to a
 *         target that completes each request at once, on the same thread
 *         (guarded_m_query_offload_state_complete,
 *         NdisMQueryOffloadStateComplete), to the protocol's counting
 *         handler;
 *       c-guarded-completion, c-entry-point-completion: CALLS requests,
 *         each on a block list of its own, to the counting target, then
 *         one completion of each in one loop (baseline_guarded_completions,
 *         baseline_entry_point_completions), which bench-instructions.sh
 *         alone counts (callgrind --toggle-collect), so that (I(2N) -
 *         I(N)) / N is the completion's and none of the request's.
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
#include "guarded_offload.h"
#include "validation.h"

#define BATCH 64

static unsigned long Counter;

static int Usage(void) {
    fprintf(stderr, "usage: bench dispatch PATH DISPATCHES BINDINGS ENTRYPOINT\n"
                    "       bench offload PATH CALLS BINDINGS\n"
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

/* Whether every block list has its SourceHandle taken: each completion was
 * delivered once. */
static int AllTaken(const NDIS_MINIPORT_OFFLOAD_BLOCK_LIST *Lists, size_t N) {
    size_t Index;
    for (Index = 0; Index < N; Index++)
        if (Lists[Index].SourceHandle != NULL) return 0;
    return 1;
}

static int Offload(const char *Path, size_t N, size_t Bindings) {
    PNDIS_CHIMNEY_REGISTRY Registry = NULL;
    NDIS_HANDLE Driver = NULL, Miniport = NULL, Adapter = NULL, GuardedRegistry, GuardedAdapter = NULL;
    NDIS_HANDLE *Handles = calloc(Bindings, sizeof *Handles), *Guarded = calloc(Bindings, sizeof *Guarded);
    NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS Chars = baseline_characteristics();
    NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS Provider;
    NDIS_CHIMNEY_ADAPTER_COUNTS Counts;
    NDIS_MINIPORT_OFFLOAD_BLOCK_LIST List, *Lists = NULL;
    baseline_target Target = {0, NULL, NdisMQueryOffloadStateComplete};
    baseline_target GuardedTarget = {0, NULL, guarded_m_query_offload_state_complete};
    size_t Mask = Bindings - 1, Index;
    int Guard = strncmp(Path, "c-guarded-", 10) == 0, Entry = strncmp(Path, "c-entry-point-", 14) == 0;
    const char *Kind = Path + (Guard ? 10 : 14);
    int Request = strcmp(Kind, "request") == 0, RoundTrip = strcmp(Kind, "round-trip") == 0;
    int Completion = strcmp(Kind, "completion") == 0;
    baseline_target *Counted = Guard ? &GuardedTarget : &Target;

    if (Handles == NULL || Guarded == NULL || (Bindings & Mask) != 0 || !(Guard || Entry) ||
        !(Request || RoundTrip || Completion))
        return Usage();
    memset(&List, 0, sizeof List);
    Provider = baseline_provider_characteristics(RoundTrip ? baseline_complete_request : baseline_count_request);
    if (NdisChimneyCreateRegistryEx(1, (ULONG)Bindings, 1, 1, &Registry) != NDIS_STATUS_SUCCESS ||
        NdisChimneyRegisterProtocolDriver(Registry, &Driver) != NDIS_STATUS_SUCCESS ||
        NdisSetOptionalHandlers(Driver, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Chars) != NDIS_STATUS_SUCCESS ||
        NdisChimneyRegisterMiniportDriver(Registry, &Miniport) != NDIS_STATUS_SUCCESS ||
        NdisSetOptionalHandlers(Miniport, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Provider) != NDIS_STATUS_SUCCESS ||
        NdisChimneyAddAdapter(Miniport, &Target, &Adapter) != NDIS_STATUS_SUCCESS) {
        fprintf(stderr, "bench: cannot set up the registry\n");
        return 1;
    }
    Target.adapter = Adapter;
    for (Index = 0; Index < Bindings; Index++) {
        if (NdisChimneyOpenAdapterBinding(Driver, Adapter, &Counter, &Handles[Index]) != NDIS_STATUS_SUCCESS) return 1;
    }
    GuardedRegistry = guarded_offload_create(Bindings, &Counter, Guarded, &GuardedTarget,
                                             RoundTrip ? baseline_complete_request : baseline_count_request,
                                             &GuardedAdapter);
    GuardedTarget.adapter = GuardedAdapter;

    if (Completion) {
        /* The requests, outside the measured loop: one per block list. */
        Lists = calloc(N, sizeof *Lists);
        if (Lists == NULL) return 1;
        for (Index = 0; Index < N; Index++) {
            PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST Request = (PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST)&Lists[Index];
            if (Guard) guarded_query_offload_state(Guarded[Index & Mask], Request);
            else NdisQueryOffloadState(Handles[Index & Mask], Request);
        }
        if (Counted->requests != N || Counter != 0) {
            fprintf(stderr, "bench: %s: %lu of %zu requests reached the target\n", Path, Counted->requests, N);
            return 1;
        }
        if (Guard) baseline_guarded_completions(GuardedAdapter, Lists, N);
        else baseline_entry_point_completions(Adapter, Lists, N);
    } else if (Guard) {
        baseline_guarded_requests(Guarded, Mask, (PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST)&List, N);
    } else {
        baseline_entry_point_requests(Handles, Mask, (PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST)&List, N);
    }

    /* Every request reached the target's handler; every completion (none
     * for requests alone) the protocol's, once, and none was refused. */
    if ((Guard ? guarded_adapter_counts(GuardedAdapter, &Counts) : NdisChimneyQueryAdapterCounts(Adapter, &Counts)) !=
            NDIS_STATUS_SUCCESS ||
        Counted->requests != N || Counter != (Request ? 0 : N) || Counts.RefusedCompletions != 0 ||
        Counts.FailedRequests != 0 || (Completion && !AllTaken(Lists, N)) ||
        (RoundTrip && List.SourceHandle != NULL)) {
        fprintf(stderr, "bench: %s: %lu requests, %lu completions, %llu refused, %llu failed, expected %zu\n", Path,
                Counted->requests, Counter, (unsigned long long)Counts.RefusedCompletions,
                (unsigned long long)Counts.FailedRequests, N);
        return 1;
    }
    /* The requests of the request paths are still outstanding (their target
     * never completes them), and closing a binding waits for those, as
     * NDIS's unbind does: the program exits with both registries as they
     * are. */
    (void)GuardedRegistry;
    free(Lists);
    free(Handles);
    free(Guarded);
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
    if (argc == 5 && strcmp(argv[1], "offload") == 0) {
        return Offload(argv[2], strtoul(argv[3], NULL, 10), strtoul(argv[4], NULL, 10));
    }
    if (argc == 6 && strcmp(argv[1], "validate") == 0) {
        return Validate(argv[2], argv[3], argv[4], strtoul(argv[5], NULL, 10));
    }
    return Usage();
}
