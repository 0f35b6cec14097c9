/*
 * ndischimney.h - NDIS chimney offload characteristics (generic and TCP, of
 * the protocol and of the offload target) and the block lists, laid out byte
 * for byte as Windows lays them out on x86, x64, ARM64 and ARM32.
 *
 * Where the facts come from: Microsoft's WDK documentation of ndischimney.h,
 * ndis.h and ntddndis.h, and symbol (PDB) dumps of Windows 10 1607 to
 * Windows 11 (x64 sizes: NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS
 * 0x38, NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS 0x30,
 * NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS 0x40,
 * NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS 0x38, both block lists
 * 0x98). The declarations below are
 * written for this project; names and field order are the WDK's, so code
 * written against the WDK compiles against this header unchanged.
 *
 * Self-contained: it needs only <stddef.h> and <stdint.h>, compiles with
 * -ffreestanding for any target, and as C89 to C23 or C++98 and later.
 *
 * Coexistence: when a WDK or SDK header was included first, its declarations
 * are used and not redeclared; the layout assertions at the end then check
 * the WDK's own types. The include guards detected are:
 *   _NTDEF_, _WINNT_      base types (UCHAR, USHORT, ULONG, PULONG, PVOID, VOID)
 *   _NTDDNDIS_            NDIS_OBJECT_HEADER, NDIS_PORT_NUMBER
 *   _NDIS_                NDIS_HANDLE, NDIS_STATUS, NET_BUFFER_LIST,
 *                         NDIS_DRIVER_OPTIONAL_HANDLERS
 *   _CHIMNEY_OFFLOAD_     everything declared by the WDK's ndischimney.h
 * Constants (NDIS_STATUS_*, NDIS_OBJECT_TYPE_*, the revisions) and the
 * annotations IN, OUT and OPTIONAL are defined one by one, each only when not
 * already defined.
 */
#ifndef NDIS_CHIMNEY_LAYOUT_H
#define NDIS_CHIMNEY_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

/* Clean under clang -Weverything -pedantic: two warnings are about this
 * header's deliberate portability devices, so they are silenced here, between
 * push and pop, for this header's own lines only (gcc never sees these):
 *  -Wnullability-extension  _Nullable is a clang extension; it is kept for
 *                           every clang user (Swift imports it, clang checks
 *                           it) rather than dropped under __STRICT_ANSI__,
 *                           which plain -std=c11 sets without -pedantic.
 *  -Wc++98-compat           static_assert is used only where the language has
 *                           it; the C++98 path is compiled and checked too.
 * ndischimney_registry.h does the same. */
#if defined(__clang__)
#  pragma clang diagnostic push
#  pragma clang diagnostic ignored "-Wnullability-extension"
#  pragma clang diagnostic ignored "-Wc++98-compat"
#endif

/* ---------------------------------------------------------------------------
 * Portability macros (all prefixed NDIS_CHIMNEY_ so they never collide with
 * WDK names).
 * ------------------------------------------------------------------------- */

/* Pointer nullability. Clang checks and Swift imports it; gcc and older
 * compilers see nothing. */
#if defined(__has_feature)
#  if __has_feature(nullability)
#    define NDIS_CHIMNEY_NULLABLE _Nullable
#    define NDIS_CHIMNEY_NONNULL _Nonnull
#  endif
#endif
#ifndef NDIS_CHIMNEY_NULLABLE
#  define NDIS_CHIMNEY_NULLABLE
#  define NDIS_CHIMNEY_NONNULL
#endif

/* The calling convention of every handler and exported function. WDK x86
 * kernel drivers are built with /Gz, so their routines are __stdcall; every
 * other Windows ABI (and every non-Windows one) has a single C convention.
 * Spelling it in the typedefs makes an x86 compiler reject a __cdecl routine
 * where a handler is expected. */
#if (defined(_WIN32) || defined(__CYGWIN__)) && (defined(_M_IX86) || defined(__i386__))
#  define NDIS_CHIMNEY_CC __stdcall
#else
#  define NDIS_CHIMNEY_CC
#endif

/* Pointer width of the target, in bytes, for the layout assertions. */
#if defined(__SIZEOF_POINTER__)
#  define NDIS_CHIMNEY_POINTER_SIZE __SIZEOF_POINTER__
#elif defined(_WIN64)
#  define NDIS_CHIMNEY_POINTER_SIZE 8
#elif defined(_WIN32)
#  define NDIS_CHIMNEY_POINTER_SIZE 4
#else
#  error "ndischimney.h: cannot tell the pointer width of this target"
#endif

/* A cast that C++'s -Wold-style-cast accepts, and the size of a structure's
 * field without an object: C++11 allows type::field in sizeof (a cast null
 * pointer would trip -Wzero-as-null-pointer-constant there); C and C++98
 * dereference a cast null pointer, which sizeof never evaluates. */
