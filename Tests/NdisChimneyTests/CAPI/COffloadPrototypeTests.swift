@testable import NdisChimney
import Testing

/// The offload side's C entry points against their prototypes in
/// ndischimney.h and ndischimney_offload.h, and the C enumerations against
/// the Swift ones.
@Suite("C entry points of the offload loop")
struct COffloadPrototypeTests {
    @Test("Each @c implementation has exactly its header prototype's type")
    func prototypesMatchHeader() {
        // Each assignment compiles only if the Swift implementation's type
        // equals the type Swift imports from the C prototype.
        var createEx = NdisChimneyCreateRegistryEx
        createEx = cCreateRegistryEx
        var registerMiniport = NdisChimneyRegisterMiniportDriver
        registerMiniport = cRegisterMiniportDriver
        var deregisterMiniport = NdisChimneyDeregisterMiniportDriver
        deregisterMiniport = cDeregisterMiniportDriver
        var addAdapter = NdisChimneyAddAdapter
        addAdapter = cAddAdapter
        var removeAdapter = NdisChimneyRemoveAdapter
        removeAdapter = cRemoveAdapter
        var openAdapterBinding = NdisChimneyOpenAdapterBinding
        openAdapterBinding = cOpenAdapterBinding
        var counts = NdisChimneyQueryAdapterCounts
        counts = cQueryAdapterCounts
        var hook = NdisChimneySetOffloadHook
        hook = cSetOffloadHook
        var requests = [NdisInitiateOffload, NdisTerminateOffload, NdisUpdateOffload, NdisInvalidateOffload]
        requests += [NdisQueryOffloadState]
        requests = [cInitiateOffload, cTerminateOffload, cUpdateOffload, cInvalidateOffload, cQueryOffloadState]
        var completions = [NdisMInitiateOffloadComplete, NdisMTerminateOffloadComplete, NdisMUpdateOffloadComplete]
        completions += [NdisMInvalidateOffloadComplete, NdisMQueryOffloadStateComplete]
        completions = [
            cMInitiateOffloadComplete, cMTerminateOffloadComplete, cMUpdateOffloadComplete,
            cMInvalidateOffloadComplete, cMQueryOffloadStateComplete,
        ]
        var indicate = NdisMOffloadEventIndicate
        indicate = cMOffloadEventIndicate
        // The C function types the Swift API names are the header's.
        let hookType: OffloadHookFunction.Type = NDIS_CHIMNEY_OFFLOAD_HOOK.self
        let providerTypes: [ProviderOffloadHandler.Type] = [
            W_INITIATE_OFFLOAD_HANDLER.self, W_TERMINATE_OFFLOAD_HANDLER.self, W_UPDATE_OFFLOAD_HANDLER.self,
            W_INVALIDATE_OFFLOAD_HANDLER.self, W_QUERY_OFFLOAD_HANDLER.self,
        ]
        _ = (createEx, registerMiniport, deregisterMiniport, addAdapter, removeAdapter, openAdapterBinding)
        _ = (counts, hook, requests, completions, indicate, hookType, providerTypes)
    }

    @Test("The C enumerations of routines and refusals are the Swift ones")
    func enumerations() {
        let routines: [NDIS_CHIMNEY_OFFLOAD_ROUTINE] = [
            NdisChimneyInitiateOffloadRequest, NdisChimneyTerminateOffloadRequest, NdisChimneyUpdateOffloadRequest,
            NdisChimneyInvalidateOffloadRequest, NdisChimneyQueryOffloadStateRequest,
            NdisChimneyInitiateOffloadCompletion, NdisChimneyTerminateOffloadCompletion,
            NdisChimneyUpdateOffloadCompletion, NdisChimneyInvalidateOffloadCompletion,
            NdisChimneyQueryOffloadStateCompletion, NdisChimneyOffloadEventIndication,
        ]
        let swift: [OffloadRoutine] =
            OffloadRequest.allCases.map { .request($0) } + OffloadRequest.allCases.map { .completion($0) }
            + [.eventIndication]
        #expect(routines.map(\.rawValue) == swift.map(\.rawValue))
        #expect(swift.map { OffloadRoutine(rawValue: $0.rawValue) } == swift)
        #expect(OffloadRoutine(rawValue: 11) == nil)
        let refusals: [NDIS_CHIMNEY_OFFLOAD_REFUSAL] = [
            NdisChimneyRefusedUnknownBinding, NdisChimneyRefusedUnknownAdapter, NdisChimneyRefusedNoBlockList,
            NdisChimneyRefusedUnknownSource, NdisChimneyRefusedOtherAdapter, NdisChimneyRefusedNotOutstanding,
            NdisChimneyRefusedInvalidIndication, NdisChimneyRefusedInFlightLimit, NdisChimneyRefusedNoCompletionHandler,
        ]
        #expect(refusals.map(\.rawValue) == OffloadRefusal.allCases.map(\.rawValue))
        // Each request's completion is the protocol's entry point of the same
        // field number, and the provider's handler of that number.
        #expect(OffloadRequest.allCases.map(\.completion) == Array(EntryPoint.allCases.prefix(5)))
    }
}
