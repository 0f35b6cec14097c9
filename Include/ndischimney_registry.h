/*
 * ndischimney_registry.h - the C entry points of libndischimney: an NDIS-side
 * registry of protocol drivers and bindings, NdisSetOptionalHandlers with the
 * WDK's prototype, validation of raw characteristics images, dispatch of
 * offload completions to the installed entry points, and the name of each
 * status it returns.
 *
 * Every function is implemented once, in Swift, and exported with @c; the
 * Swift API calls the same code. Docs/C-API.md lists each function's statuses.
 * Link with `pkg-config --cflags --libs ndischimney`.
 */
#ifndef NDIS_CHIMNEY_REGISTRY_H
#define NDIS_CHIMNEY_REGISTRY_H

#include "ndischimney.h"

/* The warnings ndischimney.h silences for its own lines, for the same reasons. */
#if defined(__clang__)
#  pragma clang diagnostic push
#  pragma clang diagnostic ignored "-Wnullability-extension"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* A registry: the drivers and bindings one emulated NDIS instance knows.
 * A PNDIS_CHIMNEY_REGISTRY is the registry's handle, never dereferenced:
 * each call checks it, so a swapped, forged, destroyed or twice-destroyed
 * one is refused with a status. It is a pointer to an incomplete type of its
 * own, so that C++ refuses an NDIS_HANDLE (void *) in its place; C11 callers
 * get the same check from the macros at the end of this header. */
typedef struct NDIS_CHIMNEY_REGISTRY NDIS_CHIMNEY_REGISTRY;
typedef NDIS_CHIMNEY_REGISTRY *NDIS_CHIMNEY_NULLABLE PNDIS_CHIMNEY_REGISTRY;

/* The six entry points in field order; also the kind of a completion. */
typedef enum _NDIS_CHIMNEY_ENTRY_POINT {
    NdisChimneyInitiateOffloadComplete = 0,
    NdisChimneyTerminateOffloadComplete = 1,
    NdisChimneyUpdateOffloadComplete = 2,
    NdisChimneyInvalidateOffloadComplete = 3,
    NdisChimneyQueryOffloadComplete = 4,
    NdisChimneyIndicateOffloadEvent = 5,
    NdisChimneyEntryPointCount = 6
} NDIS_CHIMNEY_ENTRY_POINT;

/* The layout a raw image was written with. Images are little-endian. */
typedef enum _NDIS_CHIMNEY_ABI {
    NdisChimneyAbiHost = 0,  /* this process's own layout */
    NdisChimneyAbiX86 = 1,   /* i686-pc-windows-msvc */
    NdisChimneyAbiX64 = 2,   /* x86_64-pc-windows-msvc */
    NdisChimneyAbiArm64 = 3, /* aarch64-pc-windows-msvc */
    NdisChimneyAbiArm = 4    /* armv7-pc-windows-msvc */
} NDIS_CHIMNEY_ABI;

/* Creates a registry for 1 to 65535 drivers and 1 to 65535 bindings; all of
 * its memory is allocated here. */
NDIS_STATUS NDIS_CHIMNEY_CC NdisChimneyCreateRegistry(
    ULONG MaxProtocolDrivers, ULONG MaxBindings,
    PNDIS_CHIMNEY_REGISTRY *NDIS_CHIMNEY_NULLABLE Registry);

/* Destroys a registry made by NdisChimneyCreateRegistry; its handles, and
 * Registry itself, become stale. No call on the registry may run at the same
 * time. Returns NDIS_STATUS_SUCCESS; NDIS_STATUS_INVALID_PARAMETER for a
 * value that is not a live registry's (NULL, forged, destroyed already);
 * NDIS_STATUS_INVALID_DEVICE_REQUEST from a handler of the registry (the
 * dispatch would return into freed memory); NDIS_STATUS_FAILURE while other
 * threads run its handlers. Nothing changes when it refuses. */
NDIS_STATUS NDIS_CHIMNEY_CC NdisChimneyDestroyRegistry(PNDIS_CHIMNEY_REGISTRY Registry);

/* Registers a protocol driver; *NdisHandle is what it passes to
 * NdisSetOptionalHandlers. */