#ifdef __cplusplus
#  define NDIS_CHIMNEY_CAST(type, value) static_cast<type>(value)
#else
#  define NDIS_CHIMNEY_CAST(type, value) ((type)(value))
#endif
#if defined(__cplusplus) && __cplusplus >= 201103L
#  define NDIS_CHIMNEY_FIELD_SIZE(type, field) sizeof(type::field)
#else
#  define NDIS_CHIMNEY_FIELD_SIZE(type, field) sizeof(NDIS_CHIMNEY_CAST(type *, 0)->field)
#endif

#define NDIS_CHIMNEY_CONCAT_(a, b) a##b
#define NDIS_CHIMNEY_CONCAT(a, b) NDIS_CHIMNEY_CONCAT_(a, b)
#if defined(__cplusplus) && __cplusplus >= 201103L
#  define NDIS_CHIMNEY_STATIC_ASSERT(expr, what) static_assert(expr, what)
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#  define NDIS_CHIMNEY_STATIC_ASSERT(expr, what) _Static_assert(expr, what)
#else
/* Pre-C11/C++11: a negative array size fails the build just the same. */
#  define NDIS_CHIMNEY_STATIC_ASSERT(expr, what) \
     typedef char NDIS_CHIMNEY_CONCAT(ndis_chimney_layout_check_, __LINE__)[(expr) ? 1 : -1]
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------
 * Base types, with their Windows widths on every target (ntdef.h).
 * ULONG is 32 bits even where C's unsigned long is 64 (LP64 Linux).
 * ------------------------------------------------------------------------- */
#if !defined(_NTDEF_) && !defined(_WINNT_)
#  ifndef VOID
#    define VOID void
#  endif
typedef uint8_t UCHAR;
typedef uint16_t USHORT;
#  if defined(_WIN32)
/* On Windows unsigned long is 32 bits; keep the WDK's exact type so a later
 * WDK header that declares ULONG again agrees with this one. */
typedef unsigned long ULONG;
#  else
typedef uint32_t ULONG;
#  endif
typedef void *NDIS_CHIMNEY_NULLABLE PVOID;
typedef ULONG *NDIS_CHIMNEY_NULLABLE PULONG;
#endif

/* The WDK's parameter annotations (ntdef.h), empty, so that declarations
 * written WDK style (IN NDIS_HANDLE MiniportAdapterContext, IN OUT
 * PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList) compile. */
#ifndef IN
#  define IN
#endif
#ifndef OUT
#  define OUT
#endif
#ifndef OPTIONAL
#  define OPTIONAL
#endif

/* ---------------------------------------------------------------------------
 * ntddndis.h: the object header every NDIS 6 structure starts with.
 * ------------------------------------------------------------------------- */
#ifndef _NTDDNDIS_
typedef struct _NDIS_OBJECT_HEADER {
    UCHAR Type;     /* offset 0: NDIS_OBJECT_TYPE_* of the whole structure */
    UCHAR Revision; /* offset 1: revision of the whole structure, from 1 */
    USHORT Size;    /* offset 2: bytes of the whole structure, header included */
} NDIS_OBJECT_HEADER, *NDIS_CHIMNEY_NULLABLE PNDIS_OBJECT_HEADER;

typedef ULONG NDIS_PORT_NUMBER, *NDIS_CHIMNEY_NULLABLE PNDIS_PORT_NUMBER;
#endif

#ifndef NDIS_OBJECT_TYPE_DEFAULT
#  define NDIS_OBJECT_TYPE_DEFAULT 0x80
#endif
#ifndef NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS
#  define NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS 0x8E
#endif
#ifndef NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS
#  define NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS 0x8F
#endif
#ifndef NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_CHARACTERISTICS
#  define NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_CHARACTERISTICS 0x93
#endif
#ifndef NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_CHARACTERISTICS
#  define NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_CHARACTERISTICS 0x94
#endif

/* ---------------------------------------------------------------------------
 * ndis.h: handles, status codes, the optional-handlers header.
 * ------------------------------------------------------------------------- */
#ifndef _NDIS_
typedef PVOID NDIS_HANDLE, *NDIS_CHIMNEY_NULLABLE PNDIS_HANDLE;

/* An NTSTATUS: signed 32 bits on every target. */
typedef int32_t NDIS_STATUS, *NDIS_CHIMNEY_NULLABLE PNDIS_STATUS;

/* Opaque here: only pointers to it appear in these structures. */
typedef struct _NET_BUFFER_LIST NET_BUFFER_LIST, *NDIS_CHIMNEY_NULLABLE PNET_BUFFER_LIST;

/* What NdisSetOptionalHandlers is given: NDIS reads Header.Type to learn
 * which characteristics structure the pointer really points to. */
typedef struct _NDIS_DRIVER_OPTIONAL_HANDLERS {
    NDIS_OBJECT_HEADER Header; /* offset 0 */
} NDIS_DRIVER_OPTIONAL_HANDLERS, *NDIS_CHIMNEY_NULLABLE PNDIS_DRIVER_OPTIONAL_HANDLERS;
#endif

