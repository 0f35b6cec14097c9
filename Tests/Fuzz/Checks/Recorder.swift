import NdisChimney

/// What the recording entry points saw, written through the
/// ProtocolBindingContext they were given. Shared by the fuzz checks and the
/// tests; give each binding (or thread) its own Recorder.
public struct Recorder: Sendable {
    /// How many calls arrived.
    public var calls = 0
    /// Which set of entry points (1 or 2) made the last call.
    public var set = 0
    /// The entry point (EntryPoint.rawValue) of the last call, -1 before any.
    public var entryPoint = -1
    /// The block list the last call was given.
    public var list: UInt = 0
    /// The IndicationCode of the last call (0 for completions).
    public var code: ULONG = 0
    /// What a handler of `teardownCharacteristics` does after recording,
    /// with the registry its binding belongs to; nil: nothing.
    public var teardown: Teardown? = nil
    /// What the registry answered the handler's own call.
    public var teardownStatus: NDIS_STATUS = 0

    /// A Recorder in its own memory, for use as a context.
    public static func make() -> UnsafeMutablePointer<Recorder> {
        let pointer = UnsafeMutablePointer<Recorder>.allocate(capacity: 1)
        pointer.initialize(to: Recorder())
        return pointer
    }
}

private func note(
    _ context: NDIS_HANDLE?, _ set: Int, _ entryPoint: Int, _ list: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?,
    _ code: ULONG = 0
) {
    guard let recorder = context?.assumingMemoryBound(to: Recorder.self) else { return }
    recorder.pointee.calls += 1
    recorder.pointee.set = set
    recorder.pointee.entryPoint = entryPoint
    recorder.pointee.list = UInt(bitPattern: list)
    recorder.pointee.code = code
}

/// A call a handler makes back into the registry from inside itself.
public struct Teardown: Sendable {
    /// Which call.
    public enum Action: Sendable {
        /// NdisChimneyCloseBinding of the binding being dispatched to.
        case closeOwnBinding
        /// NdisChimneyCloseBinding of `other`, none of whose handlers runs
        /// on this thread.
        case closeOther
        /// NdisChimneyDestroyRegistry of the binding's registry.
        case destroyOwnRegistry
        /// NdisChimneyDeregisterProtocolDriver of the binding's driver.
        case deregisterOwnDriver
    }

    public var action: Action
    /// The registry, as C holds it. An address, so that the value is `Sendable`.
    public var registry: UInt
    public var driver: UInt
    public var binding: UInt
    public var other: UInt

    /// A call of `action` from a handler of `binding`.
    public init(
        _ action: Action, registry: OpaquePointer?, driver: NDIS_HANDLE?, binding: NDIS_HANDLE?,
        other: NDIS_HANDLE? = nil
    ) {
        self.action = action
        self.registry = UInt(bitPattern: registry)
        self.driver = UInt(bitPattern: driver)
        self.binding = UInt(bitPattern: binding)
        self.other = UInt(bitPattern: other)
    }

    /// Makes the call and answers its status.
    func run() -> NDIS_STATUS {
        switch action {
        case .closeOwnBinding: NdisChimneyCloseBinding(NDIS_HANDLE(bitPattern: binding))
        case .closeOther: NdisChimneyCloseBinding(NDIS_HANDLE(bitPattern: other))
        case .destroyOwnRegistry: NdisChimneyDestroyRegistry(OpaquePointer(bitPattern: registry))
        case .deregisterOwnDriver: NdisChimneyDeregisterProtocolDriver(NDIS_HANDLE(bitPattern: driver))
        }
    }
}

/// Set 3: characteristics whose six entry points record into their context
/// (a Recorder) and then make the call its `teardown` names, if any.
public func teardownCharacteristics() -> CChimneyCharacteristics {
    var chars = recordingCharacteristics(set: 1)
    chars.InitiateOffloadCompleteHandler = { tearDown($0, 0, $1) }
    chars.TerminateOffloadCompleteHandler = { tearDown($0, 1, $1) }
    chars.UpdateOffloadCompleteHandler = { tearDown($0, 2, $1) }
    chars.InvalidateOffloadCompleteHandler = { tearDown($0, 3, $1) }
    chars.QueryOffloadCompleteHandler = { tearDown($0, 4, $1) }
    chars.IndicateOffloadEventHandler = { tearDown($0, 5, $1, $2) }
    return chars
}

private func tearDown(
    _ context: NDIS_HANDLE?, _ entryPoint: Int, _ list: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?, _ code: ULONG = 0
) {
    note(context, 3, entryPoint, list, code)
    guard let recorder = context?.assumingMemoryBound(to: Recorder.self), let teardown = recorder.pointee.teardown
    else { return }
    recorder.pointee.teardownStatus = teardown.run()
}

/// Revision-1 characteristics whose six entry points record into their
/// context (a Recorder), tagged as set 1 or set 2 so that a replacement shows.
public func recordingCharacteristics(set: Int) -> CChimneyCharacteristics {
    var chars = CChimneyCharacteristics()
    chars.Header = CObjectHeader(
        Type: NDISObjectType.clientChimneyOffloadGenericCharacteristics.rawValue,
        Revision: chimneyCharacteristicsRevision1,
        Size: USHORT(MemoryLayout<CChimneyCharacteristics>.size))
    if set == 1 {
        chars.InitiateOffloadCompleteHandler = { note($0, 1, 0, $1) }
        chars.TerminateOffloadCompleteHandler = { note($0, 1, 1, $1) }
        chars.UpdateOffloadCompleteHandler = { note($0, 1, 2, $1) }
        chars.InvalidateOffloadCompleteHandler = { note($0, 1, 3, $1) }
        chars.QueryOffloadCompleteHandler = { note($0, 1, 4, $1) }
        chars.IndicateOffloadEventHandler = { note($0, 1, 5, $1, $2) }
    } else {
        chars.InitiateOffloadCompleteHandler = { note($0, 2, 0, $1) }
        chars.TerminateOffloadCompleteHandler = { note($0, 2, 1, $1) }
        chars.UpdateOffloadCompleteHandler = { note($0, 2, 2, $1) }
        chars.InvalidateOffloadCompleteHandler = { note($0, 2, 3, $1) }
        chars.QueryOffloadCompleteHandler = { note($0, 2, 4, $1) }
        chars.IndicateOffloadEventHandler = { note($0, 2, 5, $1, $2) }
    }
    return chars
}