NDIS_STATUS NDIS_CHIMNEY_CC NdisChimneyRegisterProtocolDriver(
    PNDIS_CHIMNEY_REGISTRY Registry, PNDIS_HANDLE NdisHandle);

/* Deregisters a protocol driver that has no open bindings. */
NDIS_STATUS NDIS_CHIMNEY_CC NdisChimneyDeregisterProtocolDriver(NDIS_HANDLE NdisHandle);

#ifndef _NDIS_
/* The WDK's routine: installs the characteristics structure OptionalHandlers
 * points to, chosen by its Header.Type. The structure is copied; it may go
 * away when this returns. */
NDIS_STATUS NDIS_CHIMNEY_CC NdisSetOptionalHandlers(
    NDIS_HANDLE NdisHandle, PNDIS_DRIVER_OPTIONAL_HANDLERS OptionalHandlers);
#endif

/* Opens a binding of a driver; completions for it carry
 * ProtocolBindingContext. */
NDIS_STATUS NDIS_CHIMNEY_CC NdisChimneyOpenBinding(
    NDIS_HANDLE NdisHandle, NDIS_HANDLE ProtocolBindingContext, PNDIS_HANDLE BindingHandle);

/* Closes a binding. When it returns NDIS_STATUS_SUCCESS, no completion
 * reaches the binding any more: it waits, asleep, for the dispatches in
 * flight on it. From a handler of that binding, or with one of its handlers
 * further up the calling thread, it would wait for itself: it returns
 * NDIS_STATUS_INVALID_DEVICE_REQUEST and changes nothing. Two handlers that
 * close each other's bindings still wait for each other (Docs/C-API.md,
 * "Rules a caller keeps"). */
NDIS_STATUS NDIS_CHIMNEY_CC NdisChimneyCloseBinding(NDIS_HANDLE BindingHandle);

/* NdisChimneyCloseBinding, waiting at most TimeoutMilliseconds for the
 * handlers still running. If they have not all returned by then it returns
 * NDIS_STATUS_PENDING: the binding takes no more completions, and the handle
 * stays valid for closing again, which waits again. A handler whose thread
 * never returns (cancelled, or left with longjmp) keeps its binding so. */
NDIS_STATUS NDIS_CHIMNEY_CC NdisChimneyCloseBindingEx(NDIS_HANDLE BindingHandle, ULONG TimeoutMilliseconds);

/* Validates ImageSize bytes at Image as a characteristics structure laid out
 * for Abi, reading nothing outside them. On failure, when Message is not NULL,
 * writes one NUL-terminated line (field, value, what was expected) into
 * MessageSize bytes, truncated if need be. */
NDIS_STATUS NDIS_CHIMNEY_CC NdisChimneyValidateImage(
    const void *NDIS_CHIMNEY_NULLABLE Image, size_t ImageSize, NDIS_CHIMNEY_ABI Abi,
    char *NDIS_CHIMNEY_NULLABLE Message, size_t MessageSize);

/* One completion to deliver, as an offload target's completion queue holds
 * it. EntryPoint is an NDIS_CHIMNEY_ENTRY_POINT; IndicationCode is passed to
 * the event handler only. */
typedef struct _NDIS_CHIMNEY_COMPLETION {
    NDIS_HANDLE BindingHandle;
    PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList;
    ULONG EntryPoint;
    ULONG IndicationCode;
} NDIS_CHIMNEY_COMPLETION, *NDIS_CHIMNEY_NULLABLE PNDIS_CHIMNEY_COMPLETION;

/* Delivers one completion: calls the binding's entry point with its
 * ProtocolBindingContext and OffloadBlockList unchanged (and IndicationCode,
 * for the event handler). Allocates nothing, never waits, and takes no lock
 * unless it is the last call a waiting close of the binding waits for (it
 * then takes a mutex for a moment to wake that close).
 * Returns NDIS_STATUS_SUCCESS when delivered, NDIS_STATUS_NOT_SUPPORTED when
 * the entry point is NULL (not delivered), NDIS_STATUS_INVALID_PARAMETER for
 * a Registry that is not a live registry's, a handle that is not exactly one
 * returned for a binding still open, or an EntryPoint out of range,
 * NDIS_STATUS_RESOURCES when the binding already has 2^20 - 1 dispatches in
 * flight (not delivered). */
