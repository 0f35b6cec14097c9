@testable import NdisChimney
import Synchronization
import Testing

/// Calls of any TCP handler of this file: the TCP structures are kept, never
/// dispatched, so it must stay 0.
private let tcpCalls = Atomic<Int>(0)

/// A provider TCP structure as WDK samples register it (Revision 0, Size the
/// structure's, OffloadType NdisTcpChimneyOffload), whose handlers count
/// into `tcpCalls`.
private func providerTCP() -> CProviderTCPCharacteristics {
    var chars = CProviderTCPCharacteristics()
    chars.Header = CObjectHeader(
        Type: NDISObjectType.providerChimneyOffloadCharacteristics.rawValue, Revision: 0,
        Size: USHORT(MemoryLayout<CProviderTCPCharacteristics>.size))
    chars.OffloadType = NdisTcpChimneyOffload
    chars.TcpOffloadSendHandler = { _, _, _ in
        tcpCalls.add(1, ordering: .relaxed)
        return NDIS_STATUS_SUCCESS
    }
    chars.TcpOffloadReceiveReturnHandler = { _, _ in
        tcpCalls.add(1, ordering: .relaxed)
        return NDIS_STATUS_SUCCESS
    }
    return chars
}

/// A client TCP structure, revision 1, whose handlers count into `tcpCalls`.
private func clientTCP() -> CClientTCPCharacteristics {
    var chars = CClientTCPCharacteristics()
    chars.Header = CObjectHeader(
        Type: NDISObjectType.clientChimneyOffloadCharacteristics.rawValue, Revision: 1,
        Size: USHORT(MemoryLayout<CClientTCPCharacteristics>.size))
    chars.OffloadType = NdisTcpChimneyOffload
    chars.TcpOffloadSendCompleteHandler = { _, _ in tcpCalls.add(1, ordering: .relaxed) }
    chars.TcpOffloadEventHandler = { _, _, _ in tcpCalls.add(1, ordering: .relaxed) }
    return chars
}

/// `value` as the type-erased header NdisSetOptionalHandlers is given.
private func asOptionalHandlers<T>(_ value: T, _ body: (UnsafePointer<CDriverOptionalHandlers>) -> Void) {
    var copy = value
    withUnsafeBytes(of: &copy) { bytes in body(bytes.baseAddress!.assumingMemoryBound(to: CDriverOptionalHandlers.self))
    }
}

/// The TCP characteristics the registry keeps for the driver `handle` names.
private func keptTCP(_ registry: ProtocolRegistry, _ handle: UInt) -> Characteristics? {
    registry.core.pointee.control.withLock { state in state.drivers.first { $0.handle == handle }?.tcp }
}