/* The values are the NTSTATUS bit patterns (0xC0000001 and so on). Error
 * codes are spelled as negative numbers of the same 32-bit value because
 * Swift's importer refuses a hex literal that overflows a signed type. */
#ifndef NDIS_STATUS_SUCCESS
#  define NDIS_STATUS_SUCCESS ((NDIS_STATUS)0x00000000)
#endif
#ifndef NDIS_STATUS_PENDING
#  define NDIS_STATUS_PENDING ((NDIS_STATUS)0x00000103)
#endif
#ifndef NDIS_STATUS_FAILURE
#  define NDIS_STATUS_FAILURE ((NDIS_STATUS)-0x3FFFFFFF)           /* 0xC0000001 */
#endif
#ifndef NDIS_STATUS_RESOURCES
#  define NDIS_STATUS_RESOURCES ((NDIS_STATUS)-0x3FFFFF66)         /* 0xC000009A */
#endif
#ifndef NDIS_STATUS_NOT_SUPPORTED
#  define NDIS_STATUS_NOT_SUPPORTED ((NDIS_STATUS)-0x3FFFFF45)     /* 0xC00000BB */
#endif
#ifndef NDIS_STATUS_INVALID_PARAMETER
#  define NDIS_STATUS_INVALID_PARAMETER ((NDIS_STATUS)-0x3FFFFFF3) /* 0xC000000D */
#endif
#ifndef NDIS_STATUS_INVALID_DEVICE_REQUEST
#  define NDIS_STATUS_INVALID_DEVICE_REQUEST ((NDIS_STATUS)-0x3FFFFFF0) /* 0xC0000010 */
#endif

/* The size of a structure up to and including one of its fields (ntdef.h). */
#ifndef RTL_SIZEOF_THROUGH_FIELD
#  define RTL_SIZEOF_THROUGH_FIELD(type, field) \
     (offsetof(type, field) + NDIS_CHIMNEY_FIELD_SIZE(type, field))
#endif

/* ---------------------------------------------------------------------------
 * ndischimney.h: the block lists, the handlers, the four characteristics
 * structures of generic and TCP chimney offload (client and provider).
 * ------------------------------------------------------------------------- */
#ifndef _CHIMNEY_OFFLOAD_

/* The qualifier of an offload event indication (IndicationCode). */
typedef enum _INDICATE_OFFLOAD_EVENT {
    NeighborReachabilityInDoubt = 1, /* block list is NULL */
    NeighborReachabilityQuery = 2,   /* block list is valid */
    MaxOffloadEvent = 3              /* one past the last valid code */
} INDICATE_OFFLOAD_EVENT, *NDIS_CHIMNEY_NULLABLE PINDICATE_OFFLOAD_EVENT;

/* The handle NDIS and the offload target share for one offloaded state. */
typedef struct _NDIS_OFFLOAD_HANDLE {
    PVOID NdisReserved[1];        /* x64 offset 0,  x86 offset 0 */
    PVOID MiniportOffloadContext; /* x64 offset 8,  x86 offset 4 */
} NDIS_OFFLOAD_HANDLE, *NDIS_CHIMNEY_NULLABLE PNDIS_OFFLOAD_HANDLE;

/* One offload request, or the root of a tree of them, as the protocol passed
 * it to NDIS; the completion handlers receive it back. State-specific data
 * may follow it in memory. Offsets: 64-bit / 32-bit pointers. */
typedef struct _NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST {
    NDIS_OBJECT_HEADER Header;                                          /*   0 /  0 */
    struct _NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST *NDIS_CHIMNEY_NULLABLE NextBlock;          /*   8 /  4 */
    struct _NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST *NDIS_CHIMNEY_NULLABLE DependentBlockList; /*  16 /  8 */
    NDIS_STATUS Status;               /*  24 / 12; 64-bit: 4 bytes of padding follow */
    PVOID NdisReserved[3];            /*  32 / 16 */
    PNDIS_OFFLOAD_HANDLE OffloadHandle; /*  56 / 28 */
    PVOID ProtocolReserved[2];        /*  64 / 32 */
    PVOID MiniportReserved[2];        /*  80 / 40 */
    PVOID ImReserved[2];              /*  96 / 48 */
    PVOID Scratch[2];                 /* 112 / 56 */
    PVOID SourceHandle;               /* 128 / 64 */
    NDIS_PORT_NUMBER PortNumber;      /* 136 / 68; 64-bit: 4 bytes of padding follow */
    PNET_BUFFER_LIST NetBufferListChain; /* 144 / 72; size 152 / 76 */
} NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, *NDIS_CHIMNEY_NULLABLE PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST;

/* The protocol's generic completion and indication entry points. */
typedef VOID (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE INITIATE_OFFLOAD_COMPLETE_HANDLER)(
    NDIS_HANDLE ProtocolBindingContext, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList);
typedef VOID (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE TERMINATE_OFFLOAD_COMPLETE_HANDLER)(
    NDIS_HANDLE ProtocolBindingContext, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList);
