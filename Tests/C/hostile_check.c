/* A buggy or hostile C driver against the installed library: NULL and every
 * single-bit change of real handles given to every entry point that takes a
 * handle. Each must be refused with a status, at once: an alarm ends the
 * program if a call spins. (memory_check starves the library of memory.)
 * Built only from the installed header and pkg-config, like driver_check. */
#include <ndischimney_registry.h>

#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "check.h"

static int calls;

static VOID NDIS_CHIMNEY_CC Counted(NDIS_HANDLE Context, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {
    (void)Context;
    (void)List;
    calls++;
}

static NDIS_STATUS Install(NDIS_HANDLE NdisHandle) {
    NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS Chars = {
        {NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
         NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1,
         sizeof(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS)},
        0, Counted, Counted, Counted, Counted, Counted, NULL};
    return NdisSetOptionalHandlers(NdisHandle, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Chars);
}

/* Every entry point that takes a binding handle refuses Handle. */
static void RefusedAsBinding(PNDIS_CHIMNEY_REGISTRY Registry, NDIS_HANDLE Handle) {
    NDIS_CHIMNEY_COMPLETION Completion = {0};
    Completion.BindingHandle = Handle;
    Completion.EntryPoint = NdisChimneyQueryOffloadComplete;
    CHECK_EQ(NdisChimneyDispatch(Registry, Handle, NdisChimneyQueryOffloadComplete, NULL, 0),
             NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(NdisChimneyDispatchBatch(Registry, &Completion, 1), 0);
    CHECK_EQ(NdisChimneyCloseBinding(Handle), NDIS_STATUS_INVALID_PARAMETER);
}

/* Every entry point that takes a driver handle refuses Handle. */
static void RefusedAsDriver(NDIS_HANDLE Handle) {
    NDIS_HANDLE Binding = NULL;
    CHECK_EQ(Install(Handle), NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(NdisChimneyOpenBinding(Handle, NULL, &Binding), NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(NdisChimneyDeregisterProtocolDriver(Handle), NDIS_STATUS_INVALID_PARAMETER);
}

static NDIS_HANDLE Flip(NDIS_HANDLE Handle, int Bit) {
    return (NDIS_HANDLE)((uintptr_t)Handle ^ ((uintptr_t)1 << Bit));
}

/* One registry's handles with one bit flipped, given to a registry made the
 * same way just after it: never one of the second registry's live handles. */
static void FlipsNeverReachAnotherRegistry(void) {
    PNDIS_CHIMNEY_REGISTRY Registries[2];
    NDIS_HANDLE Drivers[2], Bindings[2];
    int Index, Bit;
    for (Index = 0; Index < 2; Index++) {
        CHECK_EQ(NdisChimneyCreateRegistry(1, 1, &Registries[Index]), NDIS_STATUS_SUCCESS);
        CHECK_EQ(NdisChimneyRegisterProtocolDriver(Registries[Index], &Drivers[Index]), NDIS_STATUS_SUCCESS);
        CHECK_EQ(Install(Drivers[Index]), NDIS_STATUS_SUCCESS);
        CHECK_EQ(NdisChimneyOpenBinding(Drivers[Index], NULL, &Bindings[Index]), NDIS_STATUS_SUCCESS);
    }
    for (Bit = 0; Bit < 64; Bit++) {
        RefusedAsBinding(Registries[1], Flip(Bindings[0], Bit));
        RefusedAsDriver(Flip(Drivers[0], Bit));
    }
    CHECK_EQ(NdisChimneyCloseBinding(Bindings[1]), NDIS_STATUS_SUCCESS);
    for (Index = 0; Index < 2; Index++) NdisChimneyDestroyRegistry(Registries[Index]);
}

/* 1 while the churning thread runs; it starts churning only once the
 * refusing thread has made its first calls (Refusing), so the two overlap. */
static volatile int Churning, Refusing;

static void *Churn(void *Unused) {
    int Round;
    (void)Unused;
    while (!__atomic_load_n(&Refusing, __ATOMIC_ACQUIRE)) sched_yield();
    for (Round = 0; Round < 20000; Round++) {
        PNDIS_CHIMNEY_REGISTRY Registry = NULL;
        NDIS_HANDLE Driver = NULL;
        if (NdisChimneyCreateRegistry(1, 1, &Registry) != NDIS_STATUS_SUCCESS) continue;
        (void)NdisChimneyRegisterProtocolDriver(Registry, &Driver);
        NdisChimneyDestroyRegistry(Registry);
    }
    __atomic_store_n(&Churning, 0, __ATOMIC_RELEASE);
    return NULL;
}

/* NULL and stale handles name registry ids too (NULL names 0): refusing them
 * while another thread creates and destroys registries must never read a
 * destroyed one (AddressSanitizer in make sanitize would see it). */
static void NullWhileRegistriesGoAway(void) {
    pthread_t Thread;
    NDIS_HANDLE Stale = (NDIS_HANDLE)(uintptr_t)3; /* driver kind, registry 0, generation 0 */
    NDIS_HANDLE Opened = NULL;
    long Calls = 0, Accepted = 0;
    Churning = 1;
    CHECK_EQ(pthread_create(&Thread, NULL, Churn, NULL), 0);
    while (__atomic_load_n(&Churning, __ATOMIC_ACQUIRE)) {
        Accepted += NdisChimneyDeregisterProtocolDriver(NULL) != NDIS_STATUS_INVALID_PARAMETER;
        Accepted += NdisChimneyDeregisterProtocolDriver(Stale) != NDIS_STATUS_INVALID_PARAMETER;
        Accepted += NdisChimneyOpenBinding(Stale, NULL, &Opened) != NDIS_STATUS_INVALID_PARAMETER;
        Accepted += NdisChimneyCloseBinding(NULL) != NDIS_STATUS_INVALID_PARAMETER;
        Accepted += Install(Stale) != NDIS_STATUS_INVALID_PARAMETER;
        Calls += 5;
        __atomic_store_n(&Refusing, 1, __ATOMIC_RELEASE);
    }
    CHECK_EQ(pthread_join(Thread, NULL), 0);
    CHECK_EQ(Accepted, 0);
    CHECK(Calls > 0);
}

int main(void) {
    PNDIS_CHIMNEY_REGISTRY Registry = NULL;
    NDIS_HANDLE Drivers[3] = {NULL, NULL, NULL};
    NDIS_HANDLE Binding = NULL;
    int Bit;

    alarm(60); /* a call that spins fails the check instead of hanging it */

    /* On a fresh registry, NULL is no driver and no binding. */
    CHECK_EQ(NdisChimneyCreateRegistry(2, 2, &Registry), NDIS_STATUS_SUCCESS);
    RefusedAsDriver(NULL);
    RefusedAsBinding(Registry, NULL);
    CHECK_EQ(NdisChimneyRegisterProtocolDriver(Registry, &Drivers[0]), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyRegisterProtocolDriver(Registry, &Drivers[1]), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyRegisterProtocolDriver(Registry, &Drivers[2]), NDIS_STATUS_RESOURCES);
    CHECK(Drivers[0] != Drivers[1]);

    /* A new driver has no entry points, whatever was tried before. */
    CHECK_EQ(NdisChimneyOpenBinding(Drivers[0], NULL, &Binding), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyDispatch(Registry, Binding, NdisChimneyQueryOffloadComplete, NULL, 0),
             NDIS_STATUS_NOT_SUPPORTED);
    CHECK_EQ(Install(Drivers[0]), NDIS_STATUS_SUCCESS);

    /* Every single-bit change of a real handle is refused, by every entry. */
    for (Bit = 0; Bit < 64; Bit++) {
        RefusedAsBinding(Registry, Flip(Binding, Bit));
        RefusedAsDriver(Flip(Drivers[0], Bit));
    }
    RefusedAsBinding(Registry, Drivers[0]);
    RefusedAsDriver(Binding);
    CHECK_EQ(calls, 0);

    /* The real handles still work, and a closed one is refused. */
    CHECK_EQ(NdisChimneyDispatch(Registry, Binding, NdisChimneyQueryOffloadComplete, NULL, 0), NDIS_STATUS_SUCCESS);
    CHECK_EQ(calls, 1);
    CHECK_EQ(NdisChimneyDeregisterProtocolDriver(Drivers[0]), NDIS_STATUS_FAILURE);
    CHECK_EQ(NdisChimneyCloseBinding(Binding), NDIS_STATUS_SUCCESS);
    RefusedAsBinding(Registry, Binding);
    CHECK_EQ(NdisChimneyDeregisterProtocolDriver(Drivers[0]), NDIS_STATUS_SUCCESS);
    RefusedAsDriver(Drivers[0]);
    NdisChimneyDestroyRegistry(Registry);
    RefusedAsDriver(Drivers[1]);

    FlipsNeverReachAnotherRegistry();
    NullWhileRegistriesGoAway();
    return check_summary("hostile_check");
}