NDIS_STATUS NDIS_CHIMNEY_CC NdisChimneyDispatch(
    PNDIS_CHIMNEY_REGISTRY Registry, NDIS_HANDLE BindingHandle, ULONG EntryPoint,
    PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList, ULONG IndicationCode);

/* Delivers Count completions in order; returns how many were delivered.
 * Those not delivered are skipped for the reasons NdisChimneyDispatch gives. */
ULONG NDIS_CHIMNEY_CC NdisChimneyDispatchBatch(
    PNDIS_CHIMNEY_REGISTRY Registry, const NDIS_CHIMNEY_COMPLETION *NDIS_CHIMNEY_NULLABLE Completions,
    ULONG Count);

/* NdisChimneyDispatchBatch that also says what became of each completion:
 * Statuses[i] is what NdisChimneyDispatch would have returned for
 * Completions[i] (NDIS_STATUS_SUCCESS when delivered). Statuses holds Count
 * entries, does not overlap Completions, and every entry is written, also
 * when nothing is delivered (a Registry that is not a live registry's, or
 * NULL Completions: NDIS_STATUS_INVALID_PARAMETER in each). With Statuses
 * NULL it is NdisChimneyDispatchBatch. Allocates nothing, never waits, and
 * takes no lock but NdisChimneyDispatch's. Returns how many were delivered. */
ULONG NDIS_CHIMNEY_CC NdisChimneyDispatchBatchEx(
    PNDIS_CHIMNEY_REGISTRY Registry, const NDIS_CHIMNEY_COMPLETION *NDIS_CHIMNEY_NULLABLE Completions,
    ULONG Count, PNDIS_STATUS Statuses);

/* Status's WDK macro name, for example "NDIS_STATUS_INVALID_PARAMETER", for
 * each status this library returns, and "unknown NDIS_STATUS" for any other
 * value. Never NULL: NUL-terminated text in static memory, valid while the
 * library is loaded, the same bytes Swift's NDISStatus.name reads. */
const char *NDIS_CHIMNEY_NONNULL NDIS_CHIMNEY_CC NdisChimneyStatusText(NDIS_STATUS Status);

#ifdef __cplusplus
} /* extern "C" */
#endif

/* C11: the registry argument must be a PNDIS_CHIMNEY_REGISTRY, not an
 * NDIS_HANDLE, which C would otherwise convert in silence (C++ refuses it by
 * itself). So NdisChimneyDispatch(Binding, Registry, ...) with the two
 * swapped does not compile. A call of the function's address, or with the
 * name in parentheses, is not checked; define NDIS_CHIMNEY_NO_REGISTRY_CHECK
 * to turn the check off. NdisChimneyDestroyRegistry is left unchecked so
 * that it takes a plain NULL. */
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && !defined(__cplusplus) && \
    !defined(NDIS_CHIMNEY_NO_REGISTRY_CHECK)
#  define NDIS_CHIMNEY_REGISTRY_ARGUMENT(Registry) _Generic((Registry), PNDIS_CHIMNEY_REGISTRY: (Registry))
#  define NdisChimneyRegisterProtocolDriver(Registry, ...) \
     (NdisChimneyRegisterProtocolDriver)(NDIS_CHIMNEY_REGISTRY_ARGUMENT(Registry), __VA_ARGS__)
#  define NdisChimneyDispatch(Registry, ...) (NdisChimneyDispatch)(NDIS_CHIMNEY_REGISTRY_ARGUMENT(Registry), __VA_ARGS__)
#  define NdisChimneyDispatchBatch(Registry, ...) \
     (NdisChimneyDispatchBatch)(NDIS_CHIMNEY_REGISTRY_ARGUMENT(Registry), __VA_ARGS__)
#  define NdisChimneyDispatchBatchEx(Registry, ...) \
     (NdisChimneyDispatchBatchEx)(NDIS_CHIMNEY_REGISTRY_ARGUMENT(Registry), __VA_ARGS__)
#endif

#if defined(__clang__)
#  pragma clang diagnostic pop
#endif

#endif /* NDIS_CHIMNEY_REGISTRY_H */