typedef VOID (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE UPDATE_OFFLOAD_COMPLETE_HANDLER)(
    NDIS_HANDLE ProtocolBindingContext, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList);
typedef VOID (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE INVALIDATE_OFFLOAD_COMPLETE_HANDLER)(
    NDIS_HANDLE ProtocolBindingContext, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList);
typedef VOID (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE QUERY_OFFLOAD_COMPLETE_HANDLER)(
    NDIS_HANDLE ProtocolBindingContext, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList);
/* IndicationCode is an INDICATE_OFFLOAD_EVENT; the block list is valid only
 * for NeighborReachabilityQuery and NULL otherwise. */
typedef VOID (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE INDICATE_OFFLOAD_EVENT_HANDLER)(
    NDIS_HANDLE ProtocolBindingContext, PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList,
    ULONG IndicationCode);

#ifndef NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1
#  define NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1 1
#endif

/* Passed to NdisSetOptionalHandlers with Header.Type =
 * NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
 * Header.Revision = ..._REVISION_1, Header.Size =
 * NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1.
 * Offsets: 64-bit / 32-bit pointers. No padding on either. */
typedef struct _NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS {
    NDIS_OBJECT_HEADER Header;                                            /*  0 /  0 */
    ULONG Flags; /* reserved for system use */                            /*  4 /  4 */
    INITIATE_OFFLOAD_COMPLETE_HANDLER InitiateOffloadCompleteHandler;     /*  8 /  8 */
    TERMINATE_OFFLOAD_COMPLETE_HANDLER TerminateOffloadCompleteHandler;   /* 16 / 12 */
    UPDATE_OFFLOAD_COMPLETE_HANDLER UpdateOffloadCompleteHandler;         /* 24 / 16 */
    INVALIDATE_OFFLOAD_COMPLETE_HANDLER InvalidateOffloadCompleteHandler; /* 32 / 20 */
    QUERY_OFFLOAD_COMPLETE_HANDLER QueryOffloadCompleteHandler;           /* 40 / 24 */
    INDICATE_OFFLOAD_EVENT_HANDLER IndicateOffloadEventHandler;           /* 48 / 28 */
} NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
  *NDIS_CHIMNEY_NULLABLE PNDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS;

#ifndef NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1
#  define NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1 \
     RTL_SIZEOF_THROUGH_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, \
                              IndicateOffloadEventHandler)
#endif

/* What an offload target receives: the miniport's view of the same memory
 * as NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST (drivers cast between the two). The
 * blocks form a tree: NextBlock links siblings, DependentBlockList points to
 * the children. Offsets: 64-bit / 32-bit pointers. */
typedef struct _NDIS_MINIPORT_OFFLOAD_BLOCK_LIST {
    NDIS_OBJECT_HEADER Header;                                          /*   0 /  0 */
    struct _NDIS_MINIPORT_OFFLOAD_BLOCK_LIST *NDIS_CHIMNEY_NULLABLE NextBlock;          /*   8 /  4 */
    struct _NDIS_MINIPORT_OFFLOAD_BLOCK_LIST *NDIS_CHIMNEY_NULLABLE DependentBlockList; /*  16 /  8 */
    NDIS_STATUS Status;               /*  24 / 12; 64-bit: 4 bytes of padding follow */
    PVOID NdisReserved[2];            /*  32 / 16 */
    /* Where the offload target stores its context for the offloaded state. */
    PVOID *NDIS_CHIMNEY_NULLABLE MiniportOffloadContext;                /*  48 / 24 */
    NDIS_HANDLE NdisOffloadHandle;    /*  56 / 28 */
    PVOID ProtocolReserved[2];        /*  64 / 32 */
    PVOID MiniportReserved[2];        /*  80 / 40 */
    PVOID ImReserved[2];              /*  96 / 48 */
    PVOID Scratch[2];                 /* 112 / 56 */
    PVOID SourceHandle;               /* 128 / 64: where NDIS routes the completion */
    NDIS_PORT_NUMBER PortNumber;      /* 136 / 68; 64-bit: 4 bytes of padding follow */
    PNET_BUFFER_LIST NetBufferListChain; /* 144 / 72; size 152 / 76 */
} NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, *NDIS_CHIMNEY_NULLABLE PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST;

/* The offload target's generic entry points: NDIS passes each request a
 * protocol makes (NdisInitiateOffload, ...) to the matching one, with the
 * adapter's MiniportAdapterContext. */
typedef VOID (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE W_INITIATE_OFFLOAD_HANDLER)(
    NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList);
typedef VOID (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE W_TERMINATE_OFFLOAD_HANDLER)(
    NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList);
typedef VOID (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE W_UPDATE_OFFLOAD_HANDLER)(
    NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList);
typedef VOID (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE W_INVALIDATE_OFFLOAD_HANDLER)(
    NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList);
typedef VOID (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE W_QUERY_OFFLOAD_HANDLER)(
    NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList);

