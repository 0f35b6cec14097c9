/* A hostile or careless driver against the installed library, round three:
 * the registry argument misused (swapped, forged, destroyed, destroyed
 * twice, an old one after a new creation), closes that must sleep rather
 * than spin, calls from handlers that would wait for themselves or free
 * memory under themselves, a handler that never returns (longjmp, thread
 * cancellation), and handles guessed from a driver's own. Every misuse must
 * be refused with a status; make test also runs this program under valgrind.
 * Built only from the installed header and pkg-config, like driver_check. */
/* sigsetjmp, nanosleep, clock_gettime, pthread_cancel: POSIX, not plain C11. */
#define _POSIX_C_SOURCE 200809L

#include <ndischimney_registry.h>

#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

/* --- a driver whose handlers do what the test asks -------------------------- */

typedef enum { Count, Sleep, DestroyOwnRegistry, CloseOwnBinding, CloseOther, DeregisterOwnDriver, Nest,
               NestThenCloseOwn, Recurse, CatchJump, LongJump, WaitForCancel } ACTION;

typedef struct _CONTEXT {
    ACTION Action;
    PNDIS_CHIMNEY_REGISTRY Registry;
    NDIS_HANDLE Driver, Binding, Other;
    NDIS_STATUS Status;  /* what the handler's own call answered */
    NDIS_STATUS Status2; /* and its second call */
    int Calls;
    int Depth; /* Recurse: how many more levels to dispatch into itself */
    volatile int Running;
    sigjmp_buf *Escape;
    struct _CONTEXT *Peer; /* CatchJump: the binding whose handler jumps */
} CONTEXT;

static void SleepFor(long Milliseconds) {
    struct timespec Time = {Milliseconds / 1000, (Milliseconds % 1000) * 1000000L};
    nanosleep(&Time, NULL);
}