@Suite("NdisSetOptionalHandlers by side: provider structures from miniport drivers, client ones from protocol drivers")
struct OffloadProviderInstallationTests {
    @Test("The other side's structures are wrongSideObjectType, NOT_SUPPORTED, and change nothing")
    func wrongSide() throws {
        let stack = try OffloadStack()
        let registry = stack.registry
        let miniport = stack.miniportDrivers[0]
        let client = probeCharacteristics()
        asOptionalHandlers(client) { pointer in
            #expect(throws: RegistryError.wrongSideObjectType(.clientChimneyOffloadGenericCharacteristics)) {
                try registry.setOptionalHandlers(pointer, for: miniport)
            }
        }
        asOptionalHandlers(clientTCP()) { pointer in
            #expect(throws: RegistryError.wrongSideObjectType(.clientChimneyOffloadCharacteristics)) {
                try registry.setOptionalHandlers(pointer, for: miniport)
            }
        }
        asOptionalHandlers(providerCharacteristics(set: 2)) { pointer in
            #expect(throws: RegistryError.wrongSideObjectType(.providerChimneyOffloadGenericCharacteristics)) {
                try registry.setOptionalHandlers(pointer, for: stack.protocolDriver)
            }
        }
        asOptionalHandlers(providerTCP()) { pointer in
            #expect(throws: RegistryError.wrongSideObjectType(.providerChimneyOffloadCharacteristics)) {
                try registry.setOptionalHandlers(pointer, for: stack.protocolDriver)
            }
        }
        #expect(RegistryError.wrongSideObjectType(.clientChimneyOffloadCharacteristics).status == .notSupported)
        // Nothing changed: set 1 still serves the adapter, the probes still record.
        let (binding, probe) = try stack.bind(0)
        stack.targets[0].mode = .completeAtOnce
        stack.registry.request(.initiate, on: binding, blockList: stack.lists.make())
        #expect(stack.targets[0].received.map(\.set) == [1])
        #expect(probe.deliveries.count == 1)
        #expect(keptTCP(registry, miniport.rawValue) == nil && keptTCP(registry, stack.protocolDriver.rawValue) == nil)
    }

    @Test("A malformed provider structure is invalidCharacteristics whichever side sends it")
    func malformedProvider() throws {
        let stack = try OffloadStack()
        var chars = providerCharacteristics()
        chars.Header.Size -= 1
        var answers: [RegistryError] = []
        do throws(RegistryError) {
            try stack.registry.setProviderCharacteristics(chars, for: stack.miniportDrivers[0])
        } catch { answers.append(error) }
        asOptionalHandlers(chars) { pointer in
            do throws(RegistryError) {
                try stack.registry.setOptionalHandlers(pointer, for: stack.protocolDriver)
            } catch { answers.append(error) }
        }
        #expect(answers.count == 2)
        for answer in answers {
            guard case .invalidCharacteristics = answer else {
                Issue.record("answered \(answer)")
                continue
            }
            #expect(answer.status == .invalidParameter)
        }
    }

    @Test("The TCP structures are accepted and kept on both sides, never called, and leave the generic ones alone")
    func tcpKeptNotDispatched() throws {
        let stack = try OffloadStack()
        let registry = stack.registry
        let before = tcpCalls.load(ordering: .relaxed)
        try registry.setProviderTCPCharacteristics(providerTCP(), for: stack.miniportDrivers[0])
        try registry.setClientTCPCharacteristics(clientTCP(), for: stack.protocolDriver)
        #expect(keptTCP(registry, stack.miniportDrivers[0].rawValue)?.kind == .providerTCP)
        #expect(keptTCP(registry, stack.miniportDrivers[0].rawValue)?.offloadType == .tcp)
        #expect(keptTCP(registry, stack.protocolDriver.rawValue)?.kind == .clientTCP)
        // The generic sets still serve the loop, both ways.
        let (binding, probe) = try stack.bind(0)
        stack.targets[0].mode = .completeAtOnce
        for request in OffloadRequest.allCases {
            registry.request(request, on: binding, blockList: stack.lists.make())
        }
        registry.indicateOffloadEvent(on: stack.adapters[0], blockList: nil, code: .neighborReachabilityInDoubt)
        #expect(stack.targets[0].received.map(\.request) == OffloadRequest.allCases)
        #expect(probe.deliveries.map(\.entryPoint) == EntryPoint.allCases)
        // A generic installation afterwards keeps the TCP structure.
        try registry.setProviderCharacteristics(providerCharacteristics(set: 2), for: stack.miniportDrivers[0])
        #expect(keptTCP(registry, stack.miniportDrivers[0].rawValue)?.kind == .providerTCP)
        #expect(tcpCalls.load(ordering: .relaxed) == before)
    }

    @Test("A new provider set replaces the old one whole, for every adapter of the driver and no other driver's")
    func wholeReplacement() throws {
        let stack = try OffloadStack(miniportDrivers: 2, adapters: 3)
        let bound = try (0..<3).map { try stack.bind($0) }
        for target in stack.targets { target.mode = .completeAtOnce }
        /// Each adapter's set per request, after one request of each kind on
        /// each binding; 0 where the library answered NOT_SUPPORTED itself.
        func sets() -> [[Int]] {
            for target in stack.targets { _ = target.takeHeld() }
            return bound.indices.map { adapter in
                let before = stack.targets[adapter].received.count
                return OffloadRequest.allCases.map { request in
                    stack.registry.request(request, on: bound[adapter].handle, blockList: stack.lists.make())
                    let received = stack.targets[adapter].received
                    return received.count > before && received.last?.request == request ? received.last!.set : 0
                }
            }
        }
        #expect(sets() == Array(repeating: Array(repeating: 1, count: 5), count: 3))
        // Set 2 without a query handler, for miniport driver 0 (adapters 0 and 2).
        try stack.registry.setProviderCharacteristics(
            providerCharacteristics(set: 2, omitting: .query), for: stack.miniportDrivers[0])
        #expect(sets() == [[2, 2, 2, 2, 0], [1, 1, 1, 1, 1], [2, 2, 2, 2, 0]])
        #expect(try stack.counts(0).failedRequests == 1 && stack.counts(2).failedRequests == 1)
        #expect(try stack.counts(1) == noCounts)
        #expect(
            bound.allSatisfy { $0.probe.deliveries.count == 10 },
            "every request completed, by the target or the library")
    }
}
