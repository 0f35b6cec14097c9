/* What a sleeping close costs others, seen from inside: this program puts
 * its own pthread_mutex_lock and pthread_cond_wait in front of libc's (the
 * library's calls reach them first) and counts, per thread, the locks taken
 * and the wake-ups a sleeping close gets.
 *
 * - Once a close that had to sleep has finished (drained, or given up at its
 *   deadline and the handler then returned), completions sent to the closed
 *   binding are refused without taking any lock.
 * - A handler's return wakes the closes waiting on its own binding, not
 *   every close waiting in the registry: sixteen closes of sixteen bindings,
 *   whose handlers return one after another, each wake about once.
 *
 * Built only from the installed header and pkg-config, like driver_check. */
/* dlvsym, RTLD_NEXT: GNU. */
#define _GNU_SOURCE

#include <ndischimney_registry.h>

#include <dlfcn.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

/* --- libc's functions, counted ---------------------------------------------------- */

static __thread long Locks;   /* pthread_mutex_lock calls on this thread */
static __thread long WakeUps; /* returns from a condition wait on this thread */

/* The default version of `name` after this program: the condition-variable
 * functions have an old version too, which dlsym alone would give. */
static void *Next(const char *Name, const char *Version) {
    void *Found = dlvsym(RTLD_NEXT, Name, Version);
    return Found != NULL ? Found : dlsym(RTLD_NEXT, Name);
}

int pthread_mutex_lock(pthread_mutex_t *Mutex) {
    static int (*Real)(pthread_mutex_t *);
    if (Real == NULL) Real = (int (*)(pthread_mutex_t *))Next("pthread_mutex_lock", "GLIBC_2.2.5");
    Locks++;
    return Real(Mutex);
}

int pthread_cond_wait(pthread_cond_t *Condition, pthread_mutex_t *Mutex) {
    static int (*Real)(pthread_cond_t *, pthread_mutex_t *);
    int Result;
    if (Real == NULL) Real = (int (*)(pthread_cond_t *, pthread_mutex_t *))Next("pthread_cond_wait", "GLIBC_2.3.2");
    Result = Real(Condition, Mutex);
    WakeUps++;
    return Result;
}

int pthread_cond_timedwait(pthread_cond_t *Condition, pthread_mutex_t *Mutex, const struct timespec *Deadline) {
    static int (*Real)(pthread_cond_t *, pthread_mutex_t *, const struct timespec *);
    int Result;
    if (Real == NULL)
        Real = (int (*)(pthread_cond_t *, pthread_mutex_t *, const struct timespec *))Next("pthread_cond_timedwait",
                                                                                           "GLIBC_2.3.2");
    Result = Real(Condition, Mutex, Deadline);
    WakeUps++;
    return Result;
}

/* --- a driver whose handlers wait to be released ----------------------------------- */

#define BINDINGS 16

typedef struct _CONTEXT {
    PNDIS_CHIMNEY_REGISTRY Registry;
    NDIS_HANDLE Binding;
    volatile int Running, Released;
    NDIS_STATUS Status;
    long WakeUps; /* the closing thread's */
} CONTEXT;

static VOID NDIS_CHIMNEY_CC Handler(NDIS_HANDLE ProtocolBindingContext, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST List) {
    CONTEXT *Context = ProtocolBindingContext;
    (void)List;
    __atomic_store_n(&Context->Running, 1, __ATOMIC_RELEASE);
    while (!__atomic_load_n(&Context->Released, __ATOMIC_ACQUIRE)) usleep(1000);
}

static PNDIS_CHIMNEY_REGISTRY Build(CONTEXT *Contexts) {
    PNDIS_CHIMNEY_REGISTRY Registry = NULL;
    NDIS_HANDLE Driver = NULL;
    NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS Chars = {
        {NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
         NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1,
         sizeof(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS)},
        0, Handler, Handler, Handler, Handler, Handler, NULL};
    int Index;
    CHECK_EQ(NdisChimneyCreateRegistry(1, BINDINGS, &Registry), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyRegisterProtocolDriver(Registry, &Driver), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisSetOptionalHandlers(Driver, (PNDIS_DRIVER_OPTIONAL_HANDLERS)&Chars), NDIS_STATUS_SUCCESS);
    for (Index = 0; Index < BINDINGS; Index++) {
        memset(&Contexts[Index], 0, sizeof Contexts[Index]);
        Contexts[Index].Registry = Registry;
        CHECK_EQ(NdisChimneyOpenBinding(Driver, &Contexts[Index], &Contexts[Index].Binding), NDIS_STATUS_SUCCESS);
    }
    return Registry;
}

static NDIS_STATUS Query(const CONTEXT *Context) {
    return NdisChimneyDispatch(Context->Registry, Context->Binding, NdisChimneyQueryOffloadComplete, NULL, 0);
}