static VOID NDIS_CHIMNEY_CC Handler(NDIS_HANDLE ProtocolBindingContext, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {
    CONTEXT *Context = ProtocolBindingContext;
    (void)List;
    Context->Calls++;
    __atomic_store_n(&Context->Running, 1, __ATOMIC_RELEASE);
    switch (Context->Action) {
    case Count: break;
    case Sleep: SleepFor(1000); break;
    case DestroyOwnRegistry: Context->Status = NdisChimneyDestroyRegistry(Context->Registry); break;
    case CloseOwnBinding: Context->Status = NdisChimneyCloseBinding(Context->Binding); break;
    case CloseOther: Context->Status = NdisChimneyCloseBinding(Context->Other); break;
    case DeregisterOwnDriver: Context->Status = NdisChimneyDeregisterProtocolDriver(Context->Driver); break;
    case Nest:
        /* Into the other binding, whose handler closes this one. */
        Context->Status = NdisChimneyDispatch(Context->Registry, Context->Other, NdisChimneyQueryOffloadComplete,
                                              NULL, 0);
        break;
    case NestThenCloseOwn:
        /* Into the other binding, which nests Depth levels into itself and
         * returns; then this handler, its only one left on the stack, tries
         * to close its binding and destroy its registry. */
        (void)NdisChimneyDispatch(Context->Registry, Context->Other, NdisChimneyQueryOffloadComplete, NULL, 0);
        Context->Status = NdisChimneyCloseBindingEx(Context->Binding, 300);
        Context->Status2 = NdisChimneyDestroyRegistry(Context->Registry);
        break;
    case Recurse:
        if (Context->Depth-- > 0)
            (void)NdisChimneyDispatch(Context->Registry, Context->Binding, NdisChimneyQueryOffloadComplete, NULL, 0);
        break;
    case CatchJump: {
        /* Into the other binding, whose handler jumps back here, leaving its
         * own handler without returning; then this one closes it. */
        sigjmp_buf Escape;
        CONTEXT *Other = Context->Peer;
        Other->Escape = &Escape;
        if (sigsetjmp(Escape, 0) == 0) {
            (void)NdisChimneyDispatch(Context->Registry, Other->Binding, NdisChimneyQueryOffloadComplete, NULL, 0);
            Context->Status = NDIS_STATUS_FAILURE; /* never: the other handler jumps */
            break;
        }
        Context->Status = NdisChimneyCloseBindingEx(Other->Binding, 20);
        break;
    }
    case LongJump: siglongjmp(*Context->Escape, 1);
    case WaitForCancel:
        for (;;) pause(); /* a cancellation point */
    }
    __atomic_store_n(&Context->Running, 0, __ATOMIC_RELEASE);
}

static NDIS_STATUS Install(NDIS_HANDLE Driver, UCHAR Type) {
    NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS Chars = {
        {Type, NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1,
         sizeof(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS)},
        0, Handler, Handler, Handler, Handler, Handler, NULL};
    return NdisSetOptionalHandlers(Driver, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Chars);
}

/* A registry with one driver and `Count` bindings whose contexts are
 * Contexts[0...Count-1], each told its registry, driver and binding. */
static PNDIS_CHIMNEY_REGISTRY Build(CONTEXT *Contexts, int Count_) {
    PNDIS_CHIMNEY_REGISTRY Registry = NULL;
    NDIS_HANDLE Driver = NULL;
    int Index;
    CHECK_EQ(NdisChimneyCreateRegistry(4, 8, &Registry), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyRegisterProtocolDriver(Registry, &Driver), NDIS_STATUS_SUCCESS);
    CHECK_EQ(Install(Driver, NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS), NDIS_STATUS_SUCCESS);
    for (Index = 0; Index < Count_; Index++) {
        memset(&Contexts[Index], 0, sizeof Contexts[Index]);
        Contexts[Index].Registry = Registry;
        Contexts[Index].Driver = Driver;
        CHECK_EQ(NdisChimneyOpenBinding(Driver, &Contexts[Index], &Contexts[Index].Binding), NDIS_STATUS_SUCCESS);
    }
    return Registry;
}

static NDIS_STATUS Query(PNDIS_CHIMNEY_REGISTRY Registry, NDIS_HANDLE Binding) {
    return NdisChimneyDispatch(Registry, Binding, NdisChimneyQueryOffloadComplete, NULL, 0);
}

static double Seconds(clockid_t Clock) {
    struct timespec Now;
    clock_gettime(Clock, &Now);
    return (double)Now.tv_sec + (double)Now.tv_nsec / 1e9;
}

/* --- the registry argument --------------------------------------------------- */

/* Every entry that takes a registry refuses Registry, and nothing runs. */
static void RefusedAsRegistry(PNDIS_CHIMNEY_REGISTRY Registry, NDIS_HANDLE LiveBinding) {
    NDIS_HANDLE Driver = NULL;
    NDIS_CHIMNEY_COMPLETION Completion = {LiveBinding, NULL, NdisChimneyQueryOffloadComplete, 0};
    CHECK_EQ(Query(Registry, LiveBinding), NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(NdisChimneyDispatchBatch(Registry, &Completion, 1), 0);
    CHECK_EQ(NdisChimneyRegisterProtocolDriver(Registry, &Driver), NDIS_STATUS_INVALID_PARAMETER);
    CHECK(Driver == NULL);
    CHECK_EQ(NdisChimneyDestroyRegistry(Registry), NDIS_STATUS_INVALID_PARAMETER);
}

static void RegistryArgument(void) {
    CONTEXT Contexts[1];
    PNDIS_CHIMNEY_REGISTRY Registry = Build(Contexts, 1), Again;
    CONTEXT Fresh[1];
    uint64_t Random = 0x9E3779B97F4A7C15u;
    int Bit, Round;

    /* Swapped: a binding or driver handle where the registry goes (the cast
     * is what a C89 caller, or one who silenced the C11 check, writes). */
    RefusedAsRegistry((PNDIS_CHIMNEY_REGISTRY)Contexts[0].Binding, Contexts[0].Binding);
    RefusedAsRegistry((PNDIS_CHIMNEY_REGISTRY)Contexts[0].Driver, Contexts[0].Binding);
    RefusedAsRegistry((PNDIS_CHIMNEY_REGISTRY)NULL, Contexts[0].Binding);
    /* Forged: every single-bit change of the real one, and made-up values. */
    for (Bit = 0; Bit < 64; Bit++)
        RefusedAsRegistry((PNDIS_CHIMNEY_REGISTRY)((uintptr_t)Registry ^ ((uintptr_t)1 << Bit)), Contexts[0].Binding);
    for (Round = 0; Round < 1000; Round++) {
        Random ^= Random << 13;
        Random ^= Random >> 7;
        Random ^= Random << 17;
        RefusedAsRegistry((PNDIS_CHIMNEY_REGISTRY)(uintptr_t)Random, Contexts[0].Binding);
    }
    CHECK_EQ(Contexts[0].Calls, 0);
    CHECK_EQ(Query(Registry, Contexts[0].Binding), NDIS_STATUS_SUCCESS);
    CHECK_EQ(Contexts[0].Calls, 1);

    /* Destroyed, then destroyed again: refused, nothing freed twice. */
    CHECK_EQ(NdisChimneyDestroyRegistry(Registry), NDIS_STATUS_SUCCESS);
    RefusedAsRegistry(Registry, Contexts[0].Binding);
    CHECK_EQ(Contexts[0].Calls, 1);

    /* An old registry after a new one took its id: the old one is refused,
     * the new one is untouched. */
    Again = Build(Fresh, 1);
    RefusedAsRegistry(Registry, Fresh[0].Binding);
    CHECK_EQ(Fresh[0].Calls, 0);
    CHECK_EQ(Query(Again, Fresh[0].Binding), NDIS_STATUS_SUCCESS);
    CHECK_EQ(Fresh[0].Calls, 1);
    CHECK_EQ(NdisChimneyCloseBinding(Fresh[0].Binding), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyDestroyRegistry(Again), NDIS_STATUS_SUCCESS);
}

/* --- closes that sleep --------------------------------------------------------- */

static void *DispatchOnce(void *Argument) {
    CONTEXT *Context = Argument;
    Context->Status = Query(Context->Registry, Context->Binding);
    return NULL;
}

/* A handler runs for a second on one thread; a close on another waits for it
 * asleep: it returns after the handler did, having used (almost) no CPU. */
static void CloseSleeps(void) {
    CONTEXT Contexts[1];
    PNDIS_CHIMNEY_REGISTRY Registry = Build(Contexts, 1);
    pthread_t Thread;
    double Wall, Cpu;
    Contexts[0].Action = Sleep;
    CHECK_EQ(pthread_create(&Thread, NULL, DispatchOnce, &Contexts[0]), 0);
    while (!__atomic_load_n(&Contexts[0].Running, __ATOMIC_ACQUIRE)) sched_yield();

    /* At most 100 ms: PENDING, the binding closed to new completions. */
    Cpu = Seconds(CLOCK_THREAD_CPUTIME_ID);
    CHECK_EQ(NdisChimneyCloseBindingEx(Contexts[0].Binding, 100), NDIS_STATUS_PENDING);
    CHECK(Seconds(CLOCK_THREAD_CPUTIME_ID) - Cpu < 0.05);
    CHECK_EQ(Query(Registry, Contexts[0].Binding), NDIS_STATUS_INVALID_PARAMETER);
    CHECK(__atomic_load_n(&Contexts[0].Running, __ATOMIC_ACQUIRE));

    /* Then for as long as it takes. */
    Wall = Seconds(CLOCK_MONOTONIC);
    Cpu = Seconds(CLOCK_THREAD_CPUTIME_ID);
    CHECK_EQ(NdisChimneyCloseBinding(Contexts[0].Binding), NDIS_STATUS_SUCCESS);
    Cpu = Seconds(CLOCK_THREAD_CPUTIME_ID) - Cpu;
    Wall = Seconds(CLOCK_MONOTONIC) - Wall;
    CHECK(!__atomic_load_n(&Contexts[0].Running, __ATOMIC_ACQUIRE));
    printf("teardown_check: close waited %.3f s for the handler and used %.6f s of CPU\n", Wall, Cpu);
    CHECK(Wall > 0.5);
    CHECK(Cpu < 0.05);
    CHECK_EQ(pthread_join(Thread, NULL), 0);
    CHECK_EQ(Contexts[0].Status, NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyCloseBinding(Contexts[0].Binding), NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(NdisChimneyDestroyRegistry(Registry), NDIS_STATUS_SUCCESS);
}

/* --- calls a handler must not make -------------------------------------------- */

static void Reentrant(void) {
    CONTEXT Contexts[3];
    PNDIS_CHIMNEY_REGISTRY Registry = Build(Contexts, 3);
    NDIS_CHIMNEY_COMPLETION Batch[2] = {{NULL, NULL, NdisChimneyInitiateOffloadComplete, 0},
                                        {NULL, NULL, NdisChimneyQueryOffloadComplete, 0}};

    /* Destroying its own registry: refused, and the dispatch returns into
     * memory that is still there. */
    Contexts[0].Action = DestroyOwnRegistry;
    CHECK_EQ(Query(Registry, Contexts[0].Binding), NDIS_STATUS_SUCCESS);
    CHECK_EQ(Contexts[0].Status, NDIS_STATUS_INVALID_DEVICE_REQUEST);

    /* Closing its own binding, by single dispatch and in a batch: refused at
     * once rather than waiting for itself; the binding stays open. */
    Contexts[0].Action = CloseOwnBinding;
    Contexts[0].Status = NDIS_STATUS_SUCCESS;
    CHECK_EQ(Query(Registry, Contexts[0].Binding), NDIS_STATUS_SUCCESS);
    CHECK_EQ(Contexts[0].Status, NDIS_STATUS_INVALID_DEVICE_REQUEST);
    Contexts[0].Status = NDIS_STATUS_SUCCESS;
    Batch[0].BindingHandle = Batch[1].BindingHandle = Contexts[0].Binding;
    CHECK_EQ(NdisChimneyDispatchBatch(Registry, Batch, 2), 2);
    CHECK_EQ(Contexts[0].Status, NDIS_STATUS_INVALID_DEVICE_REQUEST);

    /* Closing a binding whose handler runs further up the same thread: 0's
     * handler dispatches into 1, whose handler closes 0. */
    Contexts[0].Action = Nest;
    Contexts[0].Other = Contexts[1].Binding;
    Contexts[1].Action = CloseOther;
    Contexts[1].Other = Contexts[0].Binding;
    CHECK_EQ(Query(Registry, Contexts[0].Binding), NDIS_STATUS_SUCCESS);
    CHECK_EQ(Contexts[0].Status, NDIS_STATUS_SUCCESS);
    CHECK_EQ(Contexts[1].Status, NDIS_STATUS_INVALID_DEVICE_REQUEST);

    /* Deregistering its own driver while its binding is in flight: refused. */
    Contexts[0].Action = DeregisterOwnDriver;
    CHECK_EQ(Query(Registry, Contexts[0].Binding), NDIS_STATUS_SUCCESS);
    CHECK_EQ(Contexts[0].Status, NDIS_STATUS_FAILURE);

    /* What a handler may do: close a binding none of whose handlers is on
     * its thread's stack. */
    Contexts[0].Action = CloseOther;
    Contexts[0].Other = Contexts[2].Binding;
    CHECK_EQ(Query(Registry, Contexts[0].Binding), NDIS_STATUS_SUCCESS);
    CHECK_EQ(Contexts[0].Status, NDIS_STATUS_SUCCESS);
    CHECK_EQ(Query(Registry, Contexts[2].Binding), NDIS_STATUS_INVALID_PARAMETER);

    /* Nothing was left half done: every binding closes, the registry goes. */
    CHECK_EQ(NdisChimneyCloseBinding(Contexts[0].Binding), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyCloseBinding(Contexts[1].Binding), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyDeregisterProtocolDriver(Contexts[0].Driver), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyDestroyRegistry(Registry), NDIS_STATUS_SUCCESS);
}

/* Deeper than the sixteen levels a thread remembers, and back: the handler
 * left on the stack is known again, whatever the nesting did in between. */
static void DeepNesting(void) {
    static const int Depths[] = {0, 1, 15, 16, 17, 20, 40};
    size_t Index;
    for (Index = 0; Index < sizeof Depths / sizeof Depths[0]; Index++) {
        CONTEXT Contexts[2];
        PNDIS_CHIMNEY_REGISTRY Registry = Build(Contexts, 2);
        Contexts[0].Action = NestThenCloseOwn;
        Contexts[0].Other = Contexts[1].Binding;
        Contexts[1].Action = Recurse;
        Contexts[1].Depth = Depths[Index];
        CHECK_EQ(Query(Registry, Contexts[0].Binding), NDIS_STATUS_SUCCESS);
        CHECK_EQ(Contexts[1].Calls, Depths[Index] + 1);
        CHECK_EQ(Contexts[0].Status, NDIS_STATUS_INVALID_DEVICE_REQUEST);
        CHECK_EQ(Contexts[0].Status2, NDIS_STATUS_INVALID_DEVICE_REQUEST);
        /* Refused, so nothing changed: the binding takes completions. */
        Contexts[0].Action = Count;
        CHECK_EQ(Query(Registry, Contexts[0].Binding), NDIS_STATUS_SUCCESS);
        CHECK_EQ(NdisChimneyCloseBinding(Contexts[0].Binding), NDIS_STATUS_SUCCESS);
        CHECK_EQ(NdisChimneyCloseBinding(Contexts[1].Binding), NDIS_STATUS_SUCCESS);
        CHECK_EQ(NdisChimneyDestroyRegistry(Registry), NDIS_STATUS_SUCCESS);
    }
}

/* --- a handler that never returns ----------------------------------------------- */

static void *JumpOut(void *Argument) {
    CONTEXT *Context = Argument;
    sigjmp_buf Escape;
    Context->Escape = &Escape;
    if (sigsetjmp(Escape, 0) == 0) {
        (void)Query(Context->Registry, Context->Binding);
        return (void *)1; /* never: the handler jumps here */
    }
    /* Still in the handler as far as the library knows: a close from this
     * thread would wait for itself, so it is refused, even after nesting
     * deeper than the sixteen levels the thread remembers. */
    Context->Status = NdisChimneyCloseBinding(Context->Binding);
    (void)Query(Context->Peer->Registry, Context->Peer->Binding);
    Context->Status2 = NdisChimneyCloseBinding(Context->Binding);
    return NULL;
}

/* A handler that jumps back into the handler that dispatched to it: the
 * enclosing handler returns, and its thread still knows it never left the
 * inner one. */
static void *JumpInward(void *Argument) {
    CONTEXT *Context = Argument;
    (void)Query(Context->Registry, Context->Binding);
    Context->Status2 = NdisChimneyCloseBindingEx(Context->Peer->Binding, 20);
    return NULL;
}

static void *WaitInHandler(void *Argument) {
    CONTEXT *Context = Argument;
    (void)Query(Context->Registry, Context->Binding);
    return NULL;
}

/* The library cannot end a dispatch whose thread never comes back; it says
 * so instead of hanging or freeing memory under it. */
static void NeverReturns(void) {
    CONTEXT Contexts[5];
    PNDIS_CHIMNEY_REGISTRY Registry = Build(Contexts, 5);
    pthread_t Thread;
    void *Result = NULL;

    Contexts[0].Action = LongJump;
    Contexts[0].Peer = &Contexts[2];
    Contexts[2].Action = Recurse;
    Contexts[2].Depth = 20;
    CHECK_EQ(pthread_create(&Thread, NULL, JumpOut, &Contexts[0]), 0);
    CHECK_EQ(pthread_join(Thread, &Result), 0);
    CHECK(Result == NULL);
    CHECK_EQ(Contexts[0].Status, NDIS_STATUS_INVALID_DEVICE_REQUEST);
    CHECK_EQ(Contexts[2].Calls, 21);
    CHECK_EQ(Contexts[0].Status2, NDIS_STATUS_INVALID_DEVICE_REQUEST);

    /* 3's handler dispatches into 4, whose handler jumps back into 3's. */
    Contexts[3].Action = CatchJump;
    Contexts[3].Peer = &Contexts[4];
    Contexts[4].Action = LongJump;
    CHECK_EQ(pthread_create(&Thread, NULL, JumpInward, &Contexts[3]), 0);
    CHECK_EQ(pthread_join(Thread, NULL), 0);
    CHECK_EQ(Contexts[3].Status, NDIS_STATUS_INVALID_DEVICE_REQUEST);
    CHECK_EQ(Contexts[3].Status2, NDIS_STATUS_INVALID_DEVICE_REQUEST);
    /* 3's handler returned; 4's never will. */
    CHECK_EQ(NdisChimneyCloseBinding(Contexts[3].Binding), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyCloseBindingEx(Contexts[4].Binding, 20), NDIS_STATUS_PENDING);

    Contexts[1].Action = WaitForCancel;
    CHECK_EQ(pthread_create(&Thread, NULL, WaitInHandler, &Contexts[1]), 0);
    while (!__atomic_load_n(&Contexts[1].Running, __ATOMIC_ACQUIRE)) sched_yield();
    CHECK_EQ(pthread_cancel(Thread), 0);
    CHECK_EQ(pthread_join(Thread, &Result), 0);
    CHECK(Result == PTHREAD_CANCELED);

    /* Each binding is closed to new completions and says why it cannot
     * finish closing, as often as asked; the registry cannot go. */
    CHECK_EQ(NdisChimneyCloseBindingEx(Contexts[0].Binding, 20), NDIS_STATUS_PENDING);
    CHECK_EQ(NdisChimneyCloseBindingEx(Contexts[0].Binding, 20), NDIS_STATUS_PENDING);
    CHECK_EQ(NdisChimneyCloseBindingEx(Contexts[1].Binding, 20), NDIS_STATUS_PENDING);
    CHECK_EQ(Query(Registry, Contexts[0].Binding), NDIS_STATUS_INVALID_PARAMETER);
    CHECK_EQ(NdisChimneyDeregisterProtocolDriver(Contexts[0].Driver), NDIS_STATUS_FAILURE);
    CHECK_EQ(NdisChimneyDestroyRegistry(Registry), NDIS_STATUS_FAILURE);
    CHECK_EQ(Contexts[0].Calls, 1);
}

/* --- guessing ---------------------------------------------------------------------- */

/* NdisSetOptionalHandlers with a Type it does not take answers NOT_SUPPORTED
 * for a live driver and INVALID_PARAMETER for anything else, changing
 * nothing: a free probe. 64 drivers are registered one after another; the
 * attacker owns the even ones and, from its handles, tries the values a
 * counter would have given just before and after, in every slot, looking
 * for the odd ones. */
static void NoGuessing(void) {
    PNDIS_CHIMNEY_REGISTRY Registry = NULL;
    NDIS_HANDLE Drivers[64];
    uintptr_t Generation, Slot;
    long Probes = 0, Hits = 0;
    int Index;
    CHECK_EQ(NdisChimneyCreateRegistry(64, 1, &Registry), NDIS_STATUS_SUCCESS);
    for (Index = 0; Index < 64; Index++)
        CHECK_EQ(NdisChimneyRegisterProtocolDriver(Registry, &Drivers[Index]), NDIS_STATUS_SUCCESS);
    for (Index = 0; Index < 64; Index += 8) {
        uintptr_t Own = (uintptr_t)Drivers[Index];
        uintptr_t Low = Own & (((uintptr_t)1 << 30) - 1) & ~((uintptr_t)0xFFFF << 6);
        for (Generation = (Own >> 30) - 64; Generation != (Own >> 30) + 65; Generation++) {
            for (Slot = 0; Slot < 64; Slot++) {
                uintptr_t Guess = Generation << 30 | Slot << 6 | Low;
                int Own_ = 0, Other;
                for (Other = 0; Other < 64; Other += 2) Own_ |= Guess == (uintptr_t)Drivers[Other];
                if (Own_) continue;
                Probes++;
                Hits += Install((NDIS_HANDLE)Guess, NDIS_OBJECT_TYPE_DEFAULT) != NDIS_STATUS_INVALID_PARAMETER;
            }
        }
    }
    printf("teardown_check: %ld probes near 8 drivers' own handles found %ld of the other 32 drivers' handles\n",
           Probes, Hits);
    CHECK(Probes > 60000);
    CHECK_EQ(Hits, 0);
    for (Index = 0; Index < 64; Index++)
        CHECK_EQ(NdisChimneyDeregisterProtocolDriver(Drivers[Index]), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyDestroyRegistry(Registry), NDIS_STATUS_SUCCESS);
}

int main(void) {
    alarm(120); /* a call that hangs fails the check instead of hanging it */
    RegistryArgument();
    CloseSleeps();
    Reentrant();
    DeepNesting();
    NeverReturns();
    NoGuessing();
    return check_summary("teardown_check");
}