/* Passed to NdisSetOptionalHandlers, from MiniportSetOptions, with
 * Header.Type = NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS.
 * The WDK defines no revision constant for it; its samples register
 * Header.Revision 0 and Header.Size = sizeof the structure.
 * Offsets: 64-bit / 32-bit pointers. No padding on either. */
typedef struct _NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS {
    NDIS_OBJECT_HEADER Header;                             /*  0 /  0 */
    ULONG Flags; /* reserved for system use */             /*  4 /  4 */
    W_INITIATE_OFFLOAD_HANDLER InitiateOffloadHandler;     /*  8 /  8 */
    W_TERMINATE_OFFLOAD_HANDLER TerminateOffloadHandler;   /* 16 / 12 */
    W_UPDATE_OFFLOAD_HANDLER UpdateOffloadHandler;         /* 24 / 16 */
    W_INVALIDATE_OFFLOAD_HANDLER InvalidateOffloadHandler; /* 32 / 20 */
    W_QUERY_OFFLOAD_HANDLER QueryOffloadHandler;           /* 40 / 24; size 48 / 28 */
} NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS,
  *NDIS_CHIMNEY_NULLABLE PNDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS;

/* Which chimney a structure is about (OffloadType). TCP is the only one
 * defined: the TCP structures carry NdisTcpChimneyOffload. */
typedef enum _NDIS_CHIMNEY_OFFLOAD_TYPE {
    NdisTcpChimneyOffload = 1,
    NdisIpsecChimneyOffload = 2,
    NdisRdmaChimneyOffload = 3,
    NdisMaxChimneyOffload = 4 /* one past the last defined type */
} NDIS_CHIMNEY_OFFLOAD_TYPE, *NDIS_CHIMNEY_NULLABLE PNDIS_CHIMNEY_OFFLOAD_TYPE;

/* The protocol's TCP chimney completion, event and receive entry points. */
typedef VOID (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE TCP_OFFLOAD_SEND_COMPLETE_HANDLER)(
    NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferList);
typedef VOID (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE TCP_OFFLOAD_RECV_COMPLETE_HANDLER)(
    NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferList);
typedef VOID (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE TCP_OFFLOAD_DISCONNECT_COMPLETE_HANDLER)(
    NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferList);
typedef VOID (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE TCP_OFFLOAD_FORWARD_COMPLETE_HANDLER)(
    NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferList);
typedef VOID (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE TCP_OFFLOAD_EVENT_HANDLER)(
    PVOID OffloadContext, ULONG EventType, ULONG EventSpecificInformation);
typedef NDIS_STATUS (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE TCP_OFFLOAD_RECEIVE_INDICATE_HANDLER)(
    PVOID OffloadContext, PNET_BUFFER_LIST NetBufferList, NDIS_STATUS Status, PULONG BytesConsumed);

#ifndef NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1
#  define NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1 1
#endif

/* Passed to NdisSetOptionalHandlers, from ProtocolSetOptions, with
 * Header.Type = NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_CHARACTERISTICS,
 * Header.Revision = ..._REVISION_1, Header.Size =
 * NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1, and
 * OffloadType = NdisTcpChimneyOffload. Offsets: 64-bit / 32-bit pointers. */
typedef struct _NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS {
    NDIS_OBJECT_HEADER Header;             /*  0 /  0 */
    ULONG Flags; /* reserved for system use */ /*  4 /  4 */
    NDIS_CHIMNEY_OFFLOAD_TYPE OffloadType; /*  8 /  8; 64-bit: 4 bytes of padding follow */
    TCP_OFFLOAD_SEND_COMPLETE_HANDLER TcpOffloadSendCompleteHandler;             /* 16 / 12 */
    TCP_OFFLOAD_RECV_COMPLETE_HANDLER TcpOffloadReceiveCompleteHandler;          /* 24 / 16 */
    TCP_OFFLOAD_DISCONNECT_COMPLETE_HANDLER TcpOffloadDisconnectCompleteHandler; /* 32 / 20 */
    TCP_OFFLOAD_FORWARD_COMPLETE_HANDLER TcpOffloadForwardCompleteHandler;       /* 40 / 24 */
    TCP_OFFLOAD_EVENT_HANDLER TcpOffloadEventHandler;                            /* 48 / 28 */
    TCP_OFFLOAD_RECEIVE_INDICATE_HANDLER TcpOffloadReceiveIndicateHandler;       /* 56 / 32; size 64 / 36 */
} NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS,
  *NDIS_CHIMNEY_NULLABLE PNDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS;

#ifndef NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1
#  define NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1 \
     RTL_SIZEOF_THROUGH_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, \
                              TcpOffloadReceiveIndicateHandler)
#endif

/* The offload target's TCP chimney data-path entry points. */
typedef NDIS_STATUS (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE W_TCP_OFFLOAD_SEND_HANDLER)(
    NDIS_HANDLE MiniportAdapterContext, PVOID MiniportOffloadContext, PNET_BUFFER_LIST NetBufferList);
typedef NDIS_STATUS (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE W_TCP_OFFLOAD_RECEIVE_HANDLER)(
    NDIS_HANDLE MiniportAdapterContext, PVOID MiniportOffloadContext, PNET_BUFFER_LIST NetBufferList);
