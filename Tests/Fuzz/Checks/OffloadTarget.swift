import NdisChimney

/// The WDK's five request routines, in OffloadRequest order.
let requestRoutines = [
    NdisInitiateOffload, NdisTerminateOffload, NdisUpdateOffload, NdisInvalidateOffload, NdisQueryOffloadState,
]

/// The WDK's five completion routines, in OffloadRequest order.
let completionRoutines = [
    NdisMInitiateOffloadComplete, NdisMTerminateOffloadComplete, NdisMUpdateOffloadComplete,
    NdisMInvalidateOffloadComplete, NdisMQueryOffloadStateComplete,
]

/// A fake offload target's adapter in a fuzzed sequence, its
/// MiniportAdapterContext: what its provider handlers saw last, and what
/// they do with the next request (the sequence sets `action` and `value`
/// before each one).
struct TargetRecord {
    enum Action {
        /// Keep the request; the sequence completes it later.
        case hold
        /// Complete it before returning, on the adapter.
        case completeAtOnce
        /// Complete it twice before returning.
        case completeTwice
        /// Write `value` into SourceHandle, then complete it.
        case corruptThenComplete
        /// Complete it on the adapter `value` names, then keep it.
        case completeElsewhereThenHold
    }

    /// The adapter's NdisMiniportHandle.
    var adapter: NDIS_HANDLE?
    var action = Action.hold
    var value: UInt = 0
    var calls = 0
    /// The last call's request (OffloadRequest.rawValue), list, the root
    /// block's SourceHandle as the handler found it, and provider set.
    var request = -1
    var list: UInt = 0
    var source: UInt = 0
    var set = 0
}

private func receive(_ context: NDIS_HANDLE?, _ request: Int, _ list: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST?, set: Int) {
    guard let record = context?.assumingMemoryBound(to: TargetRecord.self) else { return }
    record.pointee.calls += 1
    record.pointee.request = request
    record.pointee.list = UInt(bitPattern: list)
    record.pointee.source = UInt(bitPattern: list?.pointee.SourceHandle)
    record.pointee.set = set
    let complete = completionRoutines[request]
    switch record.pointee.action {
    case .hold: break
    case .completeAtOnce: complete(record.pointee.adapter, list)
    case .completeTwice:
        complete(record.pointee.adapter, list)
        complete(record.pointee.adapter, list)
    case .corruptThenComplete:
        list?.pointee.SourceHandle = UnsafeMutableRawPointer(bitPattern: record.pointee.value)
        complete(record.pointee.adapter, list)
    case .completeElsewhereThenHold: complete(NDIS_HANDLE(bitPattern: record.pointee.value), list)
    }
}

/// Provider generic characteristics whose handlers record into their
/// TargetRecord, tagged as set 1 or 2 so that a replacement shows.
private func providerCharacteristics(set: Int) -> CProviderChimneyCharacteristics {
    var chars = CProviderChimneyCharacteristics()
    if set == 1 {
        chars.InitiateOffloadHandler = { receive($0, 0, $1, set: 1) }
        chars.TerminateOffloadHandler = { receive($0, 1, $1, set: 1) }
        chars.UpdateOffloadHandler = { receive($0, 2, $1, set: 1) }
        chars.InvalidateOffloadHandler = { receive($0, 3, $1, set: 1) }
        chars.QueryOffloadHandler = { receive($0, 4, $1, set: 1) }
    } else {
        chars.InitiateOffloadHandler = { receive($0, 0, $1, set: 2) }
        chars.TerminateOffloadHandler = { receive($0, 1, $1, set: 2) }
        chars.UpdateOffloadHandler = { receive($0, 2, $1, set: 2) }
        chars.InvalidateOffloadHandler = { receive($0, 3, $1, set: 2) }
        chars.QueryOffloadHandler = { receive($0, 4, $1, set: 2) }
    }
    return chars
}

/// The five handler addresses of each provider set (index 0 is set 1).
let providerSets: [[UInt]] = [providerCharacteristics(set: 1), providerCharacteristics(set: 2)].map { chars in
    withUnsafeBytes(of: chars) { bytes in
        (0..<5).map { bytes.load(fromByteOffset: 8 + $0 * MemoryLayout<UInt>.size, as: UInt.self) }
    }
}

/// One refusal as the offload hook was told of it.
struct HookEntry: Equatable, CustomStringConvertible {
    var handle: UInt
    var routine: ULONG
    var list: UInt
    var reason: ULONG

    var description: String {
        "\(OffloadRefusal(rawValue: reason).map(String.init(describing:)) ?? "reason \(reason)") in routine "
            + "\(routine) for \(hex(handle)), list \(hex(list))"
    }
}

/// The offload hook of a fuzzed sequence: appends to the array its context
/// points to.
let recordRefusal: OffloadHookFunction = { context, handle, routine, list, reason in
    context?.assumingMemoryBound(to: [HookEntry].self).pointee.append(
        HookEntry(handle: UInt(bitPattern: handle), routine: routine, list: UInt(bitPattern: list), reason: reason))
}