static void *DispatchOnce(void *Argument) {
    (void)Query(Argument);
    return NULL;
}

static void *CloseOnce(void *Argument) {
    CONTEXT *Context = Argument;
    Context->Status = NdisChimneyCloseBinding(Context->Binding);
    Context->WakeUps = WakeUps;
    return NULL;
}

/* A handler of `Context`'s binding, running on a thread of its own. */
static void StartHandler(CONTEXT *Context, pthread_t *Thread) {
    CHECK_EQ(pthread_create(Thread, NULL, DispatchOnce, Context), 0);
    while (!__atomic_load_n(&Context->Running, __ATOMIC_ACQUIRE)) sched_yield();
}

/* Stale completions to `Context`'s binding, closed now: all refused, no lock. */
static void StaleTakeNoLock(const CONTEXT *Context, const char *After) {
    long Before = Locks, Index, Refused = 0;
    for (Index = 0; Index < 100000; Index++) Refused += Query(Context) == NDIS_STATUS_INVALID_PARAMETER;
    printf("wake_check: 100000 completions to a binding closed %s: %ld refused, %ld locks taken\n", After, Refused,
           Locks - Before);
    CHECK_EQ(Refused, 100000);
    CHECK_EQ(Locks - Before, 0);
}

static void StaleCompletions(void) {
    CONTEXT Contexts[BINDINGS];
    PNDIS_CHIMNEY_REGISTRY Registry = Build(Contexts);
    pthread_t Thread;

    /* A close that slept until the handler returned. */
    StartHandler(&Contexts[0], &Thread);
    CHECK_EQ(NdisChimneyCloseBindingEx(Contexts[0].Binding, 10), NDIS_STATUS_PENDING);
    __atomic_store_n(&Contexts[0].Released, 1, __ATOMIC_RELEASE);
    CHECK_EQ(NdisChimneyCloseBinding(Contexts[0].Binding), NDIS_STATUS_SUCCESS);
    CHECK_EQ(pthread_join(Thread, NULL), 0);
    StaleTakeNoLock(&Contexts[0], "after sleeping");

    /* A close that gave up at its deadline; the handler returned later. */
    StartHandler(&Contexts[1], &Thread);
    CHECK_EQ(NdisChimneyCloseBindingEx(Contexts[1].Binding, 10), NDIS_STATUS_PENDING);
    __atomic_store_n(&Contexts[1].Released, 1, __ATOMIC_RELEASE);
    CHECK_EQ(pthread_join(Thread, NULL), 0);
    StaleTakeNoLock(&Contexts[1], "by a close that gave up");
    CHECK_EQ(NdisChimneyCloseBinding(Contexts[1].Binding), NDIS_STATUS_SUCCESS);

    for (int Index = 2; Index < BINDINGS; Index++)
        CHECK_EQ(NdisChimneyCloseBinding(Contexts[Index].Binding), NDIS_STATUS_SUCCESS);
    CHECK_EQ(NdisChimneyDestroyRegistry(Registry), NDIS_STATUS_SUCCESS);
}

static void NoHerd(void) {
    CONTEXT Contexts[BINDINGS];
    PNDIS_CHIMNEY_REGISTRY Registry = Build(Contexts);
    pthread_t Handlers[BINDINGS], Closers[BINDINGS];
    long Most = 0, Total = 0;
    int Index;
    for (Index = 0; Index < BINDINGS; Index++) StartHandler(&Contexts[Index], &Handlers[Index]);
    for (Index = 0; Index < BINDINGS; Index++)
        CHECK_EQ(pthread_create(&Closers[Index], NULL, CloseOnce, &Contexts[Index]), 0);
    usleep(100000); /* every close asleep */
    for (Index = 0; Index < BINDINGS; Index++) {
        __atomic_store_n(&Contexts[Index].Released, 1, __ATOMIC_RELEASE);
        CHECK_EQ(pthread_join(Handlers[Index], NULL), 0);
        usleep(5000);
    }
    for (Index = 0; Index < BINDINGS; Index++) {
        CHECK_EQ(pthread_join(Closers[Index], NULL), 0);
        CHECK_EQ(Contexts[Index].Status, NDIS_STATUS_SUCCESS);
        Total += Contexts[Index].WakeUps;
        if (Contexts[Index].WakeUps > Most) Most = Contexts[Index].WakeUps;
    }
    printf("wake_check: %d closes of %d bindings whose handlers returned one by one woke %ld times (at most %ld "
           "each)\n",
           BINDINGS, BINDINGS, Total, Most);
    /* One wake-up each, and room for a spurious one. */
    CHECK(Most <= 2);
    CHECK_EQ(NdisChimneyDestroyRegistry(Registry), NDIS_STATUS_SUCCESS);
}

int main(void) {
    alarm(60); /* a close that hangs fails the check instead of hanging it */
    StaleCompletions();
    NoHerd();
    return check_summary("wake_check");
}