typedef NDIS_STATUS (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE W_TCP_OFFLOAD_DISCONNECT_HANDLER)(
    NDIS_HANDLE MiniportAdapterContext, PVOID MiniportOffloadContext, PNET_BUFFER_LIST NetBufferList,
    ULONG Flags);
typedef NDIS_STATUS (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE W_TCP_OFFLOAD_FORWARD_HANDLER)(
    NDIS_HANDLE MiniportAdapterContext, PVOID MiniportOffloadContext, PNET_BUFFER_LIST NetBufferList);
typedef NDIS_STATUS (NDIS_CHIMNEY_CC *NDIS_CHIMNEY_NULLABLE W_TCP_OFFLOAD_RECEIVE_RETURN_HANDLER)(
    NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferList);

/* Passed to NdisSetOptionalHandlers, from MiniportSetOptions, with
 * Header.Type = NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_CHARACTERISTICS and
 * OffloadType = NdisTcpChimneyOffload. No revision constant in the WDK; its
 * samples register Header.Revision 0 and Header.Size = sizeof the structure.
 * Offsets: 64-bit / 32-bit pointers. */
typedef struct _NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS {
    NDIS_OBJECT_HEADER Header;             /*  0 /  0 */
    ULONG Flags; /* reserved for system use */ /*  4 /  4 */
    NDIS_CHIMNEY_OFFLOAD_TYPE OffloadType; /*  8 /  8; 64-bit: 4 bytes of padding follow */
    W_TCP_OFFLOAD_SEND_HANDLER TcpOffloadSendHandler;                     /* 16 / 12 */
    W_TCP_OFFLOAD_RECEIVE_HANDLER TcpOffloadReceiveHandler;               /* 24 / 16 */
    W_TCP_OFFLOAD_DISCONNECT_HANDLER TcpOffloadDisconnectHandler;         /* 32 / 20 */
    W_TCP_OFFLOAD_FORWARD_HANDLER TcpOffloadForwardHandler;               /* 40 / 24 */
    W_TCP_OFFLOAD_RECEIVE_RETURN_HANDLER TcpOffloadReceiveReturnHandler;  /* 48 / 28; size 56 / 32 */
} NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS,
  *NDIS_CHIMNEY_NULLABLE PNDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS;

/* The routines NDIS gives each side of generic chimney offload, WDK names
 * and parameters. libndischimney defines them (ndischimney_offload.h says
 * how it routes them); they return nothing, as in the WDK.
 *
 * A protocol driver's requests: NDIS records the binding in the root
 * block's SourceHandle and passes the list to the offload target's matching
 * W_*_OFFLOAD_HANDLER with the adapter's MiniportAdapterContext. */
VOID NDIS_CHIMNEY_CC NdisInitiateOffload(
    IN NDIS_HANDLE NdisBindingHandle, IN OUT PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList);
VOID NDIS_CHIMNEY_CC NdisTerminateOffload(
    IN NDIS_HANDLE NdisBindingHandle, IN OUT PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList);
VOID NDIS_CHIMNEY_CC NdisUpdateOffload(
    IN NDIS_HANDLE NdisBindingHandle, IN OUT PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList);
VOID NDIS_CHIMNEY_CC NdisInvalidateOffload(
    IN NDIS_HANDLE NdisBindingHandle, IN OUT PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList);
VOID NDIS_CHIMNEY_CC NdisQueryOffloadState(
    IN NDIS_HANDLE NdisBindingHandle, IN OUT PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST OffloadBlockList);

/* The offload target's completions, each exactly once per request, on any
 * thread: NDIS routes each by the root block's SourceHandle to the
 * protocol's matching completion handler with its ProtocolBindingContext. */
VOID NDIS_CHIMNEY_CC NdisMInitiateOffloadComplete(
    IN NDIS_HANDLE NdisMiniportHandle, IN PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList);
VOID NDIS_CHIMNEY_CC NdisMTerminateOffloadComplete(
    IN NDIS_HANDLE NdisMiniportHandle, IN PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList);
VOID NDIS_CHIMNEY_CC NdisMUpdateOffloadComplete(
    IN NDIS_HANDLE NdisMiniportHandle, IN PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList);
VOID NDIS_CHIMNEY_CC NdisMInvalidateOffloadComplete(
    IN NDIS_HANDLE NdisMiniportHandle, IN PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList);
VOID NDIS_CHIMNEY_CC NdisMQueryOffloadStateComplete(
    IN NDIS_HANDLE NdisMiniportHandle, IN PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList);

/* The offload target's event indication (IndicationCode: an
 * INDICATE_OFFLOAD_EVENT; the block list only with
 * NeighborReachabilityQuery), posted to the protocols bound to the adapter. */
VOID NDIS_CHIMNEY_CC NdisMOffloadEventIndicate(
    IN NDIS_HANDLE NdisMiniportHandle, IN PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST OffloadBlockList,
    IN ULONG IndicationCode);

