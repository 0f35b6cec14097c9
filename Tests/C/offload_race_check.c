/* The offload loop's races and corner cases that a hostile driver found
 * (issue 16's review), each checked from C as that driver would hit it,
 * with only the installed headers and pkg-config:
 * - a close racing the completion of the binding's last request returns
 *   only once that completion's handler has returned;
 * - a forged completion racing requests no target can take (completed at
 *   once with NOT_SUPPORTED) is never delivered and leaves the count sane;
 * - two completions of one block list at once do not cost another block
 *   list's completion of the same binding its delivery;
 * - a protocol with no completion handler for a request is reported, not
 *   dropped in silence;
 * - an adapter at its in-flight limit is reported as such, and counted.
 * Each failed before its fix. */
/* sigaction, pthread_kill, clock_gettime: POSIX, not plain C11. */
#define _POSIX_C_SOURCE 200809L

#include <ndischimney_offload.h>

#include <pthread.h>
#include <signal.h>
#include <setjmp.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

/* --- a small stack: one protocol driver, one miniport driver, one adapter ------------ */

typedef struct _RACE_STACK {
    PNDIS_CHIMNEY_REGISTRY Registry;
    NDIS_HANDLE Protocol, Miniport, Adapter;
} RACE_STACK;

static int HookCalls;
static ULONG HookRoutine, HookReason;

static VOID NDIS_CHIMNEY_CC Hook(PVOID Context, NDIS_HANDLE Handle, ULONG Routine, PVOID List, ULONG Reason) {
    (void)Context;
    (void)Handle;
    (void)List;
    __atomic_add_fetch(&HookCalls, 1, __ATOMIC_RELAXED);
    HookRoutine = Routine;
    HookReason = Reason;
}

/* A client structure with Initiate and Query handlers as given, the others NULL. */
static NDIS_STATUS SetClient(NDIS_HANDLE Protocol, INITIATE_OFFLOAD_COMPLETE_HANDLER Initiate,
                             QUERY_OFFLOAD_COMPLETE_HANDLER Query) {
    NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS Client;
    memset(&Client, 0, sizeof Client);
    Client.Header.Type = NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS;
    Client.Header.Revision = NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1;
    Client.Header.Size = NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1;
    Client.InitiateOffloadCompleteHandler = Initiate;
    Client.QueryOffloadCompleteHandler = Query;
    return NdisSetOptionalHandlers(Protocol, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Client);
}

/* A target that keeps every request (the test completes it), for Initiate
 * and Query only: the other three requests have no handler. */
static VOID NDIS_CHIMNEY_CC Keep(NDIS_HANDLE Context, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST List) {
    (void)Context;
    (void)List;
}

static void Build(RACE_STACK *Stack, INITIATE_OFFLOAD_COMPLETE_HANDLER Initiate, QUERY_OFFLOAD_COMPLETE_HANDLER Query) {
    NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS Provider;
    memset(Stack, 0, sizeof *Stack);
    memset(&Provider, 0, sizeof Provider);
    Provider.Header.Type = NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS;
    Provider.Header.Size = sizeof Provider;
    Provider.InitiateOffloadHandler = Keep;
    Provider.QueryOffloadHandler = Keep;
    HookCalls = 0;
    CHECK_EQ(NdisChimneyCreateRegistryEx(1, 4, 1, 1, &Stack->Registry), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneySetOffloadHook(Stack->Registry, Hook, NULL), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyRegisterProtocolDriver(Stack->Registry, &Stack->Protocol), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyRegisterMiniportDriver(Stack->Registry, &Stack->Miniport), NDIS_STATUS_SUCCESS);
    CHECK_EQ(SetClient(Stack->Protocol, Initiate, Query), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisSetOptionalHandlers(Stack->Miniport, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Provider), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyAddAdapter(Stack->Miniport, NULL, &Stack->Adapter), NDIS_STATUS_SUCCESS);
}

static void TearDown(RACE_STACK *Stack) {
    CHECK_EQ(NdisChimneyRemoveAdapter(Stack->Adapter), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyDeregisterMiniportDriver(Stack->Miniport), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyDeregisterProtocolDriver(Stack->Protocol), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyDestroyRegistry(Stack->Registry), NDIS_STATUS_SUCCESS);
}

static PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST Miniport(PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {
    return (PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST)(void *)List;
}

/* --- a close racing the last completion ------------------------------------------------ */

/* Threads alone hit this window often enough: the close spins a while
 * before it sleeps, and the completion starts a varying moment after it. */
#define CLOSE_ROUNDS 20000

static RACE_STACK Racing;
static NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST RacingList;
static int Running, Finished;
static long Round, RoundDone;

static VOID NDIS_CHIMNEY_CC SlowComplete(NDIS_HANDLE Context, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {
    volatile int Work;
    (void)Context;
    (void)List;
    __atomic_store_n(&Running, 1, __ATOMIC_SEQ_CST);
    for (Work = 0; Work < 2000; Work++) {
    }
    __atomic_store_n(&Running, 0, __ATOMIC_SEQ_CST);
    __atomic_store_n(&Finished, 1, __ATOMIC_SEQ_CST);
}

/* The offload target's thread: completes RacingList once per round, a
 * varying moment after the main thread starts closing the binding. */
static void *Completer(void *Argument) {
    long Seen = 0;
    unsigned Seed = 11;
    volatile unsigned Pause;
    (void)Argument;
    while (Seen < CLOSE_ROUNDS) {
        while (__atomic_load_n(&Round, __ATOMIC_ACQUIRE) == Seen) {
        }
        Seen = __atomic_load_n(&Round, __ATOMIC_ACQUIRE);
        Seed = Seed * 1103515245u + 12345u;
        for (Pause = (Seed >> 16) % 100; Pause > 0; Pause--) {
        }
        NdisMInitiateOffloadComplete(Racing.Adapter, Miniport(&RacingList));
        __atomic_store_n(&RoundDone, Seen, __ATOMIC_RELEASE);
    }
    return NULL;
}

static void CloseRacesCompletion(void) {
    pthread_t Thread;
    long Index, Early = 0;
    NDIS_HANDLE Binding;
    Build(&Racing, SlowComplete, NULL);
    Round = RoundDone = 0;
    CHECK_EQ(pthread_create(&Thread, NULL, Completer, NULL), 0);
    for (Index = 1; Index <= CLOSE_ROUNDS; Index++) {
        if (NdisChimneyOpenAdapterBinding(Racing.Protocol, Racing.Adapter, NULL, &Binding) != NDIS_STATUS_SUCCESS) break;
        memset(&RacingList, 0, sizeof RacingList);
        __atomic_store_n(&Finished, 0, __ATOMIC_SEQ_CST);
        NdisInitiateOffload(Binding, &RacingList);
        __atomic_store_n(&Round, Index, __ATOMIC_RELEASE);
        /* Waits for the completion: when it returns, the handler has. */
        if (NdisChimneyCloseBinding(Binding) != NDIS_STATUS_SUCCESS) break;
        if (!__atomic_load_n(&Finished, __ATOMIC_SEQ_CST) || __atomic_load_n(&Running, __ATOMIC_SEQ_CST)) Early++;
        while (__atomic_load_n(&RoundDone, __ATOMIC_ACQUIRE) != Index) {
        }
    }
    CHECK_EQ(Index, CLOSE_ROUNDS + 1);
    CHECK_EQ(pthread_join(Thread, NULL), 0);
    CHECK_EQ(Early, 0);
    CHECK_EQ(HookCalls, 0);
    printf("offload_race_check: %d closes raced their binding's last completion, %ld returned before it\n",
           CLOSE_ROUNDS, Early);
    TearDown(&Racing);
}

/* --- interrupting the library ------------------------------------------------------
 *
 * The races below need another call to land between two steps of one
 * library call on the same binding, a window of a few instructions that
 * threads alone hit too rarely to be a test. So a kicker thread sends
 * SIGUSR1 to the main thread again and again while that call runs, and the
 * signal handler makes the other call there and then, once per round. The
 * rounds run for a second; the check counts how many signals landed, so
 * that it is seen to have tried. */

static pthread_t Main;
static volatile sig_atomic_t Armed, Fired;
static int KickerStop;
static void (*Interruption)(void);

static void OnSignal(int Signal) {
    (void)Signal;
    if (!Armed || Fired) return;
    Fired = 1;
    Interruption();
}

static void *Kicker(void *Argument) {
    unsigned Seed = 3;
    volatile unsigned Pause;
    (void)Argument;
    while (!__atomic_load_n(&KickerStop, __ATOMIC_ACQUIRE)) {
        if (Armed && !Fired) pthread_kill(Main, SIGUSR1);
        Seed = Seed * 1103515245u + 12345u;
        for (Pause = (Seed >> 16) % 300; Pause > 0; Pause--) {
        }
    }
    return NULL;
}

static pthread_t KickerThread;

static void StartKicking(void (*Action)(void)) {
    struct sigaction Handler;
    memset(&Handler, 0, sizeof Handler);
    Handler.sa_handler = OnSignal;
    Handler.sa_flags = SA_RESTART;
    CHECK_EQ(sigaction(SIGUSR1, &Handler, NULL), 0);
    Interruption = Action;
    Main = pthread_self();
    Armed = Fired = 0;
    KickerStop = 0;
    CHECK_EQ(pthread_create(&KickerThread, NULL, Kicker, NULL), 0);
}

static void StopKicking(void) {
    __atomic_store_n(&KickerStop, 1, __ATOMIC_RELEASE);
    CHECK_EQ(pthread_join(KickerThread, NULL), 0);
}

/* CLOCK_MONOTONIC in seconds, for bounding a loop of rounds. */
static double Now(void) {
    struct timespec Time;
    clock_gettime(CLOCK_MONOTONIC, &Time);
    return (double)Time.tv_sec + (double)Time.tv_nsec / 1e9;
}

#define ROUND_SECONDS 1.0

/* --- forged completions interrupting requests no target takes --------------------------- */

static RACE_STACK Forging;
static NDIS_HANDLE ForgedBinding;
static NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST Forged;
static int ForgedDelivered;

static VOID NDIS_CHIMNEY_CC CountForged(NDIS_HANDLE Context, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {
    (void)Context;
    if (List == &Forged) ForgedDelivered++;
}

/* A list the target never got, its SourceHandle made the binding's by
 * hand, completed on the binding's adapter. */
static void CompleteForged(void) {
    Forged.SourceHandle = ForgedBinding;
    NdisMInitiateOffloadComplete(Forging.Adapter, Miniport(&Forged));
}

static void ForgedRacesFailedRequests(void) {
    NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List;
    NDIS_CHIMNEY_ADAPTER_COUNTS Counts;
    long Rounds = 0, Hits = 0, Failed = 0;
    double Until;
    Build(&Forging, CountForged, NULL);
    CHECK_EQ(NdisChimneyOpenAdapterBinding(Forging.Protocol, Forging.Adapter, NULL, &ForgedBinding),
             NDIS_STATUS_SUCCESS);
    memset(&Forged, 0, sizeof Forged);
    ForgedDelivered = 0;
    StartKicking(CompleteForged);
    /* The target has no Terminate handler: completed at once, NOT_SUPPORTED. */
    for (Until = Now() + ROUND_SECONDS; Now() < Until; Rounds++) {
        memset(&List, 0, sizeof List);
        Fired = 0;
        Armed = 1;
        NdisTerminateOffload(ForgedBinding, &List);
        Armed = 0;
        Hits += Fired;
        if (List.Status != NDIS_STATUS_NOT_SUPPORTED) Failed++;
    }
    StopKicking();
    CHECK_EQ(Failed, 0);
    CHECK_EQ(ForgedDelivered, 0);
    CHECK(Hits > 0);
    /* Nothing is outstanding: the close does not wait. */
    CHECK_EQ(NdisChimneyCloseBindingEx(ForgedBinding, 1000), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyQueryAdapterCounts(Forging.Adapter, &Counts), NDIS_STATUS_SUCCESS);
    CHECK_EQ(Counts.FailedRequests, Rounds);
    CHECK_EQ(Counts.RefusedCompletions, Hits);
    printf("offload_race_check: %ld failed requests, %ld interrupted by a forged completion, none delivered\n", Rounds,
           Hits);
    TearDown(&Forging);
}

/* --- a list completed twice at once, beside another list ----------------------------------- */

static RACE_STACK Twice;
static NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST ListA, ListB;
static int DeliveredA, DeliveredB;

static VOID NDIS_CHIMNEY_CC CountAB(NDIS_HANDLE Context, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {
    (void)Context;
    if (List == &ListA) DeliveredA++;
    if (List == &ListB) DeliveredB++;
}

/* In the middle of A's completion: A's twin, then B's correct completion. */
static void CompleteTwinThenB(void) {
    NdisMInitiateOffloadComplete(Twice.Adapter, Miniport(&ListA));
    NdisMInitiateOffloadComplete(Twice.Adapter, Miniport(&ListB));
}

static void DuplicateCompletions(void) {
    NDIS_HANDLE Binding;
    long Rounds = 0, Hits = 0, Lost = 0, Twins = 0;
    double Until;
    Build(&Twice, CountAB, NULL);
    CHECK_EQ(NdisChimneyOpenAdapterBinding(Twice.Protocol, Twice.Adapter, NULL, &Binding), NDIS_STATUS_SUCCESS);
    StartKicking(CompleteTwinThenB);
    for (Until = Now() + ROUND_SECONDS; Now() < Until; Rounds++) {
        memset(&ListA, 0, sizeof ListA);
        memset(&ListB, 0, sizeof ListB);
        DeliveredA = DeliveredB = 0;
        NdisInitiateOffload(Binding, &ListA);
        NdisInitiateOffload(Binding, &ListB);
        Fired = 0;
        Armed = 1;
        NdisMInitiateOffloadComplete(Twice.Adapter, Miniport(&ListA));
        Armed = 0;
        if (!Fired) {
            NdisMInitiateOffloadComplete(Twice.Adapter, Miniport(&ListB));
        } else {
            Hits++;
        }
        if (DeliveredA != 1) Twins++;
        if (DeliveredB != 1) {
            /* B refused: its request is still counted; complete it again. */
            Lost++;
            ListB.SourceHandle = Binding;
            NdisMInitiateOffloadComplete(Twice.Adapter, Miniport(&ListB));
        }
    }
    StopKicking();
    CHECK_EQ(Lost, 0);
    CHECK_EQ(Twins, 0);
    CHECK(Hits > 0);
    CHECK_EQ(NdisChimneyCloseBindingEx(Binding, 1000), NDIS_STATUS_SUCCESS);
    printf("offload_race_check: %ld lists completed, %ld of them twice at once beside another list's completion, "
           "%ld of those lost\n",
           Rounds, Hits, Lost);
    TearDown(&Twice);
}

/* --- no completion handler -------------------------------------------------------------- */

static VOID NDIS_CHIMNEY_CC Ignore(NDIS_HANDLE Context, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {
    (void)Context;
    (void)List;
}

static void NoCompletionHandler(void) {
    RACE_STACK Stack;
    NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List;
    NDIS_CHIMNEY_ADAPTER_COUNTS Counts;
    NDIS_HANDLE Bound, Unbound;
    Build(&Stack, Ignore, NULL); /* no Query completion handler */
    CHECK_EQ(NdisChimneyOpenAdapterBinding(Stack.Protocol, Stack.Adapter, NULL, &Bound), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyOpenBinding(Stack.Protocol, NULL, &Unbound), NDIS_STATUS_SUCCESS);

    /* The target completes it: taken, not delivered, reported and counted. */
    memset(&List, 0, sizeof List);
    NdisQueryOffloadState(Bound, &List);
    NdisMQueryOffloadStateComplete(Stack.Adapter, Miniport(&List));
    CHECK(List.SourceHandle == NULL);
    CHECK_EQ(HookCalls, 1);
    CHECK_EQ(HookRoutine, NdisChimneyQueryOffloadStateCompletion);
    CHECK_EQ(HookReason, NdisChimneyRefusedNoCompletionHandler);
    CHECK_EQ(NdisChimneyQueryAdapterCounts(Stack.Adapter, &Counts), NDIS_STATUS_SUCCESS);
    CHECK_EQ(Counts.RefusedCompletions, 1);
    /* The request is no longer outstanding. */
    CHECK_EQ(NdisChimneyCloseBindingEx(Bound, 1000), NDIS_STATUS_SUCCESS);

    /* No adapter to take it: completed NOT_SUPPORTED, which no handler hears. */
    memset(&List, 0, sizeof List);
    NdisQueryOffloadState(Unbound, &List);
    CHECK_EQ(List.Status, NDIS_STATUS_NOT_SUPPORTED);
    CHECK_EQ(HookCalls, 2);
    CHECK_EQ(HookRoutine, NdisChimneyQueryOffloadStateRequest);
    CHECK_EQ(HookReason, NdisChimneyRefusedNoCompletionHandler);
    CHECK_EQ(NdisChimneyCloseBinding(Unbound), NDIS_STATUS_SUCCESS);
    TearDown(&Stack);
}

/* --- an adapter at its in-flight limit ---------------------------------------------------- */

static jmp_buf Escape;
static int Jump;

/* Leaves the library with longjmp, so the call never leaves the binding or
 * the adapter (as a cancelled thread would). */
static VOID NDIS_CHIMNEY_CC Escaping(NDIS_HANDLE Context, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {
    (void)Context;
    (void)List;
    if (Jump) longjmp(Escape, 1);
}

static void AdapterInFlightLimit(void) {
    RACE_STACK Stack;
    static NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List;
    NDIS_CHIMNEY_ADAPTER_COUNTS Counts;
    NDIS_HANDLE Stuck, Other;
    volatile long Escaped = 0;
    Build(&Stack, Escaping, NULL);
    CHECK_EQ(NdisChimneyOpenAdapterBinding(Stack.Protocol, Stack.Adapter, NULL, &Stuck), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyOpenAdapterBinding(Stack.Protocol, Stack.Adapter, NULL, &Other), NDIS_STATUS_SUCCESS);
    Jump = 1;
    /* Each escaped completion holds one call in Stuck and one in the adapter,
     * until the binding's limit (2^20 - 1) refuses the next request. */
    for (;;) {
        memset(&List, 0, sizeof List);
        NdisInitiateOffload(Stuck, &List);
        if (List.SourceHandle == NULL) break;
        if (setjmp(Escape) == 0) NdisMInitiateOffloadComplete(Stack.Adapter, Miniport(&List));
        Escaped++;
    }
    Jump = 0;
    CHECK_EQ(Escaped, (1L << 20) - 1);
    CHECK_EQ(HookReason, NdisChimneyRefusedInFlightLimit);
    /* The adapter is present but full: a completion and an indication are
     * refused as InFlightLimit, not as an unknown adapter, and counted. */
    memset(&List, 0, sizeof List);
    NdisInitiateOffload(Other, &List);
    NdisMInitiateOffloadComplete(Stack.Adapter, Miniport(&List));
    CHECK_EQ(HookRoutine, NdisChimneyInitiateOffloadCompletion);
    CHECK_EQ(HookReason, NdisChimneyRefusedInFlightLimit);
    NdisMOffloadEventIndicate(Stack.Adapter, NULL, NeighborReachabilityInDoubt);
    CHECK_EQ(HookRoutine, NdisChimneyOffloadEventIndication);
    CHECK_EQ(HookReason, NdisChimneyRefusedInFlightLimit);
    CHECK_EQ(NdisChimneyQueryAdapterCounts(Stack.Adapter, &Counts), NDIS_STATUS_SUCCESS);
    CHECK_EQ(Counts.RefusedCompletions, 1);
    CHECK_EQ(Counts.RefusedIndications, 1);
    CHECK_EQ(Counts.FailedRequests, 1); /* Stuck's request at its limit */
    /* Stuck can never close (its calls never left), and to the library this
     * thread is still in its handler; Other waits for its request. The
     * registry stays, as the caller rules say; this process ends with it. */
    CHECK_EQ(NdisChimneyCloseBindingEx(Stuck, 1), NDIS_STATUS_INVALID_DEVICE_REQUEST);
    CHECK_EQ(NdisChimneyCloseBindingEx(Other, 1), NDIS_STATUS_PENDING);
    CHECK_EQ(NdisChimneyDestroyRegistry(Stack.Registry), NDIS_STATUS_INVALID_DEVICE_REQUEST);
}

int main(void) {
    alarm(120); /* a close that hangs fails the check instead of hanging it */
    CloseRacesCompletion();
    ForgedRacesFailedRequests();
    DuplicateCompletions();
    NoCompletionHandler();
    AdapterInFlightLimit();
    return check_summary("offload_race_check");
}