#endif /* _CHIMNEY_OFFLOAD_ */

#ifdef __cplusplus
} /* extern "C" */
#endif

/* ---------------------------------------------------------------------------
 * The layout, proven by every compiler that includes this header. These check
 * whichever declarations are in force: this header's or the WDK's.
 * ------------------------------------------------------------------------- */
#define NDIS_CHIMNEY_CHECK_SIZE(type, expected) \
    NDIS_CHIMNEY_STATIC_ASSERT(sizeof(type) == (expected), \
                               "sizeof(" #type ") is not " #expected)
#define NDIS_CHIMNEY_CHECK_FIELD(type, field, offset, size) \
    NDIS_CHIMNEY_STATIC_ASSERT(offsetof(type, field) == (offset) && \
                               NDIS_CHIMNEY_FIELD_SIZE(type, field) == (size), \
                               #type "." #field " is not at offset " #offset " with size " #size)

NDIS_CHIMNEY_CHECK_SIZE(UCHAR, 1);
NDIS_CHIMNEY_CHECK_SIZE(USHORT, 2);
NDIS_CHIMNEY_CHECK_SIZE(ULONG, 4);
NDIS_CHIMNEY_CHECK_SIZE(NDIS_STATUS, 4);
NDIS_CHIMNEY_CHECK_SIZE(NDIS_PORT_NUMBER, 4);
NDIS_CHIMNEY_CHECK_SIZE(PVOID, NDIS_CHIMNEY_POINTER_SIZE);
NDIS_CHIMNEY_CHECK_SIZE(NDIS_HANDLE, NDIS_CHIMNEY_POINTER_SIZE);
NDIS_CHIMNEY_STATIC_ASSERT(NDIS_CHIMNEY_CAST(NDIS_STATUS, -1) < 0, "NDIS_STATUS is not signed");

/* Every structure and enumeration, field by field, for both pointer widths:
 * written by `make docs` from the one layout description
 * (Sources/NdisChimney/Layout/StructureDescription.swift); `make docs-check`
 * fails when the lines between the markers differ from what it writes. */
/* BEGIN GENERATED: ndis-chimney layout --format c-asserts */
/* Written by `ndis-chimney layout --format c-asserts` from the layout description. */
NDIS_CHIMNEY_CHECK_SIZE(INDICATE_OFFLOAD_EVENT, 4);
NDIS_CHIMNEY_CHECK_SIZE(NDIS_CHIMNEY_OFFLOAD_TYPE, 4);
#if NDIS_CHIMNEY_POINTER_SIZE == 8
NDIS_CHIMNEY_CHECK_SIZE(NDIS_OBJECT_HEADER, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_OBJECT_HEADER, Type, 0, 1);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_OBJECT_HEADER, Revision, 1, 1);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_OBJECT_HEADER, Size, 2, 2);
NDIS_CHIMNEY_CHECK_SIZE(NDIS_DRIVER_OPTIONAL_HANDLERS, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_DRIVER_OPTIONAL_HANDLERS, Header, 0, 4);
NDIS_CHIMNEY_CHECK_SIZE(NDIS_OFFLOAD_HANDLE, 16);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_OFFLOAD_HANDLE, NdisReserved, 0, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_OFFLOAD_HANDLE, MiniportOffloadContext, 8, 8);
NDIS_CHIMNEY_CHECK_SIZE(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, 152);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, Header, 0, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, NextBlock, 8, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, DependentBlockList, 16, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, Status, 24, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, NdisReserved, 32, 24);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, OffloadHandle, 56, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, ProtocolReserved, 64, 16);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, MiniportReserved, 80, 16);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, ImReserved, 96, 16);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, Scratch, 112, 16);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, SourceHandle, 128, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, PortNumber, 136, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, NetBufferListChain, 144, 8);
NDIS_CHIMNEY_CHECK_SIZE(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, 152);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, Header, 0, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NextBlock, 8, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, DependentBlockList, 16, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, Status, 24, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NdisReserved, 32, 16);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, MiniportOffloadContext, 48, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NdisOffloadHandle, 56, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, ProtocolReserved, 64, 16);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, MiniportReserved, 80, 16);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, ImReserved, 96, 16);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, Scratch, 112, 16);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, SourceHandle, 128, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, PortNumber, 136, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NetBufferListChain, 144, 8);
NDIS_CHIMNEY_CHECK_SIZE(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, 56);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, Header, 0, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, Flags, 4, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, InitiateOffloadCompleteHandler, 8, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, TerminateOffloadCompleteHandler, 16, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, UpdateOffloadCompleteHandler, 24, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, InvalidateOffloadCompleteHandler, 32, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, QueryOffloadCompleteHandler, 40, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, IndicateOffloadEventHandler, 48, 8);
NDIS_CHIMNEY_STATIC_ASSERT(NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1 == 56, "NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1 is not 56");
NDIS_CHIMNEY_CHECK_SIZE(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, 48);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, Header, 0, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, Flags, 4, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, InitiateOffloadHandler, 8, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, TerminateOffloadHandler, 16, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, UpdateOffloadHandler, 24, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, InvalidateOffloadHandler, 32, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, QueryOffloadHandler, 40, 8);
NDIS_CHIMNEY_CHECK_SIZE(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, 64);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, Header, 0, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, Flags, 4, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, OffloadType, 8, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadSendCompleteHandler, 16, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadReceiveCompleteHandler, 24, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadDisconnectCompleteHandler, 32, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadForwardCompleteHandler, 40, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadEventHandler, 48, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadReceiveIndicateHandler, 56, 8);
NDIS_CHIMNEY_STATIC_ASSERT(NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1 == 64, "NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1 is not 64");
NDIS_CHIMNEY_CHECK_SIZE(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, 56);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, Header, 0, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, Flags, 4, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, OffloadType, 8, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadSendHandler, 16, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadReceiveHandler, 24, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadDisconnectHandler, 32, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadForwardHandler, 40, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadReceiveReturnHandler, 48, 8);
#elif NDIS_CHIMNEY_POINTER_SIZE == 4
NDIS_CHIMNEY_CHECK_SIZE(NDIS_OBJECT_HEADER, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_OBJECT_HEADER, Type, 0, 1);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_OBJECT_HEADER, Revision, 1, 1);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_OBJECT_HEADER, Size, 2, 2);
NDIS_CHIMNEY_CHECK_SIZE(NDIS_DRIVER_OPTIONAL_HANDLERS, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_DRIVER_OPTIONAL_HANDLERS, Header, 0, 4);
NDIS_CHIMNEY_CHECK_SIZE(NDIS_OFFLOAD_HANDLE, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_OFFLOAD_HANDLE, NdisReserved, 0, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_OFFLOAD_HANDLE, MiniportOffloadContext, 4, 4);
NDIS_CHIMNEY_CHECK_SIZE(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, 76);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, Header, 0, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, NextBlock, 4, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, DependentBlockList, 8, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, Status, 12, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, NdisReserved, 16, 12);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, OffloadHandle, 28, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, ProtocolReserved, 32, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, MiniportReserved, 40, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, ImReserved, 48, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, Scratch, 56, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, SourceHandle, 64, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, PortNumber, 68, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROTOCOL_OFFLOAD_BLOCK_LIST, NetBufferListChain, 72, 4);
NDIS_CHIMNEY_CHECK_SIZE(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, 76);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, Header, 0, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NextBlock, 4, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, DependentBlockList, 8, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, Status, 12, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NdisReserved, 16, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, MiniportOffloadContext, 24, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NdisOffloadHandle, 28, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, ProtocolReserved, 32, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, MiniportReserved, 40, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, ImReserved, 48, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, Scratch, 56, 8);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, SourceHandle, 64, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, PortNumber, 68, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_MINIPORT_OFFLOAD_BLOCK_LIST, NetBufferListChain, 72, 4);
NDIS_CHIMNEY_CHECK_SIZE(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, 32);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, Header, 0, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, Flags, 4, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, InitiateOffloadCompleteHandler, 8, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, TerminateOffloadCompleteHandler, 12, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, UpdateOffloadCompleteHandler, 16, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, InvalidateOffloadCompleteHandler, 20, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, QueryOffloadCompleteHandler, 24, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, IndicateOffloadEventHandler, 28, 4);
NDIS_CHIMNEY_STATIC_ASSERT(NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1 == 32, "NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1 is not 32");
NDIS_CHIMNEY_CHECK_SIZE(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, 28);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, Header, 0, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, Flags, 4, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, InitiateOffloadHandler, 8, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, TerminateOffloadHandler, 12, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, UpdateOffloadHandler, 16, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, InvalidateOffloadHandler, 20, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS, QueryOffloadHandler, 24, 4);
NDIS_CHIMNEY_CHECK_SIZE(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, 36);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, Header, 0, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, Flags, 4, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, OffloadType, 8, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadSendCompleteHandler, 12, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadReceiveCompleteHandler, 16, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadDisconnectCompleteHandler, 20, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadForwardCompleteHandler, 24, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadEventHandler, 28, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadReceiveIndicateHandler, 32, 4);
NDIS_CHIMNEY_STATIC_ASSERT(NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1 == 36, "NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1 is not 36");
NDIS_CHIMNEY_CHECK_SIZE(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, 32);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, Header, 0, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, Flags, 4, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, OffloadType, 8, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadSendHandler, 12, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadReceiveHandler, 16, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadDisconnectHandler, 20, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadForwardHandler, 24, 4);
NDIS_CHIMNEY_CHECK_FIELD(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS, TcpOffloadReceiveReturnHandler, 28, 4);
#else
#  error "ndischimney.h: Windows has no ABI with this pointer width"
#endif
/* END GENERATED */

#if defined(__clang__)
#  pragma clang diagnostic pop
#endif

#endif /* NDIS_CHIMNEY_LAYOUT_H */
